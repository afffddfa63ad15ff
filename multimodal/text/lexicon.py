"""Reusable zh/en normalisation for cockpit utterances: width folding, number words, zones, particles.

Shared by the rule baseline (``command_rules.py``) and the SFT data generator, so both read
numbers and zones the same way. Stdlib only; every function is pure and fast.
"""

from __future__ import annotations

import re
import unicodedata

# ----------------------------------------------------------------- folding

_CN_PUNCT = str.maketrans({"。": ".", "，": ",", "、": ",", "；": ";", "：": ":", "？": "?", "！": "!",
                           "“": '"', "”": '"', "‘": "'", "’": "'", "（": "(", "）": ")", "～": "~"})


def fold_width(text: str) -> str:
    """Full-width -> half-width (NFKC) and Chinese punctuation -> ASCII; the length may change."""
    return unicodedata.normalize("NFKC", text).translate(_CN_PUNCT)


def fold(text: str) -> str:
    """Width-folded, lower-cased, whitespace collapsed: the form the grammar matches against."""
    return re.sub(r"\s+", " ", fold_width(text)).strip().lower()


# ----------------------------------------------------------------- numbers

ZH_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "俩": 2, "三": 3, "仨": 3, "四": 4, "五": 5, "六": 6,
             "七": 7, "八": 8, "九": 9}
_ZH_UNITS = {"十": 10, "百": 100}

# A number as written in a zh or en utterance: digits, Chinese numerals, or English number words.
# (一会儿, 一阵, 一直, 一样, 一起, 一路, 一边 are time and manner words, never the number one)
ZH_NUM = r"(?:[零〇一二两俩三仨四五六七八九十百\d]+(?:[点.][零〇一二三四五六七八九\d]+)?(?<!一(?=会|阵|直|样|起|路|边|般|旦|辈)))"
EN_UNITS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
            "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen")
EN_TENS = ("twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")
_EN_UNIT_RE = "|".join(sorted(EN_UNITS, key=len, reverse=True))
_EN_TENS_RE = "|".join(EN_TENS)
EN_NUM = (rf"(?:(?:\d+(?:\.\d+)?|(?:(?:a|one)[\s-]+hundred|(?:{_EN_TENS_RE})(?:[\s-]+(?:{_EN_UNIT_RE}))?"
          rf"|(?:{_EN_UNIT_RE}))(?:\s+point\s+(?:{_EN_UNIT_RE}|\d+))?)(?:\s+and\s+(?:a\s+)?half)?)")
# Either script; en alternatives are word-bounded so "one" in "someone" never counts.
NUM = rf"(?:\b{EN_NUM}\b|{ZH_NUM})"


def _zh_int(s: str) -> int | None:
    if not s:
        return None
    if s.isdigit():
        return int(s)
    if not any(ch in _ZH_UNITS for ch in s):
        # digit-by-digit reading ("二二" = 22, "一零一" = 101); 两 is never read so: "一两", "两三" are "one or two",
        # "two or three", no number
        if len(s) > 1 and "两" in s:
            return None
        if all(ch in ZH_DIGITS or ch.isdigit() for ch in s):
            return int("".join(str(ZH_DIGITS.get(ch, ch)) for ch in s))
        return None
    total, cur = 0, None
    for ch in s:
        if ch in ZH_DIGITS or ch.isdigit():
            cur = ZH_DIGITS[ch] if ch in ZH_DIGITS else int(ch)
        elif ch in _ZH_UNITS:
            total += (1 if cur is None else cur) * _ZH_UNITS[ch]
            cur = None
        else:
            return None
    return total + (cur or 0)


def _en_int(s: str) -> int | None:
    words = re.split(r"[\s-]+", s.strip())
    if not words or words == [""]:
        return None
    if len(words) == 1 and words[0].isdigit():
        return int(words[0])
    total = 0
    for w in words:
        if w in ("a", "and"):
            continue
        if w == "hundred":
            total = (total or 1) * 100
        elif w in EN_TENS:
            total += (EN_TENS.index(w) + 2) * 10
        elif w in EN_UNITS:
            total += EN_UNITS.index(w)
        elif w.isdigit():
            total += int(w)
        else:
            return None
    return total


def _clean_number(value: float) -> int | float:
    return int(value) if float(value).is_integer() else value


