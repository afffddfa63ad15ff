"""Free-text slot values in one canonical form, whoever read them (the rule grammar or a language model).

The contract (shared/spec/commands.md) copies free text from the utterance, trimmed, without particles. Two
kinds of words around the copy are not part of what is named, and readers disagreed on them:

- a media query is the title, artist or genre: the container words around it ("pop *music*", "*the song*
  Yesterday", "期待*这首歌*", "劲爆*的歌曲*", "*some* jazz", "*the* Beatles") are not, and neither is a track
  word before a number ("track 34" -> "34"); a query of container words alone names nothing (no query:
  play/resume);
- a weather place that only points at where the car is ("here", "my area", "这里") names no place:
  the weather is asked for the current location, which is what no ``location`` means.

A lower-case article goes from the front of a weather place too ("in the Ouachita National Forest"; "The Hague"
keeps its own). Destinations and contacts are left as copied.
"""

from __future__ import annotations

import re

from multimodal.text.lexicon import without_filler


# Container words are stripped only where they cannot be part of a title: in lower case (a typed or sung title
# keeps its capitals: "The Sound of Music", "Band of Horses", "Something Just Like This"), after a determiner
# or before a linking word ("the song X", "songs by X", not "Song 2" or "Songs of Innocence").
_EN_HEAD = re.compile(
    r"^(?:(?:some|a|an|the|my|any)\s+)?(?:songs?|music|tracks?|tunes|albums?|playlists?|podcasts?|artists?|bands?"
    r"|singers?|genres?)\s+(?:called|named|titled|by|from)\s+(?:the\s+(?:genre|band|artist|singer)\s+)?"
    r"|^(?:the|a|an)\s+(?:song|album|track|playlist|podcast|artist|band|singer|genre)\s+(?=\S)")
# "something romantic": a word or two after it; longer runs may be a title ("something just like this")
_EN_SOMETHING = re.compile(r"^(?:something|anything)\s+(?:(?:by|from|like)\s+(?:the\s+(?:genre|band|artist)\s+)?"
                           r"|(?=\S+(?:\s+\S+)?$))")
_EN_ARTICLE = re.compile(r"^(?:some|an?|the)\s+(?=\S)")  # lower-case only: "The Who" is the band's name
# "play me some X": "me"/"us" only before a determiner or container word (a band may start with "Me")
_EN_FILLER = re.compile(r"^(?:me|us)\s+(?=(?:some|a|an|the|something|anything|songs?|music|tunes)\b)")
# not after "of"/"the" ("The Sound of Music" typed in lower case still ends in "of music")
_EN_TAIL = re.compile(r"(?<!\bof)(?<!\bthe)\s+(?:music|songs?|tunes|albums?|playlists?|podcasts?|radio station)$")
_TRACK_NUMBER = re.compile(r"^(?:track|number|no\.?)\s+(?=\d+$)")
# Chinese container words: 这首歌 / 那首 / 歌曲 / 的音乐 around the title; a bare 音乐/歌曲 tail only after two
# characters or more (轻音乐 and 纯音乐 are genres).
_ZH_HEAD = re.compile(r"^(?:(?:那|这)(?:一)?首|一首|(?:一|几)(?:段|曲|出|折|首)|歌曲|(?:一)?首歌叫|歌名叫)(?=..)")
_ZH_TAIL = re.compile(r"(?:(?<=..)给(?:我|我们|咱们?|大家|孩子们?|小朋友们?|宝宝|宝贝|妹妹|弟弟|姐姐|哥哥|闺女|女儿|儿子|他|她|他们|她们"
                      r"|老人家?|奶奶|爷爷|姥姥|姥爷|外婆|外公|爸爸?|妈妈?|老婆|老公|媳妇|客人|乘客)(?:听听|听一下|听)"
                      r"|听听|听一听|听一下|来听听|提提神|提个神|提神|解解闷|解闷|醒醒神|这首歌曲?|那首歌曲?|这首|那首|这个歌|这支歌|的歌曲|的歌儿?|的音乐|的曲子|(?<=..)歌曲|(?<=..)音乐|(?<=..)的)$")
