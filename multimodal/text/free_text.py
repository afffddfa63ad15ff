"""Free-text slot values in one canonical form, whoever read them (the rule grammar or a language model).

The contract (shared/spec/commands.md) copies free text from the utterance, trimmed, without particles. Two
kinds of words around the copy are not part of what is named, and readers disagreed on them:

- a media query is the title, artist or genre: the container words around it ("pop *music*", "*the song*
  Yesterday", "期待*这首歌*", "劲爆*的歌曲*", "*some* jazz", "*the* Beatles") are not, and neither is a track
  word before a number ("track 34" -> "34"); a query of container words alone names nothing (no query:
  play/resume);
- a weather place that only points at where the car is ("here", "my area", "这里", "本地") names no place:
  the weather is asked for the current location, which is what no ``location`` means.

Articles go from the front of weather places and destinations too ("in the Ouachita National Forest"). Home and
work stay symbolic (multimodal/command/guard.py canonicalise).
"""

from __future__ import annotations

import re

from multimodal.text.lexicon import trim_text

# English container words: a query's head or tail, never all of it.
_EN_HEAD = re.compile(
    r"^(?:(?:some|a|an|the|my|any)\s+)?(?:(?:songs?|music|tracks?|tunes?|albums?|playlists?|podcasts?|artists?|bands?"
    r"|singers?|genres?|records?)\s+(?:called|named|titled|by|from|of|in)\s+(?:the\s+(?:genre|band|artist|singer)\s+)?"
    r"|(?:song|album|track|playlist|podcast|artist|band|singer|genre)\s+(?=\S))", re.I)
_EN_SOMETHING = re.compile(r"^(?:something|anything|stuff)\s+(?:(?:by|from|of|in|like)\s+(?:the\s+(?:genre|band|artist)\s+)?)?",
                           re.I)
_EN_ARTICLE = re.compile(r"^(?:some|a|an|the)\s+(?=\S)", re.I)
# "play me some X", "only X", "a song by X": "me"/"us" only before a determiner or container word (a band may
# start with "Me")
_EN_FILLER = re.compile(r"^(?:(?:(?:me|us)(?=\s+(?:some|a|an|the|something|anything|songs?|music|tunes)\b)|only|just|by)\s+)+"
                        r"(?=\S)", re.I)
_EN_TAIL = re.compile(r"\s+(?:music|songs?|tunes|tracks?|albums?|playlists?|podcasts?|artists?|band|genre|records?"
                      r"|radio station)$", re.I)
_TRACK_NUMBER = re.compile(r"^(?:track|song|number|no\.?)\s+(?=\d+$)", re.I)
# Chinese container words: 这首歌 / 那首 / 歌曲 / 的音乐 around the title.
_ZH_HEAD = re.compile(r"^(?:(?:那|这)(?:一)?首|(?:一)?首|一曲|一段|歌曲|(?:一)?首歌叫|歌名叫|叫做?)(?=.)")
_ZH_TAIL = re.compile(r"(?:这首歌曲?|那首歌曲?|这首|那首|这个歌|这支歌|的歌曲|的歌儿?|的音乐|的曲子|歌曲|音乐)$")
_GENERIC = re.compile(r"^(?:music|songs?|tunes|tracks?|something|anything|stuff|audio|media|歌|歌曲|音乐|曲子|歌儿)$", re.I)

_DEICTIC_PLACE = re.compile(
    r"^(?:(?:right |over |around |near |out )?here|(?:in |around )?(?:my|this|our|the) (?:area|city|town|location|place|region)"
    r"|(?:my|the|our) (?:current )?(?:location|position)|current (?:location|position)|where i am|where we are"
    r"|local(?:ly)?|nearby|outside|(?:我|咱们?|我们)?(?:这里|这边|这儿|附近|本地|当地|所在地|当前位置|现在的位置))$", re.I)


def media_query(text: str) -> str | None:
    """The title, artist or genre a play request names, or None when it names nothing but music."""
    q = trim_text(text)
    for _ in range(3):  # heads stack: "some of the songs by the band X"
        before = q
        q = trim_text(_EN_FILLER.sub("", q))
        q = trim_text(_EN_SOMETHING.sub("", q))
        q = trim_text(_EN_HEAD.sub("", q)) if _EN_HEAD.sub("", q).strip() else q
        q = trim_text(_TRACK_NUMBER.sub("", q))
        q = trim_text(_EN_ARTICLE.sub("", q)) if len(q.split()) > 1 else q
        q = trim_text(_EN_TAIL.sub("", q)) if _EN_TAIL.sub("", q).strip() else q
        q = trim_text(_ZH_HEAD.sub("", q))
        q = trim_text(_ZH_TAIL.sub("", q)) if _ZH_TAIL.sub("", q).strip() else q
        if q == before:
            break
    if not q or _GENERIC.match(q):
        return None
    return q


def place(text: str) -> str | None:
    """A weather place or destination without a leading article; None when it only points at where the car is."""
    p = trim_text(text)
    if _DEICTIC_PLACE.match(p):
        return None
    stripped = re.sub(r"^the\s+(?=\S)", "", p, flags=re.I)
    return stripped if stripped.strip() else p


def canonical_slots(intent: str, slots: dict) -> dict:
    """``slots`` with their free-text values in canonical form; a value that names nothing is dropped."""
    out = dict(slots)
    if intent == "media.play" and isinstance(out.get("query"), str):
        q = media_query(out["query"])
        if q is None:
            del out["query"]
        else:
            out["query"] = q
    if intent == "query.weather" and isinstance(out.get("location"), str):
        loc = place(out["location"])
        if loc is None:
            del out["location"]
        else:
            out["location"] = loc
    return out