def parse_number(text: str) -> int | float | None:
    """"二十二" -> 22, "二十二点五" -> 22.5, "22.5" -> 22.5, "twenty two" -> 22, "seventy point five" -> 70.5.

    Returns None when the text is not a number.
    """
    s = fold(text)
    if not s:
        return None
    try:
        return _clean_number(float(s))
    except ValueError:
        pass
    for half in (" and a half", " and half"):  # "twenty one and half": the article dropped
        if s.endswith(half):
            whole = parse_number(s[: -len(half)])
            return None if whole is None else _clean_number(whole + 0.5)
    for sep in ("点", " point "):
        if sep in s:
            whole, _, frac = s.partition(sep)
            w = parse_number(whole)
            if w is None:
                return None
            frac_digits = frac.strip()
            if frac_digits.isdigit():
                digits = frac_digits
            elif all(ch in ZH_DIGITS for ch in frac_digits):
                digits = "".join(str(ZH_DIGITS[ch]) for ch in frac_digits)
            else:
                f = _en_int(frac_digits)
                if f is None:
                    return None
                digits = str(f)
            return _clean_number(float(f"{w}.{digits}"))
    if re.search(r"[a-z]", s):
        return _en_int(s)
    return _zh_int(s)


# ----------------------------------------------------------------- zones
# Ordered: longer, more specific phrases first ("后排左侧" before "后排").
ZONE_WORDS: tuple[tuple[str, str], ...] = (
    (r"主驾(?:驶)?(?:和|跟|与|及|、|\s)?副驾(?:驶)?|副驾(?:驶)?(?:和|跟|与|及|、|\s)?主驾(?:驶)?|主副驾(?:驶)?|前排两个|前排左右"
     r"|driver(?:'s)? and (?:the )?passenger(?:'s)?|passenger(?:'s)? and (?:the )?driver(?:'s)?", "front"),
    # both rear seats named ("左右后窗", "后排左右", "左后和右后", "rear left and rear right"): the rear row, as 主驾和副驾 is
    # the front
    (r"左右后|后排左右|后面左右|后排两边|左后(?:方|侧|边|座)?(?:和|跟|与|及|、|\s)?右后|右后(?:方|侧|边|座)?(?:和|跟|与|及|、|\s)?左后"
     r"|(?:rear|back)[\s-]left and (?:the )?(?:rear|back)[\s-]right|(?:rear|back)[\s-]right and (?:the )?(?:rear|back)[\s-]left"
     r"|\bboth (?:the )?(?:rear|back) (?:seats?|windows?)\b", "rear"),
    (r"左后(?:方|侧|边|座|排)?|后排左(?:侧|边)?|后左|后面左边|rear[\s-]left|back[\s-]left|left[\s-]rear"
     r"|left[\s-]back|behind the driver", "rear_left"),
    (r"右后(?:方|侧|边|座|排)?|后排右(?:侧|边)?|后右|后面右边|rear[\s-]right|back[\s-]right|right[\s-]rear"
     r"|right[\s-]back|behind the passenger", "rear_right"),
    (r"左前|front[\s-]left|left[\s-]front", "driver"),
    (r"右前|front[\s-]right|right[\s-]front", "passenger"),
    (r"主驾(?:驶)?(?:位|座|侧)?|驾驶(?:员|位|座|侧)|司机|(?<!co-)(?<!co)(?<!co )driver'?s?(?:\s+side)?", "driver"),
    (r"副驾(?:驶)?(?:位|座|侧)?|(?<!rear )(?<!back )(?<!backseat )passenger'?s?(?:\s+side)?|co[- ]?driver|co[- ]?pilot|shotgun",
     "passenger"),
    (r"全车|整车|\ball (?:the )?(?:seat|window|reading)|四个(?:车窗|窗户|座椅)|每个|\ball (?:the )?(?:four )?"
     r"(?:windows|seats|zones|passengers)|\ball four\b|every (?:window|seat)|whole car|entire car|everyone'?s?"
     r"|everybody'?s?", "all"),
    # the seat behind the speaker, when no seat is named outright ("把我后面的窗户打开"; "back-right …, the one behind me"
    # is the back right): the driver speaks
    (r"(?:我|司机|主驾)(?:的)?(?:正)?(?:后面|后边|身后|背后)|(?<!\bone )(?<!\bones )\bbehind me\b", "rear_left"),
    (r"后车窗|后窗(?!除)|后排车窗", "rear"),
    (r"前排|前座|前车窗|(?:两边的?)?前窗(?!除)|前面(?:的|两个)|前面(?=(?:阅读灯|座椅|座位|椅子|车窗|窗户|空调|出风口))|\bfront\b(?:\s+(?:seats?|row|windows?))?", "front"),
    (r"后排|后座|后面(?:的|两个)|后面(?=(?:阅读灯|读书灯|座椅|座位|椅子|车窗|窗户|空调|出风口|温度|风量))|\b(?:rear|back)\s+(?:seats?|row|windows|passengers?)|\bbackseats?\b"
     r"|\b(?:rear|back)\s+(?:climate|a/?c|air ?con|hvac|zone|heat(?:ing)?|fan|vents?|temperature|temp)\b"
     r"|\b(?:rear|back)\s+(?=(?:reading|dome|map|interior)\s+(?:lights?|lamps?)\b)"
     r"|\b(?:in|for) the (?:back|rear)\b(?!\s+(?:window|windshield|glass|defrost))"
     r"|\b(?:back|rear) there\b"
     # "set the rear to 24": the back row named after the verb
     r"|\b(?:set|make|put|turn|bring|change)\s+the\s+(?:rear|back)\s+(?=(?:to|at|up|down)\b)"
     # "the back ones too", "…and the back to 21", "rear to 21": the back row said alone after another seat
     r"|\b(?:rear|back) ones\b|^(?:and\s+|then\s+)?the\s+(?:rear|back)\b(?!\s+(?:window|windshield|glass|defrost|door|trunk))"
     r"|^(?:and\s+|then\s+)?rear\b(?=\s+(?:to|at|on|off)\b)", "rear"),
    # last: "窗户全打开" is every window only when no row was named ("后窗全打开" is the rear's)
    (r"所有|全部|全都|(?<=窗)全(?:都|部)?(?=打开|开|关|降|升|摇|放)|(?<=窗户)全(?:都|部)?(?=打开|开|关|降|升|摇|放)", "all"),
)
_ZONE_RES = tuple((re.compile(p), z) for p, z in ZONE_WORDS)