# The driver's remark after the title, said without a pause mark ("五月天 我要跟着吼", "Mitski I'm in my feels")
_REMARK_TAIL = re.compile(r"\s+(?:我|我们|咱|咱们)(?:要|想|就|得|今天|现在|跟着)[^，,]*$|\s+(?:i'?m|i am|we'?re|we are|it'?s|cause|because|cuz)\b.*$",
                          re.I)
_GENERIC = re.compile(r"^(?:music|songs?|tunes|tracks?|something|anything|stuff|audio|media"
                      r"|(?:一|几)?(?:首|些|点|曲)?(?:歌|歌曲|音乐|曲子|歌儿))$", re.I)
_DETERMINER = re.compile(r"^(?:my|your|our|their|his|her|the|a|an|some|this|that)$", re.I)
_EDGE = " \t,.;:!?\"'()[]{}<>~_/\\|·…、，。；：！？“”‘’（）《》【】"  # punctuation only: a title keeps its particles (起风了)

_DEICTIC_PLACE = re.compile(
    r"^(?:(?:right |over |around |near |out )?here|(?:in |around )?(?:my|this|our|the) (?:area|city|town|location|place|region)"
    r"|(?:my|the|our) (?:current )?(?:location|position)|current (?:location|position)|where i am|where we are"
    r"|local(?:ly)?|nearby|outside|(?:我|咱们?|我们)?(?:这里|这边|这儿|附近|所在地|当前位置|现在的位置))$", re.I)


def media_query(text: str) -> str | None:
    """The title, artist or genre a play request names, or None when it names nothing but music."""
    q = text.strip(_EDGE)
    for _ in range(3):  # heads stack: "me some songs by the band X"
        before = q
        for rx in (_EN_FILLER, _EN_SOMETHING, _EN_HEAD, _TRACK_NUMBER, _ZH_HEAD):
            q = _cut(rx, q)
        if len(q.split()) > 1:
            q = _cut(_EN_ARTICLE, q)
        for rx in (_EN_TAIL, _ZH_TAIL, _REMARK_TAIL):
            q = _cut(rx, q)
        if q == before:
            break
    if not q or _GENERIC.match(q):
        return None
    return q


def _cut(rx: re.Pattern, q: str) -> str:
    """``q`` without what ``rx`` matches, unless nothing (or a bare determiner: "my playlist") would be left."""
    rest = rx.sub("", q, count=1).strip(_EDGE)
    return rest if rest and not _DETERMINER.match(rest) else q


# The verb of the request read as a place ("播放今天的天气预报", "查一下明天的天气")
_ASKING = re.compile(r"^(?:帮我|给我|请)?(?:播放|播报|放|播|查|查一下|查查|查询|看看|看一下|告诉我|说说|说一下|报一下)$")


def place(text: str) -> str | None:
    """A weather place without a leading lower-case article; None when it only points at where the car is."""
    p = text.strip(_EDGE)
    if _DEICTIC_PLACE.match(p) or _ASKING.match(p):
        return None
    return re.sub(r"^the\s+(?=\S)", "", p)  # lower-case only: "The Hague" is the name


def destination(text: str) -> str:
    """A place to drive to without a leading lower-case article ("a hospital", "the airport"); a capital one is the
    name's own ("The Cheesecake Factory")."""
    p = text.strip(_EDGE)
    return re.sub(r"^(?:the|a|an)\s+(?=\S)", "", p) or text


_QUOTABLE = ("query", "destination", "contact", "location", "name", "label")
_QUOTES = "\"'“”‘’「」『』《》〈〉`"
_OPENING, _CLOSING = "“‘「『《〈", "”’」』》〉"


