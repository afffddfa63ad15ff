"""Build Qwen-VL model inputs from a tokenizer and an image processor, without ProcessorMixin.

transformers 5 refuses to construct ``Qwen2VLProcessor`` when torchvision is missing (it
type-checks the absent video processor), although images alone need only the PIL image
processor. This does the processor's image work: expand each ``<|image_pad|>`` to the number
of merged patches, and mark image tokens in ``mm_token_type_ids`` for M-RoPE.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

IMAGE_TOKEN = "<|image_pad|>"


class TokenizerImageProcessor:
    def __init__(self, tokenizer: Any, image_processor: Any, chat_template: str | None = None):
        self.tokenizer = tokenizer
        self.image_processor = image_processor
        self.chat_template = chat_template or getattr(tokenizer, "chat_template", None)
        if not self.chat_template:
            raise ValueError("the model folder has no chat template (chat_template.jinja or in the tokenizer)")
        self.image_token_id = tokenizer.convert_tokens_to_ids(IMAGE_TOKEN)
        if self.image_token_id is None or self.image_token_id == tokenizer.unk_token_id:
            raise ValueError(f"the tokenizer has no {IMAGE_TOKEN} token")

    @classmethod
    def from_pretrained(cls, source: str) -> "TokenizerImageProcessor":
        from transformers import AutoImageProcessor, AutoTokenizer

        tokenizer = AutoTokenizer.from_pretrained(source)
        image_processor = AutoImageProcessor.from_pretrained(source)
        template = None
        local = Path(source)
        if (local / "chat_template.jinja").is_file():
            template = (local / "chat_template.jinja").read_text(encoding="utf-8")
        return cls(tokenizer, image_processor, template)

    def apply_chat_template(self, messages: list[dict], tokenize: bool = False,
                            add_generation_prompt: bool = True) -> str:
        return self.tokenizer.apply_chat_template(messages, chat_template=self.chat_template, tokenize=tokenize,
                                                  add_generation_prompt=add_generation_prompt)

    def __call__(self, text: list[str], images: list[Any] | None = None, padding: bool = True,
                 return_tensors: str = "pt") -> Any:
        from transformers import BatchFeature

        data: dict[str, Any] = {}
        texts = list(text)
        if images:
            vision = self.image_processor(images=images, return_tensors="pt")
            data.update(vision)
            merge = int(getattr(self.image_processor, "merge_size", 2))
            counts = [int(thw.prod()) // (merge * merge) for thw in vision["image_grid_thw"]]
            index = 0
            for i, t in enumerate(texts):
                parts = t.split(IMAGE_TOKEN)
                out = parts[0]
                for part in parts[1:]:
                    out += "<|placeholder|>" * counts[index] + part
                    index += 1
                texts[i] = out.replace("<|placeholder|>", IMAGE_TOKEN)
        encoded = self.tokenizer(texts, padding=padding, return_tensors="pt")
        data.update(encoded)
        data["mm_token_type_ids"] = (encoded["input_ids"] == self.image_token_id).long()
        return BatchFeature(data=data)

    def batch_decode(self, ids: Any, skip_special_tokens: bool = False) -> list[str]:
        return self.tokenizer.batch_decode(ids, skip_special_tokens=skip_special_tokens)