def find_zone(text: str) -> str | None:
    """The zone a phrase names, or None ("my side"/"我这边" names no zone on purpose)."""
    span = zone_span(text)
    return span[0] if span else None


def zone_span(text: str) -> tuple[str, int, int] | None:
    """Like `find_zone` but also the span in the folded text."""
    s = fold(text)
    for rx, zone in _ZONE_RES:
        m = rx.search(s)
        if m:
            return zone, m.start(), m.end()
    return None


# ----------------------------------------------------------------- dialogue: answers and follow-up zones
# What a clicked Accept / Decline is taken to say (the transcript of that turn), and what a scenario's
# spoken answer says when the scenario gives no text.
ANSWER_WORDS: dict[tuple[str, bool], str] = {("zh", True): "好的", ("zh", False): "不用了",
                                             ("en", True): "yes", ("en", False): "no thanks"}
# Seat names a short follow-up may use alone ("also the back", "所有人也要"); in a full command these are
# too vague for `find_zone` ("back" is also a direction).
BARE_ZONE_WORDS: dict[str, str] = {"rear": "rear", "back": "rear", "所有人": "all", "后面": "rear", "前面": "front"}


def answer_word(accept: bool, lang: str) -> str:
    """The yes / no word for ``lang`` (English for anything but zh)."""
    return ANSWER_WORDS[("zh" if lang == "zh" else "en", accept)]


def zone_named(phrase: str) -> str | None:
    """The zone a phrase that is nothing but a seat name names ("副驾", "rear left", "back"), else None."""
    s = fold(phrase)
    if s in BARE_ZONE_WORDS:
        return BARE_ZONE_WORDS[s]
    for rx, zone in _ZONE_RES:
        if rx.fullmatch(s):
            return zone
    return None


# ----------------------------------------------------------------- particles and free text

ZH_TRAILING = ("好不好", "好吗", "可以吗", "行吗", "行不行", "谢谢你", "谢谢", "一下吧", "一下", "吧", "啊",
               "呀", "呢", "嘛", "哦", "喔", "哈", "啦", "了", "吗", "哟", "诶", "额", "嗯", "呃", "咯", "喽", "啰", "呗", "嘞",
               "一下呗", "唔该", "多谢", "安排上", "走起")
ZH_LEADING = ("那个", "能不能帮我", "可不可以帮我", "能帮我", "可以帮我", "能不能", "可不可以", "能否", "请你", "请您", "请帮我", "帮阿拉", "帮我们", "先帮我", "先给我", "帮我", "麻烦你", "麻烦您", "麻烦", "劳驾您", "劳驾", "您", "给我", "给俺", "帮俺", "请", "你", "我要", "我想", "那就", "那么", "那你",
              "就", "直接", "嗯", "呃", "额", "哎", "喂", "你好", "您好", "哈喽", "唔该")
EN_TRAILING = ("please", "for me", "thanks", "thank you", "now", "right now", "ok", "okay", "will you",
               "would you", "can you", "real quick", "if you can", "if you could", "if you would", "if you don't mind",
               "if possible", "if that's ok", "if that's okay", "when you get a chance", "when you can", "yyds", "mate", "cheers",
               "asap", "instead", "while you're at it", "while you are at it", "fr", "fr fr", "no cap", "bruh", "bro", "ngl", "lol", "pls", "plz", "rn", "tbh")