def _unquote(value: str) -> str:
    """"“稍后提醒”", "'Remind me later'", "《晴天》", "“稍后提醒": the words without the marks a writer put around
    them. A mark that belongs to the words stays ("'Til Tuesday", "Rock 'n' Roll")."""
    s = value.strip()
    while len(s) > 2 and s[0] in _QUOTES and s[-1] in _QUOTES:
        s = s[1:-1].strip()
    if len(s) > 1 and s[0] in _OPENING and _CLOSING[_OPENING.index(s[0])] not in s:
        s = s[1:].strip()
    if len(s) > 1 and s[-1] in _CLOSING and _OPENING[_CLOSING.index(s[-1])] not in s:
        s = s[:-1].strip()
    return s or value


def canonical_slots(intent: str, slots: dict) -> dict:
    """``slots`` with their free-text values in canonical form; a value that names nothing is dropped."""
    out = dict(slots)
    for slot in _QUOTABLE:
        if isinstance(out.get(slot), str):
            out[slot] = without_filler(_unquote(out[slot]))
    for (of_intent, slot), canonical in _CANONICAL.items():
        if intent == of_intent and isinstance(out.get(slot), str):
            value = canonical(out[slot])
            if value is None:
                del out[slot]
            else:
                out[slot] = value
    if intent == "media.play" and out.get("source") == "radio" and isinstance(out.get("query"), str):
        # a frequency with its band ("FM 94.7", "调频九十四点七"): the number, as the grammar reads it
        band = re.fullmatch(r"(?:fm|am|调频|调幅)\s*(\d+(?:\.\d+)?)(?:\s*(?:fm|am|mhz|兆赫))?", out["query"].strip(), re.I)
        if band:
            out["query"] = band.group(1)
    return out


def warning_name(text: str) -> str | None:
    """A warning light's name without a leading lower-case determiner ("the battery warning light"); a colour alone
    ("红灯", "that yellow light") names no warning (the contract's deictic question)."""
    if COLOUR_ONLY.fullmatch(text.strip(_EDGE)):
        return None
    name = re.sub(r"^(?:the|my|this|that|a|an)\s+(?=\S)", "", text.strip(_EDGE))
    name = re.sub(r"(?<=[\u4e00-\u9fff])(?:呢|吗|啊|呀|嘛)+$", "", name)  # "那机油灯呢": the particle asks, it names nothing
    return name or None


COLOUR_ONLY = re.compile(r"(?:(?:这个|那个|这|那|个|小|the|that|this|a|little|small|tiny|bright)\s*)*"
                         r"(?:[红黄橙绿蓝白紫]色?|橘黄色?|red|yellow|orange|amber|green|blue|white)\s*(?:的\s*)?"
                         r"(?:灯|小灯|指示灯|警示灯|警告灯|lights?|lamps?|warning lights?|warning)", re.I)


def contact(text: str) -> str | None:
    """A contact without the call's own words around it ("一下小美的电话嘛" -> 小美, "高温打" -> 高温)."""
    c = text.strip(_EDGE)
    c = re.sub(r"\s+and\s+(?:i|we)(?:'ll|'d| will| can| could| want to| wanna)?\s+(?:ask|tell|see|find out|check)\b.*$", "", c,
               flags=re.I)  # "ring Uncle Dave and I'll ask where the groomsmen are": what the call is for
    c = re.sub(r"^(?:一下|个|一个)(?=..)", "", c)
    c = re.sub(r"(?<=.)(?:的电话|的手机|电话|手机)?(?:号码)?(?:嘛|吧|呗|啊|呀)*$", "", c)
    c = re.sub(r"(?<=..)(?:打|拨|的)$", "", c)
    return c or text


_CANONICAL = {("media.play", "query"): media_query, ("query.weather", "location"): place,
              ("query.warning", "name"): warning_name, ("phone.call", "contact"): contact,
              ("nav.navigate", "destination"): destination}
