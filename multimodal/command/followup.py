"""Follow-ups read against the dialogue context: the previous turn's commands and a pending suggestion.

"close it again" / "关掉吧" / "same for the back" / "再高一点" / "调到三档" / "all the way" mean nothing
alone; with the commands just executed they are one precise command. And "行，关上吧" / "nah, leave it"
answer a suggestion the cockpit is waiting on. ``read_followup`` gives that reading, or None when the
utterance is not a follow-up (then it is read on its own).

It runs in the rule grammar (so the `rules` backend understands follow-ups) and its answer outranks a
language model's in the guard (multimodal/command/guard.py), since a model may not see or may misread
the context; the pipeline's dialogue (simulator/dialogue.py) uses the same readers for the zone and
relative follow-ups it answers before any model runs.

``parse`` is the grammar's context-free reading of a piece of text. An answer to a pending question is a
yes/no word with nothing after it but thanks, a verb that agrees with the question ("开吧" to "要打开除雾
吗"), or (after a no) a short remark that asks for nothing; the other follow-ups are only taken where the
words alone name no device, except for the zone, relative and amount patterns, which match the whole
utterance and are specific enough to win outright. An utterance with a driving control in it is never a
follow-up (`RulesCommandModel.followup` checks first).
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Callable, Sequence

from multimodal.protocols import CommandContext
from multimodal.text.cjk import has_han
from multimodal.text.lexicon import NUM, fold, parse_number, zone_named, zone_span
from vehicle_state.commands import COLORS, INTENTS, Command, CommandValidationError, validate_command

Parse = Callable[[str], "list[Command]"]

CONFIRM = Command("dialog.confirm", {})
REJECT = Command("dialog.reject", {})

# ---------------------------------------------------------------- answers to a pending suggestion
_FILLER = r"(?:嗯+|呃+|额+|啊+|哦+|噢+|哎+呀?|唉+|哎哟|那个|(?:um+|uh+|hmm+|e+m+|er+|eh+|meh|ah+|oh|well|so|actually|wait)(?![a-z']))[\s,，.。!！~]*"
# An answer word in front of a request ("好的，把空调关了") is one of the core words; a whole answer may also be
# one of the others ("要", "别", "later"), which in front of a request would start it instead.
_ANSWER_YES_WORDS = (r"要得|好的|好啊|好吧|好呀|好嘞|好滴|好|行啊|行吧|行|可以的|可以啊|可以|没问题|当然可以|当然|是的|是啊|对的|"
                     r"确定|确认|收到|yes|yeah|yep|yup|sure|ok(?:ay)?|alright|all right|go ahead|do it|go for it|sounds good|"
                     r"of course|why not|absolutely|definitely|perfect|great|go on|go on then|please do|fine|whatever|i guess so|"
                     r"that would be nice|that'd be nice|lovely|splendid|very well|if you would|if you wouldn't mind|"
                     r"if you must|copy that|copy|roger that|roger|affirmative|10-4|随便你|随便吧|随便|随你|都行|得行|好嘛|"
                     # the choice left to the car ("也行吧", "你看着办", "whatever you think", "up to you")
                     r"那也行吧|那也行|也行吧|也行|也可以吧|也可以|也好吧|也好|行呗|可以呗|都可以|你看着办吧|你看着办|看着办吧|看着办|你定吧|你定|你决定吧|你决定|听你安排|"
                     r"whatever you think|whatever you think is best|your call|up to you|it's up to you|you decide|you choose|if you think so|"
                     # slang yeses ("bet", "say less", "安排 冲就完了")
                     r"bet|say less|slay|yass+|yas|for sure|fo sho|deal|yessir|aye|righto|right you are|安排上|安排|冲就完了|冲鸭|冲冲冲|冲|整起来|搞起来|搞起|那必须的|那必须|必须的|必须滴|必须|走着|走你|那可不咋的|可不咋的|那可不|可不是嘛|可不是")
_ANSWER_NO_WORDS = (r"不用了|不用|不要了|不要(?=[\s,，。]+[别避绕])|不需要了|不需要|不必了|不必|不了|先不了|先不用了|暂时不用了|暂时不用|算了吧|算了|"
                    r"no thanks|no thank you|nope|nah|no|not now|not right now|not just now|not at the moment|maybe later|"
                    r"never mind|nevermind|no need|negative|莫得必要|没得必要|没必要|莫得|莫要|甭了|甭|"
                    r"i'll pass|i'd rather not|rather not|better not|let's not|we're good|not today|not for now|"
                    # polite and old-fashioned declines ("不麻烦了", "免了吧", "heavens no")
                    r"不麻烦了|不用麻烦了|不用麻烦|别麻烦了|免了|免了吧|heavens no|good heavens no|goodness no|good lord no|lord no|god no|"
                    r"no no|certainly not|absolutely not|definitely not|not likely|no fear|"
                    # the driver will do it ("我自己来", "I'll do it myself", "I got it")
                    r"我自己来吧|我自己来|我自己弄|我自己开|我自己关|我来吧|我来就行|自己来|i'll do it myself|i'll do it|i'll handle it|"
                    r"i can do it myself|i got it|i've got it|i'll get it")


def _alternation(*groups: str) -> str:
    """One regex alternation of the words, longest first, so "好的" is read before "好" and "i guess so" before
    "i guess"."""
    words = {w for group in groups for w in group.split("|")}
    return "|".join(sorted(words, key=lambda w: (-len(w), w)))


_YES_WORDS = _alternation(
    _ANSWER_YES_WORDS,
    r"要得嘛|对|要的|要|需要|那敢情好|敢情好|成|中|妥|得嘞|整吧|来吧|听你的|听您的|你说了算|就这么办|麻烦了|麻烦你了|please|"
    r"do that|sounds great|let's do it|let's go|that'd be great|that would be great|i'd like that|please go ahead|"
    r"sure thing|you bet|fine whatever|i guess|行行行|中嘞|安排上|安排吧|安排|走起|整起来|搞起|will do|would be great|would be nice|that'd be nice|"
    r"that would be lovely|that'd be lovely|would be lovely|that would be perfect|that'd be perfect|"
    r"赶紧的|赶紧吧|赶紧|快点吧|快点|搞快点")
# the quicker way, left to the car ("whichever's faster" to "Take an alternate route?"); put first, as a whole, before
# the single words of the alternation ("whatever")
_YES_WORDS = (r"(?:whichever|whatever)(?:'s| is)?(?: one)?(?: is)? (?:faster|quicker|shorter|better|best)"
              r"|哪条快(?:就)?走哪条|哪个快(?:就)?(?:走|用)?哪个|" + _YES_WORDS)
_NO_WORDS = _alternation(
    _ANSWER_NO_WORDS,
    r"不要|先别|先不用|先不|暂时不用|别了|别(?![走开放播关调去导用绕停][^了啦吧\s，,。])|不行|不好|拉倒吧|拉倒|得了吧|免了|省省吧|罢了|甭了|not yet|later|don't|do not|"
    r"leave it|i'm good|i'm fine|i'm ok(?:ay)?|it's fine|skip it")
_ANY_ANSWER_WORD = re.compile(rf"(?<![a-z'])(?:{_YES_WORDS}|{_NO_WORDS})(?![a-z'])", re.I)


def has_answer_word(text: str) -> bool:
    """A yes or no word anywhere in the words ("嗯嗯好啊", "nah I'm good")."""
    return bool(_ANY_ANSWER_WORD.search(fold(text)))


_YES_RE = re.compile(rf"^(?:{_FILLER})*(?:(?:{_YES_WORDS})(?![a-z'])[\s,，.。!！~]*)+", re.I)
_NO_RE = re.compile(rf"^(?:{_FILLER})*(?:(?:{_NO_WORDS})(?![a-z'])(?:吧|啦|呀|哦|啊)?[\s,，.。!！~]*)+", re.I)
_THANKS_RE = re.compile(r"^(?:谢谢|谢啦|多谢|麻烦了|麻烦你了|辛苦了|thanks|thank you|please|cheers)?(?:你|you)?$", re.I)
# A bare verb that goes along with the question ("开吧" to "要打开除雾吗", "close them" to "Close the windows?").
_GO_ON_RE = re.compile(r"^(?:那就|就|那)?(?P<zv>开启|启动|执行|关闭|开|关|换|去|打开|关上|关掉|关了|切换|切|导航|放|播|来|走|打电话|打过去|拨过去|拨打|打|拨|呼叫|弄|搞|整)(?:上|掉|一下|一个)?"
                       r"(?:(?<=[去走])(?:那儿|那里|那边|那|过去))?(?:吧|呗|啊|呀)?$"
                       r"|^(?:just )?(?P<ev>go|switch|open|close|change|turn|start|play|call|dial|ring)(?: (?:it|them|that|there|her|him))?"
                       r"(?: (?P<ep>on|off))?$", re.I)
# The words of the question a bare verb must find to agree with it (开 does not answer "要帮您关上吗").
_ZH_VERB_KEYS = {"开": "开", "打开": "开", "关": "关", "关上": "关", "关掉": "关", "关了": "关", "换": "换切",
                 "切换": "换切", "切": "换切", "去": "去导航", "导航": "去导航", "走": "去导航", "放": "放播", "播": "放播",
                 "来": "放播来", "开启": "开启", "启动": "开启动", "执行": "开启关执行导航播", "关闭": "关"}
# "弄吧", "整一个", "搞一下": a do-it verb that goes along with any suggestion to act
_ZH_VERB_KEYS.update(dict.fromkeys(("弄", "搞", "整"), "开启关执行导航播放换调找来"))
# A call is agreed to by its own verbs only: 打 alone would also answer "要打开除雾吗".
_CALL_KEYS = ("拨打", "打给", "打电话", "电话", "呼叫", "致电", "拨给", "联系")
_ZH_VERB_KEYS.update(dict.fromkeys(("打电话", "打过去", "拨过去", "拨打", "打", "拨", "呼叫"), _CALL_KEYS))
_REMARK_MAX_CHARS = 16  # "不需要 我不困", "no thanks, I'll stay on this one": a short remark after the answer


# The suggestion's kind of verb, declined ("现在不想听", "先不开了", "不用放"): with a question pending, a no
_DECLINED_VERB = re.compile(r"(?:现在|暂时|先|今天|还是|我)*(?:不想|不用|不要|不太想|先不|不|别)(?:听|看|开|放|播|去|导航|换|关|弄)"
                            r"(?:了|啦)?(?:吧|啊|呀)?")


# The suggestion's verb scoffed at ("开什么开", "开啥开啊"): a no
_SCOFFED_NO = re.compile(r"^(?:还)?(?P<v>[开关放听去调换加用吹])(?:什么|啥|个啥|个什么)(?P=v)(?:啊|呀|呢|嘛)?(?=[\s,，.。!！~]|$)")


# Hurry said after a yes ("好 快点 我憋不住了", "sure, quick"): the answer made urgent (a driving control said with it is
# read as one before any answer)
_HURRY_RE = re.compile(r"^(?:(?:and|but)\s+)?(?:快点儿?|快一点|快快快?|赶紧的?|赶快|麻利点儿?|(?:please\s+)?hurry(?: up)?|quick(?:ly)?"
                       r"|fast|asap|right away|now)(?:吧|啊|呀)?(?=[\s,，.。!！~]|$)", re.I)


def starts_with_answer(text: str) -> str | None:
    """"yes" or "no" when the words open with an answer word ("I'll pass, I can hang on"), else None."""
    low = fold(text).strip(" ,.!?~，。！？")
    if _NO_RE.match(low):
        return "no"
    return "yes" if _YES_RE.match(low) else None


def answer_to_pending(text: str, question: str, parse: Parse) -> Command | None:
    """dialog.confirm / dialog.reject when the words answer the pending ``question``; None for anything else
    (a new request, a remark, a question of the driver's own)."""
    low = fold(text).strip(" ,.!?~，。！？")
    # the answer of the one asked, passed on ("她说不需要 谢谢啊", "she says no thanks")
    low = re.sub(r"^(?:她|他|他们|她们|孩子|老人|奶奶|爷爷|姥姥|姥爷|老婆|老公|she|he|they)\s*(?:说|讲|says|said)\s*,?\s*", "", low)
    scoffed = _SCOFFED_NO.match(low)
    if scoffed and (not low[scoffed.end():].strip(" ,.!?~，。！？")
                    or _after_no(low[scoffed.end():].strip(" ,.!?~，。！？"), parse)):
        return REJECT  # "开什么开 外面刮台风呢" to "是否为您打开天窗？"
    declined = _DECLINED_VERB.match(low)
    after = low[declined.end():].strip(" ,.!?~，。！？") if declined else ""
    if declined and (not after or _THANKS_RE.match(after) or (len(after) <= _REMARK_MAX_CHARS and _after_no(after, parse))
                     # "不要开座椅加热" to "要打开座椅加热吗？": the suggestion's own thing, declined
                     or (has_han(after) and len(after) >= 2 and after in fold(question))):
        return REJECT  # "现在不想听，谢谢" to "要播放您常听的歌单吗？"
    if not _YES_RE.match(low) and not _NO_RE.match(low) and _verb_then_remark(low, question, parse, remark_needed=True):
        return CONFIRM  # "开吧开吧 冻死了" to "要打开座椅加热吗": the suggestion's own verb, and why, after a pause
    m = _NO_RE.match(low)
    if m:
        rest = low[m.end():].strip(" ,.!?~，。！？")
        if _other_thing_instead(low, question, parse):
            return None  # "no, the sunroof instead": the no and another thing (answer_then_request)
        return REJECT if _after_no(rest, parse) else None
    m = _YES_RE.match(low)
    if m:
        rest = _HURRY_RE.sub("", low[m.end():].strip(" ,.!?~，。！？"), count=1).strip(" ,.!?~，。！？")
        if _THANKS_RE.match(rest) or _goes_along(rest, question):
            return CONFIRM
        if _this_too(rest, question, parse) is not None:
            return None  # "yes, and the rear one too": the answer and one more (answer_then_request)
        if _verb_then_remark(rest, question, parse):
            return CONFIRM  # "好啊好啊 开吧 我正看不清呢": yes, the suggestion's own verb, and a remark after a pause
        no = _NO_RE.match(rest)  # "当然不要", "好 不用了", "yes. actually no"
        if no and re.match(r"(?:别|不要)\s*走.{0,4}(?:收费|高速|拥堵|堵|小路)", rest):
            no = None  # "可以，别走收费的路": yes, and a route without tolls
        if no and _after_no(rest[no.end():].strip(" ,.!?~，。！？"), parse):
            return REJECT
        if not no and re.search(r"[,，.。!！~]\s*$|(?<=[\u4e00-\u9fff])\s+$", low[:m.end()]) and _after_no(rest, parse) \
                and not re.search(r"不(?!住|行了)|没|别|下次|以后|算了|改天|再说|later|\bnot?\b|n't|\bbut\b|maybe|next time|another time"
                                  r"|second thought", rest) \
                and not re.search(r"\b(?:what|how|why|when|where|who|which)\b|几|什么|怎么|多少|哪|\d|打开|关掉|关闭|关上|调到|"
                                  r"调成|设|放|播|导航|把|帮我|给我|\b(?:set|turn|switch|play|call|open|close|navigate|take"
                                  r"|make|put|start|stop)\b", rest):
            return CONFIRM  # "好啊，开车开得腰都僵了": a yes, a pause, and a remark that asks for nothing
        return None
    pieces = [p for p in re.split(r"[,，.。!！;；]+\s*|(?<=[\u4e00-\u9fff])\s+(?=[\u4e00-\u9fff])", low) if p.strip()]
    if len(pieces) > 1:
        # "那些歌我们听不懂，免了吧", "we're fine, no thanks": a remark, then the answer
        last = pieces[-1].strip(" ~")
        for answer_re, answer in ((_NO_RE, REJECT), (_YES_RE, CONFIRM)):
            m = answer_re.match(last)
            if m and re.fullmatch(r"(?:吧|了|啊|呀|哈|呢|thanks|thank you|\s)*", last[m.end():]) \
                    and not _requested(parse("，".join(pieces[:-1]))):
                return answer
    return CONFIRM if _goes_along(re.sub(rf"^(?:{_FILLER})+", "", low, flags=re.I), question) else None


def _requested(commands: Sequence[Command]) -> bool:
    return any(c.intent not in ("unsupported", "dialog.confirm", "dialog.reject") for c in commands)


# An answer with a request after it ("不用 把导航取消了就行", "yeah go on and turn the air con off", "行，去吧，顺便把音乐
# 关小一点"): the answer, then the request. The answer must stand apart from the request, by a pause or a linking
# word, since "不要关窗" and "don't close it" are one negated request, and "please turn it on" is no yes.
_ANSWER_YES = re.compile(rf"^(?:{_FILLER})*(?:(?:{_alternation(_ANSWER_YES_WORDS)})(?![a-z'])(?:啦|呀|哦|嘛|啊)?[\s,，.。!！~]*)+",
                         re.I)
_ANSWER_NO = re.compile(rf"^(?:{_FILLER})*(?:(?:{_alternation(_ANSWER_NO_WORDS)})(?![a-z'])(?:啦|呀|哦|嘛|啊)?[\s,，.。!！~]*)+",
                        re.I)
# What a yes may add before the request: the suggestion's own verb ("去吧", "do it").
_GO_ALONG_WORDS = re.compile(r"^(?:那就|就)?(?:去吧|开吧|关吧|换吧|导航吧|走吧|去|开|关|换|走)[\s,，.。!！~]+", re.I)
_LINK = re.compile(r"^(?:and\s+(?:also\s+)?|also\s+|then\s+|but\s+|just\s+|instead\s+|(?:uh|um)\s+|另外|顺便|然后|还有|同时|再|也|就|直接"
                   r"|帮我|给我|把|那个|呃|嗯)", re.I)


_NO_BUT_JUST = re.compile(r"^不要[\s,，]+(?P<r>(?!不|别)[^，,。]+?)(?:就行|就好|就可以|就够)(?:了|啦|吧)?$")


# (a space after an answer that says what it declines is a pause too: "不要开座椅加热 开通风"; after a bare "不要" it is
# no pause, "不要 开窗" being one negated request)
_FIRST_PIECE = re.compile(r"(?P<h>[^,，.。!！~;；]+?)(?:[\s]*[,，.。!！~;；]+\s*|(?<=[\u4e00-\u9fff]{4})\s+(?=[\u4e00-\u9fff]))(?=\S)")


# A no, then another thing with nothing to do to it ("no, the sunroof instead", "nah, just the back ones instead"),
# and the verb a question opens with
_OTHER_THING_INSTEAD = re.compile(r"^(?:no|nope|nah|no thanks|no thank you)[\s,.]+(?:just\s+|maybe\s+)?(?:the\s+|my\s+)?"
                                  r"(?P<t>[a-z][a-z' -]{1,30}?)\s+instead$", re.I)
_A_VERB = re.compile(r"\b(?:call|ring|dial|phone|play|put|turn|switch|open|close|shut|navigate|take|go|head|drive|set"
                     r"|make|start|stop|pause|skip|find|crack|roll|lower|raise|could|can|would|will|please)\b", re.I)
_QUESTION_VERB = re.compile(r"^(?:[^.?!]*[.!]\s*)?(?:shall i |should i |do you want me to |want me to |can i |may i |would you like me to )?"
                            r"(?P<v>open|close|turn on|turn off|switch on|switch off|play|start|put on|navigate to|call)\b", re.I)


def _other_thing_instead(low: str, question: str, parse: Parse) -> list[Command]:
    """The question's own verb on the other thing a no names with nothing to do to it ("no, the sunroof instead" to
    "Open the windows?"); nothing when the words after the no are a request of their own ("nah, call Jenny instead")."""
    other = _OTHER_THING_INSTEAD.match(low)
    verb = _QUESTION_VERB.match(fold(question).lower().strip())
    if not other or not verb or _A_VERB.search(other.group("t")):
        return []
    said = f"{verb.group('v')} {other.group('t')}" if verb.group("v") == "call" else f"{verb.group('v')} the {other.group('t')}"
    commands = parse(said)
    return [] if any(c.intent in ("unsupported", "dialog.confirm", "dialog.reject") for c in commands) else commands


def answer_then_request(text: str, question: str, parse: Parse) -> list[Command] | None:
    """[dialog.confirm | dialog.reject, the request...] for an answer followed by a request the grammar reads
    in full (``parse`` gives nothing for words it cannot read all of); None otherwise."""
    low = fold(text).strip(" ,.!?~，。！？")
    just = _NO_BUT_JUST.match(low)
    if just:
        # "不要 开天窗就行" to "open the AC?": no, and only this instead
        commands = parse(just.group("r"))
        if commands and not any(c.intent in ("unsupported", "dialog.confirm", "dialog.reject") for c in commands):
            return [REJECT, *commands]
    commands = _other_thing_instead(low, question, parse)
    if commands:
        return [REJECT, *commands]  # "no, the sunroof instead" to "Open the windows?"
    for answer_re, answer in ((_ANSWER_NO, REJECT), (_ANSWER_YES, CONFIRM)):
        m = answer_re.match(low)
        if m:
            end = m.end()
            break
    else:
        m = None
    piece = _FIRST_PIECE.match(low)
    if piece and (m is None or (not re.search(r"[\s,，.。!！~]$", low[:m.end()]) and m.end() < piece.end())):
        # "别开了，温度往上调两度就行", "不用开了，…": the first piece alone answers the question with its own verb
        said = answer_to_pending(piece.group("h"), question, parse)
        if said is not None:
            answer, end, m = said, piece.end(), piece
    echo = _ECHO_YES_RE.match(low) if m is None else None
    if echo is not None and echo.group("v")[-1] in question:
        answer, end, m = CONFIRM, echo.end(), echo  # "开吧 音乐也关了" to "要打开座椅加热吗": its own verb said back
    if m is None:
        return None
    head, rest = low[:end], low[end:].strip()
    if answer is CONFIRM:
        go = _GO_ALONG_WORDS.match(rest)
        rest = rest[go.end():].strip() if go else rest
    if not rest:
        return None
    pieces = re.split(r"(?<=[.!?。！？,，;；])\s*", rest)
    while len(pieces) > 1 and pieces[0].strip(" ,.!?~，。！？") and _after_no(pieces[0].strip(" ,.!?~，。！？"), parse) \
            and not _requested(parse(pieces[0])):
        # "nah I'll stick with this road. put some George Strait on": a remark after the answer, then the request
        head, pieces = head + pieces[0], pieces[1:]
        rest = "".join(pieces).strip()
    from multimodal.command.rules import REQUEST_CUE

    # (a filler after a finished no is a pause too: "不用了那个帮我把窗户关上", a transcript without commas)
    paused = re.search(r"[\s,，.。!！~]$", head) is not None or (
        re.search(r"了$", head) is not None and re.match(r"(?:那个|呃|嗯|额)", rest) is not None)
    if answer is REJECT and not paused:
        return None  # "不用给我开座椅加热", "不必帮我关窗": one negated request
    if not paused and not _LINK.match(rest):
        return None
    if answer is REJECT and re.match(r"再|也", rest):
        return None  # "不用再调了": no need to do it again, a no alone
    # (a comparative said as the wish asks too: "行 音乐声小点")
    asks = not re.search(r"[吗?？]\s*$", rest) and (REQUEST_CUE.search(rest) or re.search(r"[大小高低][一]?点[儿吧哈呀啊]?$", rest))
    words = _LINK.sub("", rest, count=1).strip()
    said = text.strip(" ,.!?~，。！？")
    if len(said) == len(low) and low.endswith(words):
        words = said[len(said) - len(words):]  # the request in the words' own case ("put on Radiolab")
    too = _this_too(words, question, parse) if answer is CONFIRM else None
    if too is not None:
        return [CONFIRM, too]
    commands = parse(words)
    if not commands or any(c.intent in ("unsupported", "dialog.confirm", "dialog.reject") for c in commands):
        return None
    if not asks and not all(c.intent.startswith("query.") for c in commands):
        return None  # "可以帮我把空调打开吗" asks; "不用了 太吵了" gives a reason; "not right now, how far can I go" asks the car
    return [answer, *commands]


_BACK_GLASS = re.compile(r"后挡|后窗|后玻璃|后面的?玻璃|\b(?:back|rear) (?:window|windshield|windscreen|glass|one)\b", re.I)
_FRONT_GLASS = re.compile(r"前挡|前窗|前玻璃|挡风玻璃|\b(?:windshield|windscreen|front (?:window|glass))\b", re.I)
_INSTEAD = re.compile(r"^(?:(?:do|just|only|try)\s+)*(?:the\s+)?(?P<w>[^,，。.!?？]{1,24}?)\s*(?:instead|rather)?[.!]?$"
                      r"|^(?:只|就)?(?:开|要|弄|给)?(?P<z>[^，,。？?]{1,8}?)的?(?:就行|就好|就可以|吧)?(?:了|啦)?$", re.I)


def _other_one(rest: str, question: str, parse: Parse) -> Command | None:
    """"不用，开后挡的就行" to "要打开前挡除雾吗", "no, do the back window instead": what was suggested, for the other
    glass or seat the driver names."""
    m = _INSTEAD.match(rest.strip())
    if m is None or re.search(r"不|别|没|甭|\b(?:not?|don'?t|never|neither)\b|n't", rest, re.I):
        return None  # "不用，后排也不用": no other one asked for
    return _suggestion_moved(m.group("w") or m.group("z") or "", question, parse)


_TOO_RE = re.compile(r"也|一起|一块儿?|\b(?:too|as well|also)\b", re.I)


def _this_too(words: str, question: str, parse: Parse) -> Command | None:
    """"好啊 后窗的也一起开了吧" to "要打开前除霜吗", "yes, and the rear one too": what was suggested, and the same
    for the other glass or seat the driver names."""
    return _suggestion_moved(words, question, parse) if _TOO_RE.search(words) else None


def _suggestion_moved(words: str, question: str, parse: Parse) -> Command | None:
    """The one thing ``question`` suggests, for the other glass or seat ``words`` name; None when they name none,
    or name another thing ("不用了 把右后的窗户关上就行" to a seat-heating question is a window; a glass said alone
    still reads as a window, so a window is no other thing beside a defrost)."""
    suggested = [c for c in parse(question) if c.intent not in ("unsupported", "dialog.confirm", "dialog.reject")]
    if len(suggested) != 1:
        return None
    own = [c.intent for c in parse(words) if c.intent not in ("unsupported", "dialog.confirm", "dialog.reject")]
    misread = ("window.open", "window.close") if suggested[0].intent == "hvac.defrost" else ()
    if any(i != suggested[0].intent and i not in misread for i in own):
        return None
    return _moved(suggested[0], words)


def _moved(before: Command, words: str) -> Command | None:
    """``before`` for the other glass or the seat ``words`` name, or None when they name no other one."""
    from multimodal.command.rules import zone_span

    if before.intent == "hvac.defrost":
        target = "rear" if _BACK_GLASS.search(words) else "front" if _FRONT_GLASS.search(words) else None
        if target and target != before.slots.get("target"):
            return Command(before.intent, {**before.slots, "target": target})
        return None
    zone = zone_span(fold(words))
    if zone is not None and zone[0] != before.slots.get("zone"):
        try:
            return validate_command(Command(before.intent, {**before.slots, "zone": zone[0]}))
        except CommandValidationError:
            return None
    return None


# "不用，到家再充", "no, I'll do it later": when it will be done instead, which asks for nothing now
_LATER_RE = re.compile(r"^(?:我|我们)?(?:到家|回家|到了|到公司|到地方|到那|等会儿?|等一下|晚点|待会儿?|一会儿?|过会儿?|明天|回头|(?:等)?到[^，,。？?\s]{1,8}(?=再))[^，,。？?]{0,6}再"
                       r"[^，,。？?]{0,6}$"
                       r"|^(?:i'?ll|we'?ll|i will|we will)\s+(?:do|get|handle|sort)\s+(?:it|that)\s+(?:later|myself|at home|tomorrow)\b",
                       re.I)


# Words that ask the car for something: a remark after an answer has none ("我就想安静一会儿 年纪大了听不了那么多",
# "i'd rather have a bit of quiet my head is pounding but it's kind of you to offer")
_ASKING = re.compile(r"把|帮我|给我|请|麻烦|调|打开|关掉|关上|关闭|放|播|设|导航|切|换|静音|暂停|[大小高低]一?点|[降升加减]|[一二两三四五六七八九十\d]\s*[度档格]|"
                     r"\b(?:turn|set|play|open|close|put|switch|call|navigate|take|make|mute|pause|start|stop|lower|raise"
                     r"|crank|bump|skip|drop|up|down|louder|quieter|softer|warmer|cooler|degrees?|notch|level)\b", re.I)
_PIECES = re.compile(r"[,，。.!！?？;；]+|\s+(?:but|and|because|as|since|so|though)\s+|(?<=[\u4e00-\u9fff])\s+(?=[\u4e00-\u9fff])", re.I)


def _after_no(rest: str, parse: Parse) -> bool:
    """Nothing, thanks, or a remark that asks for nothing ("我不困", "I'll stay on this one"); a longer remark in
    pieces, each of them thanks or words that ask nothing of the car."""
    if _THANKS_RE.match(rest) or _LATER_RE.match(rest):
        return True
    short = len(rest.replace(" ", "")) <= _REMARK_MAX_CHARS if has_han(rest) else len(rest.split()) <= 8
    if short and not re.search(r"[?？吗]$", rest) and _names_nothing(rest, parse):
        return True
    pieces = [p.strip() for p in _PIECES.split(rest) if p and p.strip()]
    longest = max((len(p.replace(" ", "")) if has_han(p) else len(p.split()) * 2 for p in pieces), default=0)
    return bool(pieces) and longest <= 40 and not re.search(r"[?？吗]$", rest) and all(
        _THANKS_RE.match(p) or _LATER_RE.match(p)
        or (not _ASKING.search(p) and all(c.intent in _COMPLAINT_INTENTS for c in parse(p)))
        for p in pieces)


# What a remark read alone may come out as: a complaint's step or pause ("我就想安静一会儿"), never a thing switched,
# opened or set to a value ("开天窗就行", "just max out the volume" are requests)
_COMPLAINT_INTENTS = ("hvac.adjust_temperature", "hvac.adjust_fan", "media.adjust_volume", "media.pause", "hvac.defrost",
                      "unsupported", "dialog.confirm", "dialog.reject")


def _verb_then_remark(words: str, question: str, parse: Parse, remark_needed: bool = False) -> bool:
    """Chinese words that open with a verb going along with the question, then nothing, thanks, or a remark that asks
    nothing else ("开吧 我正看不清呢", "开吧开吧 冻死了")."""
    verb = re.match(r"^(\S+?)(?:[\s,，.。!！~]+|$)", words) if has_han(words) else None
    if not verb or not _goes_along(_ECHOED.sub(r"\1", verb.group(1)), question):
        return False
    from multimodal.command.rules import REQUEST_CUE

    after = words[verb.end():].strip(" ,.!?~，。！？")
    if not after:
        return not remark_needed
    if remark_needed and REQUEST_CUE.search(after):
        return False  # "开吧 音乐也关了", "开吧 开到二档": the answer, then a request of its own (answer_then_request)
    return bool(_THANKS_RE.match(after)) or (_after_no(after, parse) and not re.search(r"不用|不要|不需要|别|算了|没必要", after))


# A verb said twice in one breath ("开吧开吧", "关了关了"): said once
_ECHOED = re.compile(r"^(.{1,3}?)\1+$")


def _goes_along(words: str, question: str) -> bool:
    m = _GO_ON_RE.match(words)
    if not m:
        return False
    asked = fold(question)
    if m.group("zv"):
        return any(key in asked for key in _ZH_VERB_KEYS[m.group("zv")])
    verb, particle = m.group("ev").lower(), (m.group("ep") or "").lower()
    if verb == "go":
        return True
    if verb in ("call", "dial", "ring"):
        return re.search(r"\b(?:call|dial|ring|phone)", asked) is not None
    if verb in ("open", "close", "play", "start", "change", "switch") and verb not in asked and not particle:
        return verb in ("switch", "change") and re.search(r"\b(?:switch|change)", asked) is not None
    return not particle or re.search(rf"\b{particle}\b", asked) is not None


def _names_nothing(text: str, parse: Parse) -> bool:
    """The words alone read as nothing the car can do (out of domain, or a bare yes/no); a driving control is
    something (it must stay a refusal)."""
    commands = parse(text)
    return not commands or all(c.intent in ("dialog.confirm", "dialog.reject")
                               or (c.intent == "unsupported" and c.slots.get("reason") != "unsafe") for c in commands)


# ---------------------------------------------------------------- "also the passenger" / "副驾也要"
_ZH_ALSO = re.compile(r"^(?:那|还有)?(?P<zone>.+?)(?:的)?(?:座椅|座位|那边|这边|那个|这个)?(?:也|也要|也来|也开|也关|也关上|也打开|"
                      r"也一样|也是|同样|一样|再来|照样来|照着来|也(?:给|帮)?(?:整上|弄上|开上|整一个|来一个|安排上)"
                      r"|也(?:调|设|弄|改|整)(?:成|到)?(?:一样|同样|这样|那样)(?:的)?)"
                      r"(?:一下|一个|吧|啊|呀|的|呗)*[。！!.]?$")
_EN_ALSO = re.compile(r"^(?:and\s+|oh\s+|um\s+|now\s+|ok\s+|okay\s+)?(?:(?:can|could|would|will) you\s+(?:please\s+)?do\s+)?(?:(?:please\s+)?do\s+(?:the\s+)?(?=same\b))?"
                      r"(?:(?:also|same)\s+(?:thing\s+)?(?:for\s+)?(?:the\s+)?(?P<z1>[a-z ]+?)(?:\s+(?:seats?|sides?|ones?|too))?"
                      r"|(?:the\s+)?(?P<z2>[a-z' ]+?)(?:\s+(?:seat|side|one))?\s+(?:too|as well)(?:,?\s+(?:please|pls|plz|fr(?: fr)?|bro|lol|rn|thanks|mate))?"
                      r"|(?:now\s+)?(?:the\s+)?(?P<z3>other(?:\s+(?:rear|back|front))?(?:\s+side)?)(?:\s+(?:one|seat|window))?"
                      r"|(?:no,?\s+)?i (?:meant|mean)\s+(?:for\s+|in\s+)?(?:the\s+)?(?P<z4>[a-z ]+?)"
                      r"|(?:no|nope|sorry|actually|wait)[,]?\s+(?:(?:not that one|wrong one)[,]?\s+)?(?:the\s+)?(?P<z5>[a-z ]+?)"
                      r"(?:\s+(?:one|seat|side|window|light))(?:\s+please)?)[.!?]?$")


# The speaker's own seat said in words ("and mine", "我的也开"); the rule grammar reads the same words
MINE_WORDS = r"\bmine\b|\bmy side\b|\bmy one\b|我的|我这边的?|我这侧的?|我自己的"
_MINE = re.compile(r"mine|me|my side|my seat|my one|我的?|我这边的?|我这儿的?|我这个")
_EN_MINE = re.compile(r"^(?:and\s+|oh\s+|um\s+)?(?:(?:i want|i'd like|do|same|give me)\s+)?(?:(?:that|it|the same)\s+(?:on|for)\s+)?"
                      r"(?P<z>mine|me|my side|my seat|my one)\s+(?:too|as well|also)[.!]?$"
                      r"|^(?:and\s+|oh\s+|now\s+)?(?:do\s+)?(?:the\s+)?same\s+(?:on|for)\s+(?P<z2>my side|my seat|mine|me)[.!]?$", re.I)


def same_for_zone(text: str, previous: Sequence[Command]) -> tuple[Command, ...] | None:
    """'also the passenger' / '副驾也要' / 'and the right one too': the last zoned action again for another zone."""
    m = _ZH_ALSO.match(text.strip())
    phrase = m.group("zone") if m else None
    if m is None and _EN_MINE.match(text.strip()):
        m = _EN_MINE.match(text.strip())
        phrase = m.group("z") or m.group("z2")
    elif m is None:
        m = _EN_ALSO.match(text.strip().lower())
        phrase = (m.group("z1") or m.group("z2") or m.group("z3") or m.group("z4") or m.group("z5") or "") if m else None
    if phrase is None:
        return None
    if _MINE.fullmatch(fold(phrase).strip()):
        # "mine too" after the passenger's seat: the same for the speaker, whose seat is the default (no zone)
        mine = tuple(Command(c.intent, {k: v for k, v in c.slots.items() if k != "zone"}) for c in previous
                     if c.slots.get("zone") and "zone" in INTENTS[c.intent].slots)
        switched = _switch_said(text)
        return tuple(_switched(c, switched) for c in mine) if switched is not None else (mine or None)
    zone = zone_named(phrase) or _side(phrase, previous) or _zone_with_people(phrase)
    if zone is None:
        return None
    repeated = tuple(replace(c, slots={**c.slots, "zone": zone}) for c in previous if "zone" in INTENTS[c.intent].slots)
    if not repeated and zone in ("rear", "front"):
        # "后面的也开" after the front defrost: the other glass
        repeated = tuple(replace(c, slots={**c.slots, "target": zone}) for c in previous
                         if c.intent == "hvac.defrost" and c.slots.get("target") != zone)
    switched = _switch_said(text)
    if switched is not None:
        # "后面的也关" after the driver's seat heat was switched on: the other seat, switched as said
        repeated = tuple(_switched(c, switched) for c in repeated)
    return repeated or None


def _zone_with_people(phrase: str) -> str | None:
    """"后排爷爷奶奶那", "the back where the kids are": a seat named beside who sits there."""
    low = fold(phrase)
    span = zone_span(low)
    if span is None:
        return None
    rest = low[: span[1]] + low[span[2]:]
    if re.search(r"窗|灯|空调|温度|风|音|导航|天窗|window|light|fan|temp|volume", rest, re.I) or len(rest.strip()) > 12:
        return None
    return span[0]


_SWITCHED_INTENT = {("window.open", False): "window.close", ("window.close", True): "window.open",
                    ("sunroof.open", False): "sunroof.close", ("sunroof.close", True): "sunroof.open"}


def _switch_said(text: str) -> bool | None:
    low = fold(text)
    if re.search(r"也?(?:关|关上|关掉|关了|关闭)|\b(?:off|close|shut)\b", low):
        return False
    if re.search(r"也?(?:开|打开|开开|开一下)|\b(?:on|open)\b", low):
        return True
    return None


def _switched(c: Command, on: bool) -> Command:
    intent = _SWITCHED_INTENT.get((c.intent, on))
    if intent is not None:
        slots = {k: v for k, v in c.slots.items() if k in INTENTS[intent].slots}
        return Command(intent, slots)
    if "on" in c.slots:
        return Command(c.intent, {**c.slots, "on": on} if on else {k: v for k, v in c.slots.items() if k != "level"} | {"on": False})
    return c


_SIDES = {"left": "left", "right": "right", "左": "left", "右": "right", "左边": "left", "右边": "right",
          "左侧": "left", "右侧": "right", "left side": "left", "right side": "right", "other": "other",
          "other side": "other", "other rear": "other", "other back": "other", "other front": "other",
          "other rear side": "other", "另一边": "other", "另外一边": "other", "另一侧": "other", "另一个": "other"}
_OTHER_ZONE = {"rear_left": "rear_right", "rear_right": "rear_left", "driver": "passenger", "passenger": "driver",
               "front": "rear", "rear": "front"}


def _side(phrase: str, previous: Sequence[Command]) -> str | None:
    """"the right one" after a rear-left window is rear right; after a front seat, the passenger (left-hand drive)."""
    side = _SIDES.get(fold(phrase).strip())
    zones = [c.slots.get("zone") for c in previous if c.slots.get("zone")]
    if side is None or not zones:
        return None
    if side == "other":
        return _OTHER_ZONE.get(str(zones[-1]))
    if str(zones[-1]).startswith("rear"):
        return f"rear_{side}"
    return "driver" if side == "left" else "passenger"


# ---------------------------------------------------------------- "再高一点" / "a bit more"
_REL_ZH = re.compile(r"^(?:那)?(?:再|还|稍微|再稍微|再调|调|再来)?(?P<w>高|低|大|小|热|冷|暖|凉|强|弱)(?:一点儿|一点|一些|点儿|点|些)?"
                     r"(?:吧|呢|啊|呀)?[。！!]?$|^(?:那)?(?:再|还|再来|再稍微)(?:一点儿|一点|一些|点儿|点|些)(?:吧|呢|啊|呀)?[。！!]?$")
_REL_EN = re.compile(r"^(?:(?:make it|turn it|a (?:little|bit|tad)|just a bit|slightly|even|bit|some|little)\s+)*"
                     r"(?P<w>higher|lower|warmer|cooler|colder|hotter|louder|quieter|softer|more|less|up|down)"
                     r"(?:\s+(?:a (?:little|bit)|a bit more|please|more|still|again))*[.!]?$")
_UP_WORDS = {"高", "大", "热", "暖", "强", "higher", "warmer", "hotter", "louder", "up"}
_DOWN_WORDS = {"低", "小", "冷", "凉", "弱", "lower", "cooler", "colder", "quieter", "softer", "down", "less"}
# What "a bit more" adjusts, by the family of the last command.
_RELATIVE_TARGETS = (
    (("hvac.set_temperature", "hvac.adjust_temperature"), "hvac.adjust_temperature"),
    (("hvac.set_fan", "hvac.adjust_fan"), "hvac.adjust_fan"),
    (("media.set_volume", "media.adjust_volume"), "media.adjust_volume"),
)
_TEMPERATURE_WORDS = {"热", "暖", "冷", "凉", "warmer", "cooler", "colder", "hotter"}
_VOLUME_WORDS = {"louder", "quieter", "softer"}


# Too far, a little back ("太多了 回去一点", "way too much, back it off"): the last adjustment's other way
_BACK_A_BIT = re.compile(r"^(?:(?:太多了|太大了|太过了|过了|多了|有点过了|不对)[\s,，]*)?(?:再)?(?:往回|调回去|回去|退回去|退|回)(?:调)?(?:一点儿?|一些|点儿?|些)(?:吧|呗|啊)?$"
                         r"|^(?:(?:way |that'?s |that was |a bit |little )?too (?:much|far)[\s,]*)?(?:back (?:it|that) (?:off|down)|back off a (?:bit|little)"
                         r"|bring it back (?:down |up )?a (?:bit|little|notch)|(?:a (?:bit|little|notch) )?less(?: than that)?)(?: please)?[.!]?$",
                         re.I)


def relative(text: str, previous: Sequence[Command]) -> tuple[Command, ...] | None:
    """'再高一点' / 'a bit more': adjust whatever was just set or adjusted (temperature, fan or volume).

    A word without a direction ("再来一点", "a bit more") goes on the way the last adjustment went."""
    back = _BACK_A_BIT.match(fold(text).strip(" ,.!?~，。！？"))
    if back is not None:
        last = previous[-1] if previous else None
        for sources, target in _RELATIVE_TARGETS:
            if last is not None and last.intent in sources and last.slots.get("direction") in ("up", "down"):
                return (Command(target, {"direction": "down" if last.slots["direction"] == "up" else "up"}),)
        return None
    m = _REL_ZH.match(text.strip()) or _REL_EN.match(text.strip().lower())
    if not m:
        return None
    word = m.groupdict().get("w")
    if word in ("热", "冷", "暖", "凉") and not re.search(r"再|稍微|调|点|些", text):
        return None  # "冷", "还冷" complain of the cabin (warmer, by the contract), not "再冷点"
    for command in reversed(previous):
        for sources, target in _RELATIVE_TARGETS:
            if command.intent not in sources:
                continue
            if (word in _TEMPERATURE_WORDS and target != "hvac.adjust_temperature") \
                    or (word in _VOLUME_WORDS and target != "media.adjust_volume"):
                return None
            if word in _UP_WORDS:
                direction = "up"
            elif word in _DOWN_WORDS:
                direction = "down"
            else:
                direction = command.slots.get("direction", "up")
            return (Command(target, {"direction": direction}),)
    return None


# "再高一档", "One level higher" after a seat's level: the next level (a seat has no step of its own to adjust by)
_LEVEL_STEP = re.compile(r"^(?:那|再|还|就)?(?:调|开|往)?(?P<zh>高|低|大|小|加|降|减|升)(?:一|1)(?:档|挡|级)(?:吧|呗|啊)?$"
                         r"|^(?:(?:make it|go|turn it|bump it|kick it|take it|knock it)\s+)?(?:one|a|1)\s+(?:more\s+)?(?:level|notch|step)"
                         r"\s+(?P<en>higher|lower|up|down|more|less)(?:\s+please)?$"
                         r"|^(?:(?:go|turn it|bump it|kick it|take it|knock it|bring it)\s+)?(?P<en2>up|down)\s+"
                         r"(?:(?:one|a)(?:\s+more)?(?:\s+(?:level|notch|step))?|another(?:\s+(?:level|notch|step))?)(?:\s+please)?$"
                         # "one more", "another notch": the same way as the turn before, which set a level, so up
                         r"|^(?P<en3>(?:one|1) more|another)(?:\s+(?:level|notch|step))?(?:\s+please)?$", re.I)
_SEAT_LEVELS = ("seat.heat", "seat.ventilate")


def level_step(text: str, previous: Sequence[Command]) -> tuple[Command, ...] | None:
    last = previous[-1] if previous else None
    m = _LEVEL_STEP.match(fold(text).strip(" ,.!?~，。！？"))
    if m is None or last is None or last.intent not in _SEAT_LEVELS or not isinstance(last.slots.get("level"), int):
        return None
    word = (m.group("zh") or m.group("en") or m.group("en2") or "up").lower()
    step = 1 if word in ("高", "大", "加", "升", "higher", "up", "more") else -1
    lo, hi = INTENTS[last.intent].slots["level"].valid_range
    level = int(min(hi, max(lo, last.slots["level"] + step)))
    return (Command(last.intent, {**last.slots, "on": True, "level": level}),)


# ---------------------------------------------------------------- "close it again" / "关掉吧"
_OFF_ZH = re.compile(r"(?:关掉|关上|关了|关闭|关|停掉|停了|停|熄了|熄灭|灭了|取消掉|取消了|取消)")
_ON_ZH = re.compile(r"(?:打开|开开|开上|开了|开启|开)")
_PRONOUN_ZH = re.compile(r"^(?:那|还是|再|就|先|给我|帮我|给|把|它|这个|那个|的|也|都|全|全部|重新|又|再次|可以|现在|[\s,，])*$")
_EN_SWITCH = re.compile(
    r"^(?:(?:hmm|um|uh|ok|okay|actually|now|and|no|oh|please|just|go ahead and|can you|could you|would you|will you)\s+)*"
    r"(?P<verb>turn|switch|shut|close|open|put|roll|power)\s+(?:(?:it|that|this|them|those|these)(?:\s+(?:both|all))?"
    r"|(?:both|all) of (?:them|those|these)|the\s+(?:[a-z ]*?\s+)?ones?)?"
    r"\s*(?:back\s+)?(?P<pol>off|on|down|up|again|shut|closed|open)?"
    r"(?:\s+(?:it|that|this|them|the\s+(?:[a-z ]*?\s+)?ones?))?(?:\s+(?:again|back|please|now|too|for me))*[.!?]?$", re.I)
_THE_ONE_RE = re.compile(r"\bthe\s+(?P<z>[a-z ]+?)\s+ones?\b")
_OPEN_CLOSE = {"window.open": "window", "window.close": "window", "sunroof.open": "sunroof", "sunroof.close": "sunroof"}


def switch(text: str, previous: Sequence[Command]) -> tuple[Command, ...] | None:
    """The last device switched on or off ("close it again", "turn that off", "副驾的关掉吧 她说不冷", "算了 关掉吧")."""
    last = _switchable(previous)
    if last is None or ("取消" in text and any(c.intent.startswith("nav.") for c in previous)):
        return None  # (取消 after a route is the route's cancel)
    found = _switch_words(text, previous)
    if found is None:
        return None
    on, zone = found
    targets = [last]
    if zone is None and _PLURAL_RE.search(fold(text)):
        # "下雨了 都关上吧", "close them both" after the sunroof and a window: every thing the last turn switched
        targets = [c for c in previous if c.intent in _OPEN_CLOSE or "on" in INTENTS[c.intent].slots]
    out: list[Command] = []
    for command in targets:
        switched = _switch_one(command, on, zone)
        if switched.key() not in [c.key() for c in out]:
            out.append(switched)
    return tuple(out)


# Plural words that make a bare switch reach every thing of the last turn, not only the last one
_PLURAL_RE = re.compile(r"\b(?:both|them|all of them|these|those|everything)\b|都|俩|两个", re.I)


def _switch_one(last: Command, on: bool, zone: str | None) -> Command:
    if "zone" not in INTENTS[last.intent].slots:
        zone = None  # "全部打开" says how much, not where
    family = _OPEN_CLOSE.get(last.intent)
    if family:
        slots = {"zone": zone or last.slots["zone"]} if "zone" in last.slots or zone else {}
        slots = {} if zone == _SPEAKER else slots
        return Command(f"{family}.{'open' if on else 'close'}", slots)
    kept = {k: v for k, v in last.slots.items() if k in ("zone", "target") or (on and k not in ("on",))}
    if zone:
        kept["zone"] = zone
    if zone == _SPEAKER:
        del kept["zone"]  # "turn mine off" after the passenger's: the speaker's own seat, the vehicle's default
    return Command(last.intent, {**kept, "on": on})


_SPEAKER = "speaker"  # not a zone of the contract: the speaker's own seat, which a command leaves unnamed
_MINE_RE = re.compile(MINE_WORDS + r"|\bmy (?:seat|window)\b", re.I)


def _switchable(previous: Sequence[Command]) -> Command | None:
    for command in reversed(previous):
        if command.intent in _OPEN_CLOSE or "on" in INTENTS[command.intent].slots:
            return command
    return None


def _switch_words(text: str, previous: Sequence[Command]) -> tuple[bool, str | None] | None:
    """(on, zone said) from the whole utterance, or from one of its pieces when the others are remarks around
    it ("算了 关掉吧", "副驾的关掉吧 她说不冷"; the caller made sure the whole names no device)."""
    low = re.sub(r"[,，。.;；!！?？~]+", " ", fold(text)).strip()
    pieces = [low] + ([p for p in low.split() if p] if has_han(low) else [])
    remark = None if has_han(low) else _EN_REMARK_RE.search(low)
    if remark is not None:
        pieces.append(low[: remark.start()].strip())  # "close them both it's starting to rain"
    for piece in pieces:
        head, zone = _zone_out(piece, previous)
        on = _polarity(head)
        if on is not None:
            return on, zone or (_zone_out(low, previous)[1] if piece != low else None)
    return None


# Where a remark starts after a bare switch said without a pause ("close them both it's starting to rain")
_EN_REMARK_RE = re.compile(r"\s(?:it'?s|it is|i'?m|i am|we'?re|because|cause|cos|since|the rain|there'?s|that'?s)\b")


def _zone_out(low: str, previous: Sequence[Command]) -> tuple[str, str | None]:
    """The words without the zone said in them, and that zone (``_SPEAKER`` for "mine", "我的")."""
    mine = _MINE_RE.search(low)
    if mine is not None and zone_span(low) is None:
        it = "" if has_han(mine.group(0)) else " it "
        return (low[: mine.start()] + it + low[mine.end():]).strip(), _SPEAKER
    span = zone_span(low)
    if span is not None:
        return low[: span[1]] + low[span[2]:], span[0]
    m = _THE_ONE_RE.search(low)  # "the rear one": zone words the lexicon only knows with a noun after them
    if m is None:
        zh = _ZH_SIDE_RE.match(low)  # "右边的关掉" after the rear seats: the rear right one
        if zh is not None and _side(zh.group("z"), previous) is not None:
            return low[zh.end():], _side(zh.group("z"), previous)
    return low, (zone_named(m.group("z")) or _side(m.group("z"), previous)) if m else None


_ZH_SIDE_RE = re.compile(r"^(?:那|把)?(?P<z>左边|右边|左侧|右侧|另一边|另外一边|另一侧|另一个)(?:的|那个|那边的?|那一?个)?")


def _polarity(head: str) -> bool | None:
    head = " ".join(head.split())
    m = _EN_SWITCH.match(head)
    if m:
        verb, pol = m.group("verb").lower(), (m.group("pol") or "").lower()
        if verb == "roll" and pol in ("up", "down"):
            return pol == "down"  # a window rolled up is closed, rolled down open
        if pol in ("off", "down", "shut", "closed") or (verb in ("shut", "close") and pol in ("", "again", "up")):
            return False
        if pol in ("on", "open", "up") or (verb == "open" and pol in ("", "again")):
            return True
        return None
    for rx, on in ((_OFF_ZH, False), (_ON_ZH, True)):
        m = rx.search(head)
        if m and _PRONOUN_ZH.match(head[: m.start()]) and re.fullmatch(r"(?:上|掉|了|一下|吧|呗|啊|呀|吧啊|回去|回来|\s)*",
                                                                           head[m.end():]):
            return on
    return None


# ---------------------------------------------------------------- "调到三档" / "all the way" / "cancel that"
_LEVEL_RE = re.compile(rf"^(?:(?:再|调)?(?:大|小|高|低)(?:一)?点[，,\s]*(?=\S*\d?\S*[档挡级]))?(?:那|再|就|还是|那还是|要不|(?:不对|不是)[，,]?\s*要?|actually|now|ok|okay|and|no,?\s*(?:sorry,?)?|sorry,?|i mean,?)?\s*(?:调到|调成|开到|换成|设为|改成|到|make (?:it|that)|set (?:it|that) to|go to|put it on|"
                       rf"(?:crank|turn|bump|push|bring|take|knock|drop|put) (?:it|that|this) (?:up |down |back )?to|"
                       rf"turn (?:it|that) to|change (?:it|that) to|to)?\s*(?:level\s*|档位\s*)?(?P<n>{NUM})\s*(?P<unit>档|挡|级|度|degrees?|percent|%)?"
                       rf"(?:就行|就好|就可以|就够了|吧|呢|啊|instead)*[.!]?$", re.I)
# A unit said with the number must fit what the last command set ("调到二十四度" after the volume is not a volume).
_UNITS = {"level": ("档", "挡", "级"), "value@hvac.set_temperature": ("度", "degree", "degrees"),
          "value@media.set_volume": ("percent", "%")}
_LEVEL_SLOT = {"seat.heat": "level", "seat.ventilate": "level", "hvac.set_fan": "level", "hvac.adjust_fan": "level",
               "hvac.set_temperature": "value", "media.set_volume": "value"}
_LEVEL_INTENT = {"hvac.adjust_fan": "hvac.set_fan"}
_FULL_RE = re.compile(r"^(?:那|再|就|还是)?(?:全|全部|都|完全)(?:打开|开|开开|开到底)(?:吧|啊)?$|^(?:all the way|fully|open it all the way|"
                      r"all the way open|open it fully|the whole way)(?: please)?[.!]?$", re.I)
_CRACK_RE = re.compile(r"^(?:just|only|maybe)?\s*(?:a crack|a little crack|a tiny bit|开?(?:一)?条缝|一点点|留条缝)(?:就行|就好|吧|please)?"
                       r"(?:\s*then)?[.!]?$", re.I)
# "oh dear that's too much — just a crack then", "太大了 开条缝就行": the amount after a remark on the last one
_TOO_MUCH_RE = re.compile(r"^(?:(?:oh(?: dear)?|oops|hmm+|um+|uh+|well|no|哎呀|哦|呃)[\s,，]*)*(?:(?:that's|that is|it's|it is)\s+)?"
                          r"(?:(?:way|far|a bit|a little)\s+)?(?:too (?:much|wide|far|big|open|high|low)|开?太大了?|太多了?|太开了?)"
                          r"(?:\s+(?:now|already))?[\s,，.。!！—–-]+(?=\S)", re.I)
_PERCENT_RE = re.compile(rf"^(?:(?:actually|no|ok|okay|go|open|make|set|put|it|that|them|wider|more|further|bigger|less|"
                         rf"smaller|narrower|a bit|to|up|down|please|just|再|开到|开大到|调到|开|到|改成|换成)[\s,，—–-]*)*"
                         rf"(?:百分之)?(?P<n>{NUM})\s*(?:%|percent|per cent)(?:吧|就行|please)?[.!]?$", re.I)
_HALF_RE = re.compile(r"^(?:actually,?\s*|just\s+|no,?\s*)?(?:go |open it |make it |open )?(?:halfway|half way|half|一半|开一半|到一半)(?: open)?(?:吧|就行|please)?[.!]?$", re.I)
# Opened again by a little after a close ("actually leave it open a crack", "还是开条缝吧", "open it halfway then")
_REOPEN_RE = re.compile(
    r"^(?:(?:actually|no|nah|hmm+|um+|uh+|wait|oh|ok(?:ay)?|well|on second thought|never mind|just)[\s,，]*)*"
    r"(?:(?:leave|open|crack|keep|put|make|have|pop)\s+(?:it|that|them|the \w+)\s*(?:open\s*)?)"
    r"(?P<e>a crack|a little crack|a little|a bit|a tiny bit|a smidge|an inch|halfway|half way|half"
    rf"|(?P<n>{NUM})\s*(?:%|percent|per cent))(?:\s*open)?(?:\s*(?:then|instead|please|for now|for me))*[.!]?$"
    r"|^(?:呃|嗯|额|哦|那|算了|还是|要不|要不然|就|先|给我)*[\s,，]*(?:还是|再|先)?(?P<z>(?:打?开|留)(?:个|一)?条缝|(?:打?开|留)(?:一)?点点?|开一半"
    rf"|(?:打?开到?|留)(?:百分之)?(?P<zn>{NUM})\s*(?:%|的)?)(?:就行|就好|就可以|吧|啊|呗)*$", re.I)
_ZH_PLACE_END = r"(?:医院|酒店|宾馆|机场|车站|火车站|站|广场|公园|大厦|中心|商场|大学|学校|餐厅|饭店|寺|山|湖|景区)$"
_PLACE_AGAIN_RE = re.compile(r"^(?:(?:actually|no|oh|hmm+|um+|uh+|eh|well|ok(?:ay)?)[,，]?\s*|(?:不对|不是|哎呀|算了)[，,]?\s*|那|还是)*"
                             r"(?:换成|改成|改去|换去|make (?:that|it)|change (?:that|it) to|switch to)\s*(?:去|到)?\s*"
                             r"(?:a |an |the )?(?P<p>.+?)(?:吧|instead|please)?[.!]?$", re.I)
_NAME_AGAIN_RE = re.compile(r"^(?:(?:不是|不对|错了|打错了)[，,\s]*)*(?:我说的是|我是说|是打给|我要打给|(?<=[对是了，,\s])是)(?P<n>[^，,。！？]{1,12}?)(?:啦|啊|呀|吧)?$"
                            r"|^(?:(?:no|sorry|actually|oh|wait|oops)[,]?\s*)*i (?:said|meant)\s+(?P<m>.+?)"
                            r"(?:,?\s+not\s+.+?)?[.!]?$", re.I)
# Another person to call after a call that did not go through ("打不通 换大哥试试", "no answer, try Mike instead")
_CALL_OTHER_RE = re.compile(r"^(?:(?:打不通|没人接|没接|不接|占线|关机了?)[，,\s]*)?(?:那)?(?:就)?(?:换|改)(?:成|打给|给|打)?"
                            r"(?P<n>(?![首个一条家下点台种])(?![^，,。！？\s]*(?:歌|曲|音乐|电台|频道|路|地方|模式|颜色|色))"
                            r"[^，,。！？\s]{1,8}?)(?:打)?(?:试试看?|试一下|吧|呗)?$"
                            r"|^(?:(?:no answer|not picking up|straight to voicemail|nobody'?s? (?:answering|picking up))[,.]?\s*)?"
                            r"(?:ok(?:ay)?,?\s*)?(?:then\s+)?(?:try|call|ring)\s+(?P<m>[a-z][\w.' -]{0,30}?)\s+instead$", re.I)
# "不对不对 是喜来登", "我说的是喜来登", "no I meant the Sheraton", "sorry I meant 2100": the place heard wrong, said again.
# A bare "是X" or "X" is not enough: only a word of correcting makes the words a place rather than an answer.
_PLACE_FIX_RE = re.compile(r"^(?:(?:不对|不是|错了|搞错了|说错了|弄错了|哎呀|等等|呃)[，,\s]*)+(?:我说的是|我是说|我要去的是|我要去|是去|要去|去|是)"
                           r"(?P<p>[^，,。！？\s]{2,16}?)(?:啦|啊|呀|吧|才对)?$"
                           r"|^(?:(?:不对|不是|哎呀|等等)[，,\s]*)*(?:我说的是|我是说|我要去的是)(?P<q>[^，,。！？\s]{2,16}?)(?:啦|啊|呀|吧)?$"
                           r"|^(?:(?:no|nope|sorry|actually|oh|wait|oops|not there)[,]?\s*)*i (?:said|meant|mean|wanted)\s+(?:to go to\s+)?"
                           r"(?P<m>.+?)(?:,?\s+not\s+.+?)?[.!]?$", re.I)
_SOURCES = {r"蓝牙|bluetooth|bt": "bluetooth", r"u盘|usb(?: stick| drive)?": "usb", r"收音机|radio": "radio"}
_SOURCE_AGAIN_RE = re.compile(r"^(?:用|从|在|换成|改成)?(?P<s>蓝牙|u盘|usb|收音机)(?:里)?(?:放|播|播放|听)?(?:吧|呗)?$"
                              r"|^(?:play it |play that )?(?:from|on|via|through|over|off) (?:the |my )?(?P<e>bluetooth|usb(?: stick| drive)?|radio)"
                              r"(?: instead| please)?[.!]?$", re.I)


_PLAY_AGAIN_RE = re.compile(r"^(?:(?:hmm+|um+|uh+|eh|ok(?:ay)?|actually|no|nah)[,，]?\s*)*(?:那|还是)?(?:换成|换放|改成|改放|切成|切到"
                            r"|switch (?:it |that |this )?(?:over )?to|change (?:it |that |this )?to)"
                            r"\s*(?P<q>.+?)(?:吧|呗|instead|please)?[.!]?$", re.I)
_NOT_A_SONG = re.compile(r"^(?:下一首|上一首|另一首|别的|其他|一首|首|歌|next|previous|another|something else|the radio|radio|stop"
                         r"|bluetooth|蓝牙|收音机|电台|u盘|usb|a (?:restroom|hotel|gas station|parking)|\d+(?:\.\d+)?\s*(?:%|percent|度|档|degrees?)?"
                         r"|[红橙黄绿蓝紫白粉]色?|(?:red|orange|yellow|green|blue|purple|white|pink))$"
                         r"|(?:的歌|歌曲|歌)$", re.I)
_FLIPPABLE = ("hvac.adjust_temperature", "hvac.adjust_fan", "media.adjust_volume")
_FLIP_RE = re.compile(r"^(?:(?:wait|oops|sorry|no|actually|哎呀|哎)[,，]?\s*)*(?:(?:搞反了|弄反了|说反了|反了|wrong way|the other way)[,，]?\s*)?"
                      r"(?:是|应该是|我是说|我要|i meant|i mean|i said)\s*(?P<d>调低|调高|降低|升高|低|高|lower|higher|down|up|warmer"
                      r"|cooler|quieter|louder)(?: it| that)?(?:才对|啊|吧)?[.!]?$", re.I)


def _just_a_title(title: str) -> bool:
    """A song's title may hold any word ("Take It Easy"), but no driving word, gear or drive mode ("switch it to
    drive", "切到运动模式", "换成N"), and no words the grammar reads as a command of their own ("换成内循环", "louder")."""
    from multimodal.command.cues import driving_words
    from multimodal.command.rules import GEAR_LABEL_RE, _unsafe, shared_grammar

    low = fold(title)
    if len(re.findall(r"[\u4e00-\u9fff]|[a-z0-9']+", low)) > 8 or driving_words(low) or _unsafe(low) \
            or GEAR_LABEL_RE.fullmatch(title.strip()) or re.search(r"模式|\bmode\b|档|挡|\bgear\b", low):
        return False
    return all(c.intent in ("unsupported", "media.play") for c in shared_grammar().parse(title, None, CommandContext()))


def _just_a_name(name: str) -> bool:
    from multimodal.command.cues import driving_words
    from multimodal.command.rules import REQUEST_CUE, _unsafe

    low = fold(name)
    if re.fullmatch(r"(?:it|that|this|them|whatever|nothing|later|now|never ?mind|no|yes|sorry|ok(?:ay)?|something|anything"
                    r"|everything|all|the other one|another one|one|him|her)", low.strip()):
        return False  # "I meant it", "I said whatever"
    return len(re.findall(r"[\u4e00-\u9fff]|[a-z0-9']+", low)) <= 4 and not REQUEST_CUE.search(low) \
        and not driving_words(low) and not _unsafe(low) and not re.search(r"停|挂|开|关|\b(?:stop|hang|go|drive)\b", low)


def _just_a_place(words: str) -> bool:
    """A place's name may hold any word ("喜来登" has 来 in it), but nothing the grammar reads as a command of its
    own, no driving word and no more words than a name has."""
    from multimodal.command.cues import driving_words
    from multimodal.command.rules import _unsafe, shared_grammar

    low = fold(words)
    gates = re.sub(r"[东南西北正侧后前小大\d一二三四五六七八九十]+号?门|门口|\b(?:north|south|east|west|main|side|back|front) (?:gate|entrance)\b",
                   " ", low)  # "北门", "3号门": a gate of the place, no door of the car
    if len(re.findall(r"[\u4e00-\u9fff]|[a-z0-9']+", low)) > 12 or driving_words(gates) or _unsafe(gates) \
            or re.fullmatch(r"(?:it|that|this|there|here|them|whatever|nothing|later|now|no|yes|sorry|ok(?:ay)?|the other one"
                            r"|another one|one|这个|那个|这里|那里|这儿|那儿)", low.strip()):
        return False
    return all(c.intent == "unsupported" and c.slots.get("reason") == "out_of_domain"
               for c in shared_grammar().parse(words, None, CommandContext())) \
        and not re.search(r"停|挂|\b(?:stop|hang|go|drive|park|brake)\b", low)


def _place_again(text: str, before: str) -> str | None:
    """The place said again after a route to the wrong one; a bare house number keeps the street ("sorry I meant
    2100" after "1200 Commerce Drive")."""
    from multimodal.command.rules import _destination

    m = _PLACE_FIX_RE.match(text.strip(" ,.!?~，。！？"))
    said = ((m.group("p") or m.group("q") or m.group("m") or "") if m else "").strip()
    street = re.match(r"^\d+[a-z]?\s+(?P<rest>\D.*)$", before, re.I)
    if said and street and re.fullmatch(r"\d+[a-z]?", said, re.I):
        return f"{said} {street.group('rest')}"
    if not said or not _just_a_place(said):
        return None
    slots = _destination(said)
    place = (slots or {}).get("destination")
    return place if place and place != before and not re.fullmatch(r"\d+", place) else None


_CANCEL_RE = re.compile(r"^(?:算了|那|哦|嗯|oh|ok|okay|actually|no|never ?mind|nvm)?[\s,，]*(?:还是)?(?:取消(?:吧|掉|了|导航)?|不去了|不用导航了?|别导航了?"
                        r"|停止导航|cancel(?: it| that| the route| the navigation)?|never ?mind(?:,? cancel(?: it| that)?)?|nvm"
                        r"|stop (?:the )?(?:navigation|navigating|route)|forget it|forget that|scrap (?:it|that)|drop (?:it|that)"
                        r"|don't go there)(?:吧|了)?"
                        r"(?:[\s,，]+(?:i'm not going|we're not going|not going)(?: anymore| there)?|[\s,，]*我?不去了)?[.!]?$", re.I)
_COLOR_WORDS = {"红": "red", "橙": "orange", "黄": "yellow", "绿": "green", "蓝": "blue", "紫": "purple", "白": "white",
                "粉": "pink", **{c: c for c in COLORS}}
_COLOR_RE = re.compile(r"^(?:(?:hmm+|um+|uh+|eh|oh|well|actually|no|nah|ok(?:ay)?|嗯|那)[,，]?\s*)*(?:make (?:it|them)|turn (?:it|them)|change (?:it|them) to"
                       r"|switch (?:it|them) to|go with|let'?s (?:do|go with|try)|try|换成|改成|变成|调成|弄成|换个|来个|换|改|用|来|要)?\s*"
                       r"(?P<c>" + "|".join(sorted(_COLOR_WORDS, key=len, reverse=True)) + r")(?:色)?(?:的)?(?:吧|啊| instead)?[.!]?$", re.I)


_BRIGHTNESS_RE = re.compile(rf"^(?:and |also |now |那|再|就)?\s*(?:the )?(?:brightness|亮度)\s*(?:to|at|调到|调成|给个|给|设为|设成|开到|改成)?\s*"
                            rf"(?:百分之)?(?P<n>{NUM})\s*(?:%|percent|吧)?[.!]?$"
                            rf"|^(?:(?:too|a bit|way too) (?:bright|dim|dark)|太亮了?|太暗了?)?[\s,，—–-]*(?:so |just )?"
                            rf"(?:bring it|turn it|dim it|take it|put it|make it|调|调到)\s*(?:down|up|低|高)?\s*(?:to|at|到)\s*(?:百分之)?"
                            rf"(?P<k>{NUM})\s*(?:%|percent)?[.!]?$"
                            rf"|^(?:and |also |now |ok |okay )?(?:make it|set it to|turn it to|put it at|调到|调成)?\s*(?P<m>{NUM})\s*(?:%|percent)?\s*"
                            rf"(?:brightness|bright|亮度)[.!]?$", re.I)
_AVOID_WORDS = {r"toll|收费|过路费": "tolls", r"highway|freeway|motorway|expressway|高速": "highways",
                r"traffic|congest|jam|拥堵|堵": "congestion"}
_AVOID_TOO_RE = re.compile(r"^(?:and |also )?(?P<w>(?:the )?(?:tolls?|toll roads|highways?|freeways?|motorways?|traffic(?: jams?)?"
                           r"|jams|congestion))(?: too| as well| also)[.!]?$"
                           r"|^(?:还有|那)?(?P<w2>收费|高速|拥堵|堵车)(?:的)?(?:路|路段)?也(?:避开|躲开|别走|不走|绕开)?(?:吧)?$",
                           re.I)


def _light_setting(last: Command) -> dict:
    """The slots of the previous ambient-light command a colour or brightness follow-up keeps: all of them when
    that command set a colour or brightness (the follow-up corrects it), none when it only switched the light.
    (Hand-written sets disagree on "亮度调到八十" after a colour: eight lines keep the colour, three do not.)"""
    if "color" in last.slots or "brightness" in last.slots:
        return dict(last.slots)
    return {}


def amount(text: str, previous: Sequence[Command]) -> tuple[Command, ...] | None:
    """A level, value, "fully" or colour for the last command ("调到三档", "actually make it 5", "all the way").

    These patterns are the whole utterance, so they win even where the words alone read otherwise
    ("go to level 3" is not a route after seat ventilation was switched on)."""
    low = fold(text).strip(" ,.!?~，。！？")
    last = previous[-1] if previous else None
    if last is None:
        return None
    low = _TOO_MUCH_RE.sub("", low, count=1)
    try:
        m = _LEVEL_RE.match(low)
        if m and last.intent in _LEVEL_SLOT:
            value = parse_number(m.group("n"))
            if value is None:
                return None
            intent = _LEVEL_INTENT.get(last.intent, last.intent)
            slot = _LEVEL_SLOT[last.intent]
            unit = (m.group("unit") or "").lower()
            if unit and unit not in _UNITS.get(slot, ()) and unit not in _UNITS.get(f"{slot}@{intent}", ()):
                return None
            slots = {k: v for k, v in last.slots.items() if k == "zone"}
            if "on" in INTENTS[intent].slots:
                slots["on"] = True  # "调到三档" after the seat heat was switched off switches it on at 3
            return (validate_command({"intent": intent, "slots": {**slots, slot: value}}),)
        if _FULL_RE.match(low) and last.intent in ("window.open", "sunroof.open"):
            return (Command(last.intent, {k: v for k, v in last.slots.items() if k != "percent"}),)
        if _CRACK_RE.match(low) and last.intent in ("window.open", "sunroof.open"):
            return (Command(last.intent, {**last.slots, "percent": 20}),)  # the contract's "a crack"
        m = _PERCENT_RE.match(low)
        if m and last.intent in ("window.open", "sunroof.open"):
            # "go wider, eighty percent" after the sunroof was opened halfway: the same opening, to that much
            value = parse_number(m.group("n"))
            if isinstance(value, (int, float)) and 0 < value <= 100:
                return (Command(last.intent, {**last.slots, "percent": int(value)}),)
        if _HALF_RE.match(low) and last.intent in ("window.open", "sunroof.open"):
            return (Command(last.intent, {**last.slots, "percent": 50}),)
        m = _REOPEN_RE.match(low)
        if m and last.intent in ("window.close", "sunroof.close"):
            # "actually leave it open a crack" after the sunroof was closed, "还是开一半吧": open it again, that much
            said = m.group("e") or m.group("z")
            number = m.group("n") or m.group("zn")
            percent = 50 if re.search(r"half|一半", said) else int(parse_number(number) or 0) if number else 20
            if 0 < percent <= 100:
                family = _OPEN_CLOSE[last.intent]
                zone = {k: v for k, v in last.slots.items() if k == "zone"}
                return (Command(f"{family}.open", {**zone, "percent": percent}),)
        m = _PLACE_AGAIN_RE.match(low)
        if m and last.intent == "nav.navigate":
            # "换成停车场吧", "actually, make that a restroom": the route, to another place
            from multimodal.command.rules import GEAR_LABEL_RE, _destination

            slots = _destination(m.group("p"))
            if slots and "category" in slots and not GEAR_LABEL_RE.fullmatch(m.group("p").strip()) \
                    and not re.fullmatch(r"(?:the )?park", m.group("p").strip(), re.I):
                return (Command("nav.navigate", slots),)  # only a kind of place: "switch to drive" is no route
            # ...or a place named as places are: "actually, make it Mercy Hospital", "换成首都机场"
            said = re.search(re.escape(m.group("p").strip()), text, re.I)
            name = said.group(0) if said else ""
            if slots and "destination" in slots and (re.fullmatch(r"(?:[A-Z][\w'.-]*\s+){1,5}[A-Z][\w'.-]*", name)
                                                      or re.search(_ZH_PLACE_END, name)):
                return (Command("nav.navigate", {"destination": name}),)
        m = _SOURCE_AGAIN_RE.match(low)
        if m and last.intent == "media.play" and last.slots.get("query"):
            # "用蓝牙放" after "播放周杰伦": the same music, from that source
            word = (m.group("s") or m.group("e")).lower()
            source = next(v for k, v in _SOURCES.items() if re.fullmatch(k, word, re.I))
            return (Command("media.play", {**last.slots, "source": source}),)
        m = _PLAY_AGAIN_RE.match(low)
        if m and last.intent == "media.play" and last.slots.get("query"):
            # "换成稻香" after "放一首七里香", "switch it to Take It Easy": another song, from the same source
            from multimodal.text.free_text import media_query

            said = text.strip(" ,.!?~，。！？")
            start = said.lower().find(m.group("q").strip().lower())
            song = media_query(said[start:start + len(m.group("q").strip())] if start >= 0 else m.group("q"))
            if song and _just_a_title(song) and not _NOT_A_SONG.search(song):
                return (Command("media.play", {**last.slots, "query": song}),)
        m = _FLIP_RE.match(low)
        if m and last.intent in _FLIPPABLE and last.slots.get("direction"):
            # "搞反了，是调低", "wait, I meant lower it": the same step, the other way
            word = m.group("d")
            direction = "down" if word in _DOWN_WORDS or word in ("调低", "降低", "低", "down", "lower") else "up"
            family_ok = not ((word in ("warmer", "cooler") and last.intent != "hvac.adjust_temperature")
                             or (word in ("quieter", "louder") and last.intent != "media.adjust_volume"))
            if family_ok and direction != last.slots["direction"]:
                return (Command(last.intent, {**last.slots, "direction": direction}),)
        m = _NAME_AGAIN_RE.match(text.strip(" ,.!?~，。！？"))
        name = ((m.group("n") or m.group("m") or "") if m else "").strip()
        if name and last.intent == "phone.call" and _just_a_name(name):
            # "我说的是张维", "I said Dave Miller": the name heard wrong, said again
            return (Command("phone.call", {"contact": name}),)
        m = _CALL_OTHER_RE.match(text.strip(" ,.!?~，。！？"))
        name = ((m.group("n") or m.group("m") or "") if m else "").strip()
        if name and last.intent == "phone.call" and _just_a_name(name) and name != last.slots.get("contact"):
            # "打不通 换大哥试试", "no answer, try Mike instead": another person to call
            return (Command("phone.call", {"contact": name}),)
        if last.intent == "nav.navigate" and last.slots.get("destination") not in (None, "home", "work"):
            fixed = _place_again(text, last.slots["destination"])
            if fixed:
                return (Command("nav.navigate", {"destination": fixed}),)
        m = _COLOR_RE.match(low)
        if m and last.intent == "light.ambient":
            # "换成紫的" after "打开蓝色氛围灯": the same light, switched on as before, in the new colour; after a bare
            # "打开氛围灯" the colour is a new setting of its own ("make them blue" writes no `on`)
            return (Command("light.ambient", {**_light_setting(last), "color": _COLOR_WORDS[m.group("c").lower()]}),)
        m = _BRIGHTNESS_RE.match(low)
        if m and last.intent == "light.ambient":
            # "亮度给个八十" after "氛围灯调成蓝色": the same light, the colour kept
            value = parse_number(m.group("n") or m.group("m") or m.group("k"))
            if isinstance(value, (int, float)):
                return (validate_command({"intent": "light.ambient",
                                          "slots": {**_light_setting(last), "brightness": int(value)}}),)
        m = _AVOID_TOO_RE.match(low)
        if m and last.intent == "nav.avoid":
            said = m.group("w") or m.group("w2")
            what = next(w for k, w in _AVOID_WORDS.items() if re.search(k, said, re.I))
            if what != last.slots.get("what"):
                return (Command("nav.avoid", {"what": what}),)
    except CommandValidationError:
        return None
    return None


def cancel(text: str, previous: Sequence[Command]) -> tuple[Command, ...] | None:
    """"算了 取消吧" / "never mind, cancel that" right after a route was set: the route is cancelled."""
    if _CANCEL_RE.match(fold(text).strip(" ,.!?~，。！？")) and any(c.intent == "nav.navigate" for c in previous):
        return (Command("nav.cancel", {}),)
    return None


_DAY_WORDS = {"今天": "today", "明天": "tomorrow", "today": "today", "tomorrow": "tomorrow", "tonight": "today"}
_WEATHER_ZH = re.compile(r"^(?:那|那么|还有|那要是)?(?P<day>今天|明天)?(?P<place>[\u4e00-\u9fff]{2,8}?)?(?P<day2>今天|明天)?"
                         r"(?:的)?(?:天气)?(?:呢|怎么样|如何|咋样|会下雨吗|下雨吗)[?？]?$")
_WEATHER_EN = re.compile(r"^(?:and what about|and how about|what about|how about|and|same for|what's it like)\s+"
                         r"(?:(?:in|for|at)\s+)?(?P<x>.+?)[?.!]*$", re.I)
_NOT_A_PLACE = re.compile(r"^(?:你|我|他|她|它|这|那|这个|那个|这里|那里|这边|那边|别的|其他|然后|后来|以后|之后)$"
                          r"|^(?:you|me|him|her|it|this|that|them|us|now|then|here|there|the other one|other)$"
                          # days the contract has no word for are no places either
                          r"|后天|昨天|前天|周末|下周|这周|星期|礼拜|周[一二三四五六日天]|早上|晚上|下午|上午|中午|今晚|明早"
                          r"|\b(?:yesterday|day after|weekend|week|monday|tuesday|wednesday|thursday|friday|saturday|sunday"
                          r"|morning|afternoon|evening|night)\b", re.I)


_ASKS_FOR_SOMETHING = re.compile(r"现在|刚才|以后|这样|那样"
                                 r"|\b(?:turn|switch|call|play|open|close|set|navigate|go|take|put|make|start|stop|now|then"
                                 r"|merge|change|shift|brake|drive|give|let|get|do|that|this|it|me|us)\b", re.I)


def weather_again(text: str, previous: Sequence[Command], parse: Parse | None = None) -> tuple[Command, ...] | None:
    """"那明天呢" / "and tomorrow?" / "上海呢" / "what about Boston" after a weather question: the same question
    for another day or place. Not "and turn on the AC", "那开空调呢" or "那现在呢": a place names no request."""
    last = previous[-1] if previous else None
    if last is None or last.intent != "query.weather":
        return None
    low = fold(text).strip(" ,.!~，。！")
    m = _WEATHER_ZH.match(low)
    if m and has_han(low):
        place = re.sub(r"^(?:那么|那|还有)", "", m.group("place") or "")
        day = m.group("day") or m.group("day2")
        return _weather_for(last, _DAY_WORDS[day] if day else None, place, place, parse)
    m = _WEATHER_EN.match(low)
    if m and not has_han(low):
        words = re.sub(r"^(?:the\s+)?(?:weather\s+)?(?:in|for|at)\s+", "", m.group("x")).strip().split()
        place_words = [w for w in words if w not in _DAY_WORDS and w not in ("in", "for", "at")]
        if len(place_words) > 5:
            return None
        place = " ".join(place_words)
        at = text.lower().find(place.lower())
        location = text[at:at + len(place)] if place and at >= 0 else place  # as said, with its capitals
        return _weather_for(last, next((_DAY_WORDS[w] for w in words if w in _DAY_WORDS), None), place, location, parse)
    return None


def _weather_for(last: Command, day: str | None, place: str, location: str, parse: Parse | None) -> tuple[Command, ...] | None:
    """The previous weather question for ``day`` and/or ``place`` (None when the place is no place)."""
    if place and (_NOT_A_PLACE.search(place) or place in _DAY_WORDS or len(place) < 2 or _ASKS_FOR_SOMETHING.search(place)
                  or (parse is not None and not _names_nothing(place, parse))):
        return None
    if not day and not place:
        return None
    slots = dict(last.slots)
    if day:
        slots["day"] = day
    if place:
        slots["location"] = location
    return (Command("query.weather", slots),)


_BACK_RE = re.compile(r"^(?:(?:no|nope|nah|naw|wait|actually|oops|sorry|oh|hmm|ugh)[\s,，]+)*(?:go |skip )?(?:back(?: one| up| a song| a track)?|to the previous one"
                      r"|previous(?: one| song| track)?|the one before|the last one)(?: please)?"
                      # a remark after it ("go back — I actually liked that one")
                      r"(?:[\s,，.;—–-]+(?:i|i'd|i've|i was|that|it|this|actually|wait)\b"
                      r"(?![^?]*\b(?:want|need|go|take|turn|play|call|navigate|open|close|set)\b)[^?]*)?[.!]?$"
                      r"|^(?:不对|不是|等等|哎呀|算了)?[\s,，]*(?:还是)?(?:回到|退回|返回|切回|换回)?(?:上一首|上一曲|上一个|刚才那首|前一首)(?:吧|呢)?$"
                      # "不对，切回去", "换回来吧" right after a skip: back to the song before
                      r"|^(?:不对|不是|等等|哎呀|算了|还是)?[\s,，]*(?:还是)?(?:再)?(?:切|换|跳|调|退|倒|返)(?:回去|回来)(?:吧|呢|啊)?$", re.I)


_RESUME_RE = re.compile(r"^(?:(?:ok(?:ay)?|alright|all right|right|now|so|and)[\s,，]+)*(?:you can |please |can you |could you )?"
                        r"(?:put|turn|switch|start|bring) (?:it|that|the music|the song|the radio|this) back on(?: now| again| please)*$"
                        r"|^(?:ok(?:ay)?[\s,，]+)?(?:resume|unpause|continue|keep playing|play it again|start it again)(?: now| please)*$"
                        r"|^(?:好了?|行了?|可以了?|嗯)?[\s,，]*(?:继续(?:放|播|播放|听)?|接着(?:放|播|听)|恢复(?:播放)?|再放吧|放吧|开回来)(?:吧|呗)?$", re.I)


def resume(text: str, previous: Sequence[Command]) -> tuple[Command, ...] | None:
    """"okay, you can put it back on now" / "继续放吧" after a pause: the music again."""
    last = previous[-1] if previous else None
    if last is None or last.intent not in ("media.pause", "media.mute"):
        return None
    if not _RESUME_RE.match(fold(text).strip(" ,.!?~，。！？")):
        return None
    return (Command("media.play", {}),) if last.intent == "media.pause" else (Command("media.mute", {"on": False}),)


def skip_back(text: str, previous: Sequence[Command]) -> tuple[Command, ...] | None:
    """"no wait, go back one" / "还是上一首吧" right after a skip: the previous track."""
    last = previous[-1] if previous else None
    if last is None or last.intent != "media.skip" or not _BACK_RE.match(fold(text).strip(" ,.!?~，。！？")):
        return None
    return (Command("media.skip", {"direction": "previous"}),)


_REVERT_RE = re.compile(r"^(?:不对|不是|等等|哎呀|算了|还是|嗯)?[\s,，]*(?:还是)?(?:再)?(?:给我)?(?:切|换|改|调|弄|整|变|恢复|关)"
                        r"(?:回去|回来|回原来的?(?:样子|那样)?|回原样|原样)(?:吧|呢|啊|呗)?$"
                        r"|^(?:还是)?恢复(?:原样|原来的?(?:样子|设置)?|之前的?(?:样子|设置)?)(?:吧|呢)?$"
                        r"|^(?:帮我|给我|请)?(?:撤销|撤回|取消|回退|还原)(?:一下)?(?:上一步|刚才|刚刚|上一个|之前)?(?:的)?(?:操作|设置|那一步|指令|命令)?(?:吧|呢)?$"
                        r"|^(?:please\s+)?(?:revert|reverse|roll back)(?: that| it| the last (?:one|step|change|command))?(?: last step| last change)?(?:,? please)?$"
                        r"|^(?:(?:no|nah|actually|ok|okay|hmm|um|sorry)[\s,]+)*(?:(?:put|change|switch|set|turn|make) (?:it|that|things) )?"
                        r"back(?: to (?:how|the way|what) it was| the way it was| to normal| to before| to how it was before)?"
                        r"(?:,? please)?$|^(?:(?:no|actually|oops)[\s,]+)*undo(?: that| it| the last one)?(?:,? please)?$", re.I)
_REVERSED = {"window.open": "window.close", "window.close": "window.open", "sunroof.open": "sunroof.close",
             "sunroof.close": "sunroof.open", "media.pause": "media.play", "media.play": "media.pause",
             "nav.navigate": "nav.cancel"}


_REPEAT_RE = re.compile(r"^(?:(?:ok(?:ay)?|now|and|please)[\s,]+)*(?:(?:do|run|execute|repeat|perform) (?:that|it|this|the last (?:one|step|command))"
                        r"(?: (?:again|once more|one more time))?|(?:same|do it|do that|that) again|once more|one more time|one more|another one|again|repeat(?: that)?)"
                        r"(?:,? please)?$"
                        r"|^(?:请|帮我|麻烦)?(?:再(?:来|执行|做|操作|重复)?一(?:遍|次|下)|重复(?:一(?:遍|次|下))?|再执行|重新执行一?(?:遍|次)?)(?:刚才的?(?:操作|指令)?|上一步)?(?:吧|呗)?$",
                        re.I)
# What repeats as said: steps, skips, and switches (a setting said again changes nothing; a call or route again is a
# new call or route)
_REPEATABLE = ("hvac.adjust_temperature", "hvac.adjust_fan", "media.adjust_volume", "media.skip")


def repeat(text: str, previous: Sequence[Command]) -> tuple[Command, ...] | None:
    """"再来一遍", "run that again", "execute that once more": the previous turn's steps once more, amounts and all."""
    if not previous or not _REPEAT_RE.match(fold(text).strip(" ,.!?~，。！？")):
        return None
    if not all(c.intent in _REPEATABLE for c in previous):
        return None
    return tuple(previous)


# Why the last call is made again or another contact tried: it did not go through.
_NO_ANSWER = (r"(?:(?:还是|又|都)?(?:没(?:打|拨)?通|没人接|没接|不接|打不通|占线|关机了?|no answer|no one answered|nobody answered"
              r"|(?:he|she|they|it|nobody|no one)(?:'s| is| are)? not (?:picking up|answering)|(?:he|she|they) didn't (?:pick up|answer)"
              r"|(?:it )?didn't go through|(?:the )?line(?:'s| is| was) busy|busy|went to voicemail|voicemail)(?:了|啊|呀)?[\s,，.。!！]+)?")
_CALL_AGAIN_RE = re.compile(rf"^{_NO_ANSWER}(?:(?:ok(?:ay)?|please|and|now|just|so)\s+)*(?:call|ring|phone|dial|try|get) (?:him|her|them|that number)"
                            r"(?: (?:again|back|one more time|on the phone))*(?:,? please)?$"
                            rf"|^{_NO_ANSWER}(?:redial|call (?:again|back)|try (?:again|one more time))(?:,? please)?$"
                            rf"|^{_NO_ANSWER}(?:请|帮我|那)?(?:再|重新)(?:给(?:他|她|对方))?(?:打|拨|呼叫)(?:一个|一次|一遍|一下|过去)?(?:电话)?(?:吧|呗)?$"
                            rf"|^{_NO_ANSWER}(?:请|帮我|那)?(?:重拨|回拨)(?:一下)?(?:吧)?$", re.I)
# "no answer, try Uncle Ben": another contact, after a call said not to have gone through ("try the radio" alone is no
# call)
_TRY_OTHER_RE = re.compile(rf"^{_NO_ANSWER[:-1]}(?:(?:ok(?:ay)?|then|so|and)\s+)*(?:try|call|ring|dial) (?P<n>.+?)(?: instead)?(?:,? please)?$"
                           rf"|^{_NO_ANSWER[:-1]}(?:那|那就)?(?:试试|换|改)(?:打给|给|打)?(?P<m>.+?)(?:打)?(?:吧|呗)?$", re.I)


def call_again(text: str, previous: Sequence[Command]) -> tuple[Command, ...] | None:
    """"call her again", "没打通，再打一次", "redial" after a call: the same contact; "no answer, try Uncle Ben": the
    other one."""
    calls = [c for c in previous if c.intent == "phone.call"]
    said = text.strip(" ,.!?~，。！？")
    if not calls:
        return None
    if _CALL_AGAIN_RE.match(fold(said)):
        return (calls[-1],)
    m = _TRY_OTHER_RE.match(said)
    name = ((m.group("n") or m.group("m") or "") if m else "").strip()
    if name and _just_a_name(name) and not re.fullmatch(r"(?:again|back|one more time|him|her|them|that number)", name, re.I):
        return (Command("phone.call", {"contact": name}),)
    return None


def revert(text: str, previous: Sequence[Command]) -> tuple[Command, ...] | None:
    """"还是换回去吧" after the recirculation went on, "back to how it was, please" after the sunroof opened: the last
    switch undone (what it was before is known only for what switches, opens or plays)."""
    last = previous[-1] if previous else None
    if last is None or last.intent == "media.skip" or not _REVERT_RE.match(fold(text).strip(" ,.!?~，。！？")):
        return None
    if "on" in last.slots and isinstance(last.slots["on"], bool):
        kept = {k: v for k, v in last.slots.items() if k in ("zone", "target")}
        return (Command(last.intent, {**kept, "on": not last.slots["on"]}),)
    reversed_intent = _REVERSED.get(last.intent)
    if reversed_intent is None:
        return None
    slots = {k: v for k, v in last.slots.items() if k == "zone" and "zone" in INTENTS[reversed_intent].slots}
    return (Command(reversed_intent, slots),)


def _switch_with_reason(text: str, previous: Sequence[Command], parse: Parse) -> tuple[Command, ...] | None:
    """"还是关上吧 太吵了" after the sunroof was opened: a switch of the last device, with a reason beside it that
    names no device outright (the grammar alone reads "太吵了" as the volume)."""
    from multimodal.command.cues import asked_outright

    low = fold(text)
    pieces = [p for p in re.split(r"[,，。.;；!！?？~]+" + (r"|\s+" if has_han(low) else ""), low) if p.strip()]
    if len(pieces) == 1 and not has_han(low):
        pieces = _switch_then_remark(low)
    if len(pieces) < 2:
        return None
    for i, piece in enumerate(pieces):
        if not _names_nothing(piece, parse):
            continue
        found = switch(piece, previous)
        if not found:
            continue
        others = [p for j, p in enumerate(pieces) if j != i]
        if all(all(c.intent != "unsupported" and not asked_outright(c, p) for c in parse(p))
               and not re.search(r"音乐|歌|music|song|radio|收音机|电台", p) for p in others):
            return found
        return None
    return None


_REMARK_START = re.compile(r"^(?:my|i|i'm|it's|its|she|she's|he|he's|they|they're|we|we're|the|that's|because|cause|cos|as"
                           r"|since|it|this|too|way|so)\b", re.I)


def _switch_then_remark(low: str) -> list[str]:
    """"close it again my granddaughter's cold" said without a pause: the switch and the remark after it, split where
    the words before read as a switch and a remark starts (one piece when there is no such place)."""
    words = low.split()
    for k in range(2, len(words)):
        head, rest = " ".join(words[:k]), " ".join(words[k:])
        if _polarity(head) is not None and _REMARK_START.match(rest) and _polarity(" ".join(words[:k + 1])) is None:
            return [head, rest]
    return [low]


# ---------------------------------------------------------------- the reader
_ENOUGH_RE = re.compile(r"^(?:行了|好了|够了|可以了|差不多了|行啦|好啦|够啦|得了|算了(?=\s*(?:还是|那|就)))(?=[^\s，,。.!！?？])")


_ECHO_YES_RE = re.compile(r"^(?P<v>打开|开启|开|放|播放|播|关上|关掉|关闭|关)(?:吧|呗|呀|啊|一下)?[\s,，.。!！~]+")


def _yes_and_of_it(text: str, question: str, parse: Parse) -> list[Command] | None:
    """A yes and a change of the suggested thing named by a pronoun ("yes please and make it blue" to "Turn on the
    ambient lights?", "好 调到二档" to "要打开座椅加热吗"): the suggestion, read from the question, is what "it" is."""
    low = fold(text).strip(" ,.!?~，。！？")
    m = _YES_RE.match(low)
    echo = _ECHO_YES_RE.match(low)
    if m is None and echo is not None and echo.group("v")[-1] in question:
        m = echo  # "开吧 开到二档" to "要打开座椅加热吗": the question's own verb said back is a yes
    if m is None or not re.search(r"[\s,，.。!！~]$", low[:m.end()]):
        return None
    rest = re.sub(r"^(?:and|but|just|also|then|那|就|然后|再)\s*", "", low[m.end():].strip(), flags=re.I).strip()
    if not rest:
        return None
    asked = re.sub(r"^.*?[，,。.!！]\s*(?=[^，,。.!！]+[?？]?\s*$)", "", question.strip())  # the question, not the news before it
    asked = re.sub(r"^(?:要(?:不要)?|需要|是否|要帮您|帮您|为您|要为您|shall i|should i|do you want me to|want me to|would you like me to"
                   r"|would you like to|do you want to)\s*", "", asked.strip(), flags=re.I)
    asked = re.sub(r"(?:吗|呢|么)?[?？]?$", "", asked).strip()
    suggested = [c for c in parse(asked) if not c.intent.startswith(("dialog.", "unsupported"))]
    if len(suggested) != 1:
        return None
    found = _read_alone(rest, tuple(suggested), parse)
    if not found or any(c.intent.startswith(("dialog.", "unsupported")) for c in found) \
            or any(c.intent.split(".")[0] != suggested[0].intent.split(".")[0] for c in found):
        return None
    return [CONFIRM, *found]


# Not the song playing, another one named ("不是这首 是晴天", "wrong song, I said Yellow"): that title
_OTHER_TITLE = re.compile(r"^(?:不是|不对)(?:这首|这个|这一首|这首歌)?[\s,，]*(?:不是这首)?[\s,，]*(?:我要的是|我说的是|我要听|我要|是|要|放)\s*"
                          r"(?P<zh>[^\s,，。!！?？]{1,20}?)(?:吧|啊|呀|呢|这首)?$"
                          r"|^(?:not this (?:one|song)|wrong (?:song|one)|that's not (?:it|the one))[\s,.]+(?:i (?:said|meant|want(?:ed)?)"
                          r"|play|put on)\s+(?P<en>.+?)[.!]?$", re.I)


def _other_title(text: str, previous: Sequence[Command]) -> tuple[Command, ...] | None:
    if not previous or previous[-1].intent not in ("media.play", "media.skip"):
        return None
    m = _OTHER_TITLE.match(text.strip(" ,.!?~，。！？"))
    title = (m.group("zh") or m.group("en")).strip() if m else ""
    if not title or re.fullmatch(r"这首|这个|那首|那个|it|this|that|this one|that one", title, re.I) \
            or re.search(r"[上下前后]一?[首曲个]|刚才|刚刚|\b(?:next|previous|last|the one before)\b", title, re.I):
        return None  # ("不是，我要上一首": the song before, a skip)
    return (Command("media.play", {"query": title}),)


def read_followup(text: str, context: CommandContext, parse: Parse,
                  parse_whole: Parse | None = None) -> list[Command] | None:
    """The utterance read as a follow-up of ``context``, or None when it is not one. ``parse_whole`` is ``parse``
    giving nothing where a clause is left unread (for the request after an answer)."""
    previous = tuple(context.previous_commands)
    if context.pending_question:
        low = fold(text).strip(" ,.!?~，。！？")
        no = _NO_RE.match(low)
        if no and not re.search(r"[\s,，.。!！~]$", low[:no.end()]):
            no = None  # "不要前挡的": one negated request, not a no and then another
        instead = _other_one(low[no.end():], context.pending_question, parse) if no and low[no.end():].strip() else None
        if instead is not None:
            return [REJECT, instead]  # "不用，开后挡的就行": no, the same for the other glass or seat
        answer = answer_to_pending(text, context.pending_question, parse)
        if answer is not None:
            return [answer]
        both = answer_then_request(text, context.pending_question, parse_whole or parse)
        if both is not None:
            return both
        more = _yes_and_of_it(text, context.pending_question, parse)
        if more is not None:
            return more
    if not previous:
        return None
    # "行了关上吧": enough said of the last change, then the request, with no pause written between them
    text = _ENOUGH_RE.sub("", text, count=1)  # (what follows is the request: "算了还是关上吧")
    found = _other_title(text, previous) or _read_alone(text, previous, parse)
    if found:
        return list(found)
    if not _names_nothing(text, parse):
        found = _chain(text, previous, parse, parse_whole) or _switch_with_reason(text, previous, parse) \
            or _with_remark(text, previous, parse)
        return list(found) if found else None
    found = _chain(text, previous, parse, parse_whole) or switch(text, previous) or cancel(text, previous) \
        or _with_remark(text, previous, parse)
    return list(found) if found else None


def _chain(text: str, previous: Sequence[Command], parse: Parse,
           parse_whole: Parse | None) -> tuple[Command, ...] | None:
    """A follow-up, then more after a pause ("算了，关掉吧，给副驾开上", "取消吧，音量给我设到15", "undo that, then I want
    the volume on 15"): the first pieces read against the previous turn, the rest against what they did, or as a
    request of its own; both must read, and the rest must ask for something, not only complain."""
    pieces = [p.strip() for p in re.split(r"[,，;；。]+|\s+then\s+", text) if p.strip()]
    if len(pieces) < 2:
        return None
    for k in range(1, len(pieces)):
        head, tail = "，".join(pieces[:k]), "，".join(pieces[k:])
        tail = re.sub(r"^(?:(?:and|then|also|so|plus)\s+|然后|还有|顺便|另外|再)", "", tail, flags=re.I).strip()
        # the first part switches, undoes or cancels the previous thing ("go back, I want to go home" is no chain)
        first = switch(head, previous) if _names_nothing(head, parse) else None
        first = first or revert(head, previous) or cancel(head, previous)
        if not first or any(c.intent in _COMPLAINT_INTENTS for c in first):
            continue
        second = read_followup(tail, CommandContext(previous_commands=tuple(first)), parse, parse_whole) \
            or (parse_whole or parse)(tail)
        if any(c.intent == "nav.cancel" for c in first) and any(c.intent == "nav.navigate" for c in second or ()):
            return None  # "never mind, find a charging station instead": the new route replaces the old one
        if second and not any(c.intent in _COMPLAINT_INTENTS for c in second) \
                and not any(c.key() == f.key() for c in second for f in first):
            return (*first, *second)
    return None


def _read_alone(text: str, previous: Sequence[Command], parse: Parse) -> tuple[Command, ...] | None:
    """The follow-ups whose words say all of it ("same for the back", "one more", "再打一次"), first that reads."""
    return same_for_zone(text, previous) or level_step(text, previous) or relative(text, previous) \
        or amount(text, previous) or weather_again(text, previous, parse) or skip_back(text, previous) \
        or resume(text, previous) or revert(text, previous) or repeat(text, previous) or call_again(text, previous) \
        or another_artist(text, previous)


# "换陈奕迅吧", "换成周杰伦的" after a song: another artist or title to play
_ANOTHER_ZH = re.compile(rf"^(?:{_FILLER})*(?:那|还是|要不)?换(?:成|一?个|一?首)?(?P<q>[^，,。？?\s]{{2,12}}?)(?:的歌|的)?(?:吧|呗|啊|呀)?[。!！]?$")


def another_artist(text: str, previous: Sequence[Command]) -> tuple[Command, ...] | None:
    if not previous or previous[-1].intent != "media.play":
        return None
    from multimodal.command.cues import names_a_thing
    from multimodal.command.rules import UNSAFE_RE

    m = _ANOTHER_ZH.match(fold(text).strip())
    if m is None or re.fullmatch(r"(?:一|下一|上一|别的|其他|首|个|歌|一下|掉|了)+", m.group("q")) or m.group("q").startswith("成"):
        return None
    # "换成内循环", "换成N" (a gear): a thing of the car or a driving control is no artist
    if names_a_thing(m.group("q")) or UNSAFE_RE.search(text) or re.search(r"[档挡]|^[a-z]$|循环|模式|颜色|色$", m.group("q")):
        return None
    return (Command("media.play", {"query": m.group("q")}),)


_DOUBLED_VERB = re.compile(r"^(关掉|关上|关了|打开|开开|关|开)\1+")


def _with_remark(text: str, previous: Sequence[Command], parse: Parse) -> tuple[Command, ...] | None:
    """A follow-up said with an impatient or explaining remark beside it ("后排也一样，听见没有", "杭州呢？快说",
    "关掉关掉，烫死了", "Turn it off, my back is burning!"): the one piece that reads as a follow-up, when every
    other piece asks for nothing outright (a complaint, or words the car has nothing for; never a refusal)."""
    from multimodal.command.cues import asked_outright

    low = fold(text)
    pieces = [p.strip() for p in re.split(r"[,，。.;；!！?？~]+" + (r"|\s+" if has_han(low) else ""), text) if p.strip()]
    pieces = [re.sub(r"^(?:(?:and|then|also|but|so|plus)\s+|然后|还有|顺便|另外|并且)", "", p, flags=re.I).strip() or p
              for p in pieces]
    if len(pieces) < 2:
        return None

    def remark(piece: str) -> bool:
        if re.search(r"音乐|歌|music|song|radio|收音机|电台", piece, re.I) \
                or re.match(r"(?:那就|那|就)?(?:改成|换成|改去|换去|改到|换到|还是|instead\b|make it\b|change it\b|switch\b)", piece, re.I):
            return False  # "不去了，改成灵隐寺": the second piece asks for something new
        from multimodal.command.rules import _asks_unread

        return all((c.intent == "unsupported" and c.slots.get("reason") != "unsafe" and not _asks_unread(piece))
                   or (c.intent in _COMPLAINT_INTENTS and c.intent != "unsupported" and not asked_outright(c, piece))
                   for c in parse(piece))

    for i, piece in enumerate(pieces):
        alone = _DOUBLED_VERB.sub(r"\1", piece)
        found = _read_alone(alone, previous, parse) \
            or (switch(alone, previous) if _names_nothing(alone, parse) else None) or cancel(alone, previous)
        if found:
            return found if all(remark(p) for j, p in enumerate(pieces) if j != i) else None
    return None