EN_LEADING = ("please", "can you", "could you", "would you", "will you", "hey", "ok", "okay", "um", "uh",
              "i'd like to", "i would like to", "i want to", "i wanna", "let's", "lets", "maybe", "perhaps", "kindly",
              "do you think you could", "is it possible to", "any chance you could", "just")

_PUNCT_EDGE = " \t,.;:!?\"'()[]{}<>~-_/\\|·…、，。；：！？“”‘’（）《》【】"


_BAR_KINDS = set("酒网氧书")


def trim_text(text: str) -> str:
    """Trim spaces, punctuation and sentence particles from both ends of a free-text span."""
    text = _strip_words(text, ZH_TRAILING, EN_TRAILING, from_end=True)
    while (cut := _SPACED_EXCLAMATION.sub("", text)) != text and cut.strip():
        text = _strip_words(cut, ZH_TRAILING, EN_TRAILING, from_end=True)
    return without_filler(text)


# A filler before a pause at the start of a name ("导航到 嗯 上海虹桥火车站", "play uh Hotel California"): the
# hesitation, never the name
# (and a name searched for aloud: "play uh what's it called uh baby shark", "放那个叫什么来着 小猪佩奇")
_SPACED_FILLER = re.compile(r"^\s*(?:(?:嗯+|呃+|额+|唔+|um+|uh+|uhm|er+|erm|what'?s it called|what'?s (?:it|that|the) name"
                            r"|what do you call it|whatchamacallit|(?:那个)?叫(?:什么|啥)来着)[\s,，.。…]+)+(?=\S)", re.I)


def without_filler(text: str) -> str:
    """``text`` without a hesitation said before a pause at its start."""
    return _SPACED_FILLER.sub("", text, count=1) or text


# An exclamation said after a pause ("导航去三里屯太古里 冲", "来一首晴天 绝绝子"): never part of the name before it. Only
# after a space, as a place may end in the same characters ("大冲", "深圳湾口岸").
_SPACED_EXCLAMATION = re.compile(r"\s+(?:冲+|冲鸭|冲冲冲|搞快点|快点|快快|快快快|赶紧|赶紧的|走起|出发|绝绝子|yyds|安排|安排上|谢啦|拜托|"
                                 r"拜托了|麻烦了|家人们|姐妹|姐妹们|兄弟|兄弟们|宝|宝子|哈哈+|笑死|爱了|好耶|芜湖)$", re.I)


def strip_leading(text: str) -> str:
    """Remove polite openers ("帮我", "please can you") from the start of a clause."""
    return _strip_words(text, ZH_LEADING, EN_LEADING, from_end=False)


def _strip_words(text: str, zh_words, en_words, from_end: bool) -> str:
    """Strip punctuation, then words at one end until none is left; a Chinese word never takes the
    whole text, an English one must stand apart (a space on its inner side)."""
    def has(s: str, word: str) -> bool:
        return s.endswith(word) if from_end else s.startswith(word)

    def cut(s: str, n: int) -> str:
        return (s[:-n] if from_end else s[n:]).strip(_PUNCT_EDGE)

    s = text.strip(_PUNCT_EDGE)
    changed = True
    while changed and s:
        changed = False
        # the longest word that matches decides, and it never takes the whole text: "你好" is a greeting, not
        # "你" + "好" (a yes to a pending suggestion)
        matching = sorted((p for p in zh_words if has(s, p)), key=len, reverse=True)
        if from_end and matching and matching[0] == "吧" and s[-2:-1] in _BAR_KINDS:
            matching = []  # "三里屯酒吧", "网吧": a bar is a place, not a particle
        if matching and len(s) > len(matching[0]):
            s, changed = cut(s, len(matching[0])), True
        low = s.lower()
        for p in en_words:
            if has(low, " " + p if from_end else p + " "):
                s, changed = cut(s, len(p) + 1), True
                low = s.lower()
    return s


# ----------------------------------------------------------------- screen labels

_DEGREE_RE = re.compile(r"(?:°\s*c|℃|度|degrees?(?:\s+celsius)?|celsius)")
_NON_WORD_RE = re.compile(r"[\s\W_]+", re.UNICODE)


def normalize_label(text: str) -> str:
    """A label's comparison key: width/case folded, °C/℃/度 unified, spaces and punctuation dropped,
    Chinese numerals written as digits."""
    s = fold(text)
    s = _DEGREE_RE.sub("c", s)
    s = re.sub(ZH_NUM, lambda m: _num_str(m.group(0)), s)
    return _NON_WORD_RE.sub("", s)


def _num_str(span: str) -> str:
    value = parse_number(span)
    return span if value is None else str(value)
