"""The `rules` command model: a deterministic zh/en grammar, the baseline the SFT model is compared to.

How it reads an utterance:

1. whole-utterance checks: driving controls (and doors/trunk while moving) -> ``unsupported/unsafe``;
   a bare yes/no -> ``dialog.confirm`` / ``dialog.reject``;
2. the utterance is split into clauses on connectives (并/然后/顺便/和/, and/then/also/commas);
3. each clause is matched against an ordered table of *frames* (one row per intent form, zh and en
   patterns side by side); the first frame whose trigger matches and whose builder accepts the clause
   gives the command. A clause that matches nothing is glued back onto the previous clause (the
   split was probably inside one command) and re-read;
4. nothing understood -> ``unsupported/out_of_domain``.

It is honest rather than clever: no guessing beyond the tables. Extend it by adding rows.
"""

from __future__ import annotations

import difflib
import functools
import re
import time
from dataclasses import dataclass, replace
from typing import Any, Callable, Iterable, Sequence

from multimodal.command import utterance
from multimodal.command.comparative import read_comparative
from multimodal.command.cues import call_planned, naming_asked, quiet_asked
from multimodal.command.followup import MINE_WORDS, amount as amount_for, read_followup
from multimodal.text.cjk import has_han
from multimodal.text.free_text import canonical_slots
from multimodal.text.lexicon import (
    NUM, fold, fold_width, normalize_label, parse_number, strip_leading, trim_text, zone_named, zone_span,
)
from multimodal.protocols import BackendInfo, CommandContext, ParseResult, detect_lang
from vehicle_state.commands import (
    MAX_COMMANDS_PER_UTTERANCE, REASON_OUT_OF_DOMAIN, REASON_UNSAFE, Command, validate_command,
)

OOD = Command("unsupported", {"reason": REASON_OUT_OF_DOMAIN})
UNSAFE = Command("unsupported", {"reason": REASON_UNSAFE})


def _rx(pattern: str) -> re.Pattern:
    return re.compile(pattern, re.IGNORECASE)


# ================================================================= clause features

OFF_RE = _rx(r"关闭|关掉|关上|关了|关一下|关下|关小(?!一)|关|停止|停掉|停用|禁用|取消|(?:不要|别|不用|不需要|不必|甭)(?:再)?开(?!太|得|那么|这么|大|小|高|低|冷|热|快|慢)|退出|熄(?!火)|灭(?!火)|歇了|\bdouse\b"
             # "不开暖气了 太干": not run any more (not "开不开", an A-not-A question, nor "要不开个空调", a suggestion)
             r"|(?<![开要])不(?:再)?开(?!心|始|车|得|太|那么|这么|大|小|高|低|冷|热|快|慢|[^，,]{0,8}吗)(?=[^，,]{0,6}了)"
             # "no AC, just open the windows": the thing said with "no" before it
             r"|^(?:no|without)\s+(?:the\s+)?(?=(?:ac|a/c|air ?con\w*|heat(?:er|ing)?|music|radio|massage|recirc\w*|seat heat\w*)\b)"
             # "座椅别加热了", "不用通风了": the thing's own work, forbidden
             r"|(?:不要|别|不用|不需要|甭)(?:再)?(?:加热|通风|按摩)(?=了|啦|吧|$|[\s，,。!！])"
             r"|\b(?:don'?t|do not|no need to) (?:turn|switch) on\b|\bno need for\b|\boff\b|\bclose\b|\bdisable\b|\bdeactivate\b|\bstop\b|\bkill\b|\bshut\b|\bno more\b|\bend\b")
ON_RE = _rx(r"打开|开启|开一下|开下|开|启动|启用|激活|整上|弄上|搞上|整起来|来点儿?(?=暖气|暖风|热风|冷气|冷风|空调)"
            # (a remark's "on" switches nothing: "looks sick on camera", "we're on the way")
            r"|\bon\b(?!\s+(?:camera|air|stream|screen|time|the (?:way|road|phone|call|stream|highway|freeway|radio|dash)|my (?:way|phone)))|\bopen\b|\benable\b|\bactivate\b|\bstart\b")


@dataclass(frozen=True)
class Clause:
    """One clause of an utterance and the cheap features every frame may read."""

    text: str  # width-folded original (keeps case for free text)
    low: str  # folded + lower-cased: what triggers match
    zone: str | None
    polarity: bool | None  # explicit on/off cue in this clause
    inherited: bool | None  # polarity of the previous clause (for "关闭空调和座椅加热")
    labels: tuple[str, ...] = ()

    @property
    def on(self) -> bool:
        """Explicit cue, else the previous clause's, else on."""
        if self.polarity is not None:
            return self.polarity
        return self.inherited if self.inherited is not None else True


_GERUND_VERBS = {"opening": "open", "closing": "close", "turning": "turn", "switching": "switch", "playing": "play",
                 "putting": "put", "shutting": "shut", "rolling": "roll", "setting": "set", "raising": "raise",
                 "lowering": "lower", "cranking": "crank", "calling": "call", "navigating": "navigate",
                 "finding": "find", "taking": "take", "skipping": "skip", "pausing": "pause", "muting": "mute",
                 "bumping": "bump", "dimming": "dim", "cracking": "crack", "heating": "heat", "cooling": "cool"}
# "would you mind opening the window", "how about turning the AC on": a request said with the -ing form
_GERUND_ASK = re.compile(r"\b(?:would you mind|do you mind|mind|how about|what about|could you try|can you try|try)\s+"
                         rf"(?P<v>{'|'.join(_GERUND_VERBS)})\b", re.I)


# "could it BE any hotter in here?": the sarcastic question says it is too hot
_SARCASM = re.compile(r"\bcould it be any (?P<w>hotter|warmer|colder|louder|noisier)\b", re.I)
_SARCASM_SAYS = {"hotter": "hot", "warmer": "hot", "colder": "cold", "louder": "loud", "noisier": "loud"}


def make_clause(text: str, inherited: bool | None = None, labels: tuple[str, ...] = ()) -> Clause:
    folded = re.sub(r"\s+", " ", fold_width(text)).strip()
    folded = _GERUND_ASK.sub(lambda m: _GERUND_VERBS[m.group("v").lower()], folded)
    folded = _SARCASM.sub(lambda m: f"it's way too {_SARCASM_SAYS[m.group('w').lower()]}", folded)
    low = folded.lower()
    z = zone_span(low)
    # zone words must not count as on/off cues ("开" never appears in them, but "关" could via "机关")
    body = low if z is None else low[: z[1]] + " " + low[z[2]:]
    if OFF_RE.search(body):
        pol: bool | None = False
    elif ON_RE.search(body):
        pol = True
    else:
        pol = None
    return Clause(folded, low, z[0] if z else None, pol, inherited, labels)


Slots = dict[str, Any]
Builder = Callable[[Clause, re.Match], "Slots | Command | None"]


@dataclass(frozen=True)
class Frame:
    """One row of the grammar: an intent, a trigger and a builder that reads the slots.

    A builder returns the slots (a dict), a whole Command (for special answers such as
    out_of_domain), or None to decline so the next frame is tried.
    """

    intent: str
    trigger: re.Pattern
    build: Builder


# ================================================================= small slot readers

MAX_RE = r"最大|最高|最强|最亮|满格|\bmax(?:imum)?\b|\bfull(?:est)?\b|\bhighest\b|all the way up|\btop\b"
MIN_RE = r"最小|最低|最弱|\bmin(?:imum)?\b|\blowest\b|all the way down"


def _level(low: str, max_level: int) -> int | None:
    if re.search(MAX_RE, low):
        return max_level
    if re.search(MIN_RE, low):
        return 1
    if max_level == 3:
        # a seat's three levels named ("座椅加热调到中档", "seat heater on high"): low 1, medium 2, high 3
        for pat, level in ((r"低档|低挡|一档低|\b(?:on|to|at) low\b|\blow (?:setting|level)\b", 1),
                           (r"中档|中挡|中间(?:那个|那)?[档挡]|中等|中级|\b(?:on|to|at) (?:medium|mid)\b|\bmedium\b", 2),
                           (r"高档|高挡|\b(?:on|to|at) high\b|\bhigh (?:setting|level)\b", 3)):
            if re.search(pat, low):
                return level
    for pat in (rf"({NUM})\s*(?:档|挡|级|格)", rf"(?:level|setting|speed|gear)\s+({NUM})",
                rf"(?:to|at|on)\s+({NUM})\b", rf"(?:调到|调至|开到|设为|设置为|调成|设到|到|为)\s*({NUM})"):
        m = re.search(pat, low)
        if m:
            value = parse_number(m.group(1))
            if isinstance(value, int):
                return value
    return None


_FEELING_DEGREE_RE = re.compile(
    r"(?:我|人|感觉|觉得|头|身上|心里)?有一?点儿?(?=[\u4e00-\u9fff])(?!开|打开|窗|缝)"
    r"|\b(?:feel|feels|feeling|felt|i'm|im|i am|it's|its|it is|is|am|are|getting|gets|got|looks?|seems?)\s+"
    r"(?:a (?:little )?bit|a little|slightly|a touch|a tad)\s+(?!more\b|wider\b|open\b|further\b)[a-z]+", re.I)


def _percent(low: str) -> int | None:
    """Opening amount: 一半/halfway = 50, 一点/一条缝/a bit/a crack = 20, explicit numbers as said."""
    m = re.search(rf"百分之\s*({NUM})", low) or re.search(rf"({NUM})\s*(?:%|percent|per cent)", low)
    if m:
        value = parse_number(m.group(1))
        if isinstance(value, (int, float)):
            return int(value)
    m = re.search(r"([一二两三四五六七八九])成", low)
    if m:
        return int(parse_number(m.group(1))) * 10  # 三成 is 30%
    if re.search(r"\ba quarter\b|四分之一", low):
        return 25
    if re.search(r"three quarters|四分之三", low):
        return 75
    if re.search(r"\ba third\b|\bone third\b|三分之一", low):
        return 33
    if re.search(r"\btwo thirds\b|三分之二", low):
        return 67
    if re.search(r"一半|半开|\bhalf(?:way)?\b|\b50/50\b", low):
        return 50
    low = _FEELING_DEGREE_RE.sub(" ", low)  # "i feel a bit faint", "我有一点晕": how the driver feels, not how far
    if re.search(r"一点|一条缝|一道缝|一个缝|条缝|个缝|缝儿|一丝|一些|点点|开点(?=窗|天窗|车窗)|(?:摇|降|放|拉)(?:下来|下|开)点儿?(?![度档])|打开点儿?$|\ba (?:little )?bit\b|\ba crack\b|\bcrack\b"
                 r"|\bslightly\b|\ba little\b|\ba touch\b|\ban inch\b|\ba (?:smidge|smidgen|tad|hair|teeny bit|tiny bit|wee bit|sliver)\b"
                 r"|一丢丢|一丁点", low):
        return 20
    m = re.search(rf"(?:开到|降到|打开到|to)\s*({NUM})(?!\s*(?:度|degrees))", low)
    if m:
        value = parse_number(m.group(1))
        if isinstance(value, int) and 1 <= value <= 100:
            return value
    return None


def _amount(low: str, units: str) -> int | float | None:
    """An explicit step ("调高两度", "up by 3", "half a degree", "半度"); "一点"/"a bit" is not an amount."""
    low = re.sub(r"\b(?:a )?couple(?: of)?\b", "two", low)
    low = re.sub(rf"(?<!half )\b(?:a|one single)\s+(?={units})", "one ", low)  # "up a degree", "down a notch"
    if re.search(rf"(?<!and a )\bhalf (?:a )?(?:{units})|(?<![\d零一二两三四五六七八九十个])半\s*(?:{units})", low):
        return 0.5
    m = re.search(rf"\bby\s+({NUM})", low)
    if not m:
        m = re.search(rf"({NUM})\s*(?:{units})", low)
    if not m:
        return None
    value = parse_number(m.group(1))
    if value is None or value == 0:
        return None
    span = m.group(0)
    if value == 1 and re.match(r"一\s*点(?![零一二三四五六七八九\d])", span):
        return None
    return value


def _with_zone(slots: Slots, clause: Clause) -> Slots:
    if clause.zone:
        slots["zone"] = clause.zone
    return slots


# ================================================================= frames: queries and dialogue

DOOR_RE = _rx(r"车门|滑门|(?:左|右)(?:前|后)门|(?:主驾|副驾|司机|驾驶)(?:座|位)?(?:那边|这边)?的?门(?!口)|门锁|(?<!几点)(?<!几点钟)(?<!啥时候)(?<!什么时候)(?<!多晚)(?<!还)(?:开门|关门)(?!时间)|锁门|锁车|解锁|后备箱|后备厢|尾门|行李箱|引擎盖|前备箱|油箱盖|充电口盖?"
              r"|\bdoors?\b|\btrunk\b|\bboot\b|tailgate|liftgate|\bhood\b|bonnet|frunk|\bunlock\b|lock the car")
MOVING_RE = _rx(r"行驶|边开着?(?:车)?边|一边开(?:车)?|(?<!打)开车(?!门)|正在开|开着车|在开车|车在走|车还在|路上|高速上|跑着|开得|时速|moving|driving|while we|"
                r"on the (?:highway|freeway|motorway|road)|at \d+ ?(?:km|mph|kph)|at speed|in motion|\bspeeding\b"
                r"|(?:going|doing) (?:\d+|(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|a hundred)\b)"
                r"|(?:车速|时速)[^，,]{0,3}\d+|(?:^|[，,\s]|车|我)(?:还|正|在)*开着呢|还在开|跑着呢"
                r"|\b(?:\d+|[a-z]+ty) ?(?:mph|km/?h|kph)\b|\brolling\b|\bcruising\b|\bon the move\b|在跑|还在走|(?:车|还|正)(?:在)?(?:走|跑|动)着|没停|(?:车)?(?:先|还|可)?(?:别|不要|不能)停|\b(?:don'?t|do not) stop\b"
                r"|车(?:子)?(?:正|还|在|正在)+(?:走|跑|开)着?|(?:正|还)在?(?:走|跑)着呢")
# A jam that does not move at all ("堵着一动不动", "we're at a complete standstill"): the car stands still, whatever
# road it stands on
STANDSTILL = (r"一动不动|纹丝不动|动都不动|动也不动|(?:完全|根本|压根)(?:走|动)不了|堵死了?|堵着不动|停在路上"
              r"|\bstandstill\b|\b(?:not|n't|haven't|hasn't|aren't|isn't) (?:moved|moving|budged|budging)\b"
              r"|\bnot going anywhere\b|(?<!not )(?<!n't )\b(?:at a|to a) (?:complete |dead |full |total )?stop\b|\bdead stop\b"
              r"|\bparking lot\b")
STANDSTILL_RE = _rx(STANDSTILL)
# Things at home ("把家里的空调先打开", "turn on the massage chair at home", "board up the windows"): a smart home, no command
# of the car
AT_HOME = (r"\bat (?:my|our) (?:house|home|place|flat|apartment)\b"
           r"|(?:家里|家中|屋里|我家)的?(?:空调|暖气|地暖|灯|电灯|热水器|电视|窗帘|窗户|门窗|大门|新风|扫地机器人|扫地机|加湿器|电饭煲)"
           r"|\b(?:lights?|heating|heater|a/?c|air ?con\w*|thermostat|tv|blinds|curtains|windows|doors|garage(?: door)?|massage chair"
           r"|oven|kettle|coffee maker|sprinklers?|robot vacuum|vacuum|security system)\b(?:\s+\w+){0,2}?\s+(?:at|in)\s+(?:my |our |the )?"
           r"(?:home|house|flat|apartment)\b|\b(?:home|house)(?:'s)? (?:lights|heating|thermostat)\b"
           r"|\bboard(?:ing|ed)? (?:up )?(?:the |my |our )?(?:windows|house|doors)\b|\bboard (?:them|it) up\b")
# Words that say the car stands still: a door then asked for is out of domain, never unsafe.
PARKED_RE = _rx(r"\bparked\b|\bin park\b|\bstopped\b|\bstanding still\b|(?:we'?re|i'?m) (?:here|home|back)\b|\barrived\b"
                r"|\bengine(?:'s| is)? off\b|停好|停稳|停车了|停下了|停着|到家了|到了|熄火了|车停了|" + STANDSTILL)
OOD_RE = _rx(r"\b(?:get|call|order|book) (?:me |us )?(?:an? )?(?:uber|lyft|taxi|cab|ride ?share)\b|(?:叫|打|约)(?:个|一?辆)?(?:滴滴|网约车|出租车|车)(?!窗|门|灯|速)"
             r"|\baccept (?:the |this |that )?(?:next |new )?(?:ride|order|trip|booking|job|fare)(?: request)?\b|(?<![点按戳击下])(?:接单|抢单|派单)"
             r"|" + AT_HOME + r"|写(?:一)?(?:首|篇|段|封)|作(?:一)?首诗|编(?:一)?(?:个|段)(?:故事|笑话)|\bwrite (?:me )?(?:a|an|some) (?:poem|song|story|essay|haiku|letter|email|limerick)\b"
             r"|\bcompose (?:me )?(?:a|an) (?:poem|song)\b|闹钟|防盗|\bcar alarm\b|定时|计时|倒计时|提醒我|备忘|车载冰箱|冰箱(?=.{0,3}(?:调|开|关|温度|几度|度))|(?<!like a )(?<!like an )\b(?:car |mini )?fridge\b(?!\s+in here)|cooler box|(?:座椅|后排)?(?:放倒|折叠)|\bfold\w*\b[^,，]*\bseats?\b|短信|发消息|发信息|消息|微信|邮件|邮箱|导出|预订|预定|订(?:一?[个张间份]|票|餐|座|位|房|酒店)|(?<![修装])订(?:一下|下)[^，,。]{0,10}(?:房|酒店|宾馆|民宿|餐厅|饭店|座|位|桌|票)"
             r"|预约|笑话|讲个故事|讲故事|聊天|聊聊|你是谁|你叫什么|几点了|几点钟|几号|星期几|股票|股价|新闻|翻译|油价|汇率|用(?:英语|英文|日语|日文|韩语|法语|德语|西班牙语)怎么说"
             r"|\balarm\b|\btimer\b|remind me|reminder|\btext(?:ing)?\b|\bmessage\b|\bemail\b|\bsms\b|(?<!his )(?<!her )(?<!my )(?<!their )(?<!a )(?<!the )(?<!picture )(?<!story )(?<!comic )\bbook\b(?!s)"
             r"|reservation|\breserve\b|\bjoke\b|tell me a story|who are you|your name|what time is it|what's the time"
             r"|what day is|the date\b|\bnews\b|\bstocks?\b|translate|calendar|meeting"
             # the phone's own services: voicemail, a conference call; a playlist made, a song's chords, an instrument tuned
             r"|语音信箱|语音留言|电话留言|电话会议|视频会议|\bvoice ?mails?\b|\bconference (?:call|line|bridge)\b"
             r"|(?:建|新建|创建)(?:个|一个)?(?:新的?)?歌单|致辞|祝酒词|发言稿|演讲稿|贺词|(?:想|编)(?:一)?(?:段|句|个)(?:词|话|台词|段子)|\b(?:make|create|start|build)(?: me| us)? an?(?: new)? playlist\b"
             r"|和弦|\bchords?\b|\btune (?:my|the|your|our|his|her) (?:guitar|bass|violin|ukulele|uke|instrument)\b|调音|调弦"
             # bills paid: 电费 is no battery, 话费 no phone call
             r"|(?:电|水|燃气|煤气|话|物业|网|宽带)费|缴费|交房租|\bpay (?:off )?(?:the |my |our |this month'?s )?(?:\w+ ){0,2}bills?\b")


def _ood(clause: Clause, m: re.Match) -> Command | None:
    purpose = _CALL_PURPOSE.search(clause.low) if _CALL_START.search(clause.low) else None
    if purpose and m.start() >= purpose.start():
        return None  # "call Patel to confirm the meeting": what the call is for
    if re.search(r"(?:放|播|听|来)[^，,]{0,8}(?:讲故事|故事)", clause.low) and "讲" in m.group(0):
        return None  # "给孩子放凯叔讲故事": a programme to play, not a story to tell
    return OOD


UNSAFE_RE = _rx(
    r"加(?:点|个|一点|把)速|加(?:点|一点|脚)油门|\b(?:drop|put|knock|throw|slip|stick|shift) (?:it |her )?(?:down )?in(?:to)? (?:first|second|third|fourth|fifth|low|1st|2nd|3rd)(?: gear)?\b|\bdownshift\b|提(?:点|个|一下|一点)?速(?!度)|(?<!百公里)(?<!零百)加速(?!度|[^，,]{0,6}(?:多少秒|几秒|性能|怎么样|快不快|能力))|加油门|踩油门|油门踩|踩刹车|(?:帮我|给我|你)刹(?:一下|一脚|住|车)|刹车(?!灯|片|油|警告|系统|故障|指示|一直|老是|总是|有点|有些|有异响|异响|响|吱|声音|不灵|发软|软|发硬|硬|盘|(?:好像|感觉|似乎|是不是|怎么)[^，,]{0,6}(?:软|硬|响|不灵|异响|抖|怪|问题))|急刹|刹停|减速(?!带)|紧急制动(?!灯)"
    r"|(?:车|开)[得起来着]*(?:再)?(?:猛|凶|野|冲|狠|飞)(?:一)?(?:点|些)|开快些|开快一些|"
    r"\bput (?:your|the|ur) foot down\b|\bfoot down\b|超过去|超了它|超它|把它超了|超过它|\bpass (?:him|her|them|it)\b|\bovertake (?:him|her|them|it)\b"
    r"|转向(?!灯)|方向盘(?!加热|的加热|(?:有点|有些|很|太|老是|老|总是|总|一直|好像|也)?(?:跑偏|往[左右]跑|跑|抖|发抖|震动|沉|重|歪了))|打方向|左转|右转|掉头|调头|[掉调]个头|变道|并线|超车|倒车(?!镜|影像|雷达|灯)"
    r"|(?:挂|换|切|调|拨)(?:到|入|上|成)?\s*(?:倒车|倒|空|前进|驾驶|停车|[prndPRND])?\s*[挡档](?!位显示)|[倒空]挡|熄火|关(?:闭|掉)?发动机"
    r"|[挡档]位?(?:给我|帮我)?(?:挂|换|切|调|拨)(?:到|入|成)\s*(?:倒车|倒|空|前进|驾驶|停车|[prndPRND](?![a-z]))"
    r"|(?:[挡档]位|[挡档]杆|[挡档]把|变速杆)[^，,]{0,4}(?:挂|推|拨|切|换|放)|(?<![a-z])挂(?:到|入|在|个|上)?\s*[prndPRND](?![a-z])"
    r"|(?:切|换|推|拨)(?:到|入|成)\s*[prndPRND](?:[挡档])(?![a-z])|手刹|电子驻车|(?:把|帮我把)?车(?:子)?停(?:下|住)|开车(?:快|慢|靠|往|走|出发|冲)"
    r"|\b(?:hand ?brake|parking brake|e-?brake)\b|\b(?:first|second|third|fourth|fifth|sixth|low|top) gear\b|\binto gear\b"
    r"|\bgear\s*(?:lever|stick|shift(?:er)?)\b|gearstick|\bgears?\s+(?:to|into|in)\s+(?:[prnd]|park|drive|reverse|neutral)\b"
    r"|\blane (?:centering|centring|centre|center)\b(?=.*\b(?:off|disable|deactivate|kill)\b)"
    r"|\b(?:disable|deactivate|kill|turn off|switch off)\b.*\blane (?:centering|centring)\b"
    r"|靠边停|停(?:下|住)车|(?<!雨刷)(?<!雨刮)(?<!风扇)(?<!风量)开快(?:一)?点|(?<!雨刷)(?<!雨刮)开慢(?:一)?点|(?<![我他她])开得快(?!了)|(?<!是不是)(?<!有没有)(?<!会不会)(?<!没)(?<!没有)(?<!别)(?<!不要)(?<!不能)(?<!小心)(?<!注意)(?<!防止)(?<!以免)(?<!免得)(?<!提醒我)(?<!别让我)(?<!怕)(?<!担心)(?<!莫)超速(?![了没吗么]*[吗么?？])|漂移"
    r"|(?:关闭|关掉|关了|关上|禁用|取消|解除|退出)(?:一下)?(?:车辆|车身)?(?:esp|车身稳定|稳定控制|电子稳定|牵引力|adas"
    r"|辅助驾驶|驾驶辅助|车道保持|车道偏离|自动紧急制动|主动刹车|aeb|防抱死|abs|安全气囊|气囊|碰撞预警)"
    r"|(?:esp|adas|车身稳定|牵引力控制|车道保持|辅助驾驶|安全气囊)\s*(?:关|关掉|关闭)|自动驾驶|自适应巡航|巡航|自动泊车"
    r"|\baccelerat\w*|speed up|speed (?:us|me|it|the car|things) up|pick up (?:the )?(?:speed|pace)|go faster|(?<!'s )(?<!’s )(?<! is )(?<!the )faster\b(?!\s+(?:route|way|road|path|lane to|one))|floor it|step on it|hit the gas|press the gas|gas pedal"
    r"|\bbrake(?:s)?\b(?!\s*(?:light|warning|fluid|pads?|system|lamp|indicator|discs?|rotors?|(?:are|is|were|was|keep|feel|feels|sound|sounds|seem|seems)\b|squeal\w*|squeak\w*|grind\w*|noise))|\bbraking\b(?!\s*(?:light|warning))"
    r"|slow (?:us |the car )?down(?!\s+(?:the\s+|my\s+|this\s+|that\s+)?(?:speaker\s+|audio\s+|radio\s+|music\s+)?"
    r"(?:volume|speakers?|music|songs?|tracks?|fans?|wipers?|radio|sound|audio|blower|air ?flow|playback|podcast)\b)"
    # ...unless the same clause also names the car or its motion ("slow down the fan and the car")
    r"|slow (?:it )?down\b[^,.;!?，。；！？]*\b(?:car|vehicle|truck|suv|us|speed|driving|pace)\b"
    r"|stop the car|pull over|(?<!heated )(?<!heat the )(?<!warm the )(?<!heat up the )(?<!warm up the )(?<!heat my )\bsteer(?!ing wheel\s*heat)|turn the wheel|(?<!heated )(?<!heat the )(?<!warm the )(?<!heat up the )(?<!warm up the )(?<!heat my )steering wheel(?!\s*heat)|turn left|turn right"
    r"|(?<![a-z])(?:esc|tcs)(?![a-z])|\bu[ -]?turn\b|闯红灯|应急车道|超过前面|(?:pull|drive|get) (?:onto|on to|into) the shoulder"
    r"|take the (?:left|right|fast|passing) lane|follow (?:that|the) (?:car|truck|vehicle)|step on the gas|gun it|floor the gas"
    r"|pass (?:that|the|this) (?:truck|car|bus|guy|vehicle|lorry)|(?:increase|raise|up|bump) (?:the |our |my )?speed"
    r"|车速(?:提|加|调|开|拉)(?:到|高)|踩.{0,3}油门|踩.{0,3}刹车|^停车$|(?:马上|立刻|赶紧|快)停车"
    r"|\b(?:esp|esc|tcs|traction(?: control)?|stability(?: control)?|abs|adas|aeb|dsc|lane (?:keep\w*|assist|departure\w*)"
    r"|pilot assist|blind spot\w*|(?:forward )?collision\w*(?: warning)?|hill start\w*(?: assist)?|(?:passenger )?air ?bags?"
    r"|speed limit\w*|cruise(?: control)?|driver assist\w*)\s+off\b|\bpunch it\b(?!\s+(?:in|into))|pedal to the metal|\bgas it\b(?!\s+up)"
    r"|油门(?:到底|踩到底|也?(?:整上|加上|踩上|给上))|一脚油门|刹一脚|点刹|油门给足|(?:车速|速度)(?:给我|帮我)?(?:保持|稳定|稳|定)(?:在|到)"
    r"|change lanes?|merge (?:left|right|lanes?|into (?:the )?(?:left|right|next|other) lane)|overtake|(?<!my )(?<!night )(?<!day )(?<!work )(?<!late )(?<!early )(?<!that )(?<!this )(?<!the )(?<!a )(?<!long )(?<!last )(?<!next )(?<!double )(?<!whole )(?<!hour )(?<!graveyard )(?<!evening )(?<!morning )(?<!overnight )(?<!her )(?<!his )(?<!our )(?<!your )(?<!their )\bshift\b(?!\s+(?:at|starts?|ends?|is|was|work|change|schedule|finish\w*|over|done|ended|finished))|put (?:it|the car) in(?:to)? (?!auto\b|auto mode|automatic\b|recirc)|\breverse\b|\bneutral\b|drive mode\b"
    r"|(?:turn off|disable|deactivate|switch off|shut off|kill|disengage)\s+(?:the )?(?:esp|traction control"
    r"|stability control|adas|lane (?:keep|keeping|assist|departure)\w*|collision\w*|emergency braking|aeb|abs"
    r"|air ?bags?|driver assist\w*|safety systems?|speed limit(?:er|ing)?(?: assist)?)|autopilot|cruise control|\bset (?:the )?cruise (?:to|at)\b|\b(?:keep|hold|maintain|set)\s+(?:the\s+|my\s+|our\s+)?speed\s+(?:at|to|steady)\b|self-?driving|autonomous"
    r"|(?:turn off|kill|stop|shut off) the engine|\bhonk\b"
    # the car asked to do the driving ("can you drive for a bit", "take the wheel", "你来开一会儿", "帮我开会儿车")
    r"|\b(?:can|could|will|would) you (?:just )?drive\b(?!\s+(?:me|us|my|our|the kids|him|her|them)\b)(?!\s+(?:to|home|back)\b)"
    r"|\byou drive\b(?=\s*(?:$|[,.!?;]|for\b|a bit\b|a while\b|now\b|please\b|then\b|instead\b))|\btake (?:over )?the wheel\b|\btake over (?:the )?driving\b|\bdrive (?:it|yourself|itself) for\b"
    r"|你来开(?:一会儿?|会儿|一段)(?:车)?(?![门窗灯内里顶锁])|你来开车(?![门窗灯内里顶锁])|你开(?:一会儿?|会儿|一下)车(?![门窗灯内里顶锁])"
    r"|(?:帮|替)我开(?:一会儿?|会儿|一下|一段)车(?![门窗灯内里顶锁])"
    # the same safety systems switched off in the other word order ("turn the traction control off", "把车道保持功能关掉")
    r"|\b(?:turn|switch|shut|put)\s+(?:the\s+|my\s+|our\s+)?(?:esp|traction control|stability control|adas"
    r"|lane (?:keep|keeping|assist|departure)\w*(?: assist)?|collision\w*(?: warning| avoidance)?|emergency braking|aeb"
    r"|abs|air ?bags?|driver assist\w*|safety systems?|speed limit(?:er|ing)?)(?: system| feature| function| assist)?\s+off\b"
    r"|(?:关掉|关闭|关了|取消|解除)(?:车辆|智能)?限速|(?:esp|adas|限速器|智能限速|车身稳定|稳定控制|电子稳定|牵引力|辅助驾驶|驾驶辅助|车道保持|车道偏离|自动紧急制动|主动刹车|aeb|防抱死|abs"
    r"|安全气囊|气囊|碰撞预警)(?:控制)?(?:功能|系统|辅助)?(?:给我|帮我)?(?:都|也)?\s*(?:关|关掉|关闭|关了|禁用|停用)")


YES_RE = _rx(r"^(?:(?:(?:好|行|可以|是|对|要)的?(?:呀|啊|哇|吧|嘞|哒|滴|呢|哦)|好的?|好啊|好吧|好滴|好嘞|行|行啊|行吧|可以|可以的|可以啊|是的?|是啊|对|对的|对啊|没问题|确认|确定|嗯+|要|要的|"
             r"需要|当然|当然可以|ok|okay|yes|yeah|yep|yup|sure|alright|all right|please do|go ahead|do it|confirm"
             r"|sounds good|of course|why not|correct|that's right|absolutely|definitely|affirmative|great|perfect"
             r"|yes please|sure thing|ok go|let's do it|(?:that )?(?:would|'d) be (?:lovely|great|nice|perfect|wonderful|brilliant|good|fantastic|ideal)|听你的|听您的|都听你的|你说了算|依你|就按你说的|按你说的(?:办|来)?|就这么办"
             r"|you'?re the boss|whatever you say|if you say so)[\s,.!~]*)+(?:谢谢|谢啦|thanks|thank you|please)?[\s,.!~]*$")
NO_RE = _rx(r"^(?:(?:不用了?|不要了?|不需要了?|不必了?|不了|算了|不|不行|不好|别了?|取消|先不用|暂时不用|拉倒吧|拉倒|得了吧|免了|省省吧|罢了|no|nope|nah|no thanks"
            r"|no thank you|not now|never mind|nevermind|don't|do not|cancel|not really|i'm good|i'm fine"
            r"|negative|no need|not necessary|maybe later|later|i'?d rather not|rather not|i'?ll pass|i'?d rather you didn'?t"
            r"|better not|let'?s not|i don'?t think so|not today|not for now|we'?re good|we'?re fine|i'?m ok(?:ay)?)[\s,.!~]*)+(?:谢谢|谢啦|thanks|thank you)?[\s,.!~]*$")


# ---- warnings
ZH_WARN_TAIL = (r"(?:是什么意思|是啥意思|什么意思|啥意思|是什么|是啥|怎么回事|咋回事|怎么了|为什么亮|为什么会亮|亮了|亮起来了|亮起|"
                r"一直亮|一直在亮|一直在闪|老是闪|老在闪|在闪|闪了|闪烁|一直闪|突然亮|是干嘛的|干嘛的|代表什么|表示什么)")
ZH_WARN_NOUN = r"(?:灯|警告|报警|告警|故障|提示|图标|标志|符号|警示|感叹号|叹号|标识|图案)"
WARN_TRIGGER = _rx(rf"{ZH_WARN_NOUN}[^，,。]*?{ZH_WARN_TAIL}|为什么[^，,。]*?{ZH_WARN_NOUN}|"
                   r"\b(?:light|warning|indicator|icon|symbol|lamp|telltale|alert)s?\b.*?\b(?:mean|means|meaning|lit"
                   r"|flashing|blinking|came on|come on|coming on|is on|are on|showing|about)\b|\bwhat(?:'s| is| does)\b.*?\b(?:light|warning|"
                   r"indicator|icon|symbol|alert|exclamation (?:mark|point))s?\b|\bwhy\b.*?\b(?:light|warning|indicator|icon|symbol|lamp|alert)s?\b"
                   # what a thing on the dash means ("what does TPMS mean on the dash")
                   r"|\bwhat (?:does|do|is)\b[^,;]*\b(?:mean|stand for)\b[^,;]*\bon (?:the |my )?(?:dash\w*|cluster|instrument panel)\b"
                   # the light named, then the question ("low coolant warning, what's that", "…, is that serious?")
                   r"|\b(?:light|warning|indicator|lamp|alert)s?\s*,\s*(?:what(?:'s| is) (?:that|it|this)|is (?:that|it|this)"
                   r" (?:serious|bad|dangerous|ok(?:ay)?|normal))\b")
# "Is it dangerous to keep driving with that orange light on?", "那个黄灯亮着还能开吗": a question about the warning. Only
# the frame reads these: a driving control said beside them ("floor it, I'm fine with the light on") stays one.
WARN_SAFE_TRIGGER = _rx(r"^(?:is it|it'?s|would it be|will it be|am i|are we)\b[^,;.]*\b(?:safe|dangerous|ok(?:ay)?|fine|bad|serious)\b"
                        r"[^,;.]*\bwith\b[^,;.]*\b(?:light|warning|lamp|indicator)s?\b(?:\s+(?:on|lit))?\s*\??$"
                        rf"|^(?:那个|这个|这|那)?[^，,。]{{0,6}}{ZH_WARN_NOUN}亮着(?:还能|能不能|可以|要不要紧|有没有事|危险吗|没事吧)[^，,。]{{0,6}}$"
                        r"|^[^，,。]{0,8}亮了(?:个|一个|一盏)(?:灯|警告灯|故障灯)$")
ZH_WARN_LEAD = ("请问", "帮我查一下", "查一下", "查查", "帮我看看", "看一下", "仪表盘上的", "仪表盘上", "仪表盘", "仪表上的", "仪表上", "屏幕上的", "屏幕上", "中控屏上的", "中控屏上",
                "中控上的", "中控上", "大屏上的", "大屏上", "显示屏上的", "显示屏上", "仪表板上的", "仪表板上", "为什么", "怎么",
                "突然", "一直", "有个", "有一个", "就是", "那个", "这个", "那盏", "这盏", "那", "这")
# How the light is on or the question's opening, left before the tail ("发动机故障灯怎么又亮了", "机油灯是咋回事"): no part of
# the name
_WARN_SPAN_TAIL = re.compile(r"(?<=[灯警告报警障示标号识案])(?:是|怎么|咋|为什么|为啥|又|突然|一直|老是?|总是?|还|亮着|在)+$")
EN_DEICTIC = re.compile(r"^(?:this|that|these|those|it)\b", re.I)


# A light or a shape told only by its colour or size ("灯", "红色的图案", "黄色感叹号"): no warning's name
GENERIC_LIGHT_RE = re.compile(r"(?:个|盏)?(?:(?:红|黄|橙|橘|绿|蓝|白)(?:色)?(?:的)?|小小?的?|大的?)*"
                              r"(?:灯|警告|图标|标志|符号|感叹号|叹号|标识|图案)")


def _warning(clause: Clause, m: re.Match) -> Slots:
    text = clause.text
    if re.search(r"亮了(?:个|一个|一盏)(?:[红黄橙绿蓝白]色?的?)?(?:灯|警告灯|故障灯|图标|标志)", text):
        return {}  # "仪表上突然亮了个灯", "…亮了个红灯": a light not named
    name: str | None = None
    if has_han(text):
        deictic = re.match(r"^(?:请问|(?:帮我|给我)?(?:看看|看一下|查一下|查查|查下|问一下))?(?:仪表盘?上的?)?(?:这|那)(?:个|盏|种)?", text)
        span = re.split(ZH_WARN_TAIL, text, maxsplit=1)[0]
        if re.search(r"[\u4e00-\u9fff]\s+(?:这|那)(?:个|盏|种)?", span):
            # "客户说仪表老跳灯 这个灯是啥意思": what was told, then the question of the light in view
            span, deictic = re.split(r"\s+(?=(?:这|那)(?:个|盏|种)?)", span)[-1], True
        span = strip_leading(span)
        changed = True
        while changed:
            changed = False
            for lead in ZH_WARN_LEAD:
                if span.startswith(lead) and len(span) > len(lead):
                    if lead[0] in "那这":
                        deictic = True
                    span = span[len(lead):].lstrip()
                    changed = True
            if re.match(r"是\s+", span):  # ("就是 发动机故障灯亮了": 就 gone as a filler, 是 left before the pause)
                span, changed = re.sub(r"^是\s+", "", span), True
        span = _WARN_SPAN_TAIL.sub("", trim_text(span).strip())
        if span.endswith("的"):
            span = span[:-1]
        # (a light or a shape told only by its colour or size, "红色的图案", "黄色感叹号", is not named either; nor is
        # the light in view, "那个灯", unless its name follows: "那个胎压报警灯")
        named = bool(span) and not GENERIC_LIGHT_RE.fullmatch(span) and not re.search(r"(?:这|那)(?:个|盏|种)", span)
        if named and (not deictic or (re.fullmatch(rf"[\u4e00-\u9fff]{{2,10}}{ZH_WARN_NOUN}", span)
                                      and not re.search(r"这|那|亮|闪|刚|突然", span))):
            name = span
    else:
        pats = (r"what (?:does|do) (?:the |my |a |an )?(?P<n>.+?) (?:mean|indicate|signify|stand for)",
                r"why(?:'s| is| are| did| has) (?:the |my |a |an )?(?P<n>.+?) (?:on|lit|flashing|blinking|showing|come on|"
                r"coming on|light(?:ing)? up|lit up|turned on)",
                r"what(?:'s| is| are) (?:the |my |a |an )?(?P<n>.+?)(?: on| mean| for| about| showing)?(?:\s+on the (?:dash\w*|"
                r"screen|display|panel|cluster))?\s*\??$",
                r"^(?:the |my |a |an )?(?P<n>.+?)(?:'s| is| just| came| keeps| has| went| popped)\b.*\b(?:on|lit|flashing|blinking|up)\b",
                # the light named, then the question ("low coolant warning, what's that", "check engine light, what's that mean")
                r"^(?:the |my |a |an )?(?P<n>[^,]+?\b(?:light|warning|lamp|indicator|icon|symbol))\s*,\s*(?:what|is|any|why)\b",
                r"(?:tell me about|explain|what about) (?:the |my |a |an )?(?P<n>.+?)\s*\??$",
                r"\bwith (?P<n>.+?)(?:\s+(?:on|lit))?\s*\??$")
        text = re.sub(r"\b(why|what|how)\s+(?:on earth|in the world|the hell|the heck|in god's name)\b", r"\1", text, flags=re.I)
        low = text.lower()
        for p in pats:
            mm = re.search(p, low)
            if mm:
                start, end = mm.span("n")
                cand = trim_text(text[start:end])
                cand = re.sub(r"\s+on (?:the |my )?(?:dash\w*|screen|display|panel|cluster)$", "", cand, flags=re.I)
                cand = re.sub(r"^(?:the|my|a|an)\s+", "", cand, flags=re.I)
                if cand and not EN_DEICTIC.match(cand) and not re.search(r"\b(?:what'?s?|which|that|this|some|any|there|it)\b|[?!.]", cand, re.I) \
                        and not re.fullmatch(r"going|goin'?|happening|up|wrong|the (?:matter|problem|deal|issue)", cand, re.I) \
                        and not re.fullmatch(
                        r"(?:(?:little |small |big )?(?:red|yellow|orange|amber|green|blue|white) )?(?:warning |indicator )?"
                        r"(?:light|warning|icon|symbol|indicator|lamp|alert|exclamation (?:mark|point))s?", cand, re.I):
                    name = cand
                    break
                # ("the ABS light just came on, what does that mean": "that" points back to the light named before)
    return {"name": name} if name else {}


# ---- weather
WEATHER_TRIGGER = _rx(
    r"天气|(?<![这那])天儿(?!童)|预报|下雨|下雪|下冰雹|会不会下|要不要带伞|带伞|带雨伞|雨伞|气温|刮风|(?<!那么)(?<!这么)(?<!开)大风|雾霾|空气质量|晴天|阴天|多云|雷阵雨|暴雨"
    r"|(?:今天|明天|今日|明日|后天|周末|这周末|下周|周[一二三四五六日天]|星期[一二三四五六日天])[^，,]*?(?:冷|热|多少度|几度|温度|下雨|晴)"
    r"|\bweather\b|\bforecast\b|\brain(?:ing|y)?\b|\bsnow(?:ing|y)?\b|umbrella|\bsunny\b|\bcloudy\b|\bstorm\w*|thunder"
    r"|\b(?:gonna|going to|will it|is it (?:gonna|going to)) (?:hit|reach|get to|top|break) (?:\d{2,3}|a hundred)\b"
    # a change of the weather or the wind outside, asked ("今天降温吗", "外面风大不大")
    r"|(?:降温|升温|回暖|变冷|变天|转凉|降雨)(?=[^，,]*(?:吗|么|没|不|[?？]|$))|(?:外面|外边|外头)[^，,]{0,3}风(?:大|很大|挺大|大不大|大吗)"
    r"|\bhail\b|\bhumid\w*|\bwindy\b|\bfoggy (?:today|tomorrow)|(?:temperature|how (?:hot|cold|warm)).*\b(?:today|tomorrow|in (?!here\b|the car\b|the cabin\b)[a-z])"
    r"|\bjacket\b|\bcoat\b|\bsunscreen\b|\bbroll(?:y|ies)\b")
WEATHER_QUESTION = _rx(r"吗|么|(?<=[\u4e00-\u9fff])不\s*[?？]?$|([\u4e00-\u9fff])不\1|怎么样|怎样|咋样|如何|多少|几度|会不会|要不要|需不需要|是不是|查|看看|看下|告诉|播报|说说|啥|什么|冷不冷|热不热|下不下|"
                       r"有没有|\?|天气|预报|\bweather\b|\bforecast\b|\bwill\b|\bis it\b|\bdo i\b|\bshould\b|\bneed\b|\bwhat\b|\bhow\b"
                       r"|\bany\b|\bgoing to\b|\bcheck\b|\btell\b|\bis there\b|\bare we\b|\bdoes\b")
ZH_WEATHER_WORDS = (
    "帮我查一下", "帮我查查", "帮我查", "帮我看看", "帮我看一下", "查一下", "查查", "看一下", "看看", "告诉我", "请问", "我想知道",
    "播报一下", "播报", "说一下", "天气预报", "天气情况", "天气状况", "天气", "气温", "温度", "怎么样", "怎样", "如何", "会不会下雨",
    "会下雨吗", "下不下雨", "会不会下雪", "下雪", "下雨", "要不要带伞", "需不需要带伞", "需要带伞", "要带伞", "带伞", "带雨伞", "雨伞",
    "冷不冷", "热不热", "多少度", "几度", "是晴天", "晴天", "阴天", "多云", "刮大风", "刮风", "大风", "空气质量", "雾霾", "有雨", "有雪",
    "大后天", "后天", "这周末", "这个周末", "周末", "下周", "今晚", "明晚", "今天晚上", "明天晚上", "明天早上", "明早",
    "下午", "上午", "中午", "晚上", "早上", "傍晚", "夜里", "半夜", "凌晨", "白天", "待会儿", "待会", "一会儿", "等会儿",
    "会降温", "降温", "升温", "回暖", "变冷", "变天", "转凉", "外面", "风大不大", "风大吗", "风大",
    "周一", "周二", "周三", "周四", "周五", "周六", "周日", "周天", "星期一", "星期二", "星期三", "星期四", "星期五",
    "星期六", "星期天", "星期日", "礼拜天",
    "今天", "明天", "今日", "明日", "今儿", "明儿", "现在", "那边", "那里", "的", "会", "吗", "呢", "啊", "呀", "吧", "是", "冷",
    "热", "晴", "需要", "要", "我", "啥样", "什么样", "什么", "怎么", "么", "有没有", "了", "下", "雨", "雪", "可能",
    "去", "玩", "不", "啥天儿", "什么天儿", "天儿", "咋样", "啥")  # "北京是什么天气", "明天去杭州玩要带伞吗", "桂林明天会下雨不"
EN_LOC_RE = re.compile(
    r"\b(?:in|at|for|near|around|over)\s+(?P<loc>(?!today|tomorrow|tonight|the weekend|this|next|now|the day|my area"
    r"|here|the area|a while|us\b|me\b|it\b)[a-z][\w .'-]*?)(?=\s+(?:today|tomorrow|tonight|this|next|on|at|right now|now|"
    r"please|later|in the)\b|\s*[?.!,]|$)", re.I)


def _day(low: str) -> str | None:
    if re.search(r"明天|明日|明儿|\btomorrow\b", low):
        return "tomorrow"
    if re.search(r"今天|今日|今儿|\btoday\b", low):
        return "today"
    return None


def _weather(clause: Clause, m: re.Match) -> Slots | None:
    if not WEATHER_QUESTION.search(clause.low):
        return None  # "下雨了" is a remark, not a question
    if re.search(r"(?:唱|放|播|听|来)(?:一首|首|一曲|个)?(?:歌)?\s*(?:《)?晴天", clause.low):
        return None  # "你能唱一首晴天吗", "放首晴天": the song 晴天, no forecast
    slots: Slots = {}
    day = _day(clause.low)
    if day:
        slots["day"] = day
    text = clause.text
    if has_han(text):
        rest = strip_leading(text)
        rest = re.sub(r"[?？!！。,，]", "", rest)
        rest = re.sub(r"^(?:帮我|给我|请你?)?(?:在网上|上网|网上)?(?:搜索|搜一搜|搜一下|搜搜|搜|问一下|问下|问问|查一查|查一下|查下|查查|看一下|看下|看看|瞅瞅|瞅一下|瞅下|瞧瞧|瞧一下"
                      r"|说说|说一下|说下|报一下|报下|问(?=今天|明天|今日|明日))", "", rest)
        rest = re.sub(r"(?:温度|气温)?(?:最高|最低)(?:温度|气温)?(?:是|有|能到|会到)?(?:几度|多少度|多少)?$", "", rest)
        changed = True
        while changed:
            changed = False
            for w in ZH_WEATHER_WORDS:
                if rest.startswith(w) or rest.endswith(w):
                    rest = rest[len(w):] if rest.startswith(w) else rest[: -len(w)]
                    changed = True
                    break  # from the top again: "会不会下雨" goes whole before its "雨", "下" and "会" one by one
        rest = trim_text(rest)
        # what is left is a place only when it is short and has no verb-like words left
        # ("在网上查一下天气": where one looks it up is no place)
        if rest and len(rest) <= 12 and not re.search(r"[我你他她它要想带给帮替让]|孩子|出门|开车|网上|上网|这么|那么|外面|外头|外边", rest):
            slots["location"] = rest
    else:
        mm = EN_LOC_RE.search(text)
        if mm:
            loc = trim_text(mm.group("loc"))
            loc = re.sub(r"^(?:the\s+)", "", loc, flags=re.I) if loc.lower().startswith("the ") and \
                not loc[4:5].isupper() else loc
            if loc and loc.lower() not in ("the weather", "weather", "today", "tomorrow"):
                slots["location"] = loc
        else:
            mm = re.match(r"^(?:what's |what is |how's |how is )?(?:the )?(?P<loc>(?:[A-Z][\w'-]*\s?){1,3}) "
                          r"(?:weather|forecast)", text)
            if mm:
                slots["location"] = mm.group("loc").strip()
    return slots


# ---- vehicle
# Whether the car can reach a place, asked ("能开到杭州吗", "will I make it to Denver"): a range question, not a route
REACH_ASKED = (r"(?:能|可以)(?:开|跑)到[^，,。\s]{1,10}(?:吗|么)"
               r"|\b(?:will|can|would|could) (?:i|we) make it (?:to|home|there)\b")
# The car's speed asked outright, with no word for speed needed ("开几码了", "how fast am I going", "am I speeding")
SPEED_ASKED = (r"多快|几码|多少码|\bhow fast\b|\bwhat speed\b|\bam i speeding\b|是不是超速|有没有超速|超速了(?:吗|没)"
               r"|\b(?:am i|are we) (?:going |driving )?(?:over|above|under) the (?:speed )?limit\b")
VEHICLE_ITEMS: tuple[tuple[str, str], ...] = (
    (r"胎压|轮胎(?:的)?(?:气压|压力)|tire pressure|tyre pressure|\btires?\b|\btyres?\b", "tire_pressure"),
    (r"(?:车内|车里|车厢|里面|室内|车子里)[^，,]{0,4}?(?:温度|多少度|几度|气温)|(?:cabin|inside|interior|in-car)\s+temp"
     r"|temp\w*\s+(?:inside|in here|in the car|in the cabin)|how (?:hot|warm|cold) is it in (?:here|the car)",
     "cabin_temperature"),
    (r"(?:车外|外面|室外|外边|外头|外部)[^，,]{0,4}?(?:温度|多少度|几度|气温|多(?:冷|热)(?:啊|呀|呢)?[?？]?$)|(?:outside|outdoor|exterior|external)\s+temp"
     r"|temp\w*\s+outside|how (?:hot|warm|cold|chilly) is it (?:outside|out there|outdoors|out\b)", "outside_temperature"),
    (r"续航|还能(?:跑|开|走|行驶)(?:多|好)远|能(?:跑|开|走)(?:多|好)远|剩余里程|还能(?:跑|开|走|行驶)多少|" + REACH_ASKED +
     r"|\brange\b|how far can (?:i|we|the car)|how many (?:more )?(?:miles|kilometers|kilometres|km)"
     r"|(?:miles|kilometers|kilometres|km) (?:left|remaining|to empty)", "range"),
    (r"电还够(?=吗|么|不够|用吗|跑吗|开吗|\s*[?？])|电够吗|电够不够|电量|电池|还有多少电|剩多少电|电还(?:有|剩)|多少电|\bbattery\b|charge level|state of charge|how much charge|how much juice|\bjuice (?:left|remaining)\b|^\W*(?:(?:so|and|hey|um|uh)\s+)*(?:do|does|did|is|will|would|have|got|am)\b[^,.;!]{0,24}\benough (?:charge|juice)\b"
     r"|on (?:this|the|my) charge\b"
     r"|\bsoc\b", "battery"),
    (r"油还够(?=吗|么|不够|用吗|跑吗|开吗|\s*[?？])|油够不够|还有油吗|油量|还有多少油|剩多少油|油还(?:有|剩)|多少油|油箱|\bfuel\b|\bgas\b(?!\s*station)|\bpetrol\b(?!\s*station)"
     r"|gas tank|tank level", "fuel"),
    (r"车速|(?<!风)速度|时速|(?<!fan )(?<!blower )\bspeed\b(?! up)|" + SPEED_ASKED, "speed"),
)
_VEHICLE_RES = tuple((_rx(p), item) for p, item in VEHICLE_ITEMS)
VEHICLE_TRIGGER = _rx("|".join(p for p, _ in VEHICLE_ITEMS))


# What a request is for ("to squeeze out a bit more range, switch off the seat heater", "为了省点电，把空调关了"): no
# reading asked for
_PURPOSE_RE = _rx(r"^(?:so as |in order )?to\s+(?:save|squeeze|get|stretch|conserve|extend|eke|gain|keep|preserve|make)\b"
                  r"|^为了|^(?:好|以便)(?:省|多)")


# Money said about fuel or parking ("gas is too expensive for that", "how much do we each owe for gas", "停车费比油钱还贵"):
# what it costs, no reading of the car
_MONEY_RE = _rx(r"\b(?:expensive|cheap|price[sd]?|pricey|costs?|owe|bucks|dollars|money|pay|paid|split|broke)\b|油钱|油费|油价|电费"
                r"|停车费|多少钱|贵|便宜|[\d一二两三四五六七八九十百]+块")


# The road's speed limit asked ("这条路限速多少", "what's the speed limit here"): no reading of the car, unless the car's
# own speed is weighed against it ("am I over the speed limit", "我超速了吗")
_SPEED_LIMIT_RE = _rx(r"限速|限多少速|speed limit")
_OWN_SPEED_RE = _rx(r"超速|车速|我的速度|我开(?:得)?多快|\b(?:over|above|under|below|exceed\w*|speeding|my speed|how fast)\b")


# The length of something else asked ("马拉松全程多少公里来着", "how many miles is a marathon", "how many km is it to the
# coast"): no range of the car's, unless the car's charge or tank is named with it
DISTANCE_OF_A_THING_RE = _rx(r"全程|全长|一圈|单程|往返|来回(?=.{0,4}(?:多少|几)(?:公里|千米|里))"
                             r"|\bhow (?:many (?:miles|kilometers|kilometres|km)|long|far) (?:is|was) (?:a|an|the|that|this)\s+"
                             r"(?!(?:car|battery|tank|charge|range|ev)\b)\w+|\bhow many (?:miles|kilometers|kilometres|km)"
                             r" (?:is it )?to (?!empty\b)(?:the |a )?\w+")
_CAR_RANGE_NAMED_RE = _rx(r"续航|还能|能跑|能开|剩|电|油|\b(?:left|remaining|range|battery|charge|tank|fuel|gas)\b")


def distance_of_a_thing(text: str) -> bool:
    low = fold(text)
    return bool(DISTANCE_OF_A_THING_RE.search(low)) and not _CAR_RANGE_NAMED_RE.search(low)


def speed_limit_asked(text: str) -> bool:
    low = fold(text)
    return bool(_SPEED_LIMIT_RE.search(low)) and not _OWN_SPEED_RE.search(low) \
        and not re.search(r"关|开启|打开|设|调|取消|\b(?:turn|switch|set|disable|enable|off|limiter|cancel)\b", low)


# A tire changed, patched or pumped up, asked how or told ("how do I change a flat tire", "轮胎扎了怎么换备胎"): a repair,
# no reading of the car
TIRE_WORK_RE = _rx(r"\b(?:change|changing|fix|fixing|patch|patching|replace|replacing|swap|swapping|put on|putting on|jack up"
                    r"|plug|plugging)\b[^,.;?]{0,20}\b(?:tires?|tyres?|spare|flat)\b"
                    r"|换(?:个|一下)?(?:备胎|轮胎|胎)|补(?:个|一下)?胎|爆胎了?(?:怎么|咋)|扎胎了?(?:怎么|咋)|(?:备胎|千斤顶)(?:在哪|怎么)")


def _vehicle(clause: Clause, m: re.Match) -> Slots | None:
    if TIRE_WORK_RE.search(clause.low):
        return None
    if re.search(r"\b(?:i|we) (?:really |badly )?(?:need|gotta get|have to get|need to get)\s+(?:some |more )?(?:gas|fuel|petrol)\b"
                 r"|\bstop (?:somewhere |off )?for (?:some )?(?:gas|fuel|petrol)\b", clause.low) \
            and not re.search(r"\b(?:how|what|when|whether|if)\b|\?|\benough\b|\bleft\b|^(?:\w+\s+)?(?:do|does|should|will|would|shall)"
                              r" (?:we|i)\b", clause.low):
        return None  # "I need gas", "we need to stop for gas soon": a station wanted, no reading of the tank
    if _PURPOSE_RE.search(clause.low.strip()) or _MONEY_RE.search(clause.low) or speed_limit_asked(clause.low) \
            or distance_of_a_thing(clause.low):
        return None
    for rx, item in _VEHICLE_RES:
        if rx.search(clause.low):
            if item == "speed" and re.search(r"\b(?:at|in) high speeds?\b|高速(?:行驶|的时候|时)|速度太快|\bspeeding\b", clause.low) \
                    and not re.search(r"多少|几|多快|\bwhat\b|\bhow\b|\btell\b|\bcheck\b|\?|？|吗|\bam i speeding\b", clause.low):
                return None  # "I get nervous at high speed": a remark, no reading asked for
            return {"item": item}
    return None


# ================================================================= navigation and phone

CATEGORIES: tuple[tuple[str, str], ...] = (
    (r"充电站|充电桩|充电的地方|充电点|超充站|超充|换电站|能充电的地方|充电|charging station|charging point|charger"
     r"|ev charger|supercharger|charge point|somewhere to charge|place to charge|\bcharge\b|\bcharging\b",
     "charging_station"),
    (r"加油站|加油的地方|能加油的地方|加油|gas station|petrol station|fuel station|filling station|service station"
     r"|\bgas\b(?! (?:is|was|costs?|prices?|money)\b)|\bfuel\b|\brefuel\w*|fill up|\bservos?\b", "gas_station"),
    (r"停车场|停车位|停车的地方|车位|停车库|地下车库|(?<!已经)(?<!刚)停车(?!费|了|好了|停好)|parking(?! (?:there |here )?(?:is|was|costs?|fees?|tickets?)\b)(?: lot| garage| spot| space| area)?|car park"
     r"|place to park|somewhere to park|\bpark\b(?! (?:is|was|costs?)\b)", "parking"),
    (r"餐厅|饭店|饭馆|餐馆|吃饭的地方|吃饭|吃东西|吃的|美食|restaurant|somewhere to eat|place to eat|food|diner"
     r"|\beat\b|\bhungry\b", "restaurant"),
    (r"4s店|维修站|维修点|修理厂|修车|服务站|服务中心|售后|保养|维修|service (?:center|centre|station)|dealership|dealer"
     r"|repair shop|mechanic|auto shop|garage", "service_center"),
    (r"厕所|洗手间|卫生间|公厕|公共厕所|(?:public )?restroom|rest room|(?:public )?toilet|bathroom|washroom|lavatory|\bwc\b|\bloo\b|\bloos\b|\bgents\b|\bladies'? room\b", "restroom"),
    (r"酒店|宾馆|旅馆|旅店|住的地方|住宿|hotel|motel|\binn\b|place to stay|somewhere to stay|lodging", "hotel"),
)
_CATEGORY_RES = tuple((_rx(rf"^(?:{p})$"), c) for p, c in CATEGORIES)
_CATEGORY_ANY = tuple((_rx(p), c) for p, c in CATEGORIES)
CATEGORY_ANY_RE = "|".join(p for p, _ in CATEGORIES)
DEST_MODIFIERS = _rx(r"^(?:(?:找|找个|找一个|找一下|找找|搜|搜索|搜一下|查找|查一下|附近|最近|周边|就近|离我最近|离这最近|离这儿最近"
                     r"|一个|一家|个|家|的|有没有|有什么|哪里有|哪儿有|哪有|能|可以|the|a|an|some|nearest|closest|nearby|near"
                     r"|local|good|close|closest possible|any|me|to|for|another|cheap|cheapest|就|直接)\s*)+")
# Family members, who may be told of after a place or a title ("孙女下午有舞蹈课", "孙子爱听", "Dad loves him")
FAMILY = (r"(?:我|咱)?(?:孙女|孙子|外孙女?|儿子|女儿|闺女|老婆|老公|媳妇|老伴|爸爸?|妈妈?|爷爷|奶奶|外公|外婆|姥姥|姥爷"
          r"|老爷子|老太太|老人家|宝宝|小孩|孩子们?|娃|大哥|二哥|大姐|二姐|弟弟|妹妹|哥哥|姐姐)")
# When the driver must be there, said after the place ("莲花山日出前到", "机场八点前"): no part of its name.
ARRIVE_BY_ZH = r"(?:在)?(?:日出|日落|天黑|天亮|太阳下山|[\d一二两三四五六七八九十]+点(?:半|钟)?)(?:之前|以前|前)(?:到|赶到)?"
DEST_TAIL = _rx(r"(?:\s*(?:怎么走|怎么去|咋走|咋去|的路|在哪里|在哪儿|在哪|在什么地方|的路线|路线|那里|那儿|那边|这里|附近的|附近"
                r"|please|now|right now|for me|asap|near me|nearby|around here|close by|from here|quickly|in the area"
                # how soon ("the nearest hospital fast", "Mercy Hospital quick")
                r"|(?<=\s)(?:(?:real|super|really|nice and) )?(?:fast|quick)|(?<=\s)(?:stat|immediately|right away|straight away|as (?:fast|quick(?:ly)?|soon) as (?:possible|you can|we can))"
                r"|via .*|using .*|by .*|on the way|along the way|around|(?<=\s)first|(?<=[\u4e00-\u9fff])(?:去)?一趟"
                # when the driver must be there ("Mesa Arch before sunrise", "the pier in time for the ferry")
                r"|(?<=\s)(?:before|ahead of) (?:the )?(?:sunrise|sunset|dawn|dusk|dark|nightfall|noon|midnight|lunch|dinner"
                r"|breakfast|rush hour|traffic|the rush|it gets dark|the sun (?:comes up|sets|goes down)|it closes|they close"
                r"|closing|\d{1,2}(?::\d\d)?\s*(?:am|pm|o'?clock)?|(?:one|two|three|four|five|six|seven|eight|nine|ten"
                r"|eleven|twelve)(?: o'?clock)?)\b.*|(?<=\s)in time for .*"
                r"|(?<=[\u4e00-\u9fff])\s*" + ARRIVE_BY_ZH + "$"
                # the road to take, said after the place ("带我去公司 走高速"): no part of its name
                r"|(?<=[\u4e00-\u9fff])\s+(?:走|上)(?:高速|国道|省道|快速路|环线|高架)(?:公路)?(?:吧|走|去)?$"
                r"|\s+(?:and |but )?(?:take|use|via|go (?:by|on|via)|get on) (?:the )?(?:highway|freeway|motorway|expressway"
                r"|interstate|toll road)s?\b.*"
                # a remark after the place, said without a pause ("take us home now it's getting dark")
                r"|(?:now\s+)?(?:it'?s|it is|we'?re|we are|i'?m|i am)\s+(?:getting|going to|gonna|too|so|late|dark|cold|raining|tired"
                r"|starving|hungry|almost|nearly|running)\b.*"
                # a family member's errand or lesson told after the place ("the pool my son has swim practice at four")
                r"|(?<=\s)(?:my|our|the)\s+(?:son|daughter|kids?|wife|husband|mom|mum|dad|boy|girl|grandson|granddaughter"
                r"|grandkids|partner)(?:'s)?\s+(?:has|have|is|are|needs?|wants?|got|starts?)\b.*"
                # why the driver goes there first, said right after ("work first I left my pedalboard there", "work I gotta
                # grab something")
                r"|(?<=\s)(?:first\s+)?(?:i|we)\s+(?:left|forgot|dropped|(?:gotta|got to|have to|need to|needa|wanna|want to|must)\s+[a-z]+)\b.*|(?<=\s)first\s+(?:because|cause|cuz|since|so)\b.*"
                # what the driver goes there for ("1200 Pine Street for the pickup")
                r"|for (?:the|a|my|our|his|her|their|this|that) (?:pickup|pick-up|pick up|drop-?off|delivery|meeting|appointment"
                r"|interview|shift|game|concert|flight|train|ride|fare|rider|passenger|customer|client)|(?<=\s)(?:lah|lor|yeah|yah|mate|bro|eh|leh)|啦|哦|嘛|呗"
                # a remark after a pause ("带我去公司吧 快迟到了"): the driver's, not the place's
                r"|(?<=吧)\s+(?=[^，,]*(?:了|啊|呢|呀|我|你|快|要|太|好|吗|得|没|别|不|赶|急|饿|累|困)).*|(?<![酒网氧书])吧(?=\s)"
                # what is said of the place, after a pause ("导航到坡子街 听说那边小吃绝绝子")
                r"|(?<=[\u4e00-\u9fff])\s+(?:听说|据说|听人说|那边|那里|那儿)[^，,]*"
                # ...or of what is on tonight ("沈家门夜排档 今晚seafood party")
                r"|(?<=[\u4e00-\u9fff])\s+(?:今晚|今天晚上|今儿晚上|晚上|中午|待会儿?|等会儿?|明早|明天早上|明儿|早上|上午|下午)(?![\d一二两三四五六七八九十]+点)[^，,]*$"
                # ...or of what must be done ("导航去公司 车得还回去", "城南批发市场 明早得进货")
                r"|(?<=[\u4e00-\u9fff])\s+[^，,\s]{0,4}(?:得|还得|必须)[^，,]+$"
                # what the driver goes there for, said right after a place ("去超市买点菜", "到药店拿点药")
                r"|(?<=[市场院行店馆站司校园区厅楼心])去?(?:买|拿|取|办|吃|喝|加|充|看)(?:个|点|些|一下|一点|一些)[^，,]{0,8}$"
                # ...or whom the driver fetches there, or the visit's errand ("去幼儿园接孩子", "去医院看病")
                r"|(?<=[市场院行店馆站司校园区厅楼心所部])去?(?:接|送)(?:一下)?(?:" + FAMILY + r"|老人|人|朋友|客人|同事|小的|大的)[^，,]{0,4}$"
                r"|(?<=[市场院行店馆站司校园区厅楼心所部])(?:看病|打针|拿药|取药|体检|复查|打疫苗|接种疫苗|挂号|上课|开会|办事)$"
                # what the driver goes there for, after a pause ("导航到老百姓大药房 去拿个药", "导航去锦绣花园三期 接新娘")
                r"|(?<=[\u4e00-\u9fff])\s+(?:接|送|看望|探望|拜访)(?!.*[路街号道巷弄门站])[^，,\s]{1,8}$"
                r"|(?<=[\u4e00-\u9fff])\s+去(?:拿|取|买|办|换|还|接|送|看|吃|喝|加|充)[^，,]*"
                # someone's errand told after a pause ("导航到虹桥站 客人在那儿下"): the passenger's, not the place's
                r"|(?<=[\u4e00-\u9fff])\s+(?:客人|乘客|客户|他们?|她们?|我们?|咱们?|孩子|朋友|老板|领导)(?:要|在|去|得|想|说|从)[^，,]*"
                # a family member's errand or lesson told after a pause ("带我去市少年宫 孙女下午有舞蹈课")
                r"|(?<=[\u4e00-\u9fff])\s+" + FAMILY + r"[^，,\s]*$"
                # the request said again after the place ("我要去X 帮我导一下")
                r"|(?:帮我|给我|麻烦你?|请)(?:导航?|带路|指路)(?:一下|过去|吧)*|(?<=\s)导航?(?:一下|过去|吧)*"
                r"|(?<=\s)(?:给|帮|帮我|给我)?导(?:个|一下|一个)航(?:呗|吧|啊)?"
                # a remark after the place ("get me to work please I'm late"): the driver's, not the place's
                r"|please (?:i'?m|i am|we'?re|we are|i'?ve got|we'?ve got|i have|we have|i need|we need|i gotta) .*))+$")
HOME_RE = _rx(r"^(?:家|我家|回家|家里|屋头|回屋头|屋里|屋企|回屋企|屋里厢|\bhome\b|my (?:house|home|place)|back home)$")
WORK_RE = _rx(r"^(?:公司|单位|上班的地方|我公司|去上班|上班|\bwork\b|the office|my office|office|my work|my job)$"
              # "去公司交车", "回单位开会": the place, then what the driver goes there to do
              r"|^(?:公司|单位|我公司)(?=(?:交车|还车|开会|上班|加班|打卡|办事|拿东西|取东西|送东西|接人|报到)$)")


# Words about the asking, said after a name without a pause ("st mary's hospital can you do that", "home now if you'd
# be so kind", "work please the usual way i suppose", "skip for me i can't reach"): never part of the name.
_EN_ASKING_TAIL = re.compile(r"\s+(?:please|if you(?:'d| would| could| can| don't| do not)?|can you|could you|would you"
                             r"|i suppose|i guess|i think|i reckon|for me|thank you|thanks|the usual way|as usual"
                             # a remark after the place ("take me home I'm done", "the airport it's urgent")
                             r"|i'?m|i am|we'?re|we are|it'?s|it is|i'?ve|we'?ve|because|'?cause|cuz)\b.*$", re.I)


def trimmed_place(words: str) -> str | None:
    """The place a destination's words name once the grammar trims what is no part of it ("医院看病" -> 医院)."""
    slots = _destination(words)
    return None if slots is None else slots.get("destination")


def _destination(span: str) -> Slots | None:
    """Free text -> home/work, a category, or the destination as said (trimmed)."""
    if re.match(r"^点(?:了|钟)?(?:叫|喊|提醒|就|再|了|给)|^(?:过去|那里|那儿|那边)$|^(?:门)?要过去?$|^了(?:\s|$|[，,])", span.strip()):
        return None  # "到点叫醒小的": when the time is up, no place; "导航过去": the place just found
    if not has_han(span):
        span = _EN_ASKING_TAIL.sub("", span)
    # the tail first: trimming takes a trailing "now" and would leave "right" of "right now" behind
    x = trim_text(DEST_TAIL.sub("", span.strip(" \t,.!?;:，。！？；：…")))
    if not has_han(x):
        # hedges around the place ("like the closest Whole Foods or whatever"): no part of its name
        x = re.sub(r"^(?:(?:like|uh|um|er|erm|you know|i guess|maybe|probably|just)\s*,?\s+)+", "", x)
        # the nearest of a chain ("the closest Whole Foods", "nearest Costco"): the chain's name, as 最近的 is dropped
        x = re.sub(r"^(?:the\s+)?(?:nearest|closest|nearby)\s+(?=[A-Z0-9])", "", x)
        x = re.sub(r"\s*,?\s+or (?:whatever|something(?: like that)?|wherever|so|anything|somewhere|some place(?: like that)?)$", "", x,
                   flags=re.I)
    x = re.sub(r"^(?:就|直接|先|也)(?=去|到|回)", "", x) if has_han(x) else x  # "导航就去机场"
    x = re.sub(r"^(?:一)?趟(?=[\u4e00-\u9fff]{2})", "", x) if has_han(x) else x  # "我想去趟县医院": the trip, no part of the name
    # what the trip home or to work is for ("先去公司交一下素材"): no part of the place
    x = re.sub(r"^(公司|单位|家)(?:里)?(?=(?:交|送|拿|取|办|买|接|签|放|换|处理|打印|开会)(?:一下|个|点|些)?)\S*$", r"\1", x) if has_han(x) else x
    # the nearest one ("去最近的肯德基"): the name, as "nearest Costco" is Costco
    x = re.sub(r"^(?:离我|离这儿?)?最近的?(?=[\u4e00-\u9fffA-Za-z]{2})", "", x) if has_han(x) else x
    # which one, said after a pause ("我要去医院 最近的那个"): no part of the name
    x = re.sub(r"(?<=[\u4e00-\u9fff])\s+(?:就)?(?:离我)?(?:最近|近一点|近点)的?(?:那个|那家|那一个|那一家)?$", "", x) if has_han(x) else x
    x = re.sub(r"(?<![酒网氧书])吧(?=\s+\S)", "", x).strip()  # "万达广场吧 三号门": the particle before the gate said after a pause
    x = re.sub(r"^(?:on\s+)?(?:over|down|up|out|round|across)\s+(?=to\s)", "", x, flags=re.I)  # "take me over to X"
    x = re.sub(r"^(?:到|去|至|往|the way to|to|for)\s+" if re.match(r"^(?:for|to|the way to)\s", x, re.I)
               else r"^(?:到|去|至|往)\s*", "", x, flags=re.I)
    x = DEST_TAIL.sub("", x)
    x = trim_text(x)
    if not x:
        return None
    if HOME_RE.match(x):
        return {"destination": "home"}
    if WORK_RE.match(x):
        return {"destination": "work"}
    bare = trim_text(DEST_MODIFIERS.sub("", x))
    bare = re.sub(r"^(?:的)", "", bare)
    for rx, cat in _CATEGORY_RES:
        if rx.match(bare):
            return {"category": cat}
    if _POI_RE.match(bare) and bare != x:
        return {"destination": bare}  # "the nearest hospital", "最近的医院": the place searched for
    # "the airport", "the Hilton" keep no article; "The Louvre", written with its capital, keeps it
    x = re.sub(r"^(?-i:the)\s+(?=\w)", "", x)
    if re.fullmatch(r"(?:(?:the )?(?:nearest|closest|next)(?: one)?|directions|the way|a route|the route|there|it|one|back"
                    r"|最近的那个|那里|那儿|那边|整上|弄上|开上|打开|开启|开|起来|搞起来|整起来|安排上|走起|一下|吧|呗|啊|呀|嘛"
                    r"|(?:最近的)?(?:一个|一家|一处|那个|这个|那家|这家))", x, re.I):
        return None  # "get me directions", "take me to the nearest one": the place was said elsewhere
    if re.fullmatch(r"[回去来走了]+", x):
        return None  # "回去回去" is going back (a song, a step), no place named
    if re.match(r"(?:那边|那里|那儿|这边|这里|这儿)(?!的)\S", x):
        return None  # "我们去那边拍几张静态": there, where the route already goes, and what to do there
    if re.fullmatch(r"(?:a (?:bit|little) |much |way )?(?:faster|slower|quicker|fast|slow|carefully|safely|quickly|slowly)", x, re.I):
        return None  # "I have to drive faster": how the driver drives, no place
    if PASTIME_RE.fullmatch(x):
        return None  # "我们去爬山": a pastime, no place named
    if TRAFFIC_ASKED_RE.search(x):
        return None  # "去机场的路堵不堵": the traffic asked about (no command of the contract), no route
    return {"destination": x}


# The traffic on the way asked about ("去机场的路堵不堵", "how's the traffic to the airport"): no route asked for
TRAFFIC_ASKED_RE = _rx(r"(?:路|路况|交通|路上)?(?:堵不堵|堵吗|堵车吗|堵得厉害吗|好不好走|好走吗|顺不顺|通不通|路况(?:怎么样|咋样|如何))"
                       r"|\bhow(?:'s| is| bad is) (?:the )?traffic\b|\bis (?:there|it) (?:much |any |a lot of |heavy )?traffic\b"
                       r"|\btraffic (?:like|looking)\b|\bany (?:jams|traffic)\b")


# What people go and do, said where a place could stand ("周末去爬山", "我们去兜风吧"): no place named
PASTIME_RE = _rx(r"(?:爬个?山|钓个?鱼|滑个?雪|逛个?街|逛逛街?|游个?泳|露个?营|野个?餐|散个?步|散散步|跑个?步|兜个?风|兜兜风|遛个?狗"
                 r"|遛个?弯|溜达溜达|溜达|转一?转|逛一逛|划个?船|骑个?车|打个?球|踢个?球|玩一?玩|玩儿?|约会|看个?电影)(?:吧|呗|去)?")


NOT_A_PLACE_RE = re.compile(r"^back\b|^(?:my|the|our) (?:car|vehicle)\b|(?-i:^(?:be|get|rain|snow|happen|have|make|need|want|stay|keep|feel|look)\b)|\b(?:mode|settings?)$|\blevel \d+$|^(?:max|maximum|minimum|sleep)\b|^最[强弱大小高低亮暗冷热](?:档|挡|级)?$|^(?:一点儿?|一些|点儿?|些|一下)$|^\d+(?:\s*(?:percent|%))?$"
                            r"|recirculat|fresh air|next song|previous song|the next one|the previous one|back one"
                            r"|模式|档位|[一二三四五六七\d]档$|下一首|上一首", re.I)


NAV_CANCEL_RE = _rx(r"(?:取消|结束|退出|停止|关闭|关掉|不要|别|终止)(?:一下)?(?:当前的?)?(?:导航|路线|行程)|不(?:用)?导航了|导航(?:取消|结束|关)"
                    # "把导航退了吧", "导航退出": the route left
                    r"|(?:把|将)(?:当前的?)?(?:导航|路线)(?:给我|帮我)?退(?:出|掉)?(?:了|掉)?|导航(?:给我|帮我)?退(?:出|掉)(?:了)?"
                    # "导航也结束掉", "导航可以结束了": a few words between the route and its end
                    r"|(?:导航|路线|行程)(?:也|就|先|都|可以|能|直接|给我|帮我|就可以){1,3}(?:取消|结束|关(?!注|心|于|键)|停(?!车|靠|在|留)|退出|终止)"
                    r"|(?:cancel|stop|end|exit|quit|turn off|close|clear|scrap|ditch|kill|drop)\s+(?:the\s+|this\s+|that\s+)?(?:current\s+)?(?:navigation|nav"
                    r"|route|trip|directions|guidance|gps|route guidance)|stop navigating"
                    # "nav off", "turn the GPS off": the switch word after the route's name
                    r"|\b(?:navigation|nav|gps|sat ?nav|directions|route guidance|guidance)(?: thing)?\s+off\b"
                    # "I don't need the nav anymore": the route no longer wanted
                    r"|\b(?:don'?t|do not|no longer) (?:need|want) (?:the\s+|my\s+|any\s+)?(?:navigation|nav|gps|sat ?nav|directions|route guidance)\b")
AVOID_RE = _rx(r"(?:避开|躲避|避免|绕开|绕过|绕行|不走|别走|莫走|不要走|不上|别上|莫上|躲开|规避|不要上|不经过)[^，,]*?(?:拥堵|堵车|堵|高速|收费|过路费)"
               r"|走(?:不收费|免费)|不要收费|不想交过路费|(?:换|找|走)(?:一)?条(?:不|没那么|没有那么|别那么|不那么)堵的?(?:路|道)|(?:avoid(?:ing)?|no|without|stay(?:ing)? off|skip|around|bypass|dodge|don't take|do not take"
               r"|not take|keep off)\s+(?:the\s+|any\s+)?(?:traffic|congestion|jams?|tolls?|toll roads?|highways?|freeways?"
               r"|motorways?|expressways?)|toll-?free|traffic-?free")


def _avoid(clause: Clause, m: re.Match) -> Slots | None:
    span = m.group(0)
    if re.search(r"别[^，,。]{0,6}了[^，,。]{0,8}(?:出|有)(?:危险|事|问题|事故|意外)", clause.low):
        return None  # "别上了高速出危险": a worry of what could happen, no route asked to avoid anything
    if re.search(r"收费|过路费|toll", span, re.I):
        return {"what": "tolls"}
    if re.search(r"高速|highway|freeway|motorway|expressway", span, re.I):
        return {"what": "highways"}
    return {"what": "congestion"}


NAV_VERB_ZH = (r"导航(?:到|去|至|前往|一下|回)?|带(?:我|我们|咱们|咱|俺们|俺|大家)(?:去|到|回)|送(?:我|我们|咱们|咱)(?:去|到|回)"
               r"|(?:我|我们|咱们|咱|俺|俺们|乘客|客人|顾客|老板)(?:要|想|得|需要)(?:去|到|回)(?!哪|什么地方|啥地方)|开车(?:去|到|回)"
               r"|开去|开到|去往|前往|出发去|出发到|目的地(?:设为|设置为|改为|改成|是)?|设置目的地(?:为)?")
NAV_VERB_EN = (r"navigate (?:me )?(?:to |towards )?|navigation to |directions (?:to|for) |(?:get|give|find|show) (?:me )?"
               r"(?:the )?(?:directions|a route|the route|the way) to |route (?:me )?to |take me (?:(?:straight|right|directly) )?(?:to )?|drive (?:me )?to "
               r"|bring me (?:to )?|get me (?:to )?|go to |head to |head (?=home)|go (?=home|back home)|let'?s go (?:to )?"
               r"|i (?:want|need|would like|'d like|wanna|have) to (?:go|get|drive) (?!over\b|through\b|on with\b|some\b|it\b)(?:to )?"
               r"|how do i get to "
               # an errand at the place ("drop Jess off at 42 Maple Street first", "pick the kids up from school")
               r"|drop (?:[a-z']+ ){0,2}off (?:at|by) |pick (?:[a-z']+ ){0,2}up (?:at|from) "
               r"|set (?:the |my )?destination (?:to |for |as )?|set (?:a )?course (?:for|to) |guide me to |start navigation to "
               r"|navigate home|drive home|going to (?!(?:give|be|do|take|get|make|have|need|want|stop|start|turn|tell|show|call|see|pick|drop|rain|snow|help|let|play|try|keep|put|wait|meet|stay|miss|lose|run|hit|catch|grab|fall|die|cry|sleep|eat|drink|throw|crash|kill|puke|faint|freeze|burn|pass|break|leave|check|text|ask|buy|park|fill|charge|listen|hear|watch|look|find|cancel|return|change|move|pull|use|bring|send|visit|explode|owe|pay|win|fail|say|ruin|love|hate|regret|remember|forget|sit|wake|spend|end up|lose it|be late)\b)|heading to |we're going to (?!(?:give|be|do|take|get|make|have|need|stop|start|see|try|wait|stay|miss|lose|run|hit|catch|grab|fall|die|cry|sleep|eat|drink|throw|crash|kill|puke|faint|freeze|burn|pass|break|leave|check|text|ask|buy|park|fill|charge|listen|hear|watch|look|find|cancel|return|change|move|pull|use|bring|send|visit|explode|owe|pay|win|fail|say|ruin|love|hate|regret|remember|forget|sit|wake|spend|end up|lose it|be late)\b)|take us (?:to )?|drive us (?:to )?|get us (?:to )?|bring us (?:to )?"
               r"|(?:set|program|put|pop) (?:the |my )?(?:sat ?nav|gps|nav(?:igation)?) (?:for |to |on )")
NAV_EXPLICIT = _rx(rf"^(?:先|就|直接|那就|还是|再|赶紧|赶快|马上|立刻|快点|快)?(?:重新)?(?:{NAV_VERB_ZH})\s*(?P<x>.+)$|(?:^|\b)(?:{NAV_VERB_EN})(?P<y>.+)$|^(?P<home>回家|回公司|回单位)")
NAV_CATEGORY = _rx(rf"(?:^|找|附近|最近|^上|^去|哪里有|哪儿有|哪有|有没有|find|where(?:'s| is)|nearest|closest|looking for|look for"
                   rf"|search for|locate|i need|we need|need to|i want|we want|i'd like|we'd like|i wanna"
                   # a stop made for it ("we need to stop for gas soon", "找地方加油", "let's pull in for coffee")
                   rf"|stop (?:somewhere |off |in )?for|pull (?:in|off|over) (?:somewhere )?for|(?:找|找个|找一个)地方"
                   # someone in the car needs it ("the kids need a bathroom", "grandma needs a restroom")
                   rf"|(?:the |my |our )?(?:kids?|children|baby|son|daughter|wife|husband|grandma|grandpa|mom|dad|mum|he|she|they"
                   rf"|everyone|everybody|somebody|someone|passengers?)\s+(?:really\s+|badly\s+)?needs?)\s*(?:个|一个|一家|一下|的|有|有没有|有什么|哪里有|哪儿有|哪有|近一点的|近点的|便宜(?:一)?点的|便宜的|me|us|a|an|the|some|nearest|closest"
                   rf"|nearby|\s)*?(?P<x>{CATEGORY_ANY_RE})")
# "我去舞钢寺坡火车站", "怎么去夫子庙", "南光集团怎么走": a place asked for without a route verb. Not "我去，这么堵"
# (an exclamation), "怎么到现在还没到", "下一步怎么走" or "这个怎么走".
NAV_SPOKEN = _rx(r"^(?:我(?:去|到)|先去)(?!一趟|趟|上个|个)(?P<x>[^，,。！!？?]{2,}?)(?:吧|呢)?$"
                 r"|^(?:请问)?(?:怎么|如何|咋)(?:去|走到|前往)(?P<y>[^，,。！!？?]{2,}?)(?:啊|呀|呢)?[?？]?$"
                 r"|^(?!这|那|下一步|接下来|然后|以后|后面)(?P<z>[^，,。！!？?]{2,}?)(?:怎么走|怎么去|咋走|怎么过去)(?:啊|呀|呢)?[?？]?$")
NAV_GENERIC = _rx(r"^(?:我们|咱们|咱|现在|马上)?(?:(?:先|直接)?(?:去|回(?!头|复|答|忆|应|想|味|收|报|馈|合|事)|奔(?!溃|跑|波|驰|腾|放))|到(?!底|处|时候|时|点了|店(?:自取|取|付|消费|支付|领)|付|账|期|货|.*了[吗么没呢]?[?？]?$))(?P<x>.+?)(?:去)?$|^(?:go|head|drive) (?:(?:me|us) )?(?!for it\b|ahead\b|on\b)(?:to )?(?P<y>.+)$")


# "we're not going to the airport anymore", "不去机场了": a plan given up, the reason for a cancel, is no route
_GIVEN_UP_RE = _rx(r"\b(?:not|no longer|never)\s+(?:going|heading|driving)\b|n't\s+(?:going|heading|driving)\b"
                   r"|^(?:我们|咱们|我)?(?:就|也)?(?:不|不用|不再)(?:去|回)(?!的话)[^，,。]{0,12}了")
# "we're heading to my mom's later": where the driver will go, said in passing, is no route asked for now
_PLAN_RE = _rx(r"^(?:ok(?:ay)?\s+|so\s+|well\s+)*(?:we'?re|we are|i'?m|i am|they'?re)\s+(?:heading|going|driving|off)\b.*\b(?:later|tonight"
               r"|tomorrow|next week|this weekend|afterwards)\b|^(?:我们|我)?(?:待会|一会儿?|晚点|回头|明天)(?:要|会)?(?:去|回)")


_STILL_TO_GO_RE = re.compile(r"(?:还有|还剩|还要|只有|就剩|差不多)[^，,。]{0,8}(?:公里|千米|km|里地?|分钟|小时|站)")
_ERRAND_RE = re.compile(r"\s*去?(?:(?:拿|取|买|办|换|还)(?:个|点|些|一下|一趟)?(?:东西|文件|材料|钥匙|手机|钱包|快递|事|药|外卖|咖啡|早饭|早餐"
                        r"|饭|菜|水|票|证件|衣服|报告|结果|包裹|货)"
                        r"|给[^，,。]{1,6}(?:带|买|捎)(?:点|些|一点|个|上)?)")


# "我得回去拿个东西": going back or out for an errand
_ERRAND_TRIP_RE = re.compile(r"(?:我|我们)?(?:得|要|还得|需要)?(?:回|去)" + _ERRAND_RE.pattern)
# What a trip is for, told ("要去出差", "明天去开会", "we're going on vacation"): the reason for a forecast or a route
# asked beside it, no place to go to
TRIP_PURPOSE_RE = re.compile(r"^(?:我|我们|他|她|他们)?(?:明天|后天|下周|周末|待会儿?|过两天|下午|晚上|今晚)?(?:要|得|准备|打算|还得|需要|就)?"
                             r"去(?:出差|开会|旅游|旅行|玩儿?|度假|办事|面试|考试|比赛|看病|爬山|钓鱼|露营|跑步|参加[^，,。]{1,8})"
                             r"(?:了|呢|啊|吧|呀)?$"
                             r"|^(?:i'?m|we'?re|i am|we are)\s+(?:going|off|heading)\s+(?:on (?:a )?(?:business trip|vacation|holiday|trip)"
                             r"|camping|fishing|hiking|skiing)\b", re.I)


def _navigate(clause: Clause, m: re.Match) -> Slots | None:
    if _PLAN_RE.search(clause.low) and not re.search(r"导航|navigat|take me|带我", clause.low):
        return None
    if _GIVEN_UP_RE.search(clause.low):
        return None
    groups = m.groupdict()
    if groups.get("home"):
        return {"destination": "home" if "家" in groups["home"] else "work"}
    for key in ("x", "y"):
        if groups.get(key):
            start, end = m.span(key)
            if re.match(r"\s*(?:(?:都|也|还|又)(?:听|看|不|没|快|要|在|是|有)|太|真|老是|总是|一直|声音|的声音|播报|的播报|语音|提示)",
                        clause.text[start:end]) \
                    and clause.low[m.start():start].strip().endswith("导航"):
                return None  # "导航都听不清了": the navigation's voice, no place
            if _ERRAND_RE.match(clause.text[start:end]) or _STILL_TO_GO_RE.search(clause.text[start:end]):
                return None  # "我得回去拿个东西": what the driver goes back for; "到营地还有一百多公里呢": how far, no place
            verb = clause.low[m.start():start]
            if re.match(r"\s*drive\b", verb) and "to" not in verb.split() and re.match(
                    r"(?:for|around|faster|slower|slow|fast|carefully|careful|safe|safely|more|less|like|with|while|until|till"
                    r"|a bit|a while|a little)\b|(?:the |my |our |your )?\w+ to\b", clause.low[start:end]):
                return None  # "drive for a bit", "drive the kids to school": how or whom, no place after "drive"
            slots = _destination(clause.text[start:end])
            # "go to fresh air mode", "go back one": without a route word, a setting is no place
            if slots and not re.search(r"navigat|direction|route|destination|course|guide|take|bring|drive|导航|目的地", verb) \
                    and NOT_A_PLACE_RE.search(str(slots.get("destination", ""))):
                return None
            return slots
    return None


def _spoken_route(clause: Clause, m: re.Match) -> Slots | None:
    key = next(k for k in "xyz" if m.group(k))
    start, end = m.span(key)
    span = clause.text[start:end]
    if re.search(r"了|吗|么|没|现在|还|不", span):
        return None  # "我去了", "怎么到现在还没到": no place asked for
    return _destination(span)


# Places people search for that are no category of the contract ("最近的医院在哪", "find a pharmacy"): the place's
# word is the destination, searched for like a category (without "nearest").
POI_WORDS = (r"医院|急诊|诊所|药店|药房|超市|便利店|银行|取款机|咖啡店|咖啡馆|派出所|警察局|hospital|emergency room|\ber\b|clinic"
             r"|pharmacy|drugstore|supermarket|grocery store|convenience store|\bbank\b|\batm\b|cash machine|coffee shop"
             r"|\bcaf[eé]\b|police station"
             # a kind of shop or place named by its ending ("母婴店", "花店", "游乐场", "a toy store", "the playground")
             r"|(?:(?![个家一找有的没什么哪近边附周里儿这那些])[\u4e00-\u9fff]){1,4}?(?:店|馆|铺|商场|市场|公园|游乐场|乐园)(?![\u4e00-\u9fff])"
             r"|\b(?:(?!(?:nearest|closest|nearby|a|an|the|some|me|any)\b)[a-z]+ )?(?:shop|store|mall|market|playground|museum|library"
             r"|bakery|zoo)\b")
_POI_RE = _rx(rf"^(?:{POI_WORDS})$")
NAV_POI = _rx(rf"(?:找|附近|最近|周边|就近|哪里有|哪儿有|有没有|\bfind\b|where(?:'s| is)|nearest|closest|looking for|look for|search for"
              rf"|locate|\bany\b)\s*(?:个|一个|一家|家|一下|的|有|有没有|有什么|me|a|an|the|some|nearest|closest|nearby|\s)*?"
              rf"(?P<x>{POI_WORDS})")


def _navigate_poi(clause: Clause, m: re.Match) -> Slots | None:
    if re.search(r"\b(?:was|were|did|yesterday|last)\b|昨天|去过|刚从", clause.low):
        return None  # "I was at the bank yesterday": no route asked for
    return {"destination": trim_text(clause.text[m.start("x"):m.end("x")])}  # as said ("ATM")


def _navigate_category(clause: Clause, m: re.Match) -> Slots | None:
    word = m.group("x")
    if re.search(r"你.{0,3}吃|吃.{0,2}了(?:没有?|吗|么)|have you eaten|did you eat", clause.low):
        return None  # "你吃饭了没有呀": a greeting, not a place to eat
    for rx, cat in _CATEGORY_ANY:
        if rx.fullmatch(word):
            return {"category": cat}
    return None


PHONE_HANGUP_RE = _rx(r"挂断|挂掉|挂了|挂电话|结束通话|挂机|不打了|hang up|hang (?:it|that|this|him|her) up|end (?:the |this )?call|disconnect(?: the call)?"
                      r"|drop the call|stop the call|finish the call|cut the call"
                      # an incoming call turned down ("decline it, I'm driving", "拒接")
                      r"|\b(?:decline|reject)\s+(?:the |this |that )?(?:incoming )?call\b|^\W*decline it\b|拒接|拒绝接听|不接(?:了|这个电话|他的电话|她的电话)")
PHONE_CALL_RE = _rx(r"^(?:打(?:个|一个|一通)?电话给|回(?:个|一个|一通)?电话给|打给|拨打|拨通|拨|呼叫|致电|联系|call)\s*(?P<x>.+)$"
                    r"|^(?:赶紧|赶快|快|马上|立刻|快点)?(?:帮我)?打\s*(?P<w>1[12]\d|911|999|112|\d{5,})(?:吧|啊)?$"
                    # ("给我老婆打电话": 给我 is "for me" before the family member called)
                    r"|^(?:路上|顺便|然后|赶紧|赶快|马上|立刻|快点)?给(?:我(?=" + FAMILY.replace("(?:我|咱)?", "", 1) + r"))?(?![你我])"
                    r"(?P<y>.+?)(?:打|拨|回)(?:个|一个|一通)?电话"
                    # ... with its 给我 gone as an opener
                    r"|^(?:赶紧|赶快|快|马上|立刻|快点)?(?P<u>" + FAMILY.replace("(?:我|咱)?", "", 1) + r")(?:打|拨)(?:个|一个|一通)?电话(?![来过进了])"
                    # a call returned ("回一下小李的电话")
                    r"|^(?:帮我)?回(?:一下|下)?(?P<v>[^，,。\s]{1,12}?)的(?:电话|来电|未接来电)"
                    r"|(?:^|\b)(?<!\ba )(?<!\bthe )(?<!\bmy )(?<!\bthis )(?<!\bthat )(?<!\bwork )(?<!\bphone )"
                    r"(?:call|phone|dial|ring|ring up|get|make a (?:phone )?call to|place a call to|give)\s+(?P<z>.+?)"
                    r"(?:\s+(?:a call|a ring|a buzz|a bell|a shout|a holler|on (?:the |his |her |their )?(?:phone|mobile|cell)|on speaker|please|now|for me"
                    r"|back|up|right now|on the phone))*\s*$")


# "call Dr Mehta right now", "give Nan a bell would you": words about the call, not the callee's name
_CALL_TAIL = _rx(r"(?:\s+(?:right now|right away|now|please|for me|asap|immediately|quickly|straight away|would you|will you|again|one more time"
                 r"|could you|can you|if you (?:would|could|can)|mate|love|cheers|ta|a call|a ring|a bell|a buzz|a shout"
                 r"|a holler|on (?:the |his |her |their )?(?:phone|mobile|cell)|on speaker|instead|then|as well|too))+[.!?]?$")


# What a call is for ("ring Dazza and ask where he is", "打给我妈 报个平安"): no part of the name, and no request
# of its own ("call Patel to confirm the meeting" asks for no calendar)
_CALL_PURPOSE = _rx(r"\s+(?:and|to)\s+(?:ask|tell|say|see|let|find out|check|remind|figure|confirm|sort out|talk)\b.*$"
                    r"|[\s,，]*(?:问问|问一下|问下|问他|问她|说一声|说一下|跟他说|跟她说|告诉他|告诉她|报个?平安|确认一下).*$")
_CALL_START = _rx(r"^(?:(?:please|can you|could you|hey|ok|okay)\s+)*(?:call|ring|phone|dial|give \w+ a (?:call|ring))\b"
                  r"|^(?:帮我|请|给我)?(?:打给|打电话给|拨打|呼叫|给.{1,8}打(?:个)?电话)")


def _call(clause: Clause, m: re.Match) -> Slots | None:
    if naming_asked(clause.low):
        return None  # "what should we call the housewarming party": a name chosen, no number dialled
    # "get Mom on the phone", "give Dad a call"; "get outta here", "give me a minute" are no calls
    if m.groupdict().get("z") and re.match(r"\s*(?:get|give)\b", m.group(0), re.I) \
            and not re.search(r"\b(?:a call|a ring|a buzz|a bell|a shout|a holler|on (?:the |his |her |their )?(?:phone|mobile|cell|line)|on speaker)\b",
                              m.group(0), re.I):
        return None
    if re.search(r"\b(?:i'?ll|i will|i'?m going to|i'?m gonna|gonna|we'?ll)\s+(?:just\s+)?call\b|\b(?:call|ring|phone) "
                 r"(?:\w+ )?(?:back )?(?:later|tomorrow|tonight|after)\b|(?:晚点|待会|回头|等会|改天|明天)(?:再)?(?:给.{1,8})?(?:打|回)",
                 clause.low):
        return None  # "I'll call her back later", "回头再给他打": a plan, not a call now
    if m.groupdict().get("z") and re.search(r"\b(?:a|an|the|my|our|this|that|his|her|their|your)\s+(?:[\w'-]+\s+){1,2}"
                                             r"(?:call|phone)\s+$", clause.text[:m.start("z")], re.I):
        return None  # "I've got a client call in two minutes": a call had, not one asked for
    if m.groupdict().get("w"):
        return {"contact": m.group("w")}  # "赶紧打120": the number itself
    for key in ("x", "y", "v", "z", "u"):
        if m.groupdict().get(key):
            start, end = m.span(key)
            said = re.sub(r"\s+(?:sorry|oh wait|wait|one more thing|and also|also"
                          # a remark after the name ("call mom I'm running late")
                          r"|i'?m|i am|we'?re|we are|it'?s|it is|i'?ve|we'?ve|because|'?cause|cuz)\b.*$", "",
                          clause.text[start:end].strip(), flags=re.I)
            said = _CALL_PURPOSE.sub("", said)
            contact = trim_text(_CALL_TAIL.sub("", said))
            contact = re.sub(r"(?:的)?(?:电话|手机|号码)$|'s\s+(?:(?:cell|mobile|phone|work|home)\s+)?(?:number|phone|cell|mobile|line)$", "",
                             contact, flags=re.I)
            contact = re.sub(r"^(?:the number )", "", contact, flags=re.I)
            contact = re.sub(r"\s+back$", "", contact, flags=re.I)  # "call her back"
            contact = trim_text(_CALL_TAIL.sub("", contact))
            if contact and not re.fullmatch(r"(?:电话|him|her|them|someone|somebody)", contact, re.I) \
                    and not re.match(r"(?:me|us|myself|ourselves)\b", contact, re.I):  # "give me a buzz when…"
                return {"contact": contact}
    return None


# ================================================================= media

SOURCES: tuple[tuple[str, str], ...] = (
    (r"收音机|电台|广播|调频|(?<![a-z])fm(?![a-z])|\bam radio\b|\bradio\b", "radio"),
    (r"蓝牙|bluetooth|(?<![a-z])bt(?![a-z])|手机(?:里|上)?的?(?:歌|音乐)|\b(?:from|on|off) (?:my|your|his|her|the|our) phone\b", "bluetooth"),
    (r"u盘|优盘|usb (?:drive|stick|key)|usb|thumb ?drive|flash drive", "usb"),
    (r"在线|网络|网上|online|streaming|spotify|apple music|qq音乐|网易云", "online"),
)
_SOURCE_RES = tuple((_rx(p), s) for p, s in SOURCES)
GENERIC_MEDIA = _rx(r"^(?:(?:一|几)?(?:首|些|点|曲)?(?:歌|歌曲|音乐|曲子|歌儿|小曲)|点儿?|一下|(?:some |a |the |my )?"
                    r"(?:music|songs?|tunes?|something|anything|playlist|audio|track|media)|it|that|this|again|my|the|some)$")

MUTE_RE = _rx(r"取消静音|解除静音|关闭静音|关掉静音|恢复声音|打开声音|(?:把|将)声音(?:给我)?(?:打开|开开|放出来|恢复)|静音|静个音|静一下音|把声音关(?:了|掉)|关(?:掉|闭)?声音|\bunmut(?:e|ing)\b|\bmut(?:e|ing)\b|silence"
              r"|sound (?:off|on)|turn (?:the )?sound (?:off|on|back on)")


UNMUTE_RE = _rx(r"取消静音|解除静音|关闭静音|关掉静音|恢复声音|打开声音|(?:把|将)?声音(?:给我)?(?:打开|开开|放出来|恢复)|静音(?:给我|也)?(?:关掉|关了|关闭|取消|去掉|解除|撤了)"
                r"|unmut(?:e|ing)|stop muting|don'?t mute|sound on|sound back on|turn (?:the )?mute off|mute off|off mute|take (?:off|away|out) (?:the )?mute|take (?:the )?mute (?:off|away)|remove (?:the )?mute|cancel (?:the )?mute|no more mute")


def _mute(clause: Clause, m: re.Match) -> Slots:
    return {"on": not UNMUTE_RE.search(clause.low)}


PAUSE_RE = _rx(r"暂停|停止播放|停止音乐|停止放歌|(?:先|就)?(?:别|不要)(?:再)?(?:放|播|唱)(?:歌|音乐)?了|(?:先|暂时)?不听(?:歌|音乐)?了|停一下音乐|停下音乐|关掉音乐|关闭音乐|(?:音乐|歌)(?:先|都|就|也)?(?:停|关)(?![小低])"
               r"|(?:这个|这首)?(?:音乐|歌)\s*(?:能|可以|能不能|可不可以)?(?:先)?停(?:一下|一会儿?)"
               r"|\bpause\b|stop (?:the )?(?:music|song|playback|playing|audio|radio|track)|(?:turn|switch|shut) off (?:the )?(?:music|radio|song)|(?:turn|switch|shut) (?:the |that )?(?:music|radio|song) off"
               r"|stop it|hold the music|shut the music off|kill the music"
               r"|\b(?:kill|cut|mute off|silence)\s+(?:the |that |this )?(?:music|radio|song|tunes|audio|track|stereo)\b"
               # the music told off with no verb ("music off", "radio off please")
               r"|^\W*(?:(?:ok|okay|so|just|and)\s+)?(?:the\s+)?(?:music|radio|tunes|stereo)\s+off\b")
SKIP_RE = _rx(r"下一首|下一曲|下一个|下首|下一集|切歌|(?:这首|这歌|这首歌|这个歌|歌)(?:给我|帮我)?切(?:了|掉)(?!吗)|换一首|换首|换个歌|换歌|跳过|下一频道|上一首|上一曲|上首|前一首|上一个|上一集"
              r"|\bnext\b(?!\s+to\b|\s+(?:ride|order|trip|booking|request|passenger|customer|exit|turn|gas|rest|service|stop|station|week|month|year|time|day|monday|tuesday|wednesday|thursday|friday|saturday|sunday|weekend|meeting|appointment|visit|client|oil|inspection|maintenance|tire|tyre|charge|charging)\b)|\bskip\b|\bprevious\b|last (?:song|track|one)|go back (?:a|one) (?:song|track)|play the last"
              r"|back one (?:song|track)|change (?:the )?(?:song|track)|different song|another song")


def _skip(clause: Clause, m: re.Match) -> Slots | None:
    if re.search(r"\b(?:we'?re|i'?m|we are|i am|you'?re|they'?re|we'?ll be|i'?ll be)\s+\w+ing\b[^,;]*\bnext\b", clause.low) \
            and not re.search(r"\bnext (?:song|track|one|tune)\b|\bskip\b", clause.low):
        return None  # "we're practising parallel parking next": what comes next in the lesson, no song
    prev = re.search(r"上一|上首|前一|previous|last (?:song|track|one)|go back|play the last|back one", clause.low)
    return {"direction": "previous" if prev else "next"}


VOLUME_NOUN = r"音量|声音|声量|音响|喇叭|\bvolume\b|\bsound\b|\baudio\b"
FAN_NOUN_STRICT = r"风量|风速|风扇|鼓风机|\bfans?\b|\bblower\b"
# A part of the whole said as a fraction ("a third", "三分之一"): `_percent` reads its value
FRACTION = r"\b(?:a|one) (?:third|quarter)\b|\btwo thirds\b|\bthree quarters\b|[三四]分之[一二三]"
VOLUME_SET_RE = _rx(rf"(?:{VOLUME_NOUN})[^，,]*?(?:调到|调至|调成|设为|设置为|设置成|设成|开到|放到|到|为|至|成|\bto\b|\bat\b|=|\s)"
                    rf"\s*(?:百分之)?(?:(?:like|about|around|roughly) )?(?P<v>{FRACTION}|{NUM}|{MAX_RE}|{MIN_RE}|\bhalf(?:way)?\b)|(?P<w>{MAX_RE})\s*(?:音量|volume)|\b(?P<t>max(?:imi[sz]e)?|crank|turn|pump)(?: out| up)?\s+(?:the\s+|my\s+)?(?:volume|sound|music)"
                    r"(?:\s+all the way(?: up)?|\s+to the max)?\s*$|\b(?:max|crank|turn|pump) (?:the\s+)?(?:volume|sound|music)?\s*(?:all the way up|to the max)\b"
                    rf"|(?:音量|声音|(?:音乐|歌|广播|收音机)[^，,]{{0,3}}?(?:开|调|放)(?:到|成))\s*(?P<u>{MAX_RE}|{MIN_RE})|^(?:音量|声音|volume)\s*(?P<b>{NUM})\s*(?:吧|呗|啊|就行|就好|please)?\s*$")
UP_WORDS = (r"(?<![最])[大高]\s*(?:[一二两三四五六七八九]|\d)\s*(?:档|挡|级|格)|往上调|向上调|调大|拧大|旋大|扭大|调高|开大|放大|大一点|大一些|大点|大些|高一点|高点|加大|增大|增加|提高|提升|加一点|加|响一点|响点|大声|"
            r"\bup\b|louder|higher|increase|raise|boost|pump|crank|bump|\bbigger\b|\bstronger\b")
DOWN_WORDS = r"(?<![最])[小低]\s*(?:[一二两三四五六七八九]|\d)\s*(?:档|挡|级|格)|\bknock\s+(?:it\s+|that\s+|this\s+|the\s+\w+\s+)?down\b|往下调|向下调|调小|拧小|旋小|扭小|调低|关小|开小|放小|小一点|小一些|小点|小些|低一点|低点|减小|减少|降低|减|小声|\bdown\b|quieter|softer|lower|decrease|reduce|\bsmaller\b|\bweaker\b"
VOLUME_ADJ_RE = _rx(rf"(?:{VOLUME_NOUN})|大声|小声|louder|quieter|softer|turn it (?:up|down)|crank it|pump it up|太吵|吵死|好吵|太响"
                    r"|听不清|听不见|听不到|can't hear|cannot hear|too loud|too quiet|too noisy|keep it down|bump it up"
                    # "turn the music down a bit", "turn up the radio": the music's loudness
                    r"|\b(?:turn|bring|crank|put)\s+(?:the\s+|that\s+|this\s+)?(?:music|radio|tunes|song)\s+(?:\w+\s+)?(?:up|down)\b"
                    r"|\b(?:turn|bring|crank)\s+(?:up|down)\s+(?:the\s+|that\s+|this\s+)?(?:music|radio|tunes|song)\b"
                    r"|(?:音乐|歌|收音机|广播)[^，,]{0,3}(?:关小|关低|开大|调大|调小|大声|小声|大点|小点|大一点|小一点)"
                    # "音乐有点吵", "the music's a bit loud": the music's loudness, a complaint
                    r"|(?:音乐|歌|声音|收音机|广播)[^，,]{0,4}(?:有点|有些|挺|好|真|特别)(?:吵|响|大声)|(?:声音|音量)(?:有点|有些|挺)大"
                    r"|\b(?:music|radio|song|sound|it|this)(?:'s| is)\s+(?:a (?:bit|little|tad) |kinda |kind of |pretty |quite |way |really |so )?"
                    r"(?:too )?loud\b")


def _volume_set(clause: Clause, m: re.Match) -> Slots | None:
    raw = m.group("v") or m.group("w") or m.group("u") or m.group("b")
    if raw is None:
        # "max out the volume", "crank the volume all the way up": the most; "turn the volume up" alone is a step
        said = m.group(0)
        return {"value": 100} if re.search(r"\bmax|all the way|to the max", said, re.I) else None
    if re.fullmatch(MAX_RE, raw, re.I):
        return {"value": 100}
    if re.fullmatch(MIN_RE, raw, re.I):
        return {"value": 0}
    if re.search(rf"(?:{UP_WORDS}|{DOWN_WORDS})[^，,]*?\bby\b|\bby\s+(?:{NUM})", clause.low) \
            or re.search(rf"(?:{UP_WORDS}|{DOWN_WORDS})\s*(?:{NUM})\s*(?:格|个点|notch(?:es)?|steps?|levels?|points?|bars?|clicks?)",
                         clause.low):
        return None  # "turn the volume up by 10", "knock the volume down four notches" are adjustments
    if re.search(rf"\b(?:up|down)\s+(?:{NUM})\b(?!\s*(?:%|percent))", clause.low) and not re.search(r"\b(?:up|down)\s+to\b", clause.low) \
            or re.search(rf"(?:调大|调小|调高|调低|加大|减小|加|减)\s*(?:{NUM})\s*(?:格|个|点)?\s*(?:吧|呗)?$", clause.low):
        return None  # "volume down five", "音量调小五": a step of that many, not a setting
    if re.search(r"一半|\bhalf(?:way)?\b", clause.low):
        return {"value": 50}  # the numeral pattern would read 一半 as 一
    if re.fullmatch(FRACTION, raw, re.I):
        return {"value": _percent(raw.lower())}  # "volume at like a third": 33
    value = parse_number(raw)
    if not isinstance(value, int):
        return None
    return {"value": value}


def _adjustment(low: str, too_much: str, too_little: str, units: str, bare_amount: bool = False) -> Slots | None:
    """A relative step: a complaint decides the direction alone (and carries no amount), else the
    first up/down word said; ``bare_amount`` also reads a unit-less trailing number ("音量加5")."""
    if re.search(too_much, low):
        return {"direction": "down"}
    if re.search(too_little, low):
        return {"direction": "up"}
    down = re.search(DOWN_WORDS, low)
    up = re.search(UP_WORDS, low)
    if not up and not down:
        return None
    slots: Slots = {"direction": "down" if down and (not up or down.start() < up.start()) else "up"}
    amount = _amount(low, units)
    if amount is None and bare_amount:
        bare = re.search(rf"(?:加|减|调大|调小|调高|调低|\bup\b|\bdown\b)\s*({NUM})\s*$", low)
        amount = parse_number(bare.group(1)) if bare else None
    if isinstance(amount, int) and amount > 0:
        slots["amount"] = amount
    return slots


def _volume_adjust(clause: Clause, m: re.Match) -> Slots | None:
    low = clause.low
    if re.search(FAN_NOUN_STRICT, low) and not re.search(VOLUME_NOUN, low):
        return None  # "the fan is too loud" is about the fan
    if re.search(r"外面|外边|路上|马路|窗外|outside|traffic|road noise|wind noise|the street", low) \
            and not re.search(VOLUME_NOUN, low):
        explicit = r"大点|大一点|开大|调大|小点|调小|关小|\bup\b|\bdown\b|louder|quieter|crank|turn it"
        if not re.search(explicit, low):
            return None  # "外面太吵了": the noise outside, not the speakers
        # "窗外太吵，大点声": the noise is outside; the words for the speakers decide
        clause = replace(clause, low=re.sub(r"太吵|吵死|好吵|太响|too loud|too noisy|noisy|loud", " ", low))
        low = clause.low
    low = re.sub(r"\b(?:drop|cut)\s+(?=(?:the\s+|my\s+)?(?:volume|sound|music)\b)", "lower ", low)
    if re.search(r"大点|大一点|开大|调大|小点|调小|关小|\bup\b|\bdown\b|louder|quieter|\blower\b", _DROWNED_RE.sub(" ", low)):
        # "turn the music down I can't hear the directions": the other sound drowned out is the reason, said
        # without a pause; the words for the speakers decide
        low = _DROWNED_RE.sub(" ", low)
    return _adjustment(
        low, too_much=r"太吵|吵死|好吵|太响|(?:声音|音量)(?:也|真的?|实在|是不是)?(?:太|好)大|太大声|too loud|too noisy|keep it down|deafening"
                      r"|(?:有点|有些|挺|真|特别)(?:吵|响)|(?:声音|音量)(?:有点|有些|挺)大|(?:'s| is)\s+(?:a (?:bit|little|tad) |kinda |kind of |pretty |quite |way |really |so )?loud\b"
                      r"|can'?t hear myself think",
        too_little=r"听不清|听不见|听不到|(?:声音|音量)(?:也|真的?|实在|是不是)?(?:太|好)小|太小声|can't hear|cannot hear|too quiet|too soft",
        units=r"格|个点|点|个单位|档|级|%|percent|notches|notch|steps?|levels?|points?|bars?", bare_amount=True)


# The source said before the verb ("用U盘放点摇滚", "蓝牙音乐接着放", "在线放一首晴天")
_SOURCE_FIRST = (r"(?:(?:用|从|拿|在|切到|换到)?\s*(?P<src>收音机|电台|广播|蓝牙|u盘|优盘|usb|bt|在线|网上|网络)"
                 r"(?:里|上|里面|上面)?(?:的)?(?:音乐|歌曲?)?\s*(?:给我|帮我|来|也)?\s*)?")
# What was playing, named by when it played ("刚才那首", "刚才那个故事"): a kind of thing, or none
_EARLIER_KIND = r"(?:一?首|个|段)?(?:歌曲?|音乐|曲子|故事|节目|有声书|相声|评书|儿歌)?"
PLAY_RE = _rx(r"^" + _SOURCE_FIRST + r"(?:(?:后座|后排|后面|副驾)?(?:的)?(?:客人|乘客|顾客|新娘|新郎|伴娘|伴郎|" + FAMILY + r"[^，,\s听]{0,2}?)(?:们)?(?=(?:要听|想听)(?!这|那|的|刚才|刚刚|之前|上一|$)))?(?:给(?:孩子|宝宝|小孩|娃|儿子|女儿|孩子们|小朋友|老婆|老公|大家|我们|爸妈|爸爸|妈妈|老人)(?:们)?(?:听)?(?=放|播|听))?(?:再来一首|再来首|再放一首|再放首|再播一首|点一首|点首|点播|播放|放一首|放首|放一曲|放个|放点儿?|放一些|放一下(?!书包|东西|行李|包|箱子)|放(?!学|心|假|弃|松|过|慢|缓|书包|东西|行李|箱子|婴儿车|推车|童车|轮椅|雨伞|快递|袋子|外套|衣服|一下(?:书包|东西|行李|包|箱子))|来一首|来首|来一曲|来点儿?(?![暖冷凉热风空光亮]|氛围)|来个|来些|整一首|整首|整点儿?(?![钟报暖冷凉热风空光亮]|氛围)|我想听|我要听|想听|要听"
              r"|听听|听一下|听一听|听(?![见到说懂清着话不得]|(?:我|你|他|她|人家)的?(?:吧|呗|没错|准没错)?(?:$|[\s，,。!！])|我说|人家)|切换到|切换成|切到|切成|换到|换成|改成|打开)\s*(?P<x>.*)$"
              r"|^(?:play|put on|chuck on|stick on|whack on|bang on|play me|queue(?: up)?|start playing|listen to"
              # a suggestion of music ("how about some music", "what about the radio")
              r"|(?:how|what) about(?= (?:some |a little |a bit of )?(?:music|tunes|songs|a song|the radio|some radio)\b)|hear(?!\s+(?:me|you|us|him|her|them|what|about|from|how|if|whether|that)\b)|i want to (?:hear|listen to)|i wanna hear|stream"
              r"|(?P<tune>tune (?:in )?(?:the radio |the fm |the am )?to|tune (?:the )?radio to|put the radio on)"
              r"|let me hear|i'd like to (?:hear|listen to)|switch to|change to|turn on|open"
              r"|(?:swap|flip|switch|change|move)(?: it| the (?:music|audio|source))?(?: over| back)? to(?= (?:the )?(?:bluetooth|usb|radio|fm|am|online|streaming)\b))"
              r"(?![a-z])\s*(?P<y>.*)$"
              r"|^(?:(?:用|从)?\s*(?:收音机|电台|广播|蓝牙|u盘|优盘|usb|在线)(?:里|上)?(?:的)?(?:音乐|歌曲?)?\s*)?"
              r"(?P<resume>(?:press|hit|tap|push) play|继续播放|继续放|接着放|接着播|继续听|恢复播放|继续|resume|continue|unpause|keep playing"
              r"|continue playing|carry on playing|carry on with the (?:music|song)|keep the music (?:going|playing)"
              r"|go back to (?:the |my )?(?:music|radio|song|tunes|playlist)"
              r"|pick (?:the music|the song|it) back up"
              r"|(?:just |please |and )?resume(?: the (?:music|song|playback))?$|(?:put|turn|switch) (?:the )?(?:music|song|radio) back on|(?:the )?(?:music|song|radio|tunes) back on"
              r"|音乐(?:重新|再)(?:打开|放|播)|重新(?:放|播放)(?:音乐|歌)"
              r"|resume (?:the )?(?:music|playback|song))(?:\b|(?=(?:刚才|刚刚|之前|方才|先前)(?:的|那|这)*" + _EARLIER_KIND + "$))")
# The music that was playing, named by when ("接着放刚才的歌", "继续放刚才那首", "play what we had on before"):
# playback resumed, no title
_EARLIER_SONG_RE = _rx(r"^(?:刚才|刚刚|之前|方才|先前|原来)(?:的|那|一直|在)*(?:放|播|听)?(?:的|那|这)*" + _EARLIER_KIND + "$"
                       r"|^(?:what|the (?:song|music|track|stuff)(?: that)?) (?:we|i) (?:had|were|was) (?:on|playing|listening to)"
                       r"(?: (?:before|earlier))?$|^(?:(?:the )?(?:song|music|track|stuff) )?(?:from )?(?:before|earlier)$")


def names_the_earlier_song(query: str) -> bool:
    """"刚刚", "the earlier", "刚才那首歌": a title that is only when the music played, which a resume means."""
    return bool(_EARLIER_SONG_RE.search(re.sub(r"^the\s+", "", query.strip(), flags=re.I)))


_A_SONG_RE = _rx(r"首|曲|歌|儿歌|\bsong\b|\btrack\b|\btune\b|by the\b|soundtrack")  # "给孩子放一首石头剪刀布" is a song
_GAME_RE = _rx(r"^(?:a |some |another )?(?:game|games|twenty questions|20 questions|i spy|trivia|would you rather"
              r"|rock,? paper,? scissors|charades|word games?|a word game)(?:\s+(?:with|for)\b.*)?$"
              r"|^(?:个|一个|一下)?(?:小游戏|游戏|成语接龙|猜谜语?|脑筋急转弯|词语接龙|石头剪刀布)$")
BY_RE = re.compile(r"^(?P<a>.+?)\s+by\s+(?P<b>.+)$", re.I)


def names_a_game(query: str, text: str) -> bool:
    """"let's play twenty questions", "咱们来玩成语接龙吧": a game with the driver, no title, unless a song is said."""
    return bool(query) and bool(_GAME_RE.search(query)) and not _A_SONG_RE.search(text)


# What a song is played for, said after it ("放首歌放松一下", "来点音乐提提神"): no part of a title
SONG_PURPOSE = (r"(?:来|给我|让我|让大家|帮我|让她|让他|让孩子)?(?:放松|提提?神|解解?闷|醒醒?神|助助?眠|热闹热闹|嗨一下|嗨嗨|精神精神"
                r"|舒缓|缓解|静静心|安安神|缓一缓|缓缓|缓一下|压压惊|定定神)(?:一下|下|心情|情绪)*")


def _play(clause: Clause, m: re.Match) -> Slots | None:
    first: Slots = {}
    if m.group("src") and re.fullmatch(r"\s*(?:打开|开启|开一下|打开一下)(?:吧|呗)?\s*", clause.low[m.end("src"):]) \
            and re.fullmatch(r"蓝牙|u盘|优盘|usb|网络", m.group("src").strip()):
        return None  # "蓝牙打开" switches the link on, no music asked for (out of domain)
    if m.group("src"):
        first = {"source": next(s for rx, s in _SOURCE_RES if rx.search(m.group("src")))}
    elif m.group("tune"):
        first = {"source": "radio"}  # "tune the radio to KEXP": a station
    if m.group("resume"):
        before = clause.low[:m.start("resume")]  # "蓝牙音乐接着放": the same music, from that source
        return next(({"source": src} for rx, src in _SOURCE_RES if rx.search(before)), first)
    key = "x" if m.group("x") is not None else "y"
    start, end = m.span(key)
    span = clause.text[start:end]
    cut = re.search(r"(?<=\S)\s+(?:那个\s*)?把", span)
    if cut:
        return None  # "我要听导航 那个 把音乐静音": a new clause starts at 把; the title ran over a pause into it
    slots: Slots = dict(first)
    for rx, source in () if m.group("tune") else _SOURCE_RES:  # a station's name keeps its "FM" ("Heart FM")
        sm = rx.search(span)
        if sm:
            slots["source"] = source
            # (whose device it is, said before it, "我U盘里的周杰伦", is no part of the title)
            before = re.sub(r"(?:^|(?<=\s))(?:我|我们|你|他|她|咱|咱们|my|our|your|his|her|" + FAMILY + r")\s*(?:的)?\s*$", "",
                            span[: sm.start()], flags=re.I)
            span = before + " " + span[sm.end():]
            span = re.sub(r"(?:音乐|里的|里面的|上的|的)", " ", span) if source != "radio" \
                else re.sub(r"^\s*(?:里的|里面的|上的|的)", " ", span)  # "收音机里的交通广播"
            # whose device it is ("我手机里的歌", "老婆的U盘"): no title
            span = re.sub(r"^\s*(?:我|我们|你|他|她|咱|咱们|my|our|your|his|her)\s*(?:的)?\s*$", " ", span, flags=re.I)
            break
    if re.match(r"^(?:腻|烦|够|厌)", span.strip()) and m.group(0).lstrip().startswith("听"):
        return None  # "听腻了，换一首": tired of the song, no song to play
    q = trim_text(span)
    # (who it is played for: "放一首小星星给妹妹听")
    q = re.sub(r"(?:(?<=.)给(?:" + FAMILY + r"|我们|大家|他|她|他们|她们|小朋友们?|客人|乘客)(?:听听|听一下|听)"
               r"|听听|听一下|听一听|来听|给我听|听)$", "", q)
    q = re.sub(r"^(?:(?:一|几)?(?:首|些|点|曲|个)\s*|some\s+|a\s+song\s+(?:called\s+)?|the\s+song\s+|the\s+album\s+"
               r"|the\s+track\s+|songs?\s+by\s+|music\s+by\s+|something\s+by\s+|anything\s+by\s+)", "", q, flags=re.I)
    q = re.sub(r"\s+(?:on|from|in|using|through|via|off|over)(?:\s+(?:the|my))?\s*$", "", q, flags=re.I)
    q = re.sub(r"^(?:on|from|in|using|through|via|off|over|with)(?:\s+(?:the|my))?$", "", q.strip(), flags=re.I)  # "play from Bluetooth"
    q = re.sub(r"\s+instead$", "", q, flags=re.I)  # "put on Radiolab instead"
    # when, said after a kind of thing ("put on the kids' playlist after"): no part of its name
    q = re.sub(r"\b(playlist|album|songs?|music|station|podcast|audiobook)\s+(?:after(?:wards| that)?|next|later)$", r"\1", q,
               flags=re.I)
    # who likes it, told after the title ("放周杰伦吧 孙子爱听", "put on some Frank Sinatra Dad loves him")
    q = re.sub(r"(?<=[\u4e00-\u9fff])(?:吧|呗)?\s+(?:" + FAMILY + r"|弹幕|粉丝|观众|网友|家人们|老铁们?|朋友们?|大家|有人|客人|乘客)"
               r"(?:也|最|很|超|特别)?(?:爱听|爱|喜欢|想听|要听|点的|点播的).*$", "", q)
    q = re.sub(r"\s+(?:my |our |the )?(?:dad|mom|mum|grandma|grandpa|nana|granny|gran|papa|kids?|wife|husband|son|daughter"
               r"|she|he|they)(?:'s| is| are)?\s+(?:loves?|likes?|adores?|enjoys?|into|wants?|asked for|requested|a fan)\b.*$",
               "", q, flags=re.I)
    # what the song is for, after the title ("放首两只老虎哄哄他"): no part of it
    q = re.sub(r"(?<=[\u4e00-\u9fff])\s*(?:哄哄|哄一哄|哄一下|逗逗|逗一逗|陪陪)(?:他|她|孩子|宝宝|小的|他们|她们|娃)?$", "", q)
    # who it is played for, after the title ("put on Frozen for the kids", "twinkle twinkle for the little guy")
    q = re.sub(r"(?<=\S)\s+for\s+(?:(?:the|my|our|your)\s+)?(?:little (?:guy|one|ones|girl|boy|man|lady|guys)|kids?|kiddos?"
               r"|children|baby|babies|toddler|grandkids?|grandson|granddaughter|grandchildren|twins|boys|girls|passengers?"
               r"|grandma|grandpa|nana|granny|mom|mum|dad|everyone|everybody|us|them)$", "", q, flags=re.I)
    # what a song is for, after a bare song ("放首歌放松一下", "来点音乐提提神"): no title
    q = re.sub(r"^(?P<g>歌|歌曲|音乐|歌儿|曲子|轻音乐)" + SONG_PURPOSE + "$", r"\g<g>", trim_text(q))
    q = trim_text(q)
    if re.search(r"(\w)不\1|有没有|是不是|(?:响|行|好使|正常)(?:不|吗|没)", q) and m.group(0).lstrip().startswith("听"):
        return None  # "听听喇叭破不破音": listening to check something, no title
    if _EARLIER_SONG_RE.search(q):
        return slots  # "接着放刚才的歌": the music that was on, resumed
    q = re.sub(r"^(?:刚才|刚刚|之前|方才|先前)(?:放|播|听)?(?:的|那|这)*(?:一?首|个)", "", q)  # "放刚才那首晴天": the title
    if q:
        mm = re.match(r"^(?P<a>.+?)的(?P<b>.+)$", q)
        if mm:
            b = trim_text(mm.group("b"))
            if GENERIC_MEDIA.match(b) or re.fullmatch(r"(?:歌|歌曲|音乐|专辑|新歌|老歌|歌儿)", b):
                q = mm.group("a")
            # else the query is copied whole (the contract copies free text as said): "周杰伦的晴天" names the
            # artist's song, "月亮代表我的心" is a title, "郭德纲的相声" the artist's genre
        bm = BY_RE.match(q)
        if bm and (GENERIC_MEDIA.match(trim_text(bm.group("a")))
                   or re.search(r"(?:^|\s)(?:songs?|music|albums?|tracks?|tunes|stuff|hits)$", trim_text(bm.group("a")), re.I)):
            q = bm.group("b")  # "(the latest) songs by Queen": the artist; "Bohemian Rhapsody by Queen" is copied whole
        q = re.sub(r"\s+(?:music|songs)$", "", q, flags=re.I) if not GENERIC_MEDIA.match(q) else q
        q = trim_text(q)
    if re.fullmatch(r"(?:导航|导航的?(?:声音|播报|语音|提示)|(?:the )?(?:navigation|directions|gps|sat ?nav)(?: voice| lady)?)", q, re.I):
        return None  # "我要听导航": the route's voice heard, the reason for quiet, no title
    if names_a_game(q, clause.low) and not slots.get("source"):
        return OOD  # "let's play twenty questions", "玩个成语接龙": a game with the driver, nothing to play
    if q and not GENERIC_MEDIA.match(q) and not re.fullmatch(r"(?:音乐|歌曲?|收音机|电台|广播)", q):
        if slots.get("source") == "radio":
            num = re.search(r"\d+(?:\.\d+)?", q)
            named = re.match(r"^(?:the\s+)?(?:station|channel)\s+(?:called\s+|named\s+)?(?P<n>\S.*)$", q, re.I)
            if named and len(named.group("n").split()) <= 4:
                slots["query"] = named.group("n")  # "the radio station classic fm": what follows "station" is its name
            elif num:
                slots["query"] = num.group(0)
            elif m.group("tune") or re.fullmatch(r"[A-Z0-9][\w.&'-]*(?:\s+[A-Z0-9][\w.&'-]*){0,3}", q) \
                    or re.fullmatch(r"[\u4e00-\u9fff]{1,6}(?:台|电台|广播|之声|频道)", q):
                slots["query"] = q  # a station's name ("Triple J", "KEXP", "交通台", "中国之声")
        else:
            slots["query"] = q
    # "打开X"/"switch to X" is a media request only when X names a source ("切换到蓝牙")
    loose = re.match(r"^(?:切换到|切换成|切到|切成|换到|换成|改成|打开|switch to|change to|turn on|open)", m.group(0), re.I)
    if loose and "source" not in slots and not _GENRE_RE.fullmatch(slots.get("query", "")):
        return None  # ...or a kind of music ("switch to jazz", "换成摇滚")
    if re.fullmatch(r"[吧呗啊呀嘛哈了]+", slots.get("query", "")):
        del slots["query"]  # "放吧" names no song
    if re.fullmatch(r"(?:行李|东西|包|箱子|袋子|外套|衣服|水|杯子|手机|孩子|宝宝)", slots.get("query", "")) \
            and re.search(r"(?<![播])放\s*(?:一下|个|点)?\s*(?:行李|东西|包|箱子|袋子|外套|衣服|水|杯子|手机|孩子|宝宝)", clause.low):
        return None  # "我要放行李": something put down, not played
    if m.group(0).startswith("再") and not slots:
        return None  # "再来一首" names no song: another one, not a resume
    return slots


_GENRE_RE = _rx(r"(?:some\s+|a\s+bit\s+of\s+)?(?:jazz|blues|rock|classic rock|hard rock|punk|metal|heavy metal|pop|k-?pop|j-?pop"
               r"|classical|classical music|country|country music|folk|hip[ -]?hop|rap|r&b|soul|funk|reggae|disco|techno|house"
               r"|edm|lo-?fi|indie|gospel|opera|bluegrass|latin|salsa|ambient|chill|chillout|easy listening|oldies|80s|90s"
               r"|爵士|爵士乐|蓝调|布鲁斯|摇滚|摇滚乐|重金属|流行|流行乐|流行音乐|古典|古典乐|古典音乐|乡村|乡村音乐|民谣|嘻哈|说唱|电音"
               r"|轻音乐|纯音乐|老歌|经典老歌|儿歌|民乐|戏曲|京剧|粤语歌|粤剧|相声|评书)(?:\s+music)?")
PLAY_MEDIA_NOUN = _rx(r"(?:打开|开|turn on|switch to|start)\s*(?:the\s+)?(?:音乐|歌|music|songs?|收音机|电台|广播|radio"
                      r"|蓝牙音乐|bluetooth audio|bluetooth music|usb)"
                      r"|(?:收音机|电台|广播)(?:也)?(?:打开|开一下|开开|开(?![大小到]))|\b(?:put|turn|switch) (?:the )?radio (?:back )?on\b"
                      r"|换(?:个|回)?(?:收音机|广播|蓝牙音乐)(?:来)?(?:听|(?:吧|呗)?$)")


def _play_source(clause: Clause, m: re.Match) -> Slots | None:
    for rx, source in _SOURCE_RES:
        if rx.search(clause.low):
            return {"source": source}
    return {}


# ================================================================= body: windows, sunroof, lights, seats

SUNROOF_RE = _rx(r"天窗|遮阳帘|sunroof|moon ?roof|\broof\b|sun roof")
WINDOW_RE = _rx(r"车窗|窗户|窗子|(?<!弹)(?<!对话)(?<!提示)窗(?!口)|(?<!pop-up )(?<!popup )(?<!dialog )windows?\b")
OPEN_WINDOW = r"打开|拉开|(?<!睁不)(?<!离不)(?<!打不)(?<!分不)(?<!躲不)开|降|摇下|放下|落下|降下|\bopen\b|lower|roll(?: it| them)? down|crack|\bdown\b|let (?:some )?air in|vent"
CLOSE_WINDOW = r"关|升|摇上|合上|拉上|\bcloses?\b|(?<!\bis )(?<!\bare )(?<!'s )(?<!\bwas )(?<!\bwere )\bclosed\b|\bshut\b|raise|roll(?: it| them)? up|\bup\b"


def _open_close(clause: Clause) -> bool | None:
    """True = open, False = close, None = unsaid (then inherit)."""
    close = re.search(CLOSE_WINDOW, clause.low)
    opn = re.search(OPEN_WINDOW, clause.low)
    if close and opn:
        return opn.start() < close.start() if not re.search(r"打开|\bopen\b", clause.low) else True
    if close:
        return False
    if opn:
        return True
    return clause.inherited


# An opening amount said without a verb ("front windows halfway", "天窗百分之三十") opens: only a closed
# window has no amount. The amount ends the clause ("车窗有一半是脏的" is a remark), and the 20% idioms are left out.
_AMOUNT_ALONE = re.compile(rf"(?:百分之\s*{NUM}|{NUM}\s*(?:%|percent|per cent)|[一二两三四五六七八九]成|一半|\bhalf(?:way)?"
                           r"|\ba quarter|three quarters|四分之[一三])(?:\s*(?:吧|就行|就好|就可以|please|thanks))?\W*$")


def _opening(clause: Clause) -> bool | None:
    opening = _open_close(clause)
    if opening is None and _AMOUNT_ALONE.search(clause.low) and _percent(clause.low) is not None \
            and not re.search(r"卡|停在|只能|\bstuck\b|\bjam|won'?t|doesn'?t|can'?t|\b(?:is|are|was|were|'s) (?:at|only|still|already)\b",
                              clause.low):
        return True  # ("the rear window is stuck halfway" says where it is, asks for nothing)
    return opening


def _window(clause: Clause, m: re.Match) -> Command | None:
    opening = _opening(clause)
    if opening is None:
        return None
    if clause.zone is None and re.search(r"(?:车窗|窗户|窗子)都", clause.low) \
            and not re.search(r"(?<![给帮])我|这边|那边|左|右|前|后|一侧|一边", clause.low):
        clause = replace(clause, zone="all")  # "把窗户都关了": every window
    if opening:
        slots: Slots = _with_zone({}, clause)
        pct = _percent(clause.low)
        if pct is not None:
            slots["percent"] = pct
        return Command("window.open", slots)
    return Command("window.close", _with_zone({}, clause))


def _sunroof(clause: Clause, m: re.Match) -> Command | None:
    opening = _opening(clause)
    if opening is None:
        return None
    if opening:
        pct = _percent(clause.low)
        return Command("sunroof.open", {"percent": pct} if pct is not None else {})
    return Command("sunroof.close", {})


READING_RE = _rx(r"阅读灯|读书灯|看书灯|车顶灯|顶灯|室内灯|车内灯|化妆灯|(?:后排|前排|后座|前座|主驾|副驾|左后|右后)(?:驶)?(?:的|那边的?|座位的?)?(?:小)?灯(?!光秀)|reading (?:light|lamp)s?|map lights?|dome lights?"
                 r"|overhead lights?|cabin lights?|interior lights?|courtesy lights?")
AMBIENT_RE = _rx(r"氛围灯|气氛灯|环境灯|背景灯|(?:整|来|搞|弄|开|要)(?:点|个|一下)?氛围感|ambient light\w*|ambience light\w*|mood light\w*|accent light\w*|ambient(?! (?:sounds?|noises?|music|audio|tracks?|recordings?|mics?|microphones?))")
COLORS: tuple[tuple[str, str], ...] = (
    (r"红|\bred\b", "red"), (r"橙|橘|\borange\b", "orange"), (r"黄|\byellow\b", "yellow"), (r"绿|\bgreen\b", "green"),
    (r"蓝|\bblue\b", "blue"), (r"紫|\bpurple\b|\bviolet\b", "purple"), (r"白|\bwhite\b", "white"),
    (r"粉|\bpink\b", "pink"),
)


def _reading(clause: Clause, m: re.Match) -> Slots:
    return _with_zone({"on": clause.on}, clause)


def _ambient(clause: Clause, m: re.Match) -> Slots:
    low = clause.low
    slots: Slots = {}
    for pat, color in COLORS:
        if re.search(pat, low):
            slots["color"] = color
            break
    bm = re.search(rf"(?:亮度|brightness)[^，,]*?(?:调到|调至|调成|设为|到|为|\bto\b|\bat\b|\s)?\s*(?:百分之)?({NUM})(?![点些下])", low)
    if re.search(r"(?:亮度|brightness)[^，,]{0,8}?(?:一半|\bhalf(?:way)?\b)|(?:一半|\bhalf)\s*(?:的)?(?:亮度|brightness)", low):
        slots["brightness"] = 50  # "亮度一半", "brightness at half": the contract's halfway
    elif bm and isinstance(parse_number(bm.group(1)), int):
        slots["brightness"] = parse_number(bm.group(1))
    elif re.search(rf"(?:百分之)?({NUM})\s*(?:%|percent)?\s*(?:brightness|亮度)", low) \
            and not re.search(r"\bby\b|降低|提高|调低|调高|增加|减少|减|加", low):
        n = parse_number(re.search(rf"(?:百分之)?({NUM})\s*(?:%|percent)?\s*(?:brightness|亮度)", low).group(1))
        if isinstance(n, int):
            slots["brightness"] = n  # "on at eighty percent brightness"
    elif re.search(rf"\b(?:dim|brighten|turn (?:up|down))\b[^,，]*?\b(?:to|at)\s+({NUM})\s*(?:%|percent)?(?!\s*(?:degrees?|度))"
                   rf"|(?:调暗|调亮|暗|亮)(?:一点|点)?(?:到|至)\s*(?:百分之)?({NUM})", low):
        mm = re.search(rf"\b(?:dim|brighten|turn (?:up|down))\b[^,，]*?\b(?:to|at)\s+({NUM})|(?:调暗|调亮|暗|亮)(?:一点|点)?(?:到|至)\s*(?:百分之)?({NUM})", low)
        n = parse_number(mm.group(1) or mm.group(2))
        if isinstance(n, int) and 0 <= n <= 100:
            slots["brightness"] = n  # "dim the ambient lights to 30", "氛围灯调暗到三十"
    elif re.search(r"最亮|亮度(?:调到)?最(?:大|高)|full brightness|max(?:imum)? brightness|brightest", low):
        slots["brightness"] = 100
    if clause.polarity is False or (clause.polarity is None and clause.inherited is False and not slots):
        return {"on": False}
    if clause.polarity is True or not slots:
        slots = {"on": True, **slots}
    return slots


MASSAGE_RE = _rx(r"按摩|massag\w*|(?:腰|背|肩|腰背|后背|颈)(?:部)?(?:放松|按按|揉揉|捶捶|松松)")
VENT_RE = _rx(r"座椅通风|座位通风|通风|座椅(?:吹风|凉风|制冷|降温)|seat (?:ventilation|cooling|fans?|cooler|vents?)\b|ventilat\w* seats?|vented seats?"
              r"|\bvent (?:my|the|your|her|his|their|both|all)(?: \w+)? seats?\b"
              r"|ventilat\w*|cool(?:ed)? seats?|cool (?:down )?(?:my |the )?(?:[a-z']+ )?seats?")
HEAT_RE = _rx(r"座椅加热|加热座椅|座位加热|座椅(?:的)?加热|(?<!方向盘)(?<!方向盘的)加热(?!器)|座椅(?:热|暖)|seat heat\w*|heated seats?|seat warm\w*"
              r"|warm (?:up )?(?:my |the )?(?:[a-z']+ )?seats?|heat (?:up )?(?:my |the )?(?:[a-z']+ )?seats?"
              r"|(?:butt|bum) warmer|\b(?:heat|warm)\w*\b[^,]*\bseats?\b|\bseats?\b[^,]*\b(?:heat|warm)\w*")


def _seat(levels: bool) -> Builder:
    def build(clause: Clause, m: re.Match) -> Slots:
        level = _level(clause.low, 3) if levels and clause.polarity is not False else None
        if level == 0:
            return _with_zone({"on": False}, clause)  # "零档" is off
        if level is not None and not 1 <= level <= 3 and not re.search(rf"{NUM}\s*(?:档|挡|级)|level|setting", clause.low):
            level = None  # "the seat heat at 5" is no seat level (a time, perhaps); "四档" is, written as said
        # a level said is an "on", whatever the clause before switched off ("close the window, then seat heat to 1")
        slots: Slots = {"on": True if level else clause.on}
        if slots["on"] and level is not None:
            slots["level"] = level
        return _with_zone(slots, clause)
    return build


# ================================================================= climate

DEFROST_RE = _rx(r"(?:后窗|后挡|后风挡|后挡风|后玻璃|前挡|前风挡|前挡风|挡风玻璃)(?:玻璃)?(?:的)?(?:加热|电加热)|(?:窗|玻璃|挡风)[^，,]{0,4}雾|全是雾|都是雾|除雾|(?:除|去)(?:个|一下|下)(?:雾|霜)|除霜|去雾|去霜|防雾|起雾|有雾|雾气|哈气|(?<!东西)(?<!东西都)(?<!东西也)(?<![黑暗]得)看不清(?:前面|挡风|外面)?(?!楚?(?:书|字|菜单|屏幕|地图|手机|东西|歌词))|defrost\w*|defog\w*|demist\w*"
                 r"|fog(?:ging|ged|gy)? up|fogged|foggy|misted|misting|steamed up|steaming up|can't see (?:out|through)")
DEFROST_COMPLAINT = _rx(r"(?:窗|玻璃|挡风)[^，,]{0,4}雾(?!灯)|全是雾|都是雾|起雾|有雾|雾气|哈气|(?<!东西)(?<!东西都)(?<!东西也)(?<![黑暗]得)看不清(?!楚?(?:书|字|菜单|屏幕|地图|手机|东西|歌词))|fog(?:ging|ged|gy)? up|fogged|foggy|misted|misting|steam\w* up|can't see")


_GLASS_FINE = r"(?:还好|没事|没问题|不用|挺好|还行|is fine|is ok(?:ay)?|is clear|are fine|is good|is alright)"


def dark_without_fog(text: str) -> bool:
    """Not seeing for the dark, with no fog or frost named ("好暗啊 看不清", "I can't see a thing back here it's so
    dark"): no glass to clear."""
    return re.search(r"暗|黑|\bdark\b", text, re.I) is not None and re.search(r"雾|霜|哈气|fog|mist|steam|frost", text, re.I) is None


def _defrost(clause: Clause, m: re.Match) -> Slots | None:
    if dark_without_fog(clause.low):
        return None
    # (the rear glass said fine is no glass to clear: "前挡起雾了 后窗还好")
    low = re.sub(rf"(?:后挡|后窗|后风挡|后玻璃|(?:the )?(?:rear|back) (?:window|windscreen|glass))[^，,]{{0,6}}?{_GLASS_FINE}", " ",
                 clause.low)
    rear = re.search(r"后挡|后窗|后风挡|后玻璃|后面|后除|后排|后视|\brear\b|\bback\b", low)
    on = True if DEFROST_COMPLAINT.search(clause.low) else clause.on
    if clause.polarity is None and re.search(r"\b(?:defrost|defog|demist)\w*\s+(?:the|my|our)\b"
                                             r"|(?:挡|玻璃|窗)[^，,]{0,4}(?:除|去)(?:个|一下|下)?(?:雾|霜)", clause.low):
        # "recirculation off, defog the front glass": the verb with its glass switches it on, whatever came before
        # ("关掉内循环和除雾" lists a second thing to switch off)
        on = True
    return {"target": "rear" if rear else "front", "on": on}


# Keeping the outside air out is the inner loop ("别让外面的气进来", "keep the outside air out").
KEEP_OUT_RE = r"(?:别|不要|不让|别让|防止)(?:让)?外面的?(?:空)?气(?:味)?进来|外面的?(?:空)?气(?:味)?别进来|keep (?:the )?outside air out|stop (?:the )?outside air"
RECIRC_RE = _rx(r"inside air|cabin air|" rf"{KEEP_OUT_RE}|内循环|外循环|空气循环|(?<!单曲)(?<!列表)(?<!顺序)循环(?!播放|放|听)|recirculat\w*|recirc"
                r"|fresh[\s-]air|outside air|air intake")


def _recirc(clause: Clause, m: re.Match) -> Slots:
    if re.search(KEEP_OUT_RE, clause.low):
        return {"on": True}
    inner = not re.search(r"外循环|fresh[\s-]air|outside air", clause.low)
    on = clause.on
    if clause.polarity is None and re.search(r"切|换|改|用|调成|调到|设|\b(?:switch|set|change|go|use|put)\b", clause.low):
        on = True  # "空调auto关掉，切外循环": a mode chosen with its own verb, whatever the clause before switched off
    return {"on": inner if on else not inner}


AUTO_RE = _rx(r"^(?:再|就|给我|帮我)?(?:弄成|整成|搞成|切到|切成|换到|换成|调到|调成|设为|改成|开到|开成|打到)自动(?!驾驶|泊车|挡|档)|自动空调|空调(?:再|也|就)?(?:弄成|整成|搞成|弄到|调成|调到|调回|调|设为|设成|设回|切到|切成|切回|切|换成|换回|换|改成|改回|开到|开成|打到|放到|开)?自动|自动模式|自动挡风|auto(?:matic)? (?:mode|climate|ac|a/c|hvac|setting|function|feature|option|program)|(?:climate|ac|a/c|air con) (?:to |on )?automatic"
              r"|空调的?自动(?:功能|设置|调节)|自动(?:调节|温控)"
              r"|climate (?:to )?auto|(?<![a-z])auto(?![a-z])")
AC_RE = _rx(r"(?<![a-z])a/c(?![a-z])|(?<![a-z])ac(?![a-z])|air[\s-]?con(?:ditioning|ditioner)?|aircon|压缩机|制冷|冷气|\bcompressor\b|\bcooling\b")
POWER_RE = _rx(r"空调|climate(?: control)?|(?<![a-z])hvac(?![a-z])|暖风|暖气|\bheater\b|\bheating\b")
TEMP_NOUN = r"温度|空调|冷气|暖气|暖风|temperature|\btemp\b|climate|\bheat\b|\bheater\b|thermostat|(?<![a-z])ac(?![a-z])|(?<![a-z])a/c(?![a-z])"
DEGREE = r"(?:度|°\s*c?|℃|摄氏度|degrees?(?:\s+(?:celsius|c))?\b)"
TEMP_SET_RE = _rx(rf"(?P<n>{NUM})\s*{DEGREE}(?P<half>半|五(?![十百千万度档\d]))?|(?:{TEMP_NOUN})[^，,]*?(?:调到|调至|调成|设为|设置为|设置成|设成|设到|设|开到|"
                  # "空调开26": a setpoint said right after 开
                  r"开(?=\s*(?:[1-3]\d|[一二三]十[一二三四五六七八九]?)(?:\.5|点五)?\s*(?:度|°|℃)?(?:$|\s|[，,。!！]|吧|哦|啊))|"
                  rf"调整到|调整为|改成|改为|到|为|成|\bto\b|\bat\b|\s)\s*(?P<m>{NUM})(?!\s*(?:档|挡|级|%|percent))"
                  # "空调温度二十三": the number right after 温度, said as the setting and nothing more
                  rf"|^[^，,温]{{0,6}}温度\s*(?P<q>{NUM})(?=\s*(?:度|°|℃)?\s*(?:吧|呗|啊|就行|就好|好了)?(?:了|啦)?\s*(?:[，,。.!！]|$))")
SET_CUE = r"调到|调至|调成|设为|设置为|设置成|设成|设到|开到|调整到|调整为|改成|改为|到|为|成|\bto\b|\bat\b|\bset\b|\bmake it\b"
TEMP_UP = (r"往上调|向上调|往上|向上|往高调|调高|升高|提高|加高|升温|调热|高一点|高点|高一些|暖一点|暖和一点|暖和点|暖点|热一点|热点|再热|加热一点|高|暖|加|(?:提|升)(?=\s*(?:#|上来|上去|高|一点|一下|点|些|(?:个|一|两|几|半|[0-9零二三四五六七八九十]+)\s*度))"
           r"|less (?:cold|cool|chilly)|not (?:so|as|this) (?:cold|cool)|\bup\b|higher|warmer|hotter|increase|raise|bump up|turn up")
TEMP_DOWN = (r"less (?:hot|warm)|not (?:so|as|this) (?:hot|warm)|往下调|向下调|往下|向下|往低调|调低|降低|降温|调冷|调凉|低一点|低点|低一些|凉一点|凉快一点|凉快点|凉点|冷一点|冷点|再冷|再凉|低|凉|减|降"
             r"|\bdown\b|lower|cooler|colder|decrease|reduce|drop|turn down")


# The cabin warmed or cooled with no word for the temperature ("warm it up in here", "cool things down a bit")
WARM_IT_UP_RE = _rx(r"^\W*(?:(?:can|could|would) you |please |let's |just )*(?:(?P<up>warm|heat)\s+(?:(?:it|things|the (?:car|cabin)|us)\s+up|up(?:\s+the (?:car|cabin|inside))?)"
                    r"|cool\s+(?:it|things|the (?:car|cabin)|us)?\s*(?:down|off))\b(?:\s+(?:a (?:bit|little|touch)|in here|please|for me"
                    r"|now|back here))*\W*$")


def _temp_set(clause: Clause, m: re.Match) -> Command | None:
    raw = m.group("n") or m.group("m") or m.group("q")
    value = parse_number(raw)
    if value is None or FEVER_RE.search(clause.low):
        return None  # (a fever's degrees are the child's, not the cabin's)
    low = clause.low
    group = "n" if m.group("n") else "m" if m.group("m") else "q"
    if re.match(r"\s*(?:度|°\s*c?|℃)(?:半|五(?![十百千万度档\d]))", low[m.end(group):]):
        value = value + 0.5  # ("二十二度半", "二十二度五": 22.5)
    rest = low[: m.start(group)] + " # " + low[m.end(group):]
    has_set = re.search(SET_CUE, rest)
    # "make it two degrees cooler": a comparative right after the degrees is a change by them, whatever the verb
    by_comparative = re.match(rf"\s*(?:{DEGREE})?\s*(?:warmer|cooler|colder|hotter|higher|lower|up(?!\s+(?:here|there|front|top))"
                              r"|down(?!\s+(?:here|there|below|low)))\b", low[m.end(group):])
    if not has_set or by_comparative or re.search(r"\bby\b", low):
        up = re.search(TEMP_UP, rest)
        down = re.search(TEMP_DOWN, rest)
        if up or down:
            direction = "down" if down and (not up or down.start() < up.start()) else "up"
            return Command("hvac.adjust_temperature", {"direction": direction, "amount": value})
    return Command("hvac.set_temperature", _with_zone({"value": value}, clause))


TEMP_BARE_SET_RE = _rx(rf"^(?:set|make it|make that|put it|change it|change that)\b[^,]*?\b(?:to|at)\s+(?P<n>{NUM})\s*$"
                      rf"|^(?:make|change) (?:it|that)\s+(?P<p>{NUM})(?:\s+(?:degrees?|in here|in the car|inside))*\s*$"
                      rf"|^(?:调到|设到|设为|调成)\s*(?P<m>{NUM})\s*(?:度)?(?:就行|就好|就可以|就够|吧|呗)*$"
                      rf"|^(?:(?:the|my|and)\s+)*(?:driver|passenger|rear|front|back|left|right)[a-z' ]*?(?:\s+(?:to|at))?\s+"
                      rf"(?P<k>{NUM})\s*$")


def _temp_bare(clause: Clause, m: re.Match) -> Slots | None:
    """"set driver side to twenty", "driver side to 22": a bare number in the cabin temperature range is a
    temperature (a seat said without a verb needs one)."""
    if m.group("k") and clause.zone is None:
        return None
    value = parse_number(m.group("n") or m.group("m") or m.group("k") or m.group("p"))
    # (a Fahrenheit setpoint when a seat or the cabin is named: "passenger side to seventy", "make it 72 in here";
    # "make it 70" alone may be the volume)
    fahrenheit = m.group("k") or clause.zone is not None or re.search(r"\b(?:degrees?|in here|in the car|inside)\b", clause.low)
    if value is None or not (16 <= value <= 32 or (fahrenheit and 60 <= value <= 90)):
        return None
    return _with_zone({"value": value}, clause)


# "温度调到最低", "set the temperature to the max": the end of the setpoint range (16..32 °C), not a step
TEMP_EXTREME_RE = _rx(rf"(?:温度|temperature|\btemp\b|thermostat)[^，,]{{0,12}}?(?P<x>{MAX_RE}|{MIN_RE})"
                      rf"|(?P<y>{MAX_RE}|{MIN_RE})\s*(?:的)?(?:温度|temperature|\btemp\b|温(?![度暖柔和馨]))"
                      # "空调开到最冷", "温度调到最暖": the coldest or warmest setpoint
                      r"|(?:空调|温度|冷气|暖气)[^，,]{0,6}?(?:调|开|打|设)(?:到|成|在)\s*(?P<c>最冷|最凉|最热|最暖)")


def _temp_extreme(clause: Clause, m: re.Match) -> Slots | None:
    if re.search(r"几度|多少|多高|多低|what|how|\?|？|吗|今天|明天|今日|明日|外面|天气|today|tomorrow|outside|weather|forecast",
                 clause.low):
        return None  # "今天温度最高几度", "今天合肥的最高温度" ask about the weather
    if m.group("c"):
        return _with_zone({"value": 32 if m.group("c") in ("最热", "最暖") else 16}, clause)
    word = m.group("x") or m.group("y")
    return _with_zone({"value": 32 if re.fullmatch(MAX_RE, word, re.I) else 16}, clause)


TEMP_ADJ_RE = _rx(rf"(?:{TEMP_NOUN})[^，,]*?(?:{TEMP_UP}|{TEMP_DOWN})|(?:{TEMP_UP}|{TEMP_DOWN})[^，,]*?(?:{TEMP_NOUN})"
                  r"|暖和一点|暖和点|暖一点|暖点|热一点|热点|凉快一点|凉快点|凉一点|凉点|冷一点|冷点|再冷|再凉|再热|再暖"
                  r"|\b(?:a (?:bit|little|touch) )?(?:warmer|cooler|colder|hotter)\b|\bless (?:cold|cool|chilly|hot|warm)\b"
                  r"|\bnot (?:so|as|this) (?:cold|cool|hot|warm)\b"
                  rf"|(?:\bhalf (?:a )?|\b{NUM} )degrees? (?:lower|higher|up|down|warmer|cooler)\b|[高低]半度")
COLD_RE = _rx(r"(?<!不)(?<!没)(?:好|有点|有些|太|很|真|挺|特别|非常|怪|超|冻|有一点|感觉|这么|那么|咋这么|怎么这么)(?:冷(?![淡漠清静门色调])|凉(?!快))|冷死|冷得|冷啊|冷了|冻死|冻僵|冻得|受不了.*冷|^冷$|(?:好|太|很|真|挺|有点|冻得)冰(?![箱柜淇激块棍美可水镇咖茶啤]|的[\u4e00-\u9fff])|冰凉|冰冰的|(?:还是|还|依然|仍然)冷(?=$|[\s,，。!！]|啊|呀|哦|诶)|怕(?:冷|凉)|冻煞|冷煞|冻惨"
              r"|freezing|\bcold\b|chilly|\bnippy\b|\bparky\b|frozen|\bchilled\b|shivering|icy in here|brr+")
HOT_RE = _rx(r"(?:好|有点|有些|太|很|真|挺|特别|非常|怪|超|感觉|这么|那么|咋这么|怎么这么)热(?!情|闹|门|心|烈|乎|身|爱|线|搜|销)|怕热|热煞|(?<!加)热死|热得|(?<!加)热啊|(?<!加)热了|闷热|好闷|太闷|^热$|(?:出|冒|流|一身|满头|全是)(?:了)?汗|汗流浃背|(?:还是|还|依然|仍然)热(?=$|[\s,，。!！]|啊|呀|哦|诶)|"
             r"\bhot\b|boiling|too warm|stuffy|sweating|burning up|roasting|baking|sweltering|like an oven|like a (?:sauna|furnace|greenhouse)|muggy")


# the setting itself complained of ("温度也太高了吧", "温度开得有点低", "温度高了"; not "温度调高了", which asks)
_TEMP_TOO_RE = re.compile(r"(?:温度|度数)(?:(?:开|调|设|打)得?)?\s*(?:也|真的?|实在|是不是)?\s*(?:太|好|有点|有些|过|偏)(?P<d>高|低)"
                          # ("谁把空调开这么低": the setting blamed)
                          r"|(?:把)?(?:空调|温度)(?:开|调|设|打)(?:得)?(?:这么|那么)(?P<f>高|低)"
                          r"|(?:温度|度数)(?P<e>高|低)了")


# A body's temperature ("发烧三十八度五", "a fever of 102"): no setpoint of the cabin
FEVER_RE = _rx(r"发烧|发热|高烧|低烧|体温|烧到|烧了|\bfever\b|\btemp(?:erature)? of (?:a |his |her )?\d")


def _temp_adjust(clause: Clause, m: re.Match) -> Slots | None:
    low = clause.low
    if re.search(r"最高(?:温度|气温)|最低(?:温度|气温)", low) and re.search(r"今天|明天|今日|明日|外面|天气", low) \
            and not REQUEST_CUE.search(low):
        return None  # "今天合肥的最高温度": the day's high, a forecast asked, not the cabin's
    if re.search(r"\b(?:shut|power|switch)\b[^,]*\bdown\b|\bturn\b[^,]*\boff\b", low):
        return None  # "shut the whole climate system down" switches it off
    if re.search(r"(?:明天|今天|昨天|外面|外边|天气|\bit'?s\b|\bit is\b|\bwill be\b|\bwas\b)[^，,]*(?:比|\bthan\b)", low) \
            and not REQUEST_CUE.search(low):
        return None  # a remark comparing the weather ("明天比今天低半度"), not a request
    # A complaint in the same clause is the reason, not the direction word: "还是有点凉，再暖和点" is warmer.
    # "less cold" is itself a direction.
    request = low if re.search(r"\b(?:less|not (?:so|as|this)) (?:cold|cool|chilly|hot|warm)\b", low) \
        else HOT_RE.sub(" ", COLD_RE.sub(" ", low))
    too = _TEMP_TOO_RE.search(low)
    if too:  # "温度也太高了吧": the setting is too high, so lower it
        return {"direction": "down" if (too.group("d") or too.group("e") or too.group("f")) == "高" else "up"}
    up = re.search(TEMP_UP, request)
    down = re.search(TEMP_DOWN, request)
    if not up and not down:
        return None
    direction = "down" if down and (not up or down.start() < up.start()) else "up"
    slots: Slots = {"direction": direction}
    amount = _amount(low, DEGREE)
    if amount is not None:
        slots["amount"] = amount
    return slots


NOT_A_COMPLAINT_RE = _rx(r"(?:不|没|没有|\bnot\b|n't|\bnever\b)\s*(?:那么|太|很|觉得|感觉|so|too|very|that|feeling|really)?\s*"
                        r"(?:冷|热|凉|闷|cold|hot|warm|chilly|freezing|stuffy)")


# A thing hot or cold, not the cabin or the people in it ("the brakes are hot", "my coffee's cold", "发动机好热")
THING_HOT_OR_COLD_RE = _rx(
    r"\b(?:brakes?|(?:steering )?wheel|engine|motor|tires?|tyres?|coffee|tea|soup|food|pizza|drink|water|battery|phone|charger|hood|bonnet"
    r"|exhaust|pavement|asphalt|road)(?:'s|'re| is| are| was| were| got| get| getting| gets| feel| feels| felt)?"
    r"(?: (?:so|really|too|very|super|pretty|kinda|still|all))* (?:hot|cold|warm|icy|boiling|freezing|overheating|overheated)\b"
    r"|(?:刹车|发动机|引擎|轮胎|咖啡|茶|汤|饭|菜|水|电池|手机|充电器|路面|方向盘)(?:有点|好|太|很|真|都|也|还)*(?:烫|热|冷|凉|冰)"
    # a thing to warm or cool, not the cabin ("warm up the baby's bottle", "热一下奶瓶")
    r"|\b(?:warm|heat|cool)(?:ing)?\s+(?:up\s+)?(?:the |my |his |her |a |baby's |the baby's )?(?:bottle|milk|formula|food|lunch|dinner"
    r"|soup|coffee|tea|pizza|sandwich|leftovers)\b|(?:热|温|加热)(?:一下|下)?(?:奶瓶|奶|牛奶|饭|菜|汤|水)")


# What makes a cold or hot word after a play verb the driver's own feeling, not a word of the title ("put on Frozen"
# is a film's songs; "put on something, I'm freezing" and "play it loud, it's so hot" are complaints)
_FELT_AFTER_PLAY_RE = _rx(r"\b(?:i'?m|i am|it'?s|it is|its|we'?re|we are|they'?re|feel\w*|getting|gets|got|so|too|really"
                          r"|kinda|pretty|super|way|freaking|bloody|damn|in here|back here|because|cause|since)\b|[,，;；]")


_PLAY_VERB_EN_RE = _rx(r"^(?:(?:ok|okay|hey|so|and|now|just|please|can you|could you|would you|will you)\s+)*"
                      r"(?:play|put on|put (?:the|some|a)\b|chuck on|stick on|throw on|queue(?: up)?|start playing|listen to"
                      r"|i want to hear|i wanna hear|let'?s (?:hear|listen to))\b")


def _complaint(direction: str) -> Builder:
    def build(clause: Clause, m: re.Match) -> Slots | None:
        play = _PLAY_VERB_EN_RE.search(clause.low)
        if play and m.start() >= play.end() and not _FELT_AFTER_PLAY_RE.search(clause.low[play.end():m.start()]):
            return None  # "put on Frozen", "play Hot in Herre": the word is the title's
        if re.search(r"外面|外边|明天|今天|天气|outside|out there|outdoors|weather|tomorrow|today", clause.low):
            return None  # a remark about the weather, not about the cabin
        if NOT_A_COMPLAINT_RE.search(clause.low):
            return None  # "I'm not hot", "我不冷了": no complaint
        air = re.search(r"\b(?P<c>cold|cool|chilly|icy|freezing)\s+(?:air|breeze|wind)\b|\b(?P<h>hot|warm)\s+(?:air|breeze|wind)\b",
                        clause.low)
        if air:
            return {"direction": "down" if air.group("c") else "up"}  # "blast some cold air": cold air asked for, cooler
        if THING_HOT_OR_COLD_RE.search(clause.low):
            return None  # "the brakes are hot", "咖啡太烫了": a thing's heat, not the cabin's
        return {"direction": direction}
    return build


FAN_NOUN = r"风量|风速|风力|风档|风扇|鼓风机|出风|吹风|风|\bfan(?:s| speed| level)?\b|\bblower\b|air ?flow|\bair\b"
FAN_SET_RE = _rx(rf"(?:风量|风速|风力|风档|风扇|鼓风机|\bfan(?: speed| level)?\b|\bblower\b|air ?flow)[^，,]*?"
                 rf"(?:(?:调到|调至|调成|设为|设置为|设置成|开到|调整到|到|为|成|\bto\b|\bat\b|\bon\b|level|speed|setting|\s)\s*"
                 rf"(?P<n>{NUM})\s*(?:档|挡|级)?|(?:开|给|来|调|放)(?:个|上)?\s*(?P<g>{NUM})\s*(?:档|挡|级)|(?P<x>{MAX_RE}|{MIN_RE}))|(?P<k>{NUM})\s*(?:档|挡|级)\s*(?:的)?(?:风|风量|风速)"
                 rf"|(?:风量|风速|风档|风扇)\s*(?P<j>{NUM})\s*(?:档|挡|级|$)"
                 # "风给我调到二档": the bare 风 with a set verb and a level
                 rf"|(?<![除暖冷热])风(?:给我|帮我)?(?:调到|调至|调成|开到|设到|设为|换到)\s*(?P<i>{NUM})\s*(?:档|挡|级)"
                 # "max out the fan", "maximize the blower": the verb before the noun
                 rf"|\b(?P<y>max(?:imi[sz]e)?)(?: out)?\s+(?:the\s+|my\s+)?(?:fan|blower)\b")
# "fan 2" alone, as in a list of settings ("auto, 21 degrees, fan 2")
FAN_BARE_RE = _rx(rf"^(?:the )?fan (?:speed )?{NUM}$")
FAN_ADJ_RE = _rx(rf"(?:{FAN_NOUN})[^，,]*?(?:{UP_WORDS}|{DOWN_WORDS}|太大|太小|太猛|太强|太弱|好大|好小|不够"
                 r"|\btoo (?:weak|strong|much|little)\b)"
                 rf"|(?:{UP_WORDS}|{DOWN_WORDS})[^，,]*?(?:{FAN_NOUN})|more air|less air|too (?:windy|drafty|breezy)"
                 r"|\b(?:more|less) fan\b"
                 r"|(?:风扇|鼓风机|\bfans?\b|\bblower\b)[^，,]*?(?:太吵|too loud|too noisy)"
                 r"|吹得(?:我)?(?:头疼|难受|太)|风吹得"
                 # the climate turned up or down as a whole ("把空调关小一点", "空调开大点"): its airflow
                 r"|空调(?:再|稍微)?(?:开|关|调|弄)(?:得)?(?:小|大)(?:一)?(?:点|些)"
                 r"|(?:风|\bfans?\b|\bair\b|\bblower\b)[^，,]*?(?:(?:is|'s|are) blasting|blasting (?:right )?(?:in|into) my face"
                 r"|(?:is|'s) blowing (?:right )?in my face|对着(?:我的?)?脸吹|吹得脸)")


def _fan_set(clause: Clause, m: re.Match) -> Slots | None:
    if m.group("y"):
        level: Any = 7
    elif m.group("x"):
        level = 7 if re.fullmatch(MAX_RE, m.group("x"), re.I) else 1
    else:
        level = parse_number(m.group("n") or m.group("k") or m.group("j") or m.group("i") or m.group("g"))
    if not isinstance(level, int):
        return None
    if re.search(r"\bby\b", clause.low) or re.search(
            rf"(?:\bup\b|\bdown\b|调大|调小|调高|调低|加|减)\s*(?:{NUM})\s*(?:个)?(?:档|挡|级|notch(?:es)?|steps?|levels?|speeds?)", clause.low):
        return None  # "knock the fan down two levels", "风量调大两档" are steps
    if not (m.group("x") or m.group("y") or FAN_BARE_RE.match(clause.low.strip(" .!?"))
            or (re.fullmatch(rf"(?:风量|风速)\s*{NUM}", clause.low.strip(" .!?。，")) and 1 <= level <= 7)) \
            and not re.search(rf"{SET_CUE}|档|挡|级|level|setting|speed|\bon\s+{NUM}", clause.low):
        return None
    return _with_zone({"level": level}, clause)


def _fan_adjust(clause: Clause, m: re.Match) -> Slots | None:
    return _adjustment(
        clause.low, too_much=r"太大|太猛|太强|好大|太吵|吹得|风吹|对着脸|吹得脸|(?:is|'s|are) blasting|blasting (?:right )?(?:in|into) my face|(?:is|'s) blowing (?:right )?in my face|too (?:windy|drafty|breezy|much air|much|strong|loud|noisy)|less air|less fan",
        too_little=r"太小|太弱|好小|不够|没风|too weak|too little|not enough air|more air|more fan",
        units=r"档|挡|级|个档|levels?|steps?|notches|notch|speeds?", bare_amount=True)


# "set the climate to auto", "切成自动": a mode chosen is on, whatever the clause before switched off
AUTO_CHOSEN_RE = _rx(r"(?:切|调|换|改|设|弄|整|搞|开|打)(?:成|到|为|回)?自动|\b(?:set|switch|put|change|turn)\b[^,，]*\bto auto(?:matic)?\b|\bauto mode\b")


AUTO_REFUSED_RE = _rx(r"不要|别|不想|不用|甭|\bdon'?t\b|\bdo not\b|\bno auto|\bnot\b|\bfrom auto|\bmanual\b|手动")


def _auto(clause: Clause, m: re.Match) -> Slots:
    if AUTO_REFUSED_RE.search(clause.low):
        return {"on": False}  # "空调不要切成自动", "switch from auto mode to manual"
    if clause.polarity is None and AUTO_CHOSEN_RE.search(clause.low):
        return {"on": True}
    return _onoff(clause, m)


def _onoff(clause: Clause, m: re.Match) -> Slots:
    return {"on": clause.on}


def _power(clause: Clause, m: re.Match) -> Slots | None:
    if clause.polarity is None and clause.inherited is None:
        # "空调" alone with no verb is not a request to switch it on
        if not re.search(r"^(?:空调|climate|hvac)$", clause.low.strip(" ?.!")):
            return None
    return _with_zone({"on": clause.on}, clause)


def _comparative(clause: Clause, m: re.Match) -> Command | None:
    """"a little less cold", "not loud enough", 不够凉快, 温度别那么高: the step the comparative asks for."""
    found = read_comparative(clause.low)
    if found is None:
        return None
    return Command(found.intent, {"direction": found.direction})


COMPARATIVE_RE = _rx(r"\bless\b|enough|不够|(?:别|不要|不用|甭).{0,3}(?:那么|这么)|(?:别|不要|甭)(?:再)?[调开弄吹放]得?太")


# ================================================================= the table

def _const(slots: Slots) -> Builder:
    return lambda clause, m: dict(slots)


FRAMES: tuple[Frame, ...] = (
    Frame("unsupported", OOD_RE, _ood),
    Frame("query.warning", WARN_TRIGGER, _warning),
    Frame("query.warning", WARN_SAFE_TRIGGER, _warning),
    Frame("nav.cancel", NAV_CANCEL_RE, _const({})),
    Frame("nav.avoid", AVOID_RE, _avoid),
    Frame("phone.hang_up", PHONE_HANGUP_RE, _const({})),
    Frame("media.mute", MUTE_RE, _mute),
    Frame("media.pause", PAUSE_RE, _const({})),
    Frame("query.weather", WEATHER_TRIGGER, _weather),
    Frame("nav.navigate", NAV_EXPLICIT, _navigate),
    Frame("phone.call", PHONE_CALL_RE, _call),
    Frame("hvac.defrost", DEFROST_RE, _defrost),
    Frame("sunroof.open", SUNROOF_RE, _sunroof),
    Frame("window.open", WINDOW_RE, _window),
    Frame("light.reading", READING_RE, _reading),
    Frame("light.ambient", AMBIENT_RE, _ambient),
    Frame("seat.massage", MASSAGE_RE, _seat(levels=False)),
    Frame("seat.ventilate", VENT_RE, _seat(levels=True)),
    Frame("seat.heat", HEAT_RE, _seat(levels=True)),
    Frame("hvac.adjust_temperature", COMPARATIVE_RE, _comparative),
    Frame("media.set_volume", VOLUME_SET_RE, _volume_set),
    Frame("media.adjust_volume", VOLUME_ADJ_RE, _volume_adjust),
    Frame("media.skip", SKIP_RE, _skip),
    Frame("hvac.recirculation", RECIRC_RE, _recirc),
    Frame("hvac.set_fan", FAN_SET_RE, _fan_set),
    Frame("hvac.adjust_fan", FAN_ADJ_RE, _fan_adjust),
    Frame("hvac.set_temperature", TEMP_SET_RE, _temp_set),
    Frame("hvac.set_temperature", TEMP_EXTREME_RE, _temp_extreme),
    Frame("hvac.adjust_temperature", TEMP_ADJ_RE, _temp_adjust),
    Frame("hvac.adjust_temperature", WARM_IT_UP_RE, lambda clause, m: {"direction": "up" if m.group("up") else "down"}),
    Frame("hvac.auto", AUTO_RE, _auto),
    Frame("hvac.ac", AC_RE, _onoff),
    Frame("hvac.power", POWER_RE, _power),
    Frame("query.vehicle", VEHICLE_TRIGGER, _vehicle),
    Frame("hvac.adjust_temperature", COLD_RE, _complaint("up")),
    Frame("hvac.adjust_temperature", HOT_RE, _complaint("down")),
    Frame("media.play", PLAY_MEDIA_NOUN, _play_source),
    Frame("media.play", PLAY_RE, _play),
    Frame("nav.navigate", NAV_CATEGORY, _navigate_category),
    Frame("nav.navigate", NAV_POI, _navigate_poi),
    Frame("nav.navigate", NAV_GENERIC, _navigate),
    Frame("nav.navigate", NAV_SPOKEN, _spoken_route),
    Frame("hvac.set_temperature", TEMP_BARE_SET_RE, _temp_bare),
)


# ================================================================= screen labels

TAP_RE = _rx(r"^(?:点一下|点击一下|点击|点一点|点下|点开|点|按一下|按下|按|选择|选中|选|触摸|戳一下|戳)\s*(?P<x>.+)$"
             r"|^(?:tap|click|press|push|hit|select|choose|touch|pick)(?:\s+on)?\s+(?:the\s+|on\s+)?(?P<y>.+)$")
OPEN_LABEL_RE = _rx(r"^(?:打开|开启|进入|open|go to|show)\s*(?:the\s+)?(?P<x>.+)$")
LABEL_JUNK = re.compile(r"(?:(?:按钮|按键|图标|选项|开关|键|那个|这个|那一项|这一项|\s+(?:button|icon|option|tab|key|switch|toggle)s?))+$", re.I)


def best_label(spoken: str, labels: Iterable[str], fuzzy: bool = True) -> str | None:
    """The visible label that best matches what was said: exact, then normalised, then fuzzy."""
    labels = [lab for lab in labels if lab and lab.strip()]
    if not labels:
        return None
    said = spoken.strip()
    for lab in labels:
        if lab.strip() == said:
            return lab
    key = normalize_label(said)
    if not key:
        return None
    keys = [normalize_label(lab) for lab in labels]
    for lab, k in zip(labels, keys):
        if k == key:
            return lab
    if not fuzzy:
        return None
    best, best_score = None, 0.0
    for lab, k in zip(labels, keys):
        if not k:
            continue
        score = difflib.SequenceMatcher(None, key, k).ratio()
        if key in k or k in key:
            score = max(score, 0.75 + 0.25 * min(len(key), len(k)) / max(len(key), len(k)))
        if score > best_score:
            best, best_score = lab, score
    return best if best_score >= 0.6 else None


# A tap said as one with no screen to check against: a tap verb and where the button is, or a word for a button
# ("点一下屏幕上的立即充电", "屏幕上那个下一步帮我点一下", "hit the Start Charging button on the screen"). The label
# is kept as said (its case too); other frames read the clause first ("press play" is music).
_ZH_PLACE = r"(?:屏幕上|屏幕里|萤幕上|荧幕上|中控上|中控屏上|大屏上|屏上)(?:的|面的|那个|这个|的那个)?|(?:那个|这个)"
_ZH_SCREEN = r"(?:屏幕上|屏幕里|萤幕上|荧幕上|中控上|中控屏上|大屏上|屏上)(?:的|面的|那个|这个|的那个)?"
_ZH_TAP_ONCE = r"(?:点一下|点击一下|点击|点一点|点下|点一记|按一下|按下|按一记|戳一下|戳下)"
_ZH_TAP = rf"(?:{_ZH_TAP_ONCE}|点|按|戳)"
_ZH_TAP_END = rf"(?:{_ZH_TAP_ONCE}|[点按戳](?:一下|下)|[点按]掉|[按戳])"
# A button named as buttons are: a Chinese label that starts with a screen's verb ("点查看服务区", "按继续导航"; "点首歌",
# "点外卖" are no buttons), an English one in Title Case or capitals ("Press Stay on Route", "hit OK").
_UI_VERBS_ZH = (r"查看|进入|开始|确认|确定|取消|继续|跳过|返回|立即|稍后|忽略|同意|接受|拒绝|下一步|上一步|知道了|我知道了|更多|详情|"
                r"暂不|以后再说|保存|退出|允许|完成|重新|切换到|添加|删除|关闭提示|不再提示")
_BUTTON_NAMED = (rf"^(?:{_ZH_TAP_ONCE}|点|按)\s*(?:那个|这个)?\s*(?P<h>(?:{_UI_VERBS_ZH})[^，,。？?]{{0,12}})$"
                 r"|^(?:just\s+|quickly\s+|now\s+)?(?:press|hit|push|choose|pick|select)(?: on)?\s+(?:the\s+)?"
                 r"(?P<i>(?-i:[A-Z][\w'-]*(?:\s+(?:[A-Z][\w'-]*|on|to|the|of|in|for|and|a|at|now|up|off|me|my))*\s+[A-Z][\w'-]*"
                 # a label in sentence case, as phones write them ("Not now", "Remind me later", "Ask me again")
                 r"|(?-i:[A-Z][a-z'-]+)(?:\s+(?-i:me|it|this|that))?\s+(?-i:now|later|again|yet|time|thanks|anyway|today)"
                 # one word a dialog's button says, written as labels are ("hit Dismiss")
                 r"|(?-i:Dismiss|Accept|Decline|Ignore|Snooze|Retry|Allow|Deny|Confirm|Done|Reroute|Agree|Disagree|Update"
                 r"|Install|Details|Acknowledge|Proceed|Answer|Reject|Skip|Cancel|Continue|Later|Close|Dismiss|Reply|Mute)"
                 r"|[A-Z]{2,}))(?:\s+for me)?$")
BUTTON_NAMED_RE = _rx(_BUTTON_NAMED)
# "点一下电池预热", "点击蓝牙设置": a tap said as one ("一下", "击") is on the screen, unless what follows names a thing the
# car has a command for ("点一下座椅加热" switches the heating on), or a song, a dish, a like or a nod ordered
_TAPPED_ONCE_RE = _rx(r"^(?:点一下|点击一下|点击|点下|点一记|按一记)\s*(?!一?首|一?个|一?份|歌|菜|外卖|餐|饭|咖啡|奶茶|单|赞|头|烟|火|灯|[他她它])\S")
UNLABELLED_TAP_RE = _rx(
    rf"^(?:快|赶紧|赶快|快快)?(?:{_ZH_TAP_ONCE}\s*(?:{_ZH_PLACE})?|{_ZH_TAP}\s*{_ZH_SCREEN}|[点按](?:那个|这个)|(?:打开|开一下|开启|进入)\s*{_ZH_SCREEN})\s*(?!一?首|一?个|一?份|歌|菜|外卖|餐|饭|咖啡|奶茶|单|赞)(?P<a>[^，,。]+?)"
    r"(?:按钮|按键|选项|图标)?$"
    rf"|^(?:{_ZH_PLACE})\s*(?P<b>[^，,。]+?)(?:按钮|按键|选项|图标)?[，,\s]*(?:劳驾|麻烦你?|请)?(?:帮我|给我|帮俺|给俺|帮忙)?{_ZH_TAP_END}(?:呗|吧|啊)?$"
    rf"|^把(?:{_ZH_PLACE})?\s*(?P<c>[^，,。]+?)(?:按钮|按键|选项|图标)?{_ZH_TAP_END}(?:呗|吧)?$"
    # "hit the button that says Dismiss", "tap the one that says Not Now": the words it says are its label, every one
    r"|^(?:press|hit|push|tap|click|select|touch)(?: on)?\s+(?:the\s+)?(?:(?:button|option|icon|tab|one|part)\s+)?"
    r"(?:that|which|where) (?:it )?(?:says|reads)\s+(?P<g>.+)$"
    r"|^(?:tap|click|select|touch)(?: on)?\s+(?:the\s+)?"
    r"(?P<d>.+?)(?:\s+(?:button|option|icon|tab))?"
    r"(?:\s+(?:on|in)\s+(?:the\s+)?(?:screen|display|center screen|centre screen))?$"
    r"|^(?:press|hit|push|choose|pick)(?: on)?\s+(?:the\s+)?(?P<e>.+?)(?:\s+(?:button|option|icon|tab)"
    r"(?:\s+(?:on|in)\s+(?:the\s+)?(?:screen|display))?|\s+(?:on|in)\s+(?:the\s+)?(?:screen|display))$"
    # "press 'Not now'": a quoted name is a button's
    r"|^(?:press|hit|push|choose|pick)(?: on)?\s+(?P<f>[“\"'‘「『][^”\"’」』]+[”\"'’」』]?)$"
    rf"|{_BUTTON_NAMED}")


GEAR_LABEL_RE = _rx(r"[prnd]|park|drive|reverse|neutral|sport(?: mode)?|track mode|drive mode|launch(?: control)?"
                    r"|[prnd]\s*(?:挡|档|gear)|驻车|倒车|空挡|前进挡|(?:\w+\s+)?gear|档位|挡位|.{0,2}[挡档]")


SCREEN_WORDS_RE = _rx(r"屏幕|萤幕|荧幕|按钮|按键|图标|选项|\b(?:button|icon|option|tab)\b|\b(?:on|in) the (?:screen|display)\b"
                      r"|^(?:tap|click)\b|^(?:press|hit|push|choose|pick)\s+[“\"'‘「『]")


_LEAD_LINK = re.compile(r"^(?:(?:and )?so|and then|then|and)\s+", re.I)


# "点那个写着驾驶辅助设置的按钮", "the one that says Driver Assist": the words written on the button
_WRITTEN_ON = _rx(r"^(?:(?:那个|这个)?(?:上面)?(?:写着|标着|显示着?|印着)|(?:one )?(?:that|which) (?:says|reads)|saying|labell?ed)\s*(.+?)(?:的)?$")


def _written_on(label: str) -> str:
    return _WRITTEN_ON.sub(r"\1", label)


def _unlabelled_tap(clause: Clause) -> Command | None:
    text = strip_leading(_LEAD_LINK.sub("", clause.text))
    text = re.sub(r"^(?:呃|嗯|那啥|那个啥|诶|哎|欸)[，,\s]*", "", text)
    text = re.sub(r"\s*(?:for me|please|(?:right |over )?there|here)?[?.!]*$", "", text, flags=re.I)
    # "Tap Remind Me Later on that pop-up": where the button is, not its label
    text = re.sub(r"\s+(?:on|in)\s+(?:the|that|this)\s+(?:\w+\s+)?(?:pop-?up|dialog(?:ue)?|notification|banner|prompt|message"
                  r"|alert|warning|box|window|card)$", "", text, flags=re.I)
    # ... nor what the tap is for ("click the X to close that popup", "点一下确定把弹窗关掉")
    text = re.sub(r"\s+to\s+(?:close|dismiss|get rid of|exit|clear|hide)\s+(?:the|that|this|it)\b.*$", "", text, flags=re.I)
    m = UNLABELLED_TAP_RE.match(text)  # case-insensitive on the words as said, so the label keeps their case
    if not m:
        return None
    key = next(k for k in "abcdefghi" if m.group(k))
    said = LABEL_JUNK.sub("", text[m.start(key):m.end(key)]).strip()
    label = trim_text(said) if key not in "fgi" \
        else text[m.start(key):m.end(key)].strip("“”\"'‘’「」『』 ")  # quoted or in Title Case ("Depart Now"): every word is the button's
    if key not in "fgi" and re.fullmatch(r"(?:[A-Z][\w'-]*\s+)+[A-Z][\w'-]*", said.strip(" .!?")):
        label = said.strip(" .!?")  # "Tap Not Now": a label in Title Case keeps the "Now" a request would drop
    label = re.sub(r"(?:呗|吧|啊|呀|嘛|哈)+$", "", label).strip()
    label = _written_on(label)
    if key == "g" and not has_han(label):
        label = _EN_ASKING_TAIL.sub("", label)
    if key == "g":  # "the button that says OK on the screen": where it is, not what it says
        label = re.sub(r"\s+(?:on|in)\s+(?:the\s+)?(?:screen|display|center screen|centre screen|dash(?:board)?)$", "", label,
                       flags=re.I).strip("“”\"'‘’「」『』 ")
    if _unsafe(fold(label).lower()) or GEAR_LABEL_RE.fullmatch(label):
        return None  # "select drive", "press the park button": a gear is no button of the screen
    if key == "f" and (len(label) < 2 or re.match(r"em\b|er\b", label, re.I)):
        return None  # "hit 'em": no button's name
    if not label or len(label) > 40 or re.fullmatch(r"it|that|this|them|here|there|这个|那个|这|那|它", label, re.I):
        return None
    return Command("screen.tap", {"label": label})


# A button pointed at first and pressed after ("There's a Dismiss button on the display, press it", "屏幕右下角有个连接新设备，
# 按它"): one tap of the button named, across the pause.
_BUTTON_THEN_IT = _rx(r"^(?:there'?s|there is|i see|you'?ll see|see)\s+(?:a|an|the)\s+(?P<en>.+?)\s+(?:button|option|icon|tab)"
                      r"(?:\s+(?:on|in)\s+(?:the\s+)?(?:screen|display|center screen|centre screen))?[\s,;.—–-]+(?:just\s+|please\s+|can you\s+)?"
                      r"(?:press|tap|hit|click|select|push|touch)\s+(?:it|that|that one|on it)(?:\s+please|\s+for me)?[.!]?$"
                      r"|^(?:屏幕|中控屏|显示屏)(?:上|里)?(?:的)?(?:[左右上下中间]{1,3}(?:角|边|侧|方)?)?(?:那儿|那里|这儿)?(?:有个|有一个|有)"
                      r"[“\"'‘「『]?(?P<zh>[^，,。“”\"'‘’「」『』]+?)[”\"'’」』]?(?:的)?(?:按钮|按键|选项|图标)?[，,\s]*(?:帮我|给我|你)?"
                      r"(?:按|点|戳|点击|按下)(?:一下)?(?:它|那个|这个)(?:一下)?(?:吧|呗)?[。.!！]?$")


def _remark(text: str) -> bool:
    """Words that remark on the song, the weather gone by or the car itself and ask for nothing ("This seat heater is
    way better than the one in my old car", "我昨天刚给空调加了氟"): the guard's remark words, with no request word."""
    from multimodal.command.guard import _remark_only

    low = fold(text)
    return _remark_only(text) and not _asks(low) and not WARN_TRIGGER.search(low) \
        and not _BARE_ASK_AFTER.search(low) and not _BARE_ASK_BEFORE.search(low) and not _STATUS_ASKED.search(low)
    # ("why is that light on" asks, and so do "this song is boring, next", "volume to max, I love this one" and
    # "…yesterday, what's my speed now")


_STATUS_ASKED = _rx(r"\b(?:what'?s|what is|how)\b[^,.!?]*\b(?:speed|range|battery|tire|tyre|pressure|temperature|fuel|charge)\b"
                    r"|(?:车速|续航|电量|胎压|油量|温度)[^，,。]{0,4}(?:多少|几)|(?:电|油)还?(?:剩|有)下?(?:多少|几)"
                    r"|还能(?:跑|开|走)多(?:远|少公里)")


# A request of one word after the remark ("this song is putting me to sleep, next", "难听死了，切歌")
_BARE_ASK_AFTER = _rx(r"[,，。.!！]\s*(?:(?:mate|man|dude|ok(?:ay)?|so)\s+)?(?:next(?: one| song| track)?|skip(?: it| this(?: one)?)?"
                      r"|previous(?: one| song)?|下一首|下一曲|切歌|换一首|换首歌|换歌|上一首)\s*(?:please|吧|呗)?[.!！。]?$"
                      # a bare setting after the remark ("Ooh I love this one, volume to max", "这首好听 音量大点")
                      r"|(?:[,，。.!！]|(?<=[\u4e00-\u9fff])\s)\s*(?:(?:mate|man|dude|ok(?:ay)?|so)\s+)?(?:the\s+)?(?:volume|sound|music"
                      r"|temp(?:erature)?|fan(?: speed)?|音量|声音|温度|风量)\s*(?:up|down|to|at|all the way|调到|开到|到|调大|调小|开大|关小"
                      r"|大点|小点|大一点|小一点|高点|低点)")


# A setting told its target before the remark ("volume to max, I love this one", "fan to 3 this heat is unreal")
_BARE_ASK_BEFORE = _rx(r"^\W*(?:(?:uh|um|ok(?:ay)?|so|ooh|oh|yeah)[\s,]+)*(?:the\s+)?(?:volume|sound|music|temp(?:erature)?"
                       r"|fan(?: speed)?)\s+(?:(?:up\s+)?to|at|all the way(?: up| down)?)\s+(?:max(?:imum)?|min(?:imum)?|full"
                       r"|\d+(?:\.5)?|half(?:way)?)\b(?:\s*(?:percent|%|degrees?))?\s*[,;.!—–-]")


def _asks(low: str) -> bool:
    # the 调 of 空调, the 加 of 加热 and the 去 of 去年 ask for nothing
    return bool(REQUEST_CUE.search(re.sub(r"空调|加热|离不开|少不了|去年|过去", "空", low)))


# What the driver did before, told ("我刚把车洗了", "我昨天刚给空调加了氟", "I just had the AC regassed yesterday"): no
# request, however many of the car's words it names.
_TOLD_DONE_RE = _rx(r"^(?:我|我们|咱们|我老婆|我老公|我爸|我妈)?(?:昨天|前天|上周|上个月|去年|前几天|早上|今早|今天早上|刚才|刚刚|刚|已经|才)"
                    r"(?:刚|才|已经|就)?(?:把|给|去|带|找人)?[^，,。!?！？\s]{1,14}(?:了|过)[^，,。!?！？\s]{0,3}(?:啊|呀|哦|呢|嘛)?[。!！]?$"
                    r"|^(?:i|we)(?:'ve| have)?\s+(?:just|already|finally|recently)\s+(?:had|got|washed|cleaned|changed|replaced"
                    r"|filled|topped|bought|fixed|serviced|took|vacuumed|detailed|waxed|charged)\b[^,;!?]*[.!]?$"
                    r"|^(?:i|we)\s+(?:had|got|washed|cleaned|changed|replaced|filled|topped|bought|fixed|serviced|took|vacuumed"
                    r"|detailed|waxed)\b[^,;!?]*\b(?:yesterday|last (?:week|month|year|night)|this morning|the other day|earlier)[.!]?$")
_ASKING_AFTER = _rx(r"请|帮我|麻烦|再|能不能|可以|吧|还是|热|冷|闷|冻|晒|吵|\b(?:please|can you|could you|would you|so|now|still|but)\b")


# A story of another time ("我家空调去年夏天坏了，热得我一晚上没睡着", "This song was playing at my cousin's wedding"):
# the heat or the song then, no request now
_THEN_RE = _rx(r"去年|昨天|昨晚|前天|上次|上回|上个月|上周|小时候|以前"
               r"|\blast (?:year|night|week|summer|winter|time|month)\b|\byesterday\b|\bwhen i was\b|\byears ago\b"
               r"|\b(?:was|were) (?:playing|on|blasting)\b.*\b(?:at|during|when)\b|\bat (?:my|our|his|her) [\w' ]*wedding\b")


_TOLD_RE = _rx(r"\b(?:was|were|had|did|went|got|broke|used to|\w+ed)\b|了|过")  # ...in the past tense ("play Yesterday" is no story)


def past_story(text: str) -> bool:
    """Every clause tells of another time, or follows one that does, and none asks for anything."""
    low = fold(text)
    clauses = [c for c in re.split(r"[,，.。!！;；]+", low) if c.strip()]
    return bool(clauses) and bool(_THEN_RE.search(clauses[0])) and bool(_TOLD_RE.search(clauses[0])) and not any(
        _asks(c) or WARN_TRIGGER.search(c) or _STATUS_ASKED.search(c) or re.search(r"[?？]|吗|呢$|想听|要听|听听|来一?首", c)
        for c in clauses)


def _told_done(text: str) -> bool:
    low = fold(text).strip()
    return bool(_TOLD_DONE_RE.match(low)) and not _ASKING_AFTER.search(low)


def _only_kept_as_is(text: str) -> bool:
    """"座椅按摩真舒服，别关", "the music's fine, don't turn it off": a switch-off forbidden, and nothing else asked."""
    for pauses in (False, True):  # ("别关窗 我喜欢吹风": the pause between two Chinese words is a clause's end)
        clauses = [part for _, part in split_clauses(text, pauses=pauses)]
        others = [part for part in clauses if not keeps_as_is(part)]
        if len(others) < len(clauses) and not any(_asks(low) or _KEEP_GOING_RE.search(low) or _STEP_ASKED_RE.search(low)
                                                  for low in map(fold, others)):
            return True
    return False


# A step asked with no verb ("风小一点 但别关", "volume down but don't turn it off")
_STEP_ASKED_RE = _rx(r"(?:大|小|高|低|强|弱|亮|暗)(?:一)?点|(?:大|小|高|低)一些|\b(?:up|down|louder|quieter|warmer|cooler|lower|higher)\b")
_KEEP_GOING_RE = _rx(r"\bkeep (?:it |them |the \w+ )?(?:going|playing|running|rolling)\b|\bgo on\b")


# The label the screen shows, a hesitation, then "tap it" ("屏幕上写着开始导航 是按这个吗 帮我按一下",
# "the screen says Continue, is that the one? press it")
_LABEL_THEN_TAP = _rx(r"^(?:那个|嗯|呃)?(?:屏幕|中控屏|显示屏|中控)(?:上|里)?(?:面)?(?:的)?(?:有个|有一个|写着|显示着?|出来了?一?个|弹出来?了?一?个)"
                      r"[“\"'‘「『]?(?P<zh>[^，,。？?\s“”\"'‘’「」『』]{1,12}?)[”\"'’」』]?(?:的)?(?:按钮|按键|选项|图标)?"
                      r"(?:[\s，,。？?]+[^。]*?)?[\s，,。？?]+(?:那)?(?:你|您|麻烦您?|请|劳驾)?(?:就)?(?:帮我|给我)?(?:按|点|戳|点击|按下)(?:一下|它|那个|这个|下)*"
                      r"(?:吧|呗|啊)?(?:[\s，,。]+(?:我)?(?:也|都)?(?:不知道|不懂|不清楚|搞不懂|看不懂)[^，,。!！]*)?[。.!！]?$"
                      r"|^(?:the screen|the display|it)\s+(?:says|shows|is showing|reads)\s+(?:[\"“‘](?P<enq>[^\"”’]{1,40})[\"”’]|'?(?P<en>[^,.;?\"”]+?)'?)"
                      r"(?:\s+(?:button|option))?[\s,;.?—–-]+(?:.*?[\s,;.?—–-]+)?(?:so\s+|then\s+)?(?:just\s+|please\s+|can you\s+|could you\s+)?"
                      r"(?:press|tap|hit|click|select|push|touch)\s+(?:it|that|that one|on it|this)(?:\s+please|\s+for me)?\??"
                      r"(?:[\s,;.!?—–-]+(?:i\s+)?(?:don'?t|do not|have no|haven'?t got an?|no)\s+(?:know|idea|understand|clue)[^.!]*)?[.!]?$")


def _button_then_it(text: str) -> Command | None:
    m = _BUTTON_THEN_IT.match(text.strip()) or _LABEL_THEN_TAP.match(text.strip())
    if m is None:
        return None
    from multimodal.command.cues import driving_words

    label = trim_text((m.groupdict().get("enq") or m.group("en") or m.group("zh") or "").strip("“”\"'‘’「」『』 "))
    if not label or len(label) > 40 or _unsafe(fold(label).lower()) or GEAR_LABEL_RE.fullmatch(label) \
            or driving_words(label):
        return None  # "there's a Lane Assist button, press it": the model decides (a driving control stays refused)
    return Command("screen.tap", {"label": label})


def _tap_target(m: re.Match, clause: Clause) -> str:
    key = "x" if m.groupdict().get("x") else "y"
    start, end = m.span(key)
    x = trim_text(clause.text[start:end])
    x = re.sub(r"^(?:一下|下|一下子)\s*", "", x)
    x = re.sub(r"^(?:屏幕上的?|上面的?|the)\s*", "", x, flags=re.I)
    x = _written_on(x)
    x = LABEL_JUNK.sub("", x).strip()
    return trim_text(x)


# ================================================================= splitting

PROTECT: tuple[tuple[re.Pattern, str], ...] = (
    (_rx(r"主驾(?:驶)?(?:和|跟|与|及)副驾(?:驶)?|副驾(?:驶)?(?:和|跟|与|及)主驾(?:驶)?"), "主副驾"),
    (_rx(r"\bdriver(?:'s)? and (?:the )?passenger(?:'s)?|\bpassenger(?:'s)? and (?:the )?driver(?:'s)?"), "front"),
    (_rx(r"\brock and roll\b"), "rock'n'roll"),
    # the music changed to a title ("把婚车上的音乐换成婚礼进行曲", "歌换成晴天"): the title played
    (_rx(r"^(?:(?:帮我|给我)?把)?[^，,\s]{0,8}?(?:音乐|歌曲?|这首歌?)(?:给我|帮我)?(?:换成|换到|切成|切到)(?=[^，,\s]{2})"), "放"),
    # what a request leaves out, said after it, is a clause of its own ("把所有车窗都关上 除了天窗")
    (_rx(r"(?<=[\u4e00-\u9fff])\s+(?=(?:除了|除开)[^，,\s]{1,8}(?:以外|之外)?$)"), "，"),
    # a pause between a set verb and its value is no clause break ("空调开到 二十三", "音量调成 三十")
    (_rx(r"(?<=调到|开到|设到|调成|设成|设为|调至|放到|升到|降到|开成|打到)\s+(?=[\d一二两三四五六七八九十百零半])"), ""),
)
SPLIT_RE = _rx(r"([,;!?，；。！？、]+\s*(?:然后再|然后|并且|并|而且|还有|另外|同时|顺便|再|以及|和|(?:and then|and also|and|then"
               r"|also|plus)\b)?|(?:(?<!\bdr)(?<!\bst)(?<!\bmt)|(?=\.\s*(?:close|turn|open|set|play|call|navigate|take|put|switch|start|stop|make|find|skip|mute|pause|and|then|also|please|engage|enable|disable)\b))(?<!\bmr)(?<!\bmrs)(?<!\bms)(?<!\bjr)(?<!\bprof)\.(?!\d)\s*(?:and then|and|then|also)?|然后再|然后|并且|而且|还要|还有(?!个|一个|没有|多少|多久|多远|几|[\d一二两三四五六七八九十百半][^，,。]{0,6}(?:公里|千米|km|里|分钟|小时|站))|另外|同时|顺便(?:再)?|以及"
               r"|(?<=[\u4e00-\u9fff])(?:并|和|跟|(?<!别)(?<!不)(?<!没)(?<!甭)(?<!不要)再|接着(?!放|播|听)|(?<!音乐)(?<!蓝牙)(?<!电台)(?<!广播)(?<!歌)(?<!盘)(?<!的)接着)(?=(?:把|帮|给|打开|开|关|调|播放|放|导航|设置|来|切|降|升|拨|打|将|请))"
               r"|…+|\.{3,}|\s*[—–]+\s*|\s+-\s+"
               r"|(?<=[\u4e00-\u9fff])和(?=[\u4e00-\u9fff])(?!医院|园|平|路|街|里|苑|府|广场|大厦|中心|公园|小区|花园|酒店|宾馆|大学|中学|小学|学校|商场|饭店|村)|\s+and then\s+|\s+and also\s+|\s+then\s+|\s+also\s+|\s+plus\s+"
               r"|\s+as well as\s+|\s+and\s+(?!a half\b)"
               # "I'm about to call my sister so turn the music down": what follows "so" is a request of its own
               # (the "so" stays with the request: what came before it is that request's reason)
               r"|\s+(?=so\s+(?:please\s+)?(?:turn|open|close|shut|mute|pause|put|set|switch|play|stop|skip|navigate|take|call"
               r"|roll|crack|lower|raise|dim)\b))")
# A pause between two Chinese words, as spoken input is often written ("打开空调 开内循环").
SPACE_PAUSE_RE = re.compile(r"(?<=[呢了吗吧啊呀嘛哦])\s+(?=[\u4e00-\u9fff])|(?<=\d)\s+(?=主驾|副驾|左后|右后|左前|右前|后排|前排)"
                            # a value, then the next request ("温度调到22 换外循环"); not the value's own unit or place
                            r"|(?<=\d)\s+(?=(?!度|档|挡|级|号|点|个|分|秒|%|米|公里|千米|小时|楼|层|栋|幢|室|门|路|街|巷|弄|摄氏|华氏|左右|以上|以下|多)"
                            r"[\u4e00-\u9fff])|(?<=[\u4e00-\u9fff])\s+(?=[\u4e00-\u9fff])"
                            # a Latin word, then the next request ("关掉AC 开窗"); the paused reading wins only when it
                            # finds more commands, so a name going on in Chinese ("K11 购物中心") stays whole
                            r"|(?<=[A-Za-z])\s+(?=[\u4e00-\u9fff])"
                            # ...but not before a bare switch word said after its thing ("后排阅读灯 开 左后窗 关"); after
                            # a sentence's particle it is a new clause all the same ("天窗开着呢 关上吧")
                            r"(?!(?:开|关|打开|关闭|关掉|关上|开启|开开|关了|开了|开一下|关一下)(?:吧|呗|啊)?(?:\s(?![\d一二两三四五六七八九十])|$|[，,。！!]))")


# One weather question for two places ("北京和上海明天天气怎么样", "what's the weather in Boston and New York
# tomorrow"): a question for each, said out in full so that each clause reads its place and its day.
_SHARED_WEATHER_ZH = re.compile(
    r"(?:^|(?<=[查看问下说我])|(?<=[，,\s]))(?P<a>(?:(?![查看问说]|一下)[\u4e00-\u9fff]){2,5}?)(?:和|跟|与|、|还有)"
    r"(?P<b>[\u4e00-\u9fff]{2,5}?)(?P<rest>(?:今天|明天|后天|今儿|明儿|周末|这周末)?的?(?:天气|气温|会不会下雨|下不下雨|冷不冷|热不热)"
    r"[^，,。.!?！？]*)")
_SHARED_WEATHER_EN = re.compile(
    r"(?P<pre>\b(?:weather|forecast)(?: like)? (?:in|for|at|over) )(?P<a>[A-Z][\w'.-]*(?: [A-Z][\w'.-]*){0,2}) and "
    r"(?:in |for |at )?(?P<b>[A-Z][\w'.-]*(?: [A-Z][\w'.-]*){0,2})(?P<day> (?:today|tomorrow|tonight|this weekend))?\b")


def _shared_weather(text: str) -> str:
    m = _SHARED_WEATHER_ZH.search(text)
    if m and has_han(text):
        return f"{text[:m.start()]}{m['a']}{m['rest']}，{m['b']}{m['rest']}{text[m.end():]}"
    m = _SHARED_WEATHER_EN.search(text)
    if m:
        day = m["day"] or ""
        return f"{text[:m.start()]}{m['pre']}{m['a']}{day}, {m['pre']}{m['b']}{day}{text[m.end():]}"
    return text


# A later time alone before 再 ("回头再给他打电话", "待会儿再说"): the request is put off, not a clause of its own
_LATER_RE = re.compile(r"(?:回头|待会儿?|晚点儿?|等会儿?|过会儿?|一会儿|改天|明天|下次|以后|到时候)")


def split_clauses(text: str, pauses: bool = False) -> list[tuple[str, str]]:
    """[(separator_before, clause_text), …] in spoken order; empty clauses dropped. With ``pauses``, a space
    between two Chinese words splits too."""
    for rx, repl in PROTECT:
        text = rx.sub(repl, text)
    text = _shared_weather(text)
    parts = SPLIT_RE.split(SPACE_PAUSE_RE.sub("，", text) if pauses else text)
    out: list[tuple[str, str]] = []
    sep = ""
    for i, part in enumerate(parts):
        if i % 2 == 1:
            sep = part
            continue
        route = _ROUTE_THEN_AVOID.match(part.strip())
        if route and sep not in _JOINERS:
            # "navigate to JFK Terminal 4 avoiding tolls", "导航去机场不走高速": the route, then what it avoids
            out.extend([(sep, (route.group("nav") or route.group("zn")).strip()),
                        (" ", (route.group("av") or route.group("za")).strip())])
            sep = ""
            continue
        if part.strip(" ,.;!?，。；！？、"):
            if out and sep in _JOINERS and (BARE_NOUN_RE.fullmatch(out[-1][1]) or _LATER_RE.fullmatch(out[-1][1])):
                # "空调再切成自动": a bare thing before 再 is what the rest of the clause acts on
                out[-1] = (out[-1][0], out[-1][1] + sep + part.strip())
            elif out and re.fullmatch(r",\s*", sep or "") and not _names_thing(part) and (
                    (_ADDRESS_HEAD.search(out[-1][1]) and _ADDRESS_TAIL.fullmatch(part.strip(" .!?")))
                    or (_ROUTE_TO.search(out[-1][1]) and _STREET_ADDRESS.fullmatch(part.strip(" .!?")))):
                # ("Take me to L'Ami Louis, 32 Rue du Vertbois": the place, then its street address)
                # "Navigate to 2200 Mission College Boulevard, Santa Clara": the town after a street is its address
                out[-1] = (out[-1][0], out[-1][1] + ", " + part.strip(" .!?"))
            elif out and _VOCATIVE_RE.fullmatch(out[-1][1]) and re.fullmatch(r"[,，、\s]+", sep or ""):
                # "kids, stop kicking the seat": who is spoken to, then what they are told
                out[-1] = (out[-1][0], out[-1][1] + ", " + part.strip())
            elif out and _TOPIC_RE.fullmatch(out[-1][1]) and re.fullmatch(r"[,，、\s]+", sep or "") \
                    and not _names_thing(part):
                # "那个风啊，麻烦给开到最大档": the thing said first as a topic, then what to do with it
                topic = _TOPIC_RE.fullmatch(out[-1][1]).group("t")
                out[-1] = (out[-1][0], {"风": "风量"}.get(topic, topic) + strip_leading(part.strip()))
            else:
                out.append((sep, part.strip()))
        sep = ""
    return out


_ROUTE_THEN_AVOID = _rx(
    r"^(?P<nav>(?:(?:please|can you|could you|let'?s|ok(?:ay)?|and|so|now|just)\s+)*(?:navigate(?: me)?(?: to)?|take (?:me|us)(?: to)?"
    r"|drive (?:me|us)(?: to)?|drive to|go to|head (?:to|for)|directions to|route (?:me |us )?to|get (?:me|us) to"
    r"|guide (?:me|us) to)\s+(?!with\b|without\b|and\b|but\b|no\b)\S.*?)\s+(?:(?:um+|uh+|er+|erm)\s+)?"
    r"(?P<av>(?:avoiding|avoid|without|and no|with no|but no|no)\s+(?:the\s+|any\s+)?(?:tolls?|toll roads?|highways?|motorways?"
    r"|freeways?|traffic|congestion|jams?)\b.*)$"
    r"|^(?P<zn>(?:(?:导航|带我|开车|开|送我|我要|我想)(?:去|到)[^，,]{2,}?|导航[^，,去到]{2,}?|回家|回公司))(?P<za>(?:不走|避开|绕开|别走|不上|躲开)(?:高速|收费|拥堵|堵车).*)$")
# "开着有点飘", "开起来很吵": the car being driven, and "要开个线上会": a meeting held; no request to open or switch on
# anything
_DRIVING_ALONG = re.compile(r"开着(?![^，,]*(?:呢|吗|吧|着呢))|(?:正|在)?开着?(?:高速|快速路|国道|省道|山路|夜路|环线|长途)|开起来|开车(?:的时候|时)|开得|开(?:个|一个|场)?[^，,\s快慢猛]{0,3}会(?!员)"
                            # how long there is still to drive ("还要开三个多小时呢")
                            r"|(?:还要|还得|要|得)开[^，,。]{0,8}(?:小时|公里|分钟|千米|天)"
                            r"|^开[^，,。]{0,8}(?:小时|公里|分钟|千米|天)(?:呢|吧|啊|呀)?$")
# ...but a clause that asks to drive harder is never one of those (the refusal must stand): "车开得猛一点", "开起来野一点"
_DRIVE_HARDER = re.compile(r"开[得起来着车]*[^，,]{0,3}(?:快|猛|凶|野|冲|狠|飞|急)(?:一)?(?:点|些|一点)|(?:快|猛|凶|野|冲)(?:一)?(?:点|些)开")
_TOPIC_RE = _rx(r"(?:那个|这个|那|这)(?P<t>空调|车窗|窗户|天窗|座椅|音乐|导航|氛围灯|阅读灯|风量|风|温度|音量|声音)(?:啊|呀|呢|吧|嘛)?")


def _names_thing(text: str) -> bool:
    from multimodal.command.cues import names_a_thing

    return names_a_thing(text)


# A route to a street address ("...to 2200 Mission College Boulevard", "to Unit 4") and then a town, a state or a
# postcode in capitals: one address, said with its commas.
_ADDRESS_HEAD = re.compile(
    r"\b(?:navigate|take (?:me|us)|drive (?:me|us)|directions|route|head|go|get (?:me|us)|guide (?:me|us))\b.*\bto\s+"
    r"(?:\d[\w-]*\s+\S.*|.*\b(?:street|st|road|rd|avenue|ave|boulevard|blvd|drive|dr|lane|ln|way|court|ct|place|pl"
    r"|parkway|pkwy|terrace|crescent|close|square|highway|hwy|unit|suite)\.?(?:\s+\d+\w?)?)$", re.I)
_ADDRESS_TAIL = re.compile(r"(?:[A-Z][\w'.-]*|\d{4,6})(?:\s+(?:[A-Z][\w'.-]*|\d{4,6}|[A-Z]{1,2}\d[\dA-Z]?\s*\d[A-Z]{2})){0,4}")
_ROUTE_TO = re.compile(r"\b(?:navigate|take (?:me|us)|drive (?:me|us)|directions|route|head|go|get (?:me|us)|guide (?:me|us))\b.*\bto\s+\S",
                       re.I)
# a house number and a street in capitals ("32 Rue du Vertbois", "221B Baker Street", "1600 Amphitheatre Parkway")
_STREET_ADDRESS = re.compile(r"\d+[A-Za-z]?(?:-\d+)?\s+(?:[A-Z][\w'.-]*|du|de|la|le|des|der|di|del|van|von|am|an)"
                             r"(?:\s+(?:[A-Z][\w'.-]*|du|de|la|le|des|der|di|del|van|von|am|an|\d+)){0,5}")
_JOINERS = {"再", "接着"}  # a sequence; "阅读灯和氛围灯都关了" is a list of two things
BARE_NOUN_RE = _rx(r"(?:把)?(?:空调|车窗|窗户|天窗|座椅|音乐|导航|氛围灯|阅读灯|风量|温度|音量|声音)")


# ================================================================= the model

# "can't hear the navigation / the call" beside "the music's too loud": the other sound is drowned out, so the
# loudness is what to turn down, not up
_DROWNED_RE = _rx(r"(?:导航|语音|电话|对方|提示音|播报|说话|讲话|聊天|navigation|directions|the call|the phone|sat ?nav|gps|each other"
                  r"|talk|voice|prompts?).{0,8}(?:听不清|听不见|听不到)|(?:听不清|听不见|听不到).{0,6}(?:导航|语音|电话|对方|提示|播报|说话|讲话"
                  r"|[^，,。]{0,6}(?:说什么|在说|讲什么))"
                  r"|can'?t hear (?:the |my |a )?(?:navigation|directions|nav|sat ?nav|gps|call|phone|person|other|each other"
                  r"|myself|voice|prompts?|kids?|passengers?|him|her|them|you|instructor|teacher|coach|dad|mom|mum|wife|husband"
                  r"|friend|boss|driver|what (?:he|she|they|you)\b)\b")


# A clause after a request that only says which thing was meant ("the one that stops the outside air coming in",
# "就是那个不让外面的空气进来的")
_DESCRIBES_RE = _rx(r"^(?:you know,?\s+)?(?:the|that|it'?s the|that'?s the|i mean the)\s+(?:one|thing|button|setting|switch|feature)s?"
                    r"\s+(?:that|which|where|with|for|you use)\b"
                    r"|^(?:就是|我说的是|我是说)?(?:那个|那种|这个)[^，,。？?]{2,20}的(?:那个|按钮|功能|开关)?(?:吧|啊|呀)?$")


# A clause that gives the name of what the clause before asked for ("就那个叫忽左忽右的", "the one called Hidden Brain")
_CALLED_RE = re.compile(r"^(?:就是?|我说的是)?(?:那个|那档|那首|那家|那部|那张|一个|一档|一首|一家)?(?:名字)?叫(?:做)?"
                        r"(?P<x>(?![^，,。？?！!]*(?:什么|啥|啥来着))[^，,。？?！!]{2,30}?)"
                        r"(?:的(?:那个|那档|那首|那家|节目|播客)?)?(?:吧|啊|呀)?[。!！]?$"
                        r"|^(?:the one |it'?s |one )?called (?P<y>[^,.?!]{2,40}?)[.!]?$", re.I)
_NAMED_SLOT = {"media.play": "query", "nav.navigate": "destination"}


_ONE_VALUE = ("hvac.set_temperature", "hvac.set_fan", "media.set_volume")


def _last_value_wins(commands: list[Command]) -> list[Command]:
    """One setting set twice for the same seat in one utterance ("set it to 22... okay fine, she wants 23, make it
    23"): only the last value said can hold."""
    out: list[Command] = []
    for i, c in enumerate(commands):
        later = any(o.intent == c.intent and o.slots.get("zone") == c.slots.get("zone") for o in commands[i + 1:])
        if not (c.intent in _ONE_VALUE and later):
            out.append(c)
    return out


def _drowned_out(readings: list["_Reading"]) -> list["_Reading"]:
    """Readings without a volume-up read from another sound being drowned out, when the same utterance also
    complains the volume is too loud."""
    vols = [r for r in readings if r.command is not None and not r.reason and r.command.intent == "media.adjust_volume"]
    if {r.command.slots.get("direction") for r in vols} != {"up", "down"}:
        return readings
    drowned = [r for r in vols if r.command.slots.get("direction") == "up" and _DROWNED_RE.search(fold(r.text))]
    return [r for r in readings if not any(r is d for d in drowned)]


@dataclass
class _Reading:
    text: str
    command: Command | None  # None = nothing understood
    elided: bool = False  # read by putting back the previous clause's noun (`_ellipsis`)
    reason: bool = False  # a remark said as the reason for another clause's request: not a command (`_mark_reasons`)


PRONOUN_ADJ_RE = _rx(r"^(?:turn|make|put|bring|set) (?:it|that|them) (?P<d>up|down|higher|lower)\b"
                     r"|^把?(?:它|这个)(?:调|开)?(?P<z>大|小|高|低)")
FOLLOWS = {"hvac.adjust_fan": "hvac.adjust_fan", "hvac.set_fan": "hvac.adjust_fan",
           "hvac.adjust_temperature": "hvac.adjust_temperature", "hvac.set_temperature": "hvac.adjust_temperature",
           "media.adjust_volume": "media.adjust_volume", "media.set_volume": "media.adjust_volume"}


# A reason said before or after a request ("好热啊 把车窗打开", "it's pouring, close the sunroof") is not a command
# of its own: a clause that asks for nothing (no request word) but remarks on something (a statement word) is
# dropped when another clause of the utterance does ask.
REQUEST_CUE = _rx(r"把|帮|给我|请|麻烦|打开|(?:拧|旋|扭)(?=大|小|高|低)|(?<!专心)(?<!好好)(?<!认真)(?<!安心)开(?!车(?:有点|有些|太久|久了|很累|好累|累了|犯困|困了|的时候|时)|夜车|长途|得(?:有点|好|太|很|久|累))|关|调|设|放|播|导航|去|找|打(?!错|了|过|着)|切|换|(?<![起过出回上下进原本后])来|升|降|加|减|静音|暂停|停(?![了好着在]|车场)|继续|避开|绕|别走|不走|查|(?:小|大)(?:一)?点儿?声|(?:小|大)声(?:一)?点"
                  r"|\b(?:turn|switch|set|put|play|navigate|take|go|find|call|open|close|shut|make|raise|lower|increase"
                  r"|decrease|crack|skip|pause|resume|mute|check|avoid|start|stop|get|give|crank|bump|dial|roll|pull|speed up|slow down|cancel|hang up|carry on|continue"
                  r"|boost|bring|drop|kill|enable|disable|activate|defog|defrost|unmute|dim|brighten|queue|hit|tap|press"
                  r"|select)\b")
# Not being able to hear or see is a reason even with a device named ("我听不清导航"): it asks for nothing itself.
COMPLAINT_RE = _rx(r"听不清|听不见|听不到|\bcan'?t hear\b|\bcannot hear\b")
REASON_CUE = _rx(r"了|啊|死|太|好|真|得|呀|有点|有些|挺|怪|告急|听不清|听不见|(?:电|油|续航)[^，,]{0,3}(?:不多|快没|不够)|\bso\b|\btoo\b|\bit'?s\b|\bi'?m\b"
                 r"|\bwe'?re\b|\bthere'?s\b|\bis\b|\bare\b|\bcan'?t\b|\bcannot\b|\bcouldn'?t\b|\babout to\b|\bdying\b|\brunning (?:low|out)\b"
                 r"|(?<!today)(?<!tomorrow)(?<!tonight)(?<!yesterday)(?<!\blet)(?<=[a-z])'s\b"
                 r"(?!\s+(?:side|seats?|windows?|fan|vents?|row)\b|\s+(?:a bit|a little|a touch) (?:\w+er|more|less)\b)"
                 r"|\b(?:is|are|'s|getting|looks?|too|so|very|pretty|really) low\b"
                 r"|\b(?:battery|fuel|gas|tire pressure|tyre pressure|range|tank|charge) (?:is )?low\b"
                 r"|\blow (?:on|battery|fuel|gas|tire|tyre|charge|range)\b|\bi (?:hate|don'?t like|can'?t stand)\b"
                 r"|讨厌|受不了")
# A question is asked, not a reason given ("how much range is left, take me to a charger" asks both); only for
# the query intents: "怎么这么热" / "why is it so hot" before a request is still a complaint.
QUESTION_CUE = _rx(r"(?<!没)(?<!只剩)(?<!就剩)(?<!百分之)(?:多少|几)|吗|什么|怎么样|如何|哪|多久|多远|\?|？"
                   r"|\b(?:how|what|which|when|where|whats)\b|what's|^(?:is|are|do|does|did|can|will|should)\b"
                   r"|\b(?:is|are|will|does|do|can|should) (?:it|there|we|i|the \w+)\b")


# What a remark reads as on its own: a complaint ("好热啊" -> cooler), a remark about noise, fog, the battery
# or the weather. A clause read as anything else ("and the sunroof too", "温度二十二度就好") is a request.
REMARK_INTENTS = frozenset({"hvac.adjust_temperature", "media.adjust_volume", "hvac.adjust_fan", "hvac.defrost",
                            "query.weather", "query.vehicle", "query.warning"})


SETTING_WORDS = _rx(rf"{NUM}|cooler|warmer|hotter|colder|higher|lower|louder|quieter|\bup\b|\bdown\b|\bmore\b|\bless\b"
                    r"|\bmax|\bmin|高|低|大|小")


def _without_zone(text: str) -> str:
    """The folded clause, with its seat masked when it also says a setting: "driver's side two degrees cooler" is
    a request, "the passenger's freezing" a remark."""
    low = fold(text)
    span = zone_span(low)
    if span is None or not SETTING_WORDS.search(low):
        return low
    return low[:span[1]] + " " + low[span[2]:]


# A reading said with its number ("车速一百二", "battery's at 10 percent"); "报一下" says no number.
STATED_NUMBER_RE = _rx(r"\d|百分之|[零一二两三四五六七八九十百千]{2,}|\b(?:ten|twenty|thirty|forty|fifty|sixty|seventy|eighty"
                       r"|ninety|hundred)\b")


# "别关空调", "don't open the sunroof": a change forbidden, said beside the one asked for
FORBID_RE = _rx(r"^(?:(?:but|and|please)\s+)?(?:别|不要|不用|甭|千万别|don'?t|do not|never)\s*(?:再|给我|帮我)?\s*"
                r"(?:关|开(?!着)|打开|关掉|关闭|关上|调|动|碰|open|close|shut|turn|switch|touch|change)")


# Not knowing how ("我不会调", "i don't know how to work it"): a reason the driver gives, nothing asked
_CANNOT_RE = _rx(r"^(?:我|俺)?(?:也)?(?:不会|不懂|搞不懂|弄不懂|不知道怎么)(?:调|弄|用|操作|开|设置|整)?(?:啊|呀|呢|了)?$"
                 r"|^i (?:don'?t|do not|can'?t|cannot) (?:know how|figure (?:it|this|out how)|work (?:it|this|out how))\b")


# A thing's state said as it is ("车窗开着呢", "开着空调呢", "the sunroof is halfway open"), not asked for: before a
# request it is that request's reason.
STATE_RE = _rx(r"^(?:那个|这个)?[^，,\s]{1,10}?(?:还|正|都|一直|已经)?(?:是)?开着(?:的)?(?:呢|哪|嘞|啊|的)?$"
               r"|^(?:还|正|都|一直)?开着[^，,\s]{1,8}?(?:呢|哪)$"
               r"|^(?:(?:so|and|well|oh|hey|uh|um)\s+)*(?!(?:pause|stop|turn|switch|play|open|close|shut|put|set|make|mute|skip|keep"
               r"|leave|check|tell|see|find|dial|call|navigate|take)\b)"
               r"(?:the |my |your |our |this |that )?[a-z][a-z' -]{1,30}?\s*(?:\bis|\bare|'s|'re)"
               r"\s+(?:(?:still|already|wide|all the way|halfway|half|fully)\s+)*(?:open|on|running|playing|blasting)"
               r"(?:\s+(?:right now|now|again|still|already))?$")


def _other_device(clause: str, command: Command | None) -> bool:
    """The clause asks for a thing of the car no command acts on (the mirrors' heating, the wipers, the screen's
    brightness), and ``command`` (None: any command) is not on a thing it names outright besides."""
    from multimodal.command.cues import OTHER_DEVICES_RE, asked_outright

    if not OTHER_DEVICES_RE.search(fold(clause)):
        return False
    if command is None:
        return True
    return command.intent not in ("unsupported", "screen.tap") and not command.intent.startswith("dialog.") \
        and not asked_outright(command, clause)


# A thing told still open, or open in the rain or cold ("窗户还开着呢", "下雨了 天窗还开着", "it's raining and my window's
# down"): asked shut
_STILL_OPEN_RE = _rx(r"还|仍然|依然|一直|\bstill\b|下雨|下雪|雨|\brain\w*|\bsnow\w*|pouring|冷|\bcold\b|freezing|吵|\bnoisy\b")
_CLOSE_OF = {"window.open": ("window.close", ("zone",)), "sunroof.open": ("sunroof.close", ())}
_TOLD_OPEN_RE = _rx(r"(?:窗|窗户|车窗|天窗)[^，,。\s]{0,3}?(?:还|都|仍然|依然|一直)?(?:是)?开着(?:的)?(?:呢|啊|呀|哦|嘛)?[。!！]?$"
                    r"|\b(?:windows?|sunroof|moonroof|roof)(?:'s|'re| is| are)\s+(?:still\s+|all\s+)?(?:down|open)\b[.!]?$")


# Things a state sentence can be about: what is switched, opened or playing (not a warning light that "is on")
STATE_INTENTS = ("window.open", "sunroof.open", "hvac.power", "hvac.ac", "hvac.auto", "hvac.recirculation", "hvac.defrost",
                 "seat.heat", "seat.ventilate", "seat.massage", "light.ambient", "light.reading", "media.play")


_NO_ASK_RE = _rx(r"换换心情|换个心情|散散心|解解闷|提提神|别再[^，,。]{1,6}了|快说|快点说|听见没有?|听到没有?|听见了吗|听到了吗"
                 r"|\bcome on\b|\bhurry(?: up)?\b|\bdon't (?:get lost|mess (?:it|this|that) up|screw (?:it|this|that) up)"
                 r"|\bthis time\b|\bfor once\b|\bi'm sick of\b|\bi'm tired of\b")


# The verb of a request said again after its thing, in other words ("想听夜曲了，给放一下", "联系一下李建国，打他手机"):
# nothing more is asked.
_RESTATED = {
    "media.play": re.compile(r"(?:那就|就)?(?:给我|帮我|给|你)?(?:放|播|来|整)(?:一下|一首|一个|个|出来|起来)?(?:吧|呗|啊|呀|嘛)?"
                             r"|(?:put|stick|throw|chuck) (?:it|that) on(?: for me)?(?: please)?|play (?:it|that)(?: for me)?(?: please)?"),
    "phone.call": re.compile(r"(?:就|直接)?(?:给|帮我)?(?:打|拨)(?:他|她|它|一下)?(?:的)?(?:手机|电话|座机|号码)?(?:吧|呗|啊)?"
                             r"|(?:call|ring|dial) (?:him|her|them)(?: up)?(?: on (?:his|her|their) (?:mobile|cell|phone))?(?: please)?"),
}


def _restates(clause: str, readings: list) -> bool:
    """The clause only says the verb of a request already read, again."""
    low = fold(clause).strip(" ,，.。!！~")
    return any(r.command is not None and (rx := _RESTATED.get(r.command.intent)) is not None and rx.fullmatch(low)
               for r in readings)


_WORRY_RE = re.compile(r"(?:我|我们|俺)?(?:有点|很|真|就|总|老)?(?:怕|担心|生怕|害怕)(?!冷|热)"
                       r"|(?:i'?m|i am) (?:a bit |so |really |terribly )?(?:afraid|worried|scared|terrified|nervous)\b"
                       # a preference told ("I don't like to go too fast", "我不喜欢开太快"): no request
                       r"|^(?:i|we) (?:really )?(?:don'?t|do not|never) (?:like|enjoy|care for|fancy) (?:to |it when |going |driving |being )"
                       r"|^(?:我|我们)(?:不太|不)喜欢(?:开|坐|走)"
                       # what the driver hopes will not happen ("I don't wanna get pulled over", "可不想被交警拦下来")
                       r"|^(?:i|we) (?:really )?(?:don'?t|do not) (?:wanna|want to) (?:get|be|end up)\b"
                       r"|^(?:i|we) (?:really )?(?:don'?t|do not) want (?:a|an|any|another)\b"
                       r"|^(?:我|我们)?(?:可|真|才)?不想(?:被|再被|让)"
                       # a reading that makes the driver nervous, told ("电量看着有点慌", "the battery's making me nervous")
                       r"|^[^，,。?？]{0,8}?(?:看着|看得|心里)(?:有点|有些|好|真|挺|都)?(?:慌|发慌|心慌|没底|不踏实|紧张|发怵)(?:了|啊|呀|呢)?$"
                       r"|^[^，,。?？]{0,8}?(?:有点|有些|好|真|挺)(?:慌|发慌|心慌|没底|不踏实|发怵)(?:了|啊|呀|呢)?$"
                       r"|\b(?:making|makes|got|gets|getting) me (?:a (?:bit|little) |so |really )?(?:nervous|anxious|worried|twitchy|jumpy)\b",
                       re.I)


# What the driver will listen to, the reason for quiet ("我听听导航说什么", "so I can hear what the nav says"): no song
_OWN_LISTENING_RE = _rx(r"^(?:我|让我)?(?:先|要|想|得)?(?:听听|听一下|听下)[^，,。]{0,10}(?:说|讲)"
                        r"|\b(?:i|let me)\s+(?:want to |need to |'ll |can |could )?(?:hear|listen to) what\b")


_VOCATIVE_RE = _rx(r"(?:kids|guys|boys|girls|children|孩子们|小朋友们?|你们)")
# What is told and asks nothing of the car, whatever driving or request words it holds
# How the driving feels or what is around, told as the reason for a request: the car's speed complained of ("开太快了
# 我头晕", "you're going way too fast"), a siren behind ("救护车来了 把音乐静音"), a pedal's or the wheel's feel ("刹车有点软",
# "the brakes feel spongy"). Nothing is asked of the car by it.
DRIVING_FELT = (r"(?:开|跑)(?:得)?(?:太|这么|那么|有点|好)快(?:了)?(?!点|一点|些)"
                r"|\b(?:i'?m|we'?re|you'?re|he'?s|she'?s)\s+(?:going|driving)\s+(?:too|so|way too|a bit too|kinda)\s+fast\b"
                r"|(?:救护车|警车|消防车|救火车)(?:来了|过来了|在后面|在后边|要过|鸣笛|响)"
                r"|^(?:there'?s\s+)?(?:an?\s+|the\s+)?(?:ambulance|fire truck|fire engine|police car|cop car|siren)s?\b"
                r"|(?:刹车|油门|方向盘)(?:踩起来|打起来|感觉)?(?:有点|好像|怎么)?(?:软|硬|沉|抖|发抖|响|异响|松)"
                r"|\b(?:brakes?|steering(?: wheel)?|pedal)s?\s+(?:feels?|is|are|seems?)\s+(?:a bit\s+|kinda\s+|really\s+)?"
                r"(?:spongy|soft|mushy|stiff|heavy|loose|shaky|weird|off|funny|squeaky|noisy)\b")


_TOLD_NOT_ASKED_RE = _rx(r"差点|差一点|险些|\b(?:almost|nearly|just about) (?:hit|blew|blown|crashed|killed|ran (?:into|over|off)|rear-?ended"
                         r"|lost|got (?:hit|rear-?ended)|went off|slid|spun|flipped|missed)\b"
                         # running late, told ("we're cutting it close for kickoff", "要迟到了")
                         r"|\bcutting it (?:close|fine)\b|\b(?:we'?re|i'?m|we are|i am) (?:running |gonna be |going to be )?(?:a bit |so )?late\b"
                         r"|来不及了|赶不上了|要迟到了|快迟到了"
                         # a speed told as done ("hit eighty back there")
                         r"|\b(?:hit|did|was doing|were doing|got (?:it )?(?:up )?to|touched|topped)\s+(?:\d+|[a-z]+ty|a hundred)\b[^,.]*"
                         r"\b(?:back there|earlier|just now|a (?:minute|second|moment) ago|on that stretch|yesterday)\b"
                         # the driver's own doing, no request of the car ("我录一段口播")
                         r"|^(?:我|我们)(?:要|得|先|正在|在|来|准备)?(?:录|拍|写|吃|喝|打个盹|眯一会|睡一会|补个妆|化妆)"
                         # what the wind or the sun does to the driver, told ("吹得我眼睛都睁不开")
                         r"|[吹晒冻热冷闷烤]得(?:我|人|我们)?[^，,。]{0,6}(?:睁不开|受不了|难受|头疼|头晕|发抖|出汗|流泪|疼|发干|干)"
                         # a place's hours told ("they close at five")
                         r"|^(?:they|it|he|she|the (?:shop|store|place|restaurant|clinic|office|pharmacy|bank|spa|gym|museum|mall))"
                         r"(?:'re|'s| are| is)? (?:close|closes|closed|closing|open|opens|opening) (?:at|by|around|till|until|in)\b"
                         # a trip the driver must make later, told ("下午得飞过去")
                         r"|^(?:我|我们)?(?:下午|上午|晚上|明天|今晚|待会儿?|一会儿?)?(?:得|要|还得|准备)(?:飞|坐飞机|坐高铁|坐火车|赶飞机|赶高铁|出差)"
                         # the weather's own doing, told ("是打雷", "it's just thunder")
                         r"|^(?:是|在|又|开始)?(?:打雷|闪电|下冰雹|刮大风)(?:了|呢|啦)?$|^(?:it'?s|that'?s)\s+(?:just\s+)?(?:thunder|lightning)\b"
                         # the day's errands and troubles, told beside a request ("今天不去超市了", "今天小的打疫苗", "说好带他们去动物园的",
                         # "游乐场门口停不了车", "打完针哥哥一直哭", "走走停停的孩子晕车")
                         r"|(?:今天|明天|先|就)?不(?:去|回)[^，,。\s]{1,8}了$|(?:打|打了|打完|要打|去打)(?:针|疫苗|预防针|点滴|吊瓶)"
                         r"|说好(?:了)?(?:要)?带[^，,。]{0,8}去|停不了车|停不下车|没(?:地方|位置|车位)停"
                         r"|(?:一直|老是|还在|总是|又)(?:哭|闹|吐|咳嗽?)|晕车"
                         # a trip to be made later, told ("回门要过去"), and the route to a place just searched, asked again
                         # ("附近有停车场没 导航过去")
                         r"|(?:要|得|还要|还得)过去(?:一趟)?$|^(?:导航|带我|开)(?:过去|去那(?:里|儿|边))(?:吧|呗)?$"
                         # sleepiness told ("眼皮直打架", "困得不行")
                         r"|眼皮(?:直|都|一直)?打架|困(?:死|得不行|得要命)了?|犯困|打瞌睡|睁不开眼"
                         # a report told ("广播说十点以后高速要封", "the radio says the bridge is closed")
                         r"|^(?:广播|新闻|收音机|电台|交警|天气预报|预报)(?:里|上)?(?:刚才|刚刚|刚|也|都)?(?:说|讲|报)"
                         r"|^(?:the )?(?:radio|news|forecast|weather ?man|police|cops) (?:just )?(?:says?|said|reported|announced)\b"
                         # words said to the people in the car ("kids, stop kicking the seat!", "孩子们 别闹了")
                         r"|^(?:kids|guys|boys|girls|children|honey|babe|sweetie|buddy|孩子们|宝贝|宝宝|小朋友|你们|儿子|闺女)"
                         r"\s*[,，!！]?\s*(?:stop|quit|don'?t|no more|settle down|sit (?:still|down)|quiet|别|不要|不许|安静|坐好|小声)"
                         r"|" + DRIVING_FELT)


def _asks_unread(clause: str) -> bool:
    """A clause the tables read nothing of still asks for something: a request word, not only the car being driven
    along ("开着有点飘"), unless it forbids a switch-off, names a thing no command acts on, says the driver cannot
    work it, or tells of a driving action. A clause asking to drive harder always asks ("车开得猛一点")."""
    low = fold(clause)
    if not (REQUEST_CUE.search(_DRIVING_ALONG.sub(" ", low)) or _DRIVE_HARDER.search(low)):
        return False
    if TIRE_WORK_RE.search(low) and not re.search(r"胎压|pressure", low):
        return False  # "轮胎扎了怎么换备胎": a repair asked how, nothing the car does
    if _CONTROL_TOLD_RE.search(low) and not REQUEST_CUE.search(_DRIVING_ALONG.sub(" ", _CONTROL_TOLD_RE.sub(" ", low))):
        return False  # "开车开得腰酸背痛的", "方向盘好冰": a control's feel or the driving done, told
    if _MONEY_RE.search(low) and not re.search(r"帮我|给我|请|导航|找|\b(?:find|take|navigate|please)\b", low):
        return False  # "停车费比油钱还贵", "parking there is like forty bucks": what it costs, told
    if _TOLD_NOT_ASKED_RE.search(low.strip()):
        return False  # "刚才那个坑差点把胎颠爆", "I nearly hit a deer back there", "kids, stop kicking the seat!"
    if _WORRY_RE.match(low.strip()) or _GIVEN_UP_RE.search(low.strip()) or _OWN_LISTENING_RE.search(low.strip()) \
            or (_PLAN_RE.search(low.strip()) and not re.search(r"导航|navigat|take me|带我", low)) \
            or _ERRAND_TRIP_RE.match(low.strip()) or TRIP_PURPOSE_RE.search(low.strip(" ,.!?~，。！？")):
        return False  # "我怕开太快了", "I'm scared of going too fast": a worry, no request; "不去机场了": a plan given up
    if _NO_ASK_RE.search(low) and not _DRIVE_HARDER.search(low):
        from multimodal.command.cues import names_a_thing

        if not names_a_thing(low):
            return False  # "换换心情", "别再绕路了", "don't get lost this time": a mood or a jab, no request
    return not (keeps_as_is(clause) or _other_device(clause, None) or _CANNOT_RE.search(low)
                or (NARRATED_DRIVING_RE.search(low.strip()) and _driving_control(low)) or _LESSON_TALK_RE.search(low)
                or (_ADVICE_ASKED_RE.search(low.strip()) and _driving_control(low)))


def _is_state(text: str) -> bool:
    return bool(STATE_RE.match(fold(text).strip(" .!?~。！？")))


# "别关空调", "don't turn the music off", "不用关窗": a switch-off forbidden asks for nothing. Said alone it is no
# command (reading the verb alone would do the very thing forbidden); beside a request the request stands.
KEEP_AS_IS_RE = _rx(r"^(?:(?:i'?m|it'?s|we'?re)\s+[a-z]+(?:\s+[a-z]+)?\s+but\s+)?(?:(?:可|可千万|千万|但是|但|那|先|还是|oh|but|and|please|just)[\s,，]*)*"
                    r"(?:别|不要|不用|甭|千万别|先别|可别|don'?t|do not|never|no need to)\s*(?:再|给我|帮我|you)?\s*"
                    r"(?:把[^，,]{1,8}?)?(?:关|停(?!车)|暂停|静音|切(?!成|到|换成)|换(?!成|到)|skip\b|change\b|turn\s+(?:\w+\s+){0,3}?off\b|switch\s+(?:\w+\s+){0,3}?off\b"
                    r"|shut\b|close\b|stop\b|pause\b|mute\b|kill\b|cut\b|cancel\b|touch\b|mess with\b|change\b)"
                    # what is forbidden, and nothing more: "别停 继续放", "don't close it and open the sunroof" ask on
                    r"(?!.*(?:\b(?:and|then|but|instead|just)\b|然后|再|但是|而是))"
                    r"(?:[^\s，,。.!！?？;；]*|(?:\s+[a-z'-]+){0,5})[\s。.!！?？~]*$")


# Another seat or thing left as it is, after a request ("前排的开着", "副驾的不用动", "leave the front on")
_KEPT_RE = _rx(r"^(?:(?:但是?|那|and|but)[\s,，]*)?(?:[\u4e00-\u9fff]{1,4}?(?:的|那边的?|这边的?))(?:就|先|还是)?(?:开着|留着|不动|不用动|别动|不变|照旧|保持(?:原样|不变)?)"
               r"(?:吧|就行|就好|就可以)?$"
               r"|^(?:(?:and|but)\s+)?(?:leave|keep) (?:the |my )?(?:front|rear|back|driver'?s?|passenger'?s?)(?: ones?| side| seats?| windows?)? "
               r"(?:on|open|running|as (?:it is|they are))$"
               r"|^(?:(?:and|but)\s+)?(?:the )?(?:front|rear|back|driver'?s?|passenger'?s?)(?: ones?| side| seats?| windows?)? (?:can|should) stay(?: on| open)?$")


# Every other seat after one named ("everything else up", "the rest closed", "其他的都关上")
_THE_REST_RE = _rx(r"^(?:and\s+|but\s+)?(?:everything|every other (?:one|window)|all the (?:others|other ones|other windows|rest)|the rest"
                   r"|the others|all the rest)(?: else)?\s+(?:(?P<close>up|closed|shut)|down|open)$"
                   r"|^(?:其他|其余|剩下|别)的?(?:窗户|车窗)?(?:都|全)(?:(?P<close2>关上|关了|关掉|关)|(?:打开|开了|开))(?:吧)?$"
                   r"|^(?:and\s+|but\s+)?(?:(?P<close3>close|shut|roll up|put up)|open|roll down|put down)\s+(?:up\s+)?(?:the rest|the others"
                   r"|all the (?:others|other ones|other windows|rest)|everything else|every other (?:one|window))$")


# A thing said fine and left as it is ("leave it", "the volume's fine, leave it", "就这样吧", "不用动了")
_LEAVE_IT_RE = _rx(r"^(?:(?:no|nah|it'?s fine|that'?s fine|it'?s good|that'?s good)[\s,]+)?(?:just\s+)?leave it(?:\s+(?:there|as it is|like that|alone|be))?"
                   r"(?:\s+please)?[.!]?$|^(?:就)?(?:这样|保持这样|不用动|别动)(?:了|吧|就行|就好)*[。!！]?$"
                   # a thing kept on beside another switched off ("把音乐关了 导航声音留着")
                   r"|^[^，,\s]{1,8}?(?:的)?(?:声音)?(?:留着|保留着?)(?:吧|就行|就好)?[。!！]?$")


def keeps_as_is(clause: str) -> bool:
    low = fold(clause).strip()
    return bool(KEEP_AS_IS_RE.match(low) or _LEAVE_IT_RE.match(low.strip(" ,.!?")))


GLASS_NAMED_RE = _rx(r"前挡|后挡|前窗|后窗|挡风|风挡|玻璃|前面|后面|前边|后边|\b(?:front|rear|back)\b|windshield|windscreen|\bwindow\b")


# "导航去协和医院，我去看个病": after a route, "I'm going to <do something>" says what for, not where
_PURPOSE_TRIP = re.compile(r"^(?:我|我们|俺|咱)(?:是|要|得|想)?去(?:看|接|送|买|办|取|见|开|参加|上|吃|拿|找|交|做|玩|遛|逛|跑)")


# What someone else reported, or a thing that does not work ("客户说后排加热不热，我试一下，后排座椅加热开三档",
# "the customer says the AC blows warm, set it to 18"): why the request is made, no request of its own
_TOLD_OF_RE = _rx(r"^(?:客户|顾客|车主|用户|他|她|他们|老婆|老公|孩子|领导|师傅|老板)(?:说|讲|反映|反馈|抱怨|嫌)"
                  r"|(?:加热|制冷|空调|暖风|冷风|通风|按摩)(?:都|也|一直|老是|根本)?(?:不|没)(?:热|冷|凉|暖|出风|动|工作|响应)"
                  r"|^(?:the )?(?:customer|client|owner|driver|guy|lady)(?: just)? (?:says|said|complained|reported|mentioned)\b"
                  # the glass as it is ("the windows are down anyway, so turn off the A/C")
                  r"|\b(?:windows?|sunroof|roof) (?:are|is|'s|'re) (?:all |already |still )?(?:down|up|open|closed|shut)\b"
                  r"|(?:车窗|窗户|天窗)(?:反正|都|已经|本来)*(?:开着|关着|是开的|是关的)"
                  # what the driver saves by it ("AC off, gotta save gas", "空调关了 省点油")
                  r"|\bsav(?:e|ing) (?:some |on )?(?:gas|fuel|petrol|battery|power|energy|juice)\b|省(?:点|些)?(?:油|电)|节(?:油|能|电)"
                  # a reading told beside the question it prompts ("we're low on gas, how many miles we got left")
                  r"|^(?:we'?re|i'?m|we are|i am) (?:really |pretty |getting |running |kinda )?low on (?:gas|fuel|petrol|battery|charge|juice)\b"
                  # a job's end told ("that's the last one, take me home"): no track skipped
                  r"|^(?:ok(?:ay)?\s+|so\s+|and\s+)?(?:that'?s|this is|that was) (?:the )?last one\b")


_RHETORICAL_RE = _rx(r"(?:开|加|吹|用|要|放)(?:个)?(?:啥|什么|哪门子)(?!时候|地方|歌|音乐|模式|颜色|温度|档)(?!.*[吗?？])"
                    r"|谁(?:还|会)?(?:开|用|吹|要)[^，,。吗?？]{1,6}(?:啊|呀|嘛|哦)?$|(?:开|吹|加)(?:它|那|这)?(?:个)?(?:干嘛|干啥|做啥)"
                    r"|\bwho (?:needs|uses|wants|turns on)\b[^,.?]*$|\bwhy (?:is|are|would|did) (?:the |you )?[^,.]*\b(?:on|open)\b[^,.]*$")


_THEY_NEED_RE = _rx(r"^(?:the |my |our )?(?:kids?|children|baby|son|daughter|wife|husband|grandma|grandpa|mom|dad|mum|he|she|they"
                    r"|everyone|everybody|somebody|someone|passengers?)\s+(?:really\s+|badly\s+)?needs?\b"
                    r"|^(?:孩子|孩子们|老人|奶奶|爷爷|老婆|老公|他|她|他们|大家)(?:要|想|得|急着)(?:上厕所|去厕所|方便)")


def _mark_reasons(readings: list[_Reading]) -> list[_Reading]:
    routed = False
    for i, r in enumerate(readings):
        if r.command is not None and r.command.intent == "nav.navigate" and routed and _PURPOSE_TRIP.match(fold(r.text).strip()):
            readings[i] = replace(r, reason=True)
        routed = routed or (r.command is not None and r.command.intent == "nav.navigate")
    heard = [r for r in readings if r.command is not None]
    # "好暗啊 看不清": not seeing in the dark, with no fog or frost named, is no glass to clear
    if dark_without_fog(" ".join(fold(r.text) for r in readings)):
        readings = [replace(r, reason=True) if r.command is not None and r.command.intent == "hvac.defrost" else r
                    for r in readings]
        heard = [r for r in readings if r.command is not None and not r.reason]
    # "my hands are freezing, heat the steering wheel": a cold or heat told beside a request for a thing of the car
    # no command acts on is that request's reason, not a request of its own
    if heard and any(r.command is None and _other_device(r.text, None) and not COMPLAINT_RE.search(fold(r.text))
                     for r in readings) \
            and all(r.command.intent in REMARK_INTENTS and "amount" not in r.command.slots
                    and not REQUEST_CUE.search(fold(r.text)) and not _other_device(r.text, None)
                    and bool(COLD_RE.search(fold(r.text)) or HOT_RE.search(fold(r.text))) for r in heard):
        return [replace(r, reason=True) if r.command is not None else r for r in readings]
    if len(heard) < 2:
        return readings
    # "制冷关了吧，大冬天的开啥制冷", "把座椅通风关了，这天儿谁开通风啊": a question that answers itself is the request's
    # reason, no request of its own
    routes = sum(1 for r in heard if r.command.intent == "nav.navigate")
    scoffed = {id(r) for r in heard if _RHETORICAL_RE.search(fold(r.text)) or _TOLD_OF_RE.search(fold(r.text))
               or (r.command.intent.startswith("query.") and _WORRY_RE.match(fold(r.text).strip()))
               # "the kids need a bathroom, find the nearest gas station": someone's need, the route's reason
               or (r.command.intent == "nav.navigate" and routes > 1 and _THEY_NEED_RE.match(fold(r.text).strip()))}
    if scoffed and len(scoffed) < len(heard):
        readings = [replace(r, reason=True) if id(r) in scoffed else r for r in readings]
        heard = [r for r in readings if r.command is not None and not r.reason]
        if len(heard) < 2:
            return readings
    # "我没戴老花镜，啥也看不清，麻烦你把阅读灯打开": not seeing, with no glass or fog named, is the other request's reason
    blurred = {id(r) for r in heard if r.command.intent == "hvac.defrost" and not GLASS_NAMED_RE.search(fold(r.text))
               and not re.search(r"雾|哈气|水汽|fog|mist|steam", fold(r.text)) and not REQUEST_CUE.search(fold(r.text))}
    if blurred and len(blurred) < len(heard):
        readings = [replace(r, reason=True) if id(r) in blurred else r for r in readings]
        heard = [r for r in readings if r.command is not None and not r.reason]
        if len(heard) < 2:
            return readings
    if any(quiet_asked(r.command) for r in heard):
        # "声音太大了，听不清师傅说啥", "声音太大了 对讲机都听不清": not hearing someone speak, or another sound than the
        # music, is why the cabin is made quieter, no louder
        unheard = {id(r) for r in heard if r.command.intent == "media.adjust_volume"
                   and r.command.slots.get("direction") == "up"
                   and (_SPEECH_UNHEARD_RE.search(fold(r.text))
                        or (COMPLAINT_RE.search(fold(r.text)) and not _MUSIC_NAMED_RE.search(fold(r.text))))}
        if unheard:
            readings = [replace(r, reason=True) if id(r) in unheard else r for r in readings]
            heard = [r for r in readings if r.command is not None and not r.reason]
            if len(heard) < 2:
                return readings
    # "Can't see out the back window, it's all fogged up": the fog is the glass already named
    if any(r.command.intent == "hvac.defrost" and GLASS_NAMED_RE.search(fold(r.text)) for r in heard):
        fog = {id(r) for r in heard if r.command.intent == "hvac.defrost" and not GLASS_NAMED_RE.search(fold(r.text))
               and not REQUEST_CUE.search(fold(r.text))}
        if fog:
            readings = [replace(r, reason=True) if id(r) in fog else r for r in readings]
            heard = [r for r in readings if r.command is not None and not r.reason]
            if len(heard) < 2:
                return readings
    asks = [(bool(REQUEST_CUE.search(fold(r.text))) or r.command.intent not in REMARK_INTENTS or "amount" in r.command.slots
             or re.search(r"再|\b(?:more|less)\b", fold(r.text)) is not None)
            and not COMPLAINT_RE.search(fold(r.text)) for r in heard]
    if not any(asks):
        return readings
    # "my passenger runs hot, so turn on the passenger seat ventilation": what comes before "so"/"所以" is the reason
    so_next = [i + 1 < len(heard) and bool(re.match(r"^\s*(?:so|and so|that's why|所以|因此|那就)\b", fold(heard[i + 1].text)))
               for i in range(len(heard))]
    forbids = [bool(FORBID_RE.match(fold(r.text))) for r in heard]
    # "声音不够大，调到三十": a remark on a thing the next clause sets is that setting's reason
    set_next = [i + 1 < len(heard) and heard[i + 1].command.intent == SET_FOLLOWS.get(heard[i].command.intent, ("",))[0]
                for i in range(len(heard))]
    so_next = [so or again for so, again in zip(so_next, set_next)]
    # (a cold or heat told before "so" is the reason even when its words sound like asking: "the doctor says i
    # mustn't get too cold so please set it to 24 degrees")
    reasons = {id(r) for r, ask, so in zip(heard, asks, so_next)
               if (not ask or COLD_RE.search(fold(r.text)) or HOT_RE.search(fold(r.text)))
               and not r.elided and so and r.command.intent in REMARK_INTENTS} | {
        id(r) for r, ask in zip(heard, asks)
               if not ask and not r.elided and r.command.intent in REMARK_INTENTS
               # "现在车速一百二，天窗赶紧关上": a reading of the dashboard said, not asked
               and (REASON_CUE.search(_without_zone(r.text)) or read_comparative(fold(r.text)) is not None
                    or COLD_RE.search(fold(r.text)) or HOT_RE.search(fold(r.text))
                    or (r.command.intent.startswith("query.") and STATED_NUMBER_RE.search(fold(r.text)) is not None)
                    # "上高速了，车速快，天窗关上嘛", "high speed now, close the sunroof": the speed told, not asked
                    or (r.command.intent == "query.vehicle" and re.search(r"快|慢|高|低|\b(?:high|low|fast|slow)\b", fold(r.text))
                        is not None))
               and not (r.command.intent.startswith("query.") and QUESTION_CUE.search(fold(r.text)))}
    if not all(forbids):
        reasons |= {id(r) for r, no in zip(heard, forbids) if no}
    # "Outside air is very fresh, open the sunroof a bit": the fresh air told is why the roof opens
    reasons |= {id(r) for r, ask in zip(heard, asks) if r.command.intent == "hvac.recirculation"
                and not REQUEST_CUE.search(fold(r.text)) and _AIR_TOLD_RE.search(fold(r.text))
                and any(a and o is not r for o, a in zip(heard, asks))}
    # "she wants some fresh air, open the sunroof a crack": fresh air wanted is why the glass opens, no air mode asked
    reasons |= {id(r) for r in heard if r.command.intent == "hvac.recirculation" and _AIR_WANTED_RE.search(fold(r.text))
                and any(a and o is not r and o.command.intent in ("window.open", "sunroof.open") for o, a in zip(heard, asks))}
    return [replace(r, reason=True) if id(r) in reasons else r for r in readings]


_MUSIC_NAMED_RE = _rx(r"歌|音乐|曲子|广播|收音机|\b(?:music|song|tune|track|radio|podcast|audiobook|it)\b")
_SPEECH_UNHEARD_RE = _rx(r"(?:听不清|听不见|听不到)[^，,。]{0,8}(?:说|讲|话|喊|叫)|(?:can'?t|cannot|couldn'?t) hear (?:what )?"
                        r"(?:him|her|them|you|myself|each other|the (?:kids?|driver|passenger|guy|man|woman|movers?)|\w+ (?:say|talk|speak)"
                        r"|\w+ (?:back there|in the back|over (?:the|this) (?:music|noise)))")


_AIR_WANTED_RE = _rx(r"\b(?:wants?|needs?|could use|would like|'d like|wanna|gotta get|get) (?:some |a (?:bit|little) of |a breath of )?fresh[\s-]air"
                     r"|透透?气|透口气|呼吸(?:一下|点|些)?新鲜空气|(?:想|要)(?:点|些)?新鲜空气")
_AIR_TOLD_RE = _rx(r"(?:air|空气)[^,，]{0,16}(?:fresh|nice|good|clean|lovely|great|crisp|新鲜|好|不错|清新|舒服)")


def _resolve_pronouns(readings: list[_Reading]) -> list[_Reading]:
    """"the fan is too loud, turn it down": "it" is the thing of the previous clause, not the volume."""
    out: list[_Reading] = []
    for r in readings:
        m = PRONOUN_ADJ_RE.match(fold(r.text))
        prev = out[-1].command if out else None
        if m and prev is not None and prev.intent in FOLLOWS:
            word = m.group("d") or m.group("z")
            direction = "up" if word in ("up", "higher", "大", "高") else "down"
            r = _Reading(r.text, Command(FOLLOWS[prev.intent], {"direction": direction}))
        if r.command is not None and r.command.intent == "phone.call" \
                and _PERSON_PRONOUN.fullmatch(str(r.command.slots.get("contact", "")).strip()) \
                and any(o.command is not None and o.command.intent == "phone.call" for o in out):
            continue  # "联系一下王老师，拨她电话": her is the one being called already
        out.append(r)
    return out


_PERSON_PRONOUN = re.compile(r"他|她|它|他们|她们|him|her|them", re.I)


# "声音太大了，调到十", "the fan's too weak, set it to 5": a bare setting after a clause about the volume or the fan is
# that thing's, not a cabin temperature.
SET_FOLLOWS = {"media.adjust_volume": ("media.set_volume", "value", 0, 100),
               "media.set_volume": ("media.set_volume", "value", 0, 100),
               "hvac.adjust_fan": ("hvac.set_fan", "level", 1, 7), "hvac.set_fan": ("hvac.set_fan", "level", 1, 7)}


# "再开个自动", "and put it on auto": auto said alone after a climate clause
_BARE_AUTO_RE = _rx(r"^(?:再|也|然后|顺便)?(?:开|打开|开个|开一下|开启|切到|切成|调成|换成|设成)(?:个|成)?自动(?:模式|挡|档)?(?:吧|呗)?[。.!！]?$"
                    r"|^(?:and\s+|then\s+)?(?:put|set|switch|turn) (?:it|that) (?:on |to |onto )?auto(?:matic)?(?: mode)?(?: please)?[.!]?$")


def _setting_of(clause_text: str, previous: Command | None) -> Command | None:
    if previous is None or previous.intent not in SET_FOLLOWS:
        return None
    low = fold(clause_text).strip(" .!?~")
    m = TEMP_BARE_SET_RE.match(low)
    if m is None or m.group("k") or re.search(rf"度|degree|°|℃|{TEMP_NOUN}|{FAN_NOUN}|{VOLUME_NOUN}", low):
        return None  # "set the temperature to 22" names its own thing
    intent, slot, lowest, highest = SET_FOLLOWS[previous.intent]
    value = parse_number(m.group("n") or m.group("m") or m.group("p"))
    if not isinstance(value, int) or not lowest <= value <= highest:
        return None
    return Command(intent, {slot: value})


# A clause that names only a seat and a setting ("driver seat heat to 3 and passenger to 1", "后排座椅加热打开
# 主驾的关掉") means the previous clause's thing for another seat: the thing's noun is put back after the seat
# and the clause re-read. Nouns per intent that takes a zone (the contract), zh and en; a re-reading counts only
# for the same thing.
ELLIPSIS_NOUNS: dict[str, tuple[str, str, str]] = {
    "seat.heat": ("seat", "座椅加热", "seat heat"), "seat.ventilate": ("vent", "座椅通风", "seat ventilation"),
    "seat.massage": ("massage", "座椅按摩", "seat massage"), "hvac.set_temperature": ("temp", "温度", "temperature"),
    "hvac.set_fan": ("fan", "风量", "fan"), "hvac.power": ("climate", "空调", "climate"),
    "window.open": ("window", "车窗", "window"), "window.close": ("window", "车窗", "window"),
    "light.reading": ("reading", "阅读灯", "reading light"),
}
# What such a clause must still say for itself: a number, a maximum, or an on/off word ("passenger is fine"
# asks for nothing).
ELLIPSIS_SETTING = _rx(rf"{NUM}|{MAX_RE}|{MIN_RE}|一半|halfway|\bhalf\b|a crack|条缝")
ELLIPSIS_MAX_WORDS = 8  # a Chinese character counts as a word
ELLIPSIS_TOO = _rx(r"^(?:(?:the |and )?(?P<z>.+?)(?: one)?,? (?:too|as well|also)|(?P<y>.+?)(?:的)?也(?:是|要|一样)?(?:吧|呢)?)$")
# All a clause may say besides its seat: on/off, a setting, and the small words around them. Anything left
# ("副驾屏幕也关了", "passenger lumbar on") names another thing, which the previous noun must not stand in for.
ELLIPSIS_WORDS = _rx(rf"开上|关上|{OFF_RE.pattern}|{ON_RE.pattern}|(?:{NUM})\s*(?:档|挡|级|度|°\s*c?|℃|%|percent|degrees?)?"
                     rf"|{MAX_RE}|{MIN_RE}|一半|半|halfway|\bhalf\b|a crack|一条缝|条缝|一点|a bit|a little"
                     r"|\b(?:the|one|side|to|at|for|please|and|then|level|setting|set|turn|put|make|it|up|down|way|too"
                     r"|also|as well|just|only)\b|的|'s|一下|吧|了|也|都|调到|调至|开到|调成|设为|设到|到|调|给|把|帮我|请|那边|这边"
                     r"|侧|位|座|同样|一样|是|要|再|就行|就好|就可以|可以|一起|同时|着|座椅|亮|全|底|降|升|\bgets?\b|\bsame\b"
                     # who sits there, said beside the seat ("副驾她那边的关掉", "the passenger one")
                     r"|她|他|\bones?\b")
ELLIPSIS_NEGATION = _rx(r"不|别|没|\b(?:don'?t|do not|not|no|never)\b")


_MINE_RE = _rx(MINE_WORDS)


def _mine(low: str, previous: Command, read: Callable[[str], Command | None]) -> Command | None:
    """"open the rear windows and close mine", "副驾座椅加热打开 我的也开": the previous clause's thing for the
    speaker's own seat (no zone: the vehicle applies the speaker's)."""
    m = _MINE_RE.search(low)
    if m is None or previous.intent not in ELLIPSIS_NOUNS or "zone" not in previous.slots:
        return None
    rest = low[:m.start()] + " " + low[m.end():]
    if zone_span(rest) is not None or re.sub(r"[\s,.!?，。！？、]", "", ELLIPSIS_WORDS.sub(" ", rest)):
        return None
    _, zh_noun, en_noun = ELLIPSIS_NOUNS[previous.intent]
    said = low[:m.start()] + (zh_noun if has_han(m.group(0)) else "my " + en_noun) + low[m.end():]
    if re.fullmatch(rf"\s*(?:and\s+)?my {re.escape(en_noun)}\s*(?:too|as well|also)?\s*[.!]?\s*", said) \
            or re.fullmatch(r"\s*\S+也(?:是|要|一样)?(?:吧|呢)?\s*", said):
        return Command(previous.intent, {k: v for k, v in previous.slots.items() if k != "zone"})  # "and mine too"
    again = read(said)
    if again is None or ELLIPSIS_NOUNS.get(again.intent, ("",))[0] != ELLIPSIS_NOUNS[previous.intent][0] \
            or "zone" in again.slots:
        return None
    return again


def _ellipsis(clause_text: str, previous: Command | None, read: Callable[[str], Command | None]) -> Command | None:
    if previous is None or previous.intent not in ELLIPSIS_NOUNS:
        return None
    low = re.sub(r"\s+", " ", fold(clause_text)).strip()
    mine = _mine(low, previous, read)
    if mine is not None:
        return mine
    span = zone_span(low)
    # Another seat than the previous command's: with none there ("open the window, on the passenger side"), the
    # clause says where that command applies, which the merge with the previous clause reads.
    if span is None or previous.slots.get("zone") == span[0] or ELLIPSIS_NEGATION.search(low) \
            or len(re.findall(r"[\u4e00-\u9fff]|[a-z0-9']+", low)) > ELLIPSIS_MAX_WORDS:
        return None
    zone, start, end = span
    if re.sub(r"[\s,.!?，。！？、]", "", ELLIPSIS_WORDS.sub(" ", low[:start] + " " + low[end:])):
        return None
    too = ELLIPSIS_TOO.match(low)
    if too and zone_named((too.group("z") or too.group("y") or "").strip()) == zone:
        # "打开座椅加热，副驾也要": 也 / too always adds a seat, also after a command that named none
        again: Command | None = Command(previous.intent, {**previous.slots, "zone": zone})
    else:
        switched = make_clause(low).polarity
        said = re.search(rf"(?:调到|开到|设为|设到|调成|改成|\bto\b)\s*({NUM})", low) \
            or re.match(rf"\s*(?:的)?\s*({NUM})\s*(?:度|档|挡|级)?\s*(?:吧|啊)?\s*$", low[end:])  # "空调二十六度 副驾二十四"
        own = [previous.slots[k] for k in ("value", "level", "percent") if previous.slots.get(k) is not None]
        other_value = said is not None and bool(own) and parse_number(said.group(1)) not in own
        if previous.slots.get("zone") is None and not re.search(r"也|\b(?:too|also|as well)\b", low) and not other_value \
                and (switched is None or "on" not in previous.slots or switched == previous.slots["on"]):
            # ("温度调到22，副驾调到24": a value of its own makes it the other seat's command)
            # "open the window, on the passenger side": where that command applies (the merge reads it); with 也 /
            # too, or switched the other way ("座椅加热打开，副驾的关掉"), it is another seat ("我这边座椅加热开一下，副驾的也开到二档")
            return None
        if make_clause(low).polarity is None and not ELLIPSIS_SETTING.search(low[:start] + " " + low[end:]):
            return None
        _, zh_noun, en_noun = ELLIPSIS_NOUNS[previous.intent]
        if low[end:end + 1] == "的":
            end += 1
        again = read(low[:end] + (zh_noun if has_han(low[:end]) else " " + en_noun) + low[end:])
        if start > 0 and not has_han(low) and (again is None or (re.search(NUM, low[:start])
                                                              and not any(isinstance(v, (int, float)) and not isinstance(v, bool)
                                                                          for v in again.slots.values()))):
            # "… and 23 for the passenger", "… and 1 for the passenger": the setting came before the seat; the noun
            # goes first
            again = read(en_noun + " " + low) or read(en_noun + " to " + low) or again
    if again is None or ELLIPSIS_NOUNS.get(again.intent, ("",))[0] != ELLIPSIS_NOUNS[previous.intent][0] \
            or again.slots.get("zone") != zone:
        return None
    try:
        return validate_command(again)
    except ValueError:
        return None


# "前挡除雾打开，后挡也开一下", "defog the windshield and the rear window too": the other glass, same switch.
DEFROST_OTHER = _rx(r"^(?:and )?(?:the )?(?P<en>rear|back|front)(?: (?:windows?|windshields?|windscreens?|glass|ones?|defrost(?:ers?)?))?"
                    r"(?: (?:too|also|as well))?(?: please)?$"
                    r"|^(?P<zh>后|前)(?:(?:挡|风挡|挡风玻璃|玻璃)(?:的)?也?|(?:窗|车窗)(?:的)?也|面(?:的)?也)(?:开一下|打开|开|要|是|一样)?(?:吧)?$")


def _defrost_other(clause_text: str, previous: Command | None) -> Command | None:
    m = DEFROST_OTHER.match(trim_text(fold(clause_text)).strip(" ,.!?，。！？"))  # ("…, while you're at it")
    if previous is None or previous.intent != "hvac.defrost" or not m:
        return None
    target = "rear" if (m.group("en") or m.group("zh")) in ("rear", "back", "后") else "front"
    if target == previous.slots.get("target"):
        return None
    return Command("hvac.defrost", {**previous.slots, "target": target})


_BOTH_GLASS = _rx(r"(?P<zh>前后)(?:挡风玻璃|挡风|风挡|挡|玻璃|窗|车窗|(?=(?:都)?(?:除雾|除霜|去雾)))"
                  r"|\b(?P<first>front|rear|back)(?: (?:window|windshield|windscreen|glass))? (?:and|&) (?:the )?"
                  r"(?P<second>front|rear|back) (?:windows|windshields|windscreens|glass|ones|screens)\b"
                  r"|\bboth (?:the )?(?:windshields|windscreens|front and (?:the )?(?:rear|back)|rear and (?:the )?front"
                  r"|back and (?:the )?front)\b")


# A temperature per seat, listed with no verb ("主驾二十二 副驾二十四 后排二十", "driver 22 passenger 24 rear 20")
_SEAT_TEMPERATURE_RE = re.compile(
    rf"[\s,，、;；]*(?:and\s+|然后|再)?(?P<z>(?:the\s+)?[a-z]+(?:'s)?(?:[ -](?:left|right|seat|side|row))?|[\u4e00-\u9fff]{{2,3}}?)\s*(?:的)?\s*"
    rf"(?:温度|temp(?:erature)?)?\s*(?:调到|调成|到|设为|设成|to|at|on)?\s*(?P<n>{NUM}(?:\.5|点五|半)?)\s*(?:度|°c?|degrees?)?[\s,，。.;；]*",
    re.I)


# Two sides, each its number ("make it 72 on my side and 68 on hers", "set mine to 22 and his to 20")
_TWO_SIDES_RE = re.compile(
    r"^(?:(?:ok|okay|so|um|uh|hey)[\s,]+)*(?:(?:can you |could you |please )?(?:make it|set it to|set it|set|put it (?:at|on)|do)\s+)?"
    r"(?P<a>\d{2}(?:\.5)?)\s*(?:degrees?)?\s+(?:on|for)\s+(?P<za>[a-z' ]+?)\s*,?\s*(?:and|,)\s+(?P<b>\d{2}(?:\.5)?)\s*(?:degrees?)?\s+"
    r"(?:on|for)\s+(?P<zb>[a-z' ]+?)(?:\s+please)?$"
    r"|^(?:(?:ok|okay|so|um|uh|hey)[\s,]+)*(?:can you |could you |please )?(?:set|make|put)\s+(?P<za2>[a-z' ]+?)\s+(?:to|at)\s+"
    r"(?P<a2>\d{2}(?:\.5)?)\s*(?:degrees?)?\s*,?\s*and\s+(?P<zb2>[a-z' ]+?)\s+(?:to|at)\s+(?P<b2>\d{2}(?:\.5)?)(?:\s*degrees?)?(?:\s+please)?$")


def _side(words: str) -> str | None:
    bare = re.sub(r"^(?:the|my)\s+|'s\b|\s+(?:side|seat)$", "", words.strip())
    if re.fullmatch(r"mine|me|my|i", bare) or words.strip() in ("my side", "my seat"):
        return "mine"  # (the speaker's own side names no zone: "Set my side to 21 degrees and the passenger side to 24")
    if re.fullmatch(r"hers|his|her|him|hers side|his side", bare):
        return "passenger"  # (the one beside the driver: "72 on my side and 68 on hers")
    return zone_named(words) or zone_named(bare)


def _two_sides(low: str) -> list[Command] | None:
    m = _TWO_SIDES_RE.match(low)
    if m is None:
        return None
    pairs = [(m.group("za") or m.group("za2"), m.group("a") or m.group("a2")),
             (m.group("zb") or m.group("zb2"), m.group("b") or m.group("b2"))]
    out = []
    for words, number in pairs:
        zone, value = _side(words), float(number)
        # (Celsius setpoints, or Fahrenheit ones written as said: the contract keeps an out-of-range value)
        if zone is None or not (16 <= value <= 32 or 55 <= value <= 90):
            return None
        number_said = int(value) if value.is_integer() else value
        out.append(Command("hvac.set_temperature", {"value": number_said} if zone == "mine" else {"value": number_said, "zone": zone}))
    return out if out[0].slots.get("zone") != out[1].slots.get("zone") else None


def _seat_temperatures(text: str) -> list[Command] | None:
    """Two or more seats each with a cabin temperature, and nothing else said."""
    low = fold(text).strip(" ,.!?~，。！？")
    sides = _two_sides(low)
    if sides is not None:
        return sides
    pos, out = 0, []
    while pos < len(low):
        m = _SEAT_TEMPERATURE_RE.match(low, pos)
        if m is None or m.end() == pos:
            return None
        words = m.group("z").strip()
        zone = zone_named(words) or zone_named(re.sub(r"^the\s+|'s\b|\s+(?:side|seat)$", "", words))
        number = m.group("n")
        value = parse_number(re.sub(r"(?:点五|半)$", "", number))
        if isinstance(value, (int, float)) and re.search(r"(?:\.5|点五|半)$", number) and not str(value).endswith(".5"):
            value = value + 0.5
        if zone is None or not isinstance(value, (int, float)) or not 16 <= value <= 32:
            return None
        out.append(Command("hvac.set_temperature", {"value": value, "zone": zone}))
        pos = m.end()
    return out if len(out) >= 2 else None


# What a request leaves out, said after it ("…除了天窗", "…except the sunroof"): no request of its own
# The other seats or things, said after one left out ("除了主驾 其他车窗都关上", "all but the driver's")
_THE_OTHERS = r"其他|其余|别的|剩下|都|全"
_LEFT_OUT_AFTER_RE = _rx(r"^(?:除了|除开|except(?: for)?\s|apart from\s|other than\s|but not\s)(?!.*(?:" + _THE_OTHERS
                         + r"|\b(?:all|every\w*|rest|others?)\b))")
# "close all windows except the driver's", "除了主驾 其他车窗都关上": every seat but the one named
_ALL_BUT_RE = _rx(r"\b(?:except|apart from|other than|besides|save for|excluding)\s+(?:for\s+)?(?:the\s+|my\s+)?(?P<en>[a-z' -]{3,24}?)"
                  r"(?:'s)?(?:\s+(?:one|ones|side|seat|window|windows))?(?=$|[\s,.!?])"
                  r"|\b(?:all|every\w*)\b[^,.]*\bbut\s+(?:the\s+|my\s+)?(?P<but>[a-z' -]{3,24}?)(?:'s)?(?:\s+(?:one|ones|side|seat|window))?$"
                  r"|除了(?P<zh>[\u4e00-\u9fff]{2,6})(?=.*(?:" + _THE_OTHERS + "))")
_ALL_BUT = {"driver": ("passenger", "rear"), "passenger": ("driver", "rear"), "rear_left": ("front", "rear_right"),
            "rear_right": ("front", "rear_left"), "front": ("rear",), "rear": ("front",)}


def seat_left_out(text: str) -> str | None:
    """The seat "all but" leaves out ("except the driver's", "除了主驾 其他…"), or None."""
    m = _ALL_BUT_RE.search(fold(text))
    if m is None:
        return None
    words = (m.group("en") or m.group("but") or "").strip()
    if re.fullmatch(r"mine|me|my own|myself|my (?:side|seat|window|one)", words) \
            or (m.group("zh") and re.match(r"我(?:这边|这侧|的|自己)?", m.group("zh"))):
        return "driver"  # "close every window but mine": the speaker's, the driver's by default
    left_out = zone_named(words) if words else next(
        (z for n in range(2, 5) if (z := zone_named(m.group("zh")[:n])) is not None), None)
    return left_out if left_out in _ALL_BUT else None


def _all_but(clause_text: str, command: Command | None) -> list[Command] | None:
    """The command for every seat but the one the words leave out, in the order front to back."""
    if command is None or "zone" not in command.slots:
        return None
    left_out = seat_left_out(clause_text)
    if left_out is None or command.slots["zone"] not in (left_out, "all"):
        return None
    try:
        return [validate_command(Command(command.intent, {**command.slots, "zone": z})) for z in _ALL_BUT[left_out]]
    except ValueError:
        return None


def _both_glass(clause_text: str, command: Command | None) -> tuple[Command, Command] | None:
    """A defrost said of both glasses in one breath: front and rear, in the order said."""
    if command is None or command.intent != "hvac.defrost":
        return None
    m = _BOTH_GLASS.search(fold(clause_text))
    if m is None:
        return None
    first = "rear" if m.group("first") in ("rear", "back") or re.match(r"both (?:the )?(?:rear|back)", m.group(0)) \
        else "front"
    if m.group("first") and (m.group("second") in ("rear", "back")) == (first == "rear"):
        return None  # "rear and back windows" names one glass twice
    second = "front" if first == "rear" else "rear"
    return (Command("hvac.defrost", {**command.slots, "target": first}),
            Command("hvac.defrost", {**command.slots, "target": second}))


def _seat_alone(text: str) -> str | None:
    """The seat a clause names when it names nothing else ("the rear right", "the passenger one", "右后的")."""
    words = re.sub(r"^(?:(?:for|the|my|and|also)\s+)+|^(?:把|给|帮我把)|(?:'s|\s+(?:one|ones|side|seat|seats))+$", "",
                   fold(text).strip(" ,.!?，。！？、的"), flags=re.I)
    return zone_named(words.strip(" ,.!?，。！？、的")) if words else None


_VERB_THEN_SEAT = _rx(r"^(?P<v>open|close|shut|roll down|roll up|lower|raise|heat|cool|turn on|turn off|switch on|switch off)\s+"
                      r"(?P<s>(?:the\s+)?[a-z' ]{3,30})$")
_LIST_GOES_ON = _rx(r"(?:the\s+)?(?:driver|passenger|rear|front|back|left|right)")
LIST_JOIN_RE = _rx(r"\s*(?:和|跟|与|及|以及|,?\s*and|,?\s*as well as|、)\s*")


def _seat_listed(clause_text: str, previous: _Reading) -> Command | None:
    """A seat alone after "and" ("turn on the seat heaters for the driver and the rear right"): the previous
    command, which named its own seat, for this one."""
    before = previous.command
    zone = _seat_alone(clause_text)
    if before is None or zone is None or before.intent not in ELLIPSIS_NOUNS or zone_span(fold(previous.text)) is None \
            or before.slots.get("zone") in (None, zone):
        return None
    try:
        return validate_command(Command(before.intent, {**before.slots, "zone": zone}))
    except ValueError:
        return None


_ASKED_TOO_RE = _rx(r"(?:那|还有)?(?P<z>[\u4e00-\u9fff]{1,6}?)(?:的)?呢[?？]?"
                    r"|(?:and|what about|how about)\s+(?:the\s+)?(?P<e>[a-z ]{3,20}?)\s*\??")
_GLASS_ALONE = _rx(r"(?:the\s+)?(?:(?P<rear>后挡风玻璃|后挡风|后挡|后窗|后玻璃|rear (?:window|windshield|windscreen|glass)|back (?:window|glass))"
                   r"|前挡风玻璃|前挡风|前挡|前玻璃|挡风玻璃|windshield|windscreen|front (?:window|windshield|windscreen|glass))")


def _seats_before(readings: list[_Reading]) -> list[_Reading]:
    """"主驾和右后的座椅加热都打开", "driver and rear right seat heat on": a seat alone before a seated command is
    that command for this seat too (the split on 和/and left it on its own)."""
    out = list(readings)
    for i in range(len(out) - 1):
        after = out[i + 1].command
        glass = _GLASS_ALONE.fullmatch(fold(out[i].text).strip(" ,.!?，。！？、的"))
        if out[i].command is None and glass and after is not None and after.intent == "hvac.defrost":
            # "后挡风和前挡风都除一下雾": the first glass of the list is defrosted too
            target = "rear" if glass.group("rear") else "front"
            if after.slots.get("target") != target:
                out[i] = _Reading(out[i].text, Command("hvac.defrost", {**after.slots, "target": target}), True)
            continue
        zone = _seat_alone(out[i].text)
        if out[i].command is not None or zone is None or after is None or after.intent not in ELLIPSIS_NOUNS \
                or after.slots.get("zone") in (None, zone):
            continue
        try:
            out[i] = _Reading(out[i].text, validate_command(Command(after.intent, {**after.slots, "zone": zone})), True)
        except ValueError:
            continue
    return out


# "一档 一档就够了", "二十吧 二十就行": a value said again to settle it is one value (the first copy and its pause go)
_ECHO_RE = re.compile(r"(?P<a>[\u4e00-\u9fff\d]{2,8}?)(?:吧|啊|呀)?[\s，,]+(?=(?P=a)(?:就够了|就够|就行了?|就好了?|就可以了?|吧|啊|呀)?"
                      r"(?:$|[\s，,。！!]))")

# A word said again at once ("关掉关掉", "停停停", "stop stop, turn it off", "turn it off, turn it off"): one request,
# said with urgency. Only a request word is read so: "no no" is a correction marker, "Duran Duran" a name.
_STUTTER_RE = re.compile(r"(?P<h>[\u4e00-\u9fff]{2,4})(?P=h)+|(?P<c>[\u4e00-\u9fff])(?P=c){2,}"
                         r"|\b(?P<e>(?:stop|turn|switch|shut|close|open|pause|mute|skip|next|cancel|hang|louder|quieter|warmer|cooler|up|down|off)\b"
                         r"(?: [a-z][a-z']*){0,3})(?:[,!.]? (?P=e)\b)+", re.I)


# A word begun, paused on and said again whole ("空调 空调温度 调到 二十四度", "把 把 把窗户关上")
_RESTART_RE = re.compile(r"(?<![\u4e00-\u9fff])([\u4e00-\u9fff]{1,4})\s+(?=\1)")


# ...and in English, with a hesitation between ("call uh call Dr Patel's office", "set the uh, set the fan to two")
_EN_RESTART_RE = re.compile(r"\b(?P<w>[a-z']+(?: [a-z']+){0,2}),?\s+(?:uh+|um+|er+|erm|ah+)[,.]?\s+(?=(?P=w)\b)", re.I)


def _unstuttered(text: str) -> str:
    text = _EN_RESTART_RE.sub("", _RESTART_RE.sub("", text))
    # (a number read digit by digit repeats its digits: "一三八零零一三八零零零" is said so)
    return _STUTTER_RE.sub(lambda m: m.group(0) if re.fullmatch(r"[零〇一二三四五六七八九幺两]+", m.group(0))
                           else (m.group("h") or m.group("c") or m.group("e")), text)


_EXISTS_RE = re.compile(r"(?:那个|嗯|呃)?(?:(?:是不是|是否|好像|我记得)(?:还)?|还)有(?:个|一个)(?![^\s，,。]*(?:雨|雪|雾|雷|冰雹|附近|厕所|加油|停车|充电))"
                        r"[^\s，,。开关调放播]{1,8}?(?:功能|按钮)?(?:吗|呢|啊|来着)?"
                        r"|(?:is there|isn't there|there's|do you have|does (?:it|this car|the car) have)\s+(?:an?|some)\s+[a-z/ ]{2,30}?"
                        r"\s+(?:setting|button|function|feature|mode|option|thing)(?:\s+(?:for|in|on) (?:the |my )?[a-z ]{2,20})?")


# "温度不是要调到二十度 是降一度", "不是打开车窗 而是关上": the request taken back, then the one meant
_CONTRAST_RE = re.compile(r"^(?P<pre>[^，,。？?\s]{0,6}?)(?<!是)(?:并)?不是(?:要|想|让你|叫你|说|我要)?(?P<x>[^，,。？?]+?)[\s，,]+(?:而)?是(?:要|想|让你|叫你|说)?"
                          r"(?P<y>[^，,。？?\s]\S*(?:\s.*)?)$")
_CONTRAST_ASK = re.compile(r"调|开|关|设|放|播|导航|打给|打电话|拨|呼叫|升|降|加|减|切|换|[\d一二两三四五六七八九十][度档%]|百分之")


def _taken_back(text: str) -> str:
    """The contrast "不是X 是Y" said as the correction "X 不对 Y", which the clause reader knows."""
    m = _CONTRAST_RE.match(text.strip())
    if m is None or not has_han(text) or not _CONTRAST_ASK.search(m.group("x")):
        return text
    return f"{m.group('pre')}{m.group('x')} 不对 {m.group('y')}"


CORRECTION_ONLY_RE = _rx(r"\s*(?:哦|噢|啊|呃)?\s*(?:(?:不对|不是|不不|错了|说错了)[\s,，]*)+|\s*(?:(?:呃|嗯|额|啊)[\s，,]*)?(?:要不|那)?还是\s*|\s*(?:哦|噢|啊|呃)?\s*(?:不对|不是|不不|错了|说错了|我是说|(?:还是)?算了|(?<=[哦噢])不|no wait|wait no|no no|sorry|i mean|oops|actually no|actually|or rather|nah"
                         r"|no,? sorry|scratch that|no|nope|i meant|wait|hold on|等等)[\s,.!，。！]*")


# A correction said without a pause ("seat heating level three actually make that two", "调到二十六哦不对二十五度"):
# the words around the marker are two clauses, the marker one of its own.
CORRECTION_MID_RE = _rx(r"\s*[,，]?\s*\b(no wait|wait no|no no|i mean|i meant|scratch that|or rather|actually no|(?:uh|um|er|erm|oh)\s+no(?=\s+\d)"
                        r"|actually(?=\s+(?:make|set|change|put|go|do|let's)\b)|no(?=,?\s+(?:make|set|change|put) (?:it|that)\b)"
                        r"|(?:no,?\s+)?sorry(?=,?\s+(?:level|to|at|make|set|i mean)\b)"
                        # "put the fan on five sorry six": a spoken number taken back
                        r"|sorry(?=\s+(?:\d|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty)\b"
                        r"(?!\s+(?:more|thing|sec|second|minute|moment|last|of|other|day)\b)))\b[\s,，.]*"
                        r"|(哦不对|噢不对|哦不是|噢不是|不对不对|哦不(?![要用行好])|说错了|我是说|(?:呃|嗯|额|啊|唉|哎|诶)\s*不对|(?<=[\s，,])不对(?=[\s，,]|$)|(?<=[度档挡级%\d零一二两三四五六七八九十百半])不对(?=\s*(?:是)?[\d一二两三四五六七八九十])|(?<=[\s，,])不(?=[\s，,]+[\d一二两三四五六七八九十])|(?<=[\s，,])算了(?=[\s，,]*(?:还是)?[\d一二两三四五六七八九十])"
                        # "调到25度 呃 还是24吧": a number chosen again after a pause
                        r"|(?<=[\s，,])(?:(?:呃|嗯|额|啊)[\s，,]*)?(?:要不|那)?还是(?=\s*[\d一二两三四五六七八九十](?:[\d.一二两三四五六七八九十点半]*)(?:度|档|挡|级)?(?:吧|啊|呀)?\s*$))[\s,，]*")


WEAK_CORRECTION_RE = _rx(r"[\s,.!，。！]*(?:sorry|actually|oops|wait|hold on|等等|等一下)[\s,.!，。！]*")
# A marker right after the verb is a title or name ("play I Mean It", "play No No No", "播放说错了").
_NAME_VERB_END = _rx(r"(?:^|\s)(?:play|call|ring|dial|phone|navigate to|take me to|drive to|go to)\s*$"
                     r"|(?:播放|放|播|听|打给|拨打|导航到|导航去|去)\s*$")
_FREE_SLOT = {"phone.call": "contact", "nav.navigate": "destination", "media.play": "query"}


def _renamed(clause_text: str, previous: Command) -> Command | None:
    """The previous command with its name replaced by a short clause that is only a name."""
    slot = _FREE_SLOT.get(previous.intent)
    name = trim_text(re.sub(r"^(?:去|到|给|打给|call|to|the)\s*", "", clause_text.strip(" ,.!?，。！？"), flags=re.I))
    if slot is None or slot not in previous.slots or not name or REQUEST_CUE.search(fold(name)) \
            or len(re.findall(r"[\u4e00-\u9fff]|[A-Za-z0-9']+", name)) > 6 or _WHY_TAKEN_BACK.search(name):
        return None
    return Command(previous.intent, {slot: name})


# Why the name was taken back, said before the right one ("打给小张……哦不对小张就在后面坐着呢，打给小王", "call Marco, no
# wait, he's sitting right behind me, call Sam"): a sentence about someone, no name
_WHY_TAKEN_BACK = _rx(r"^(?:he|she|they|it|that|this|we|i)(?:'s|'re|'m| is| are| was| am| has| have| will)\b|\b(?:is|are|was|were) "
                      r"(?:here|sitting|right|already|in|with|at|on|not)\b"
                      r"|(?:就|正|已经|还)?(?:在|坐在|坐着|睡着|不在)(?:后面|车上|旁边|这儿|这里|家|车里)|坐着|睡着")


def _name_over_pause(command: Command) -> bool:
    """A name read across a pause ("想听夜曲了，给放一下" -> "夜曲了,给放"): the words after the pause are their own
    clause, not more of the name."""
    value = command.slots.get(_FREE_SLOT.get(command.intent, ""))
    return isinstance(value, str) and re.search(r"[,，;；。!！?？]|\.\s", value) is not None


def _mid_corrections(part: str) -> list[str]:
    """``part`` cut at its correction markers, as re.split would; a marker right after a play/call/route verb stays."""
    pieces: list[str] = []
    start = 0
    for m in CORRECTION_MID_RE.finditer(part):
        if m.start() == 0 or _NAME_VERB_END.search(part[:m.start()]):
            continue
        pieces += [part[start:m.start()], m.group(1), m.group(2)]
        start = m.end()
    return pieces + [part[start:]]


# "level three, actually make it five": a marker that opens a later clause before "make it", a correction of its own
_LEAD_CORRECTION_RE = _rx(r"(actually|no|nope|i mean|i meant|or rather|wait)[\s,]+(?=(?:make|set|change|put|turn) (?:it|that)\b)")


_HESITATION_RE = _rx(r"\s*(?:嗯+|呃+|额+|um+|uh+|er+|erm|hmm+)[\s,.!，。！…]*")
# An exclamation of the moment said as a clause of its own ("后窗全起雾了 蚌埠住了", "vibe check, …"): it asks for nothing
# and names nothing ("蚌埠住了" is no weather in Bengbu)
_EXCLAMATIONS = (r"蚌埠住了|绷不住了|破防了|芭比q了|无语了?|笑死(?:我了)?|绝绝子|yyds|家人们|救命|离谱|麻了|真的会谢|我真的会谢|"
                 r"服了|醉了|好家伙|我滴妈|我的妈呀|天呐|天哪|vibe check|no cap|bruh|ngl|fr fr|lol|omg|oh my god|it'?s giving|"
                 r"periodt?|slay|be so for real")
_EXCLAMATION_RE = _rx(rf"\s*(?:{_EXCLAMATIONS})[\s,.!?，。！？…~]*")
EXCLAMATION_SPAN_RE = re.compile(rf"(?<![a-z])(?:{_EXCLAMATIONS})(?![a-z])", re.I)


def _split_corrections(clauses: list[tuple[str, str]]) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    for sep, part in clauses:
        lead = _LEAD_CORRECTION_RE.match(part) if out else None
        if lead:
            out.append((sep, lead.group(1)))
            sep, part = ",", part[lead.end():]
        pieces = _mid_corrections(part)
        if len(pieces) == 1:
            out.append((sep, part))
            continue
        # text, marker (en), marker (zh), text, ...
        for i in range(0, len(pieces), 3):
            text = pieces[i].strip()
            if text:
                out.append((sep, text))
                sep = ""
            if i + 2 < len(pieces):
                marker = pieces[i + 1] or pieces[i + 2]
                out.append((sep or ",", marker))
                sep = ","
    return out


SWITCH_ONLY_RE = _rx(r"\s*(?:还是|是)?(?:关掉|关上|关了|关闭|关|打开|开开|开|turn it (?:off|on)|switch it (?:off|on)|off|on)"
                     r"(?:吧|呗|啊)?[\s.!。！]*")


_OPEN_CLOSE_FAMILIES = ("window", "sunroof")


def _switched_back(before: Command, clause_text: str) -> Command | None:
    """``before`` switched (or opened/closed) the way a bare "关掉" / "是关上" / "turn it off" says, or None."""
    if not SWITCH_ONLY_RE.fullmatch(fold(clause_text)):
        return None
    on = make_clause(clause_text).polarity
    if on is None:
        return None
    if "on" in before.slots:
        return Command(before.intent, {**before.slots, "on": on})
    family, _, _ = before.intent.partition(".")
    if family in _OPEN_CLOSE_FAMILIES and before.intent in (f"{family}.open", f"{family}.close"):
        return Command(f"{family}.{'open' if on else 'close'}", {k: v for k, v in before.slots.items() if k == "zone"})
    return None


def _same_thing(before: Command, after: Command) -> bool:
    """Two readings of one request, the second correcting the first (the same intent, or set and adjust of one
    thing)."""
    from multimodal.command.cues import device

    return before.intent == after.intent or device(before.intent) == device(after.intent)


CORRECTION_RE = _rx(r"^(?:不对|哦不|不是|不不|算了|我是说|\bi mean\b|\bactually\b|\bno wait\b|\bsorry\b)")


_REMARK_OPENER = re.compile(r"(?:i'm|i am|im|it's|its|it is|this is|that's|that is|because|cause|cos|ugh|god|jeez|seriously"
                            r"|我(?:受够|烦|真)|烦死|受不了|真烦|太烦)\b", re.I)


def _extends(previous: _Reading, merged: Command, clause_text: str) -> bool:
    """A clause glued back onto the previous one may complete its reading (add a seat, a level, say on or off), never
    change what that clause said itself: "主驾座椅加热打开，副驾的不要开" must not switch the driver's seat off, nor
    "主驾车窗打开，副驾也降一半" half-close the driver's window ("座椅加热，关掉" says off for the first time; "打开空调，哦不，
    关掉" corrects it)."""
    before = previous.command
    if before is None or CORRECTION_RE.search(fold(clause_text)):
        return True
    free = "label" if before.intent == "screen.tap" else _FREE_SLOT.get(before.intent)
    if free and merged.intent == before.intent and merged.slots.get(free) != before.slots.get(free) \
            and _REMARK_OPENER.match(fold(clause_text).strip()):
        return False  # "Tap Remind Me Later, I'm sick of this pop-up": the remark is no more of the button's name
    if merged.intent == before.intent and any(
            isinstance(v, str) and k in ("location", "destination", "query", "contact", "label")
            and (merged.slots.get(k) is None or (k == "location" and merged.slots[k] != v))
            for k, v in before.slots.items()):
        return False  # "昆山今天天气咋样，下午还得再跑一趟": the glued words lost (or garbled) the name the clause said
    low = fold(previous.text)
    polarity = make_clause(low).polarity
    if merged.intent != before.intent:
        # window.close is not window.open, unless the first clause never said which
        return merged.intent.split(".")[0] != before.intent.split(".")[0] or polarity is None
    said = {"on": polarity is not None or _level(low, 7) is not None,
            "zone": zone_span(low) is not None, "percent": _percent(low) is not None}
    return all(merged.slots.get(k) == before.slots.get(k) for k, was_said in said.items() if was_said and k in before.slots)


def _another_seat(words: str) -> bool:
    """A seat first, then a switch or a number ("右后的关上" after "左后车窗开一半", "passenger side 24" after "temp driver
    side 20"): the thing before, for that seat (the readings put the noun back, as after a comma)."""
    low = fold(words).strip()
    span = zone_span(low)
    return span is not None and span[1] == 0 and (make_clause(words).polarity is not None
                                                   or re.fullmatch(rf"\s*(?:side|seat|'s)?\s*(?:to\s+|at\s+)?{NUM}\s*(?:degrees?)?\s*",
                                                                   low[span[2]:], re.I) is not None)


# Where a request may start inside a clause said without a pause mark
_RUNON_MIN_CHARS = 8
# A value said last: a request after it may start without a pause ("driver side 20 degrees passenger side 23",
# "front fan to three rear fan to six")
_RUNON_VALUE_ENDS = (r"\d", "degrees", "degree", "percent", "one", "two", "three", "four", "five", "six", "seven", "eight",
                     "nine", "ten", "eleven", "twelve", "max", "maximum", "minimum", "auto", r"level \d")
def _right_after(words: Iterable[str]) -> str:
    """Lookbehinds, one a word (each fixed-width, as Python's lookbehind must be): right after it and a space."""
    return "|".join(rf"(?<={w}\s)" if w == r"\d" else rf"(?<=\b{w}\s)" for w in words)


_VALUE_ENDED = _right_after(_RUNON_VALUE_ENDS)
_RUNON_START = re.compile(r"(?:主驾|副驾|左后|右后|左前|右前|后排|前排|全车|温度|风量|风速|音量|座椅|车窗|窗户|天窗|阅读灯|氛围灯|内循环"
                          r"|外循环|除雾|导航|播放|打开|关闭|关掉|开启|不走|避开|别走|静音|暂停|(?<=[\u4e00-\u9fff])开|(?<=[\u4e00-\u9fff])关"
                          r"|呃|嗯|额|那个)"
                          r"|(?<=\s)(?:uh|um|er|erm)\s+(?=\w)"
                          # a seat right after a number ("temp driver side 20 passenger side 24")
                          r"|(?:" + _VALUE_ENDED + r")(?:the\s+)?(?:driver|passenger|rear|back|front)\b"
                          # a request verb right after the words that end one ("open the window halfway crack the
                          # sunroof"); after any other word it may be part of a name ("where they play jazz")
                          r"|(?:" + _right_after(("halfway", "way", "percent", "please", "up", "down", "off", "on", "closed",
                                                  "max", "bit", "little"))
                          + "|" + _VALUE_ENDED + r")(?:open|close|shut|crack|turn|switch|start|stop|play|pause|set|put|navigate|raise|lower|roll"
                            r"|mute|unmute|crank|bump)\b", re.I)
_RUNON_FILLER = re.compile(r"^\s*(?:呃|嗯|额|那个|uh|um|er|erm)(?:\s+|(?=[\u4e00-\u9fff]))", re.I)


# Where the driver goes on foot once parked ("附近找个停车场 我去超市买点菜", "find me parking, I need to run into the
# pharmacy"): the car's route is the parking
_ON_FOOT_RE = _rx(r"(?:^|[，,。\s])(?:我|我们)(?:要|得|先|再|就|还要|还得)?(?:去|到)\S"
                  r"|\b(?:i|we)(?:'ll| will|'m going to|'m gonna| need to| have to| gotta| want to)\s+(?:go|run|pop|nip|head|walk|dash)"
                  r"\s+(?:in|into|over|across|to)\b")


# "the rear left one", "the passenger's one": a seat pointed at, no level or value of one
_ONE_OF_THEM_RE = _rx(r"\b((?:the|that|this)\s+(?:(?:rear|back|front)\s+)?(?:left|right|driver'?s?|passenger'?s?|rear|back|front"
                      r"|middle))\s+one\b(?!\s*(?:degrees?|percent|%|levels?|notch))")


def _one_of_them(commands: list[Command], text: str) -> list[Command]:
    """A level of 1 read from the only "one" said, where that "one" points at a seat ("turn on the rear left one")."""
    if not _ONE_OF_THEM_RE.search(text) or len(re.findall(r"\bone\b|\b1\b|\bfirst\b|\blow(?:est)?\b", text, re.I)) != 1:
        return commands
    return [Command(c.intent, {k: v for k, v in c.slots.items() if k != "level"})
            if c.slots.get("level") == 1 and c.slots.get("on") is not False and "on" in c.slots else c for c in commands]


# "put some George Strait on", "stick a bit of jazz on for us": the title between the verb and its "on"
_PUT_ON_RE = re.compile(r"^(?P<v>put|stick|chuck|whack|bang|throw)\s+(?P<t>(?!(?:it|that|this|them)\b)\S.{0,40}?)\s+on"
                        r"(?P<tail>(?:\s+(?:for (?:me|us)|please|now|then|mate|again))*)\s*[.!]?$", re.I)


def _put_on(text: str) -> str:
    m = _PUT_ON_RE.match(text.strip())
    if not m or re.search(r"\bback$|^(?:the )?(?:sound|volume|audio)\b", m.group("t"), re.I):
        return text  # "put the music back on", "put the sound back on": resumed or unmuted, no title
    from multimodal.command.cues import names_a_thing

    if (names_a_thing(m.group("t")) or re.search(
            r"\b(?:heat\w*|warm\w*|cool\w*|air|a/?c|fans?|blower|defrost\w*|defog\w*|demist\w*|lights?|lamps?|wipers?|hazards?"
            r"|brakes?|handbrake|cruise|seats?|windows?|sunroof|roof|climate|aircon|recirc\w*|auto|mode|gear|park|drive|reverse"
            r"|neutral|mute|volume|nav\w*|gps|directions|sat ?nav|massage|vent\w*|kettle|indicator|blinker)\b", m.group("t"), re.I)) \
            and not re.search(r"\b(?:music|songs?|tunes|radio|album|playlist|podcast)\b", m.group("t"), re.I):
        return text  # "put the heat on", "put the seat warmer on": a thing of the car switched on
    return f"{m.group('v')} on {m.group('t')}{m.group('tail')}"


def _walked_on(commands: list[Command], text: str) -> list[Command]:
    parking = next((i for i, c in enumerate(commands)
                    if c.intent == "nav.navigate" and c.slots.get("category") == "parking"), None)
    if parking is None or not _ON_FOOT_RE.search(text):
        return commands
    return [c for i, c in enumerate(commands) if not (i > parking and c.intent == "nav.navigate")]


def _reason_apart(paused: list[_Reading], whole: list[_Reading]) -> bool:
    """The pauses part a reason from its request ("大爷血压高 不能吹冷风 空调关了吧": the cold air is why the climate goes
    off), where the words read without them gave one reading of the reason alone: every paused command names its
    thing outright in its own clause, and the whole reading's one command does not."""
    from multimodal.command.cues import asked_outright

    heard = [r for r in paused if r.command is not None and not r.reason]
    alone = [r for r in whole if r.command is not None]
    return bool(heard) and len(alone) == 1 and {r.command for r in heard} != {alone[0].command} \
        and all(asked_outright(r.command, r.text) for r in heard) \
        and not asked_outright(alone[0].command, alone[0].text)


# What follows a pause inside a name and makes it a clause of its own ("周杰伦的歌 哄哄孩子", "二舅 看他们走了没有")
_CLAUSE_AFTER_PAUSE = re.compile(r"[了吧啊呢吗呀哦嘛]|看|问|哄|拿|忘|让|帮|怕|想|要|得|睡|哭|饿|冷|热|听|说|等|接|送|走|赶|吃|喝|买"
                                 r"|取|办|见|开会|出差|上班|上课|上学|^(?:那个\s*)?把")
_TEXT_SLOTS = ("destination", "query", "contact", "label", "location")


def _name_over_a_pause(paused: list[_Reading], whole: list[_Reading]) -> bool:
    """The whole reading's name runs over a pause into a clause of its own, which the paused reading ends the name
    before ("先去公司一趟 文件忘拿了": the route is to 公司; "打电话给二舅 看他们走了没有": the call is to 二舅)."""
    for r in whole:
        c = r.command
        for slot in _TEXT_SLOTS if c is not None else ():
            value = fold(str(c.slots.get(slot, "")))
            m = re.search(r"(?<=[\u4e00-\u9fff])\s+(?=[\u4e00-\u9fff])", value)
            if m is None or not _CLAUSE_AFTER_PAUSE.search(value[m.end():]):
                continue
            head = value[:m.start()]
            if any(p.command is not None and p.command.intent == c.intent and p.command.slots.get(slot)
                   and _named_at_start(head, fold(str(p.command.slots[slot]))) for p in paused):
                return True
    return False


def _said_more(paused: list[_Reading], whole: list[_Reading]) -> bool:
    """The paused reading has the whole reading's commands, each with every slot it had and more ("明天杭州天气怎么样啊
    下午得飞过去": read whole, the words after the pause cost the forecast its city)."""
    a = [r.command for r in paused if r.command is not None and not r.reason]
    b = [r.command for r in whole if r.command is not None and not r.reason]
    return len(a) == len(b) > 0 and [c.intent for c in a] == [c.intent for c in b] \
        and all(y.slots.items() <= x.slots.items() for x, y in zip(a, b)) and any(x != y for x, y in zip(a, b))


def _named_at_start(words: str, name: str) -> bool:
    """``words`` start with ``name``, or with what home or work is called ("家一趟" with "home")."""
    spoken = {"home": r"(?:回)?(?:我)?家", "work": r"(?:去)?(?:公司|单位)"}.get(name)
    return words.startswith(name) or (spoken is not None and re.match(spoken, words) is not None)


def _count(readings: list[_Reading]) -> int:
    """Different commands understood (a bare yes/no aside)."""
    return len({c.key() for c in (r.command for r in readings) if c is not None
                and c.intent not in ("unsupported", "dialog.confirm", "dialog.reject")})


THE_CAR_RE = _rx(r"\b(?:car|vehicle|truck|suv|us|driving|pace|mph|km/?h|lane|road|highway|traffic)\b|车(?!窗|门|灯|内|里)")


_SPED_UP = r"(?:the\s+|my\s+|this\s+|that\s+)?(?:fans?|blower|air ?flow|wipers?|music|songs?|tracks?|playback|podcast)\b"
_SPED_THINGS = r"\b(?:fans?|fan speed|blower|wipers?|music|playback|podcast)"
# The speed words said right at a thing that is not the car: "speed up the fan", "fan speed up", "make the wipers go faster".
NOT_THE_CAR_RE = _rx(rf"speed up\s+{_SPED_UP}|{_SPED_THINGS}\s+(?:up\s+)?(?:go\s+|run\s+|spin\s+)?(?:a (?:bit|little) )?"
                     r"(?:faster|speed up)\b")


# Driving words in what is only told: the wheel's feel ("方向盘好冰", "the steering wheel is freezing"), an ache from
# braking ("我踩刹车踩得脚酸", "my foot hurts from braking"), another car's braking ("前面有个急刹"). No control asked.
_CONTROL_TOLD_RE = _rx(
    # the wipers' own speed ("雨刮器开快点", "speed up the wipers"): no speed of the car
    r"(?:雨刮器?|雨刷器?)[^，,。]{0,4}?(?:开|调|刷)?(?:快|慢)(?:点|一点|一些|些)?|\b(?:speed up|faster)\b[^,.;]{0,12}\bwipers?\b"
    r"|\bwipers?\b[^,.;]{0,12}\b(?:faster|speed up|quicker)\b|"
    r"方向盘(?:上)?(?:好|太|有点|有些|很|真|特别|怎么这么|这么|冰冰|都)*(?:冰|凉|冷|烫|热|脏|黏|粘|滑|湿)"
    r"|\b(?:the )?steering wheel(?:'s| is| feels)? (?:so |really |too |like )?(?:ice[\s-]cold|freezing|icy|cold|hot|burning|sticky"
    r"|slippery|wet)\b"
    r"|(?:踩|打|握|转)(?:刹车|油门|离合|方向盘)[^，,。]{0,4}?(?:得|的)?[^，,。]{0,3}?(?:脚|腿|手|腰|胳膊|肩膀?|膝盖|脚踝)"
    r"[^，,。]{0,3}?(?:酸|疼|痛|麻|累|僵)"
    r"|(?:握|踩|打|抓)(?:着)?(?:方向盘|刹车|油门|离合)(?:都|就|也|得|的时候)?(?:疼|痛|酸|麻|难受|累|僵|冰|凉)"
    r"|\b(?:my )?(?:foot|feet|legs?|knees?|ankles?|arms?|hands?|wrists?|shoulders?|back)(?:'s|'re)? (?:hurts?|aches?|(?:is |are )?(?:sore|killing me"
    r"|tired|numb|stiff|cramping|cramped))\b[^,.;]{0,12}\b(?:from|after) (?:all )?(?:the |that |my )?(?:braking|steering|clutch|brakes?|(?:gas |brake |clutch )?pedals?"
    r"|gripping the (?:steering )?wheel|holding the (?:steering )?wheel)\b"
    r"|(?:前面|前边|前车|后面|旁边)(?:那|的)?(?:有个|有辆|一个|那个|的车|车)?(?:急刹|刹车|猛刹|加塞|变道|别车)"
    # how a control feels, told ("the steering feels heavy", "刹车有点软", "油门踩不动"): a malfunction, no control asked
    r"|方向盘(?:有点|有些|好|很|太|特别|怎么)?(?:沉|重|抖|飘|松|硬|跑偏|发抖|异响)"
    r"|(?:刹车|油门|离合)(?:踏板)?(?:有点|有些|好|很|太|特别|怎么)?(?:软|硬|沉|重|响|异响|发软|发硬|卡|踩不动|踩不下去|没反应)"
    r"|\b(?:the )?(?:steering(?: wheel)?|brakes?|brake pedal|gas pedal|accelerator|clutch|pedals?)(?:'s| is| are| feels?| seems?)"
    r"(?: (?:kinda|kind of|a bit|a little|really|so|too|pretty|weirdly))? (?:heavy|light|loose|stiff|wobbly|shaky|spongy|soft|squeaky"
    r"|squealing|grinding|noisy|stuck|sticky|weird|off|funny|vibrating)\b"
    # the driver's own driving, told as why no help is needed ("不用 我开快点就到了")
    r"|(?:我|我们)(?:再)?(?:开|跑)(?:得)?(?:快|慢)(?:点儿?|一点|些)?就(?:到|行|能到|来得及|够|赶得上)"
    # the driving done, told as the cause of an ache or tiredness ("开车开得腰酸背痛的", "开了五个小时的车 屁股都麻了")
    r"|开车开(?:得|的)[^，,。]{0,6}?(?:酸|疼|痛|麻|累|僵|困|乏|晕)"
    r"|开了?(?:一整天|一天|一上午|一下午|一晚上|一宿|一夜|半天|一路|这么久|好久|很久|(?:[\d一二两三四五六七八九十几]+|好几)(?:个)?(?:小时|钟头|天))(?:的)?车"
    # a driving action as the cause of a state ("accelerating uphill makes the cabin hot")
    r"|^(?:all (?:this|that|the) )?(?:accelerating|braking|steering|speeding up|slowing down|driving)\b[^,;]{0,20}?\b(?:makes?|made|is making|gets|got)\b")


def _driving_control(low: str) -> bool:
    low = _CONTROL_TOLD_RE.sub(" ", low)
    spared = [m.span() for m in NOT_THE_CAR_RE.finditer(low)]
    for m in UNSAFE_RE.finditer(low):
        if m.group(0).strip() in ("speed up", "faster", "go faster") and any(a <= m.start() < b for a, b in spared):
            # the clause it is in must not also name the car ("speed up the fan and the car")
            start = max(low.rfind(p, 0, m.start()) for p in ",.;!?，。；！？")
            ends = [i for i in (low.find(p, m.end()) for p in ",.;!?，。；！？") if i >= 0]
            if not THE_CAR_RE.search(low[start + 1: min(ends) if ends else len(low)]):
                continue
        return True
    return False


# A lesson's talk: practising, advice on how to drive, what the driver cannot do while driving ("我要练急刹了",
# "侧方停车要看路沿", "倒车什么都看不见", "手都僵了握不住方向盘", "刚才熄火了三次")
_LESSON_TALK = (r"(?:练|练习)(?:一下|一会儿?|会儿)?(?:急刹|刹车|倒车|侧方|换挡|起步|坡起|变道)"
                r"|(?:倒车|变道|超车|并线|侧方停车|倒车入库|停车|起步|转弯|换挡)(?:的时候|时)?(?:要|得|需要|该|应该)(?:专心|注意|小心|看|盯)"
                r"|(?:倒车|变道|超车|并线|停车)(?:的时候|时)?[^，,。]{0,6}(?:看不见|看不清|看不到)"
                r"|(?:握不住|抓不住|握不稳|把不住)方向盘|(?:停好|停稳|已经)[^，,。]{0,4}熄火了|熄火了?(?:[一两三四五六七八九十几\d]+|好几)次")
_LESSON_TALK_RE = _rx(_LESSON_TALK)


# A driving action the driver tells of (doing it, about to, before or while, another car's, a condition, forbidden)
# rather than asks the car for: "we're about to overtake a truck, turn the music down", "在倒车 把音乐关了", "刹车前帮我
# 把音乐暂停一下", "the car in front keeps braking, turn up the fan". Said beside a harmless request, it is that
# request's reason; the request decides.
NARRATED_DRIVING_RE = _rx(
    r"^(?:(?:so|and|well|oh|ok(?:ay)?|uh|um|hey)\s+)*(?:i'?m|i am|we'?re|we are|he'?s|she'?s|they'?re|i was|we were)\s+"
    r"(?:just\s+|now\s+|still\s+)?(?:about to\s+|going to\s+|gonna\s+|trying to\s+|getting ready to\s+)?"
    r"(?:overtak|pass|chang|merg|revers|back|brak|turn|accelerat|speed|driv|do(?:ing)?\s+\d|go(?:ing)?\s+\d|park|pull)\w*"
    r"|^(?:(?:so|and|just)\s+)?(?:before|after|while|when|as|once|until|whenever|every time|each time|as soon as)\s+(?:i|we)\b"
    r"|^(?:the|that|this|a|some)\s+(?:car|truck|guy|bus|driver|vehicle|van|lorry|idiot)\b[^,;]*\b(?:is|keeps|was|just)\b"
    r"|^(?:the|that|this|a|some)\s+(?:car|truck|guy|bus|driver|vehicle|van|lorry|idiot)\b(?:\s+(?:in front|ahead|behind|next to (?:me|us)))?"
    r"\s+(?:slammed|hit|stomped|jammed|braked|cut|swerved|stopped|sped|pulled)\b"
    r"|^(?:even\s+)?if\s+(?:i|we)\b"
    r"|^(?:please\s+)?(?:don'?t|do not|never)\s+(?:brake|accelerate|speed up|overtake|change lanes|turn|reverse|floor it)\b"
    r"|^(?:我|我们)?(?:现在)?(?:正在|在|正|要|准备|马上要|快要)(?:专心|好好|认真|先|去|练|练习|试试)*"
    r"(?:倒车|超车|变道|并线|刹车|急刹|掉头|调头|加速|转弯|左转|右转|停车|靠边|侧方停车)"
    r"|" + _LESSON_TALK + (
    r""
    r"|^我(?:平时|一般|本来|向来|一向)?开车(?:就|比较|很|挺|太)?(?:慢|快|稳)"
    # the driver's own plan, in the first person ("路滑我开慢点", "I'll slow down, it's icy")
    r"|我(?:就|得|先|会|要|还是|尽量)?(?:开|走)(?:得)?慢(?:点|一点|一些|些)|\bi'?ll (?:slow down|take it slow|go slow|drive slow)\w*"
    # ...and the driver's own need to hurry ("孩子要生了我得开快点", "I have to drive faster"): told, not asked of the car
    r"|我(?:可能|真)?(?:得|必须|只能|不得不)(?:开|走)(?:得)?快(?:点|一点|一些|些)"
    r"|\bi (?:have to|need to|gotta|got to|must) (?:drive|go) (?:a bit |a little )?faster\b"
    r"|(?:倒车|超车|变道|并线|刹车|掉头|调头|加速|转弯|左转|右转)(?:的时候|前|之前|以前|后|之后|时|完)"
    r"|^(?:如果|要是|假如)|的话"
    r"|^(?:前面|前边|后面|旁边)(?:的|那)?(?:车|那辆车|大车|货车|卡车)"
    r"|" + DRIVING_FELT +
    # how the car answered a pedal, told ("油门踩到底都不加速", "刹车踩了也没反应")
    r"|(?:油门|刹车)[^，,。]{0,6}(?:都|也|还是|还)(?:不|没)(?:加速|动|减速|停|走|反应|快)"
    r"|^(?:别|不要|不用)(?:刹车|加速|超车|变道|掉头)"
    # how someone drives, told off ("别踩刹车那么猛", "你刹车轻点"): a remark to the driver, nothing asked of the car
    r"|^(?:你)?(?:别|不要|少)(?:再)?(?:猛|急)?(?:踩|点)?(?:刹车|急刹|油门)(?:踩)?(?:那么|这么|太)(?:猛|急|重|狠|快)"
    # the driver's own stop, said as why ("I have to pull over to pee, find a restroom")
    r"|\b(?:i|we) (?:have to|need to|gotta|got to|must|should|will|'ll|wanna|want to|might have to) (?:pull over|stop)\b"
    r"(?=[^,;]*\b(?:to|for|so|and|because|cause|soon|somewhere|at)\b)"
    # told of as past: "老张上次超速被罚了两百", "刚才那脚刹车吓死我了", "that hard braking earlier scared me"
    r"|(?:上次|上回|昨天|前天|刚才|刚刚|之前|以前|去年|那次|那回)[^，,。]{0,8}(?:超速|刹车|变道|加速|超车|倒车|急刹|熄火)"
    r"|(?:超速|刹车|变道|加速|超车|倒车|急刹)[^，,。]{0,6}(?:被罚|罚了|扣了|吓死|吓了|吓一跳|吓到)"
    r"|\b(?:last time|yesterday|earlier|the other day)\b.*\b(?:brak|speed|accelerat|overt|revers)\w*"
    r"|\b(?:brak|speed|accelerat|overt|revers)\w*\b.*\b(?:earlier|yesterday|last time|scared|freaked|got a ticket|got fined)\b"))


# A question of how to drive, asked of no one in particular ("换挡的时候离合要踩到底吗", "侧方停车的时候方向盘什么时候打死",
# "Should I put the handbrake on at every red light?"): advice, out of domain; never a control asked of the car
_ADVICE_ASKED_RE = _rx(r"^(?:(?:so|and|ok(?:ay)?|um|uh|hey)\s+)*(?:should i|do i (?:need|have) to|am i (?:supposed|meant) to"
                       r"|when (?:should|do|am|can) i|how (?:do|should|can|far should) i|is it (?:ok|okay|better|safe|normal) (?:to|if i)"
                       r"|what(?:'s| is) the (?:right|best|proper) way to|where should i)\b"
                       r"|^(?![^，,。]*(?:帮我|给我|你|能不能|可不可以|可以|请|麻烦))(?:我)?[^，,。]*(?:的时候|时)?[^，,。]*"
                       r"(?:(?:要|该|应该|需要|得)[^，,。]*(?:吗|么|呢|不|多久|多长时间)(?:啊|呀|呢)?|什么时候[^，,。]*|怎么[^，,。]*(?:才|呢|啊|好))[?？]?$"
                       # what the traffic rules say of it ("闯黄灯扣不扣分啊", "is it legal to turn right on red")
                       r"|^(?![^，,。]*(?:帮我|给我|你|能不能|可不可以|请|麻烦|关掉|关闭|关了|打开|开启|挂|踩|拉|松))[^，,。]*"
                       r"(?:扣不扣分|扣几分|扣分吗|罚不罚|罚多少|罚款吗|算不算违章|算违章吗|违法吗|违章吗|合法吗|犯法吗|会不会被拍)"
                       r"|^(?:(?:so|and|ok(?:ay)?|um|uh|hey)\s+)*(?:is it (?:legal|illegal|against the law)"
                       r"|(?:can|will|would) i get (?:a ticket|fined|points)|how many points)\b")


# A question that asks the assistant's opinion or an explanation, not for a command: what a thing costs in battery
# ("开空调费不费电啊", "does running the AC use a lot of battery"), what the driver should do ("你觉得我现在要不要去充电",
# "should I turn the heat down to save battery"), why the world is as it is ("为什么电动车冬天续航会变短"; not "为什么
# 这么热", a complaint)
_OPINION_RE = _rx(r"^(?:孕妇|孕期|怀孕的?时候|小孩|孩子|宝宝|婴儿|新生儿|老人)[^，,。]{0,4}?(?:能|可以|能不能|可不可以|适合)[^，,。]{1,12}(?:吗|么|不|嘛)?[?？]?$"
                  r"|^(?:is it (?:ok|okay|safe) for|can|should) (?:pregnant (?:women|people|ladies)|kids|children|babies|a baby|infants"
                  r"|toddlers|elderly people|old people) (?:to )?(?:use|have|sit|be)\b|"
                  # whether a thing of the car is safe or bad for someone ("座椅加热对宝宝安全吗", "is the baby's seat heating
                  # safe", "is it safe to use the massage seat when pregnant")
                  r"(?:对|给)(?:孕妇|小孩|孩子|宝宝|婴儿|新生儿|老人|身体|胎儿)[^，,。]{0,4}(?:安全|好|有害|有影响|有没有影响|有危害|伤害大)(?:吗|么|不|嘛)?[?？]?$"
                  r"|\bis (?:it )?(?:the |my |a |her |his )?[^,.;?]{0,30}\b(?:heat(?:ing|er|ed seats?)|massage\w*|ventilat\w*)\b[^,.;?]{0,12}"
                  r"\b(?:safe|bad|harmful)\b"
                  r"|\bis it (?:safe|ok|okay|bad)\b[^,.;?]*\b(?:pregnant|babies|baby|kids|children|toddlers|infants|newborns?)\b|"
                  r"费不费电|耗不耗电|(?:费|耗)电(?:吗|么|多|不)|(?:是不是|会不会)?(?:很|挺|多|特别|太)(?:费|耗)电|用电多|多费电|耗电量|(?:费|耗)不(?:费|耗)(?:电|油)"
                  r"|^(?:你觉得|你说|你看)(?:我|咱们?|我们)?|我?(?:该不该|应不应该|需不需要)"
                  r"|(?:为什么|为啥|怎么会)(?!.{0,3}(?:这么|那么|还这么|车里|我|这个|那个|灯|不|没))"
                  r"|\b(?:does|do|will|would|is|does it)\b.*\b(?:use|drain|cost|eat|waste|burn|take)\b.*\b(?:battery|power|energy|range"
                  r"|charge|electricity|juice)\b"
                  r"|^(?:so\s+|hmm\s+|um\s+)?(?:should i|should we|do you think (?:i|we)|would you say|what do you think|is it worth)\b"
                  # "do you reckon IKEA meatballs are actually any good": an opinion of a thing, asked
                  r"|^(?:so\s+|hmm\s+|um\s+)?(?:do you (?:reckon|think|suppose|figure)|would you reckon)\b.*\b(?:any good|worth it|good|better|best|nice|tasty|overrated)\b"
                  # advice on a thing of the body or the day ("what's a good stretch for a tight IT band")
                  r"|^(?:so\s+|hmm\s+|um\s+)?what(?:'s| is| are)(?: a| some)? (?:good|great|quick|easy|best) (?:stretch|stretches|exercise"
                  r"|exercises|remedy|remedies|way|ways|tip|tips|trick|tricks|recipe|recipes|excuse|gift|name)\b"
                  r"|是谁(?:发现|发明|写|唱|创立|建)的|谁(?:发现|发明|写|创立)了?|^who (?:discovered|invented|wrote|founded|painted|built|was the first)\b"
                  r"|^(?:so\s+)?(?:why|how come)\s+(?:do|does|did|are|is|can|can't|would|will)\s+(?!it\b|i\b|my\b|this\b|that\b"
                  r"|the (?:car|ac|a/c|heat|heater|fan|music|radio|seat|window|screen|light))")


# Whether the assistant itself can sing, dance or tell ("你会唱二人转不", "can you sing?"): a chat, no song asked for
ABILITY_ASKED_RE = re.compile(r"^(?:那)?(?:你|您)(?:会|能)(?:不会|不能)?(?:唱|跳|说|讲|弹|背)|^(?:那)?(?:你|您)(?:给[^，,\s]{1,4})?(?:唱|跳)(?:首|一首|个|一个|段|一段)"
                              r"|^(?:can|could) you (?:sing|dance|rap|hum|whistle|speak)\b", re.I)


def asks_opinion(text: str) -> bool:
    """The utterance is one question of the kind `_OPINION_RE` reads, with no request word of a command beside it."""
    low = fold(text).strip()
    clauses = [c.strip() for c in re.split(r"[,;!?，；。！？]+|(?<=[\u4e00-\u9fff])\s+(?=[\u4e00-\u9fff])", low) if c.strip()]
    # (what to wear asks the forecast, and why a light is on asks what the warning means; a space between Chinese
    # words parts clauses: "你看你又走错了 还是导航吧 去…" is no single question)
    return len(clauses) == 1 and bool(_OPINION_RE.search(clauses[0])) and not re.search(
        r"帮我|给我|请|麻烦|\bplease\b|\bcan you\b|\bcould you\b"
        r"|umbrella|raincoat|rain ?coat|jacket|coat|sunscreen|伞|雨衣|外套|穿什么|穿多少", clauses[0]) \
        and not WARN_TRIGGER.search(clauses[0]) \
        and not re.match(r"(?:你说|你觉得|你看)(?:我们?|咱们?)?(?:放|播|听|来|去|开|关|导航|调)", clauses[0])  # "你说放周杰伦还是陈奕迅": which to play


def _only_advice(low: str) -> bool:
    """Every clause asks how to drive ("Do I have to brake before every speed bump?"): no request, whatever it names."""
    clauses = [c.strip() for c in re.split(r"[,;!?，；。！？]+", low) if c.strip()]
    return bool(clauses) and any(_driving_control(c) for c in clauses) and all(_ADVICE_ASKED_RE.search(c) for c in clauses)


# Whether driving with a thing open is safe, asked ("is it safe to drive with the windows down on the freeway",
# "开着天窗跑高速没事吧"): a question, no window or roof to open
_SAFE_WITH_RE = _rx(r"^\W*(?:(?:hey|so|um|uh)[\s,]+)*(?:is it|would it be|will it be|is that)\s+(?:really\s+)?(?:safe|ok(?:ay)?|fine|alright|all right"
                    r"|bad|dangerous|risky|a problem)\s+(?:to|if i)\s+(?:drive|go|ride|keep driving|take the (?:highway|freeway))\b[^,;.!?]*"
                    r"\bwith\b[^,;.!?]*\?*$"
                    r"|^(?:那个|呃|嗯)?开着[^，,。\s]{1,8}?(?:上高速|跑高速|走高速|开车|行驶|开|跑)[^，,。]{0,6}?(?:安全吗|安全不|没事吧|没事吗|行吗|行不行"
                    r"|可以吗|危险吗|危险不|要紧吗|有事吗|有问题吗|有影响吗)[？?]?$")


# When the trip ends, asked ("how long till we get there", "what's our ETA", "还要多久到"): no command gives it
_TRIP_TIME_RE = _rx(r"\bhow (?:long|much longer)\b[^,;.!?]*\b(?:till|until|to|before|til)\b[^,;.!?]*\b(?:get|arrive|reach|are there|be there|land)\w*"
                    r"|^\W*(?:(?:so|and|hey|um|uh)[\s,]+)*how much (?:longer|further|farther)(?: (?:now|to go|is it))?\W*$"
                    r"|\bwhat(?:'s| is) (?:the|our|my) (?:eta|arrival time)\b|\bwhen (?:will|do|are|should) we (?:get|arrive|be)\b"
                    r"|还要(?:开)?多久(?:才|能)?(?:到|能到)|^(?:到|去)[^，,。\s]{1,10}?(?:还要|还得|得|要)(?:开|走)?多久(?:啊|呀|呢)?[?？]?$|(?:多久|多长时间|几点)(?:才|能)?(?:到|能到|到达)(?:啊|呀|呢|吗)?[?？]?$")


# The words of a call asked for ("打给", "打电话", "call"): what a 打 or a question beside them is not
CALL_WORDS = r"打给|打电话|拨|呼叫|\b(?:call|ring|phone|dial)\b"


def trip_time_asked(text: str) -> bool:
    """The utterance is one question of when the trip ends ("how long till we get there", "还要多久到")."""
    low = fold(text)
    if re.search(rf"问|{CALL_WORDS}|\bask(?:s|ing)?\b|\bfind out\b|\btext\b", low):
        return False  # "打给王阿姨 问她几点到": what to ask on the call, the call is the request
    whole = _TRIP_TIME_RE.fullmatch(low.strip(" ?？!！。.,，")) is not None  # ("到酒店还要多久": 还要 splits no question)
    return _TRIP_TIME_RE.search(low) is not None and (whole or len(split_clauses(text)) == 1)


def _safe_with_asked(low: str) -> bool:
    # (with a light on it asks of the warning: "Is it dangerous to keep driving with that orange light on?")
    return _SAFE_WITH_RE.search(low.strip()) is not None and not re.search(r"\b(?:light|warning|lamp|indicator)s?\b|灯|报警|警告", low)


def advice_asked(text: str) -> bool:
    """Every driving control the utterance names is in a question of how to drive ("换挡的时候离合要踩到底吗")."""
    low = fold(text)
    if _safe_with_asked(low):
        return True  # "开着窗户上高速安全吗": whether driving so is safe
    clauses = [c.strip() for c in re.split(r"[,;!?，；。！？]+", low) if c.strip()]
    driving = [c for c in clauses if _driving_control(c)] or clauses[:1]  # (a lesson's question need name no control)
    return bool(driving) and all(_ADVICE_ASKED_RE.search(c) for c in driving)


def advice_only(clauses: Sequence[str]) -> bool:
    """Each of the clauses asks how to drive or what the traffic rules say ("侧方停车到底怎么停啊")."""
    return bool(clauses) and all(_ADVICE_ASKED_RE.search(fold(c).strip()) for c in clauses)


def _unsafe(low: str) -> bool:
    """A driving control (or a door or the trunk while moving) anywhere in the folded utterance, unless every one is
    told of in a clause of its own beside a harmless request ("I'm reversing, mute the music")."""
    if DOOR_RE.search(low) and MOVING_RE.search(low) and not STANDSTILL_RE.search(low):
        return True
    if not _driving_control(low):
        return False
    # "ESP灯亮了是什么意思" asks about a warning; "机油灯亮了，帮我挂空挡" asks for a gear beside one
    # "刹车前帮我…", "开快点的话…": the told-of action ends where its 前 / 的话 does
    marked = re.sub(r"((?:倒车|超车|变道|并线|刹车|掉头|调头|加速|转弯|左转|右转|开快点?|开慢点?)(?:的时候|之前|以前|之后|前|后|时)|的话)",
                    r"\1，", low)
    # (a told-of action's own conjunction starts a clause: "pause the music | while I do this reverse park")
    clauses = [c for c in re.split(r"[,;!?，；。！？]+|\s+(?:and|then|anyway|but|also|so)\s+|然后|顺便|再|(?<=[\u4e00-\u9fff])\s+(?=[\u4e00-\u9fff])"
                                   r"|\s+(?=(?:while|when|whenever|every time|each time|as soon as|before|after)\s+(?:i|we)\b)",
                                   marked) if c and c.strip()]
    driving = [c for c in clauses if _driving_control(c) and not WARN_TRIGGER.search(c)]
    if not driving:  # a control only the whole utterance shows ("slow down the fan and the car")
        return not WARN_TRIGGER.search(low)
    if all(_ADVICE_ASKED_RE.search(c.strip()) for c in driving):
        return False  # "换挡的时候离合要踩到底吗", "should I put the handbrake on at every red light?": how to drive, asked
    told = [c for c in driving if NARRATED_DRIVING_RE.search(c.strip())]
    if len(told) < len(driving) or len(clauses) == len(driving):
        return True
    # every driving control is told of; the rest of the utterance must ask for something harmless
    return not any(_asks(c) or _KEEP_GOING_RE.search(c) or any(f.trigger.search(c) for f in FRAMES)
                   for c in clauses if c not in driving)


@dataclass(frozen=True)
class RulesReading:
    """What the grammar made of an utterance (`RulesCommandModel.read`)."""

    commands: list[Command]
    unread: tuple[str, ...] = ()  # clauses that ask for something the tables could not read
    followup: bool = False  # read against the dialogue context (multimodal/command/followup.py)
    elided: tuple[int, ...] = ()  # positions in ``commands`` read as "the same thing for another seat"


class RulesCommandModel:
    """Deterministic zh/en grammar. Options: ``max_commands`` (default 4)."""

    name = "rules"

    def __init__(self, max_commands: int = MAX_COMMANDS_PER_UTTERANCE, frames: tuple[Frame, ...] = FRAMES):
        if not 1 <= int(max_commands) <= MAX_COMMANDS_PER_UTTERANCE:
            raise ValueError(f"max_commands must be 1..{MAX_COMMANDS_PER_UTTERANCE}, got {max_commands}")
        self.max_commands = int(max_commands)
        self.frames = frames

    @classmethod
    def describe(cls) -> BackendInfo:
        return BackendInfo("rules", "command", ("zh", "en"), True,
                           f"deterministic zh/en grammar, {len(FRAMES)} frames; no model weights")

    def info(self) -> BackendInfo:
        return self.describe()

    # ---- public API
    def parse(self, text: str, lang: str | None = None, context: CommandContext | None = None) -> list[Command]:
        return list(self.parse_detailed(text, lang, context).commands)

    def parse_detailed(self, text: str, lang: str | None = None,
                       context: CommandContext | None = None) -> ParseResult:
        t0 = time.perf_counter()
        context = context or CommandContext()
        cleaned = utterance.heard(text, context)
        # Every answer passes the contract's validation (in read): a table bug must never reach the vehicle.
        commands = self.read(cleaned, lang or detect_lang(cleaned), context).commands
        elapsed_ms = (time.perf_counter() - t0) * 1000.0
        raw = "[" + ",".join(c.to_json() for c in commands) + "]"
        return ParseResult(tuple(commands), "rules", raw_output=raw, timings={"parse_ms": elapsed_ms})

    # ---- internals
    def _parse(self, text: str, lang: str, context: CommandContext) -> list[Command]:
        return self._read(text, lang, context)[0]

    def read(self, text: str, lang: str, context: CommandContext) -> RulesReading:
        """The commands (validated), the clauses that ask for something the tables could not read (with none,
        the grammar explains every request of the utterance), and whether it was read as a follow-up."""
        commands, unread, followup, elided = self._read(text, lang, context)
        canonical: list[Command] = []
        kept_elided: list[int] = []
        planned = call_planned(commands, text)
        commands = _one_of_them(_walked_on(commands, text), text)
        for i, c in enumerate(commands):  # readings the canonical form makes one ("红灯一直在闪…这个灯什么意思") are one
            if planned and c.intent == "phone.call":
                continue  # "I've got to call a customer, pause the music": the driver will dial
            c = Command(c.intent, canonical_slots(c.intent, c.slots))
            if c.key() not in [k.key() for k in canonical]:
                if i in elided:
                    kept_elided.append(len(canonical))
                canonical.append(c)
        return RulesReading([validate_command(c) for c in canonical], unread, followup, tuple(kept_elided))

    def _read(self, text: str, lang: str,
              context: CommandContext) -> tuple[list[Command], tuple[str, ...], bool, tuple[int, ...]]:
        text = _taken_back(_ECHO_RE.sub("", _unstuttered(text)))
        # "除了主驾 其他车窗都关上": the seat left out belongs to the request after it, whatever pause parts them
        text = re.sub(r"(除了[\u4e00-\u9fff]{1,4}?(?:的|那边的?)?(?:以外|之外)?)[\s,，]+(?=[\u4e00-\u9fff])", r"\1", text)
        low = fold(text)
        labels = tuple(context.screen_labels or ())
        if _unsafe(low):
            return [UNSAFE], (), False, ()
        followup = self.followup(text, lang, context)
        if followup:
            return followup, (), True, ()
        listed = _seat_temperatures(text)
        if listed:
            return listed[: self.max_commands], (), False, ()
        if _remark(text) or _only_kept_as_is(text) or _told_done(text) or past_story(text) or _only_advice(low) or _safe_with_asked(low) \
                or trip_time_asked(text) \
                or asks_opinion(text) or (ABILITY_ASKED_RE.search(text.strip()) and re.search(r"[吗么不?？]\s*$", text.strip())
                                          and not re.search(r"能|\b(?:can|could) you (?:sing|play)\b", text)):
            return [OOD], (), False, ()  # (also "你会唱晴天吗": what the assistant can do, asked; no song, no forecast)
        bare = low.strip(" ,.!?~")
        if YES_RE.match(bare):
            return [Command("dialog.confirm", {})], (), False, ()
        if NO_RE.match(bare):
            return [Command("dialog.reject", {})], (), False, ()

        tap = _button_then_it(text) if not labels else None
        if tap is not None:
            return [tap], (), False, ()
        readings, unread = self._readings(text, labels, pauses=False)
        if SPACE_PAUSE_RE.search(text):
            # A space may be a pause between two requests, or sit inside a name ("给 张三 打电话"): the reading
            # that finds more commands wins, the one without pauses on a tie.
            paused, paused_unread = self._readings(text, labels, pauses=True)
            if _count(paused) > _count(readings) or (_count(paused) == _count(readings) and (
                    _reason_apart(paused, readings) or _name_over_a_pause(paused, readings)
                    or _said_more(paused, readings)
                    # ("后排空调关了 前排的开着": the seat kept as it is, after a pause, is no part of the request)
                    or any(_KEPT_RE.match(fold(p).strip(" ,.!?~，。！？")) for _, p in split_clauses(text, pauses=True)[1:])
                    or any(keeps_as_is(p) for _, p in split_clauses(text, pauses=True))
                    # ("导航去西湖 算了 去灵隐寺吧": a correction said between pauses is no part of a name)
                    or re.search(r"(?<=[\u4e00-\u9fff])\s+(?:算了|不对|不对不对|哦不对|哦不是|哎不是|不是|说错了)\s+(?=[\u4e00-\u9fff])", text)
                    is not None)):
                readings, unread = paused, paused_unread
            else:  # a request the paused reading could not read is still one the grammar did not explain...
                # ...unless the whole reading took its words for a name ("点一下 开始导航": the button's label)
                names = [fold(str(v)) for r in readings if r.command is not None for v in r.command.slots.values()
                         if isinstance(v, str)]
                paused_unread = tuple(u for u in paused_unread if not any(fold(u).strip() in n for n in names)
                                      and not self._verb_of(u, paused, readings, labels))
                unread = tuple(dict.fromkeys(unread + paused_unread))
        runon = text if any(r.command is not None and (r.command.intent == "screen.tap" or any(
            k in r.command.slots for k in ("destination", "query", "contact", "label"))) for r in readings) \
            else self._runon_marked(text, labels)  # (a name may hold words of a request: "播放开车的歌")
        if runon != text:
            # "主驾调到二十二度副驾调到二十四度", "find the nearest gas station uh avoid highways": requests run on
            # without a pause mark; the reading that finds more commands wins
            split, split_unread = self._readings(runon, labels, pauses=False)
            if _count(split) > _count(readings):
                readings, unread = split, split_unread
        readings = _drowned_out(readings)
        understood = []
        for r in readings:
            # the same request said twice in one breath is one command ("风小一档 就小一档": the second says less)
            if r.command is not None and not r.reason and (not understood or (
                    understood[-1] != r.command and not (understood[-1].intent == r.command.intent
                                                         and r.command.slots.items() < understood[-1].slots.items()
                                                         and set(understood[-1].slots) - set(r.command.slots)
                                                         <= ({"amount", "level", "value", "percent", "location", "day"}
                                                             if r.command.intent == "query.weather"
                                                             else {"amount", "level", "value", "percent"})))):
                understood.append(r.command)
        understood = _last_value_wins(understood)
        executable = [c for c in understood if c.intent != "unsupported"]
        # dialogue words glued to a command ("好的，把温度调到22") only count when a question is pending
        # ("Okay, we're parked. Car, pop the trunk": the "okay" is no answer beside a request the car cannot do)
        if not context.pending_question:
            spoken = [c for c in executable if not c.intent.startswith("dialog.")]
            executable = spoken or ([] if len(understood) > len(executable) else executable)
        if not executable:
            return [OOD], unread, False, ()
        if any(c.intent == "media.play" and c.slots for c in executable):
            # "我想听，我想听荷塘月色": the bare "play" was the same request, said again with its title
            executable = [c for c in executable if not (c.intent == "media.play" and not c.slots)]
        final = executable[: self.max_commands]
        elided = {r.command.key() for r in readings if r.elided and r.command is not None}
        return final, unread, False, tuple(i for i, c in enumerate(final) if c.key() in elided)

    def _asked_too(self, clause_text: str, before: Command, labels: tuple[str, ...]) -> Command | None:
        """"外面多少度？车里呢？", "range? and the battery?": the same question of another thing of the car."""
        m = _ASKED_TOO_RE.fullmatch(fold(clause_text).strip())
        if m is None:
            return None
        thing = m.group("z") or m.group("e")
        temperature = str(before.slots.get("item", "")).endswith("temperature")
        for words in ((f"{thing}多少度" if m.group("z") else f"{thing} temperature") if temperature else None, thing):
            command = self._clause(words, None, labels) if words else None
            if command is not None and command.intent == "query.vehicle" and command != before:
                return command
        return None

    def _readings(self, text: str, labels: tuple[str, ...], pauses: bool) -> tuple[list[_Reading], tuple[str, ...]]:
        """Each clause's reading (reasons marked, pronouns resolved) and the clauses that ask for something
        the tables could not read."""
        readings: list[_Reading] = []
        glued: list[str] = []  # unread clauses glued onto the previous one without changing its reading
        prev_pol: bool | None = None
        clauses = _split_corrections(split_clauses(text, pauses))
        # "导航去西湖……哦不对，去灵隐寺", "24, no wait, make that 23": the next reading replaces; after a plain
        # "sorry" or "actually" only a reading of the same thing does
        correcting: str | None = None
        for at, (sep, part) in enumerate(clauses):
            clause_text = strip_leading(part)
            if not clause_text or (readings and _HESITATION_RE.fullmatch(fold(part))) or _EXCLAMATION_RE.fullmatch(fold(part)):
                continue  # "调到二十五，嗯，还是二十三吧": a hesitation between two clauses is no yes
            rest = _THE_REST_RE.match(fold(clause_text).strip(" ,.!?~，。！？"))
            last_zone = readings[-1].command.slots.get("zone") if readings and readings[-1].command is not None else None
            if rest and last_zone in _ALL_BUT and readings[-1].command.intent in ("window.open", "window.close"):
                # "driver window down, everything else up", "主驾窗户打开 其他的都关上": every other seat, the other way
                shut = bool(rest.group("close") or rest.group("close2") or rest.group("close3"))
                intent = "window.close" if shut else "window.open"
                readings.extend(_Reading(clause_text, Command(intent, {"zone": z})) for z in _ALL_BUT[last_zone])
                continue
            if readings and readings[-1].command is not None and _KEPT_RE.match(fold(clause_text).strip(" ,.!?~，。！？")):
                continue  # "后排空调关了 前排的开着": the other seat stays as it is, nothing asked of it
            if readings and readings[-1].command is not None and _LEFT_OUT_AFTER_RE.match(fold(clause_text).strip()) \
                    and seat_left_out(clause_text) is None:
                continue  # "把所有车窗都关上 除了天窗": what the request leaves out, said after it, asks nothing
            if re.match(r"^(?:但是?|可是|不过)?\s*(?:别|不要|不用)(?:开|打开)(?!.*了$)", fold(clause_text).strip()) \
                    and any(re.search(r"就行|就好|就可以|\binstead\b", fold(p)) for _, p in clauses[at + 1:]):
                continue  # "我有点热 但是别开空调 开窗就行": not this, the other thing instead
            named = _CALLED_RE.match(clause_text.strip())
            last = readings[-1].command if readings else None
            if named and last is not None and (slot := _NAMED_SLOT.get(last.intent)):
                # "放个播客吧，就那个叫忽左忽右的": the name of the thing asked for, said after it
                readings[-1] = replace(readings[-1], command=Command(last.intent, {
                    **{k: v for k, v in last.slots.items() if k not in (slot, "category")},
                    slot: (named.group("x") or named.group("y")).strip()}))
                continue
            if readings and readings[-1].command is not None and _DESCRIBES_RE.match(fold(clause_text).strip()):
                continue  # "…the recirculation on? The one that stops the outside air coming in": which thing, told again
            lead = re.match(r"^(?:i meant|i mean|make that|no wait|no,?(?=\s+(?:make|set|change|put) (?:it|that)\b)|我是说|我的意思是"
                            # "call Sarah, actually call Jessica", "turn up the heat, or actually just turn on my seat heater"
                            r"|(?:or\s+)?actually,?(?:\s+just)?(?=\s+(?:call|ring|phone|dial|play|put on|navigate|take me|head to|drive to)\b)"
                            r"|or (?:actually|rather),?(?:\s+just)?(?=\s+\w)"
                            r"|(?:actually|no|nope|sorry),?(?=\s+(?:\d|(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen"
                            r"|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy"
                            r"|eighty|ninety|a hundred|half)\b))"
                            r"|(?:哦|噢|呃|啊|唉|哎|诶)?(?:不对|说错了)(?:不对)?(?=[\s,，]*[\d一二两三四五六七八九十])"
                            # "温度调到十八，呃，还是二十吧": a number said again after 还是 takes the first one back
                            r"|(?:呃|嗯|额|哦)?[\s,，]*还是(?=[\s,，]*(?:\d|[一二两三四五六七八九十]+(?:度|档|级|吧|$))))"
                            r"[\s,，]*(?=\S)", clause_text, re.I)
            taken_back = re.match(r"^(?:哦|噢|呃|啊|唉|哎|诶)?(?:不对|不是|说错了|no wait|wait no|oh no|no)[\s,，]*", fold(clause_text))
            if readings and readings[-1].command is not None and (correcting or taken_back) \
                    and _WHY_TAKEN_BACK.search(fold(clause_text)[taken_back.end() if taken_back else 0:]):
                # "call Marco, no wait, he's sitting right behind me, call Sam": why the name is taken back, then the
                # right one
                correcting = correcting or fold(taken_back.group(0)).strip(" ,，")
                continue
            if lead and readings and readings[-1].command is not None:
                correcting = fold(lead.group(0)).strip(" ,，")  # "…, sorry, I meant 22": the new value follows the marker
                clause_text = clause_text[lead.end():]
            if correcting and re.match(r"^(?:还是|应该是|是)\s*\S", clause_text):
                # "二十四度，算了，还是二十五吧", "24 不对 是25度": what it should be instead
                clause_text = re.sub(r"^(?:还是|应该是|是)\s*", "", clause_text)
            if correcting:
                clause_text = re.sub(r"(?<=\S)(?:好了|就好|就行|就可以)$", "", clause_text)  # "不对，四好了"
            if fold(clause_text).strip() in ("不", "no") and readings and readings[-1].command is not None \
                    and at + 1 < len(clauses) and re.match(r"\s*[\d一二两三四五六七八九十]", clauses[at + 1][1]):
                correcting = "不"  # "音量调到百分之三十 不 二十吧": a value taken back, the next one instead
                continue
            if readings and readings[-1].command is not None and CORRECTION_ONLY_RE.fullmatch(fold(clause_text)):
                if not (correcting and WEAK_CORRECTION_RE.fullmatch(fold(clause_text))):
                    correcting = fold(clause_text)  # "no, sorry, 19": the plain "sorry" after a "no" weakens nothing
                continue
            if readings and readings[-1].command is None and at + 1 < len(clauses) \
                    and re.fullmatch(r"\s*(?:scratch that|no wait|wait no|不对不对|不对|说错了)[\s,.!，。！]*", fold(clause_text), re.I):
                # "set 24, scratch that, 23 degrees": the words taken back are no request left unread
                readings.pop()
                continue
            if keeps_as_is(clause_text):
                readings.append(_Reading(clause_text, None))
                continue
            verb_seat = _VERB_THEN_SEAT.match(clause_text)
            if verb_seat and _seat_alone(verb_seat.group("s")) is not None and at + 1 < len(clauses) \
                    and LIST_JOIN_RE.fullmatch(clauses[at + 1][0]) and zone_span(fold(clauses[at + 1][1])) is not None \
                    and _LIST_GOES_ON.match(fold(clauses[at + 1][1])) and make_clause(clauses[at + 1][1]).polarity is None:
                # "open the driver and rear right windows": the verb goes with the thing the list ends on, each seat
                # of the list gets it (_seats_before)
                readings.append(_Reading(verb_seat.group("s"), None))
                clauses[at + 1] = (clauses[at + 1][0], f"{verb_seat.group('v')} {clauses[at + 1][1]}")
                continue
            seat_only = _seat_alone(clause_text) is not None
            other_glass = _defrost_other(clause_text, readings[-1].command) if readings else None
            if seat_only and other_glass is None and at + 1 < len(clauses) and LIST_JOIN_RE.fullmatch(clauses[at + 1][0]) \
                    and zone_span(fold(clauses[at + 1][1])) is not None:
                # the first seat of a list ("把空调关了，主驾和右后的窗户打开"): _seats_before gives it the command
                readings.append(_Reading(clause_text, None))
                continue
            # "and the rear window too" after a defrost is the other glass, not a window to open
            command = other_glass
            if command is None and readings and seat_only and LIST_JOIN_RE.fullmatch(sep):
                command = _seat_listed(clause_text, readings[-1])  # "seat heaters for the driver and the rear right"
            elided = command is not None
            command = command or self._clause(clause_text, prev_pol, labels)
            if command is not None and _other_device(clause_text, command):
                command = None  # "后视镜加热打开" is no seat heating, "heat up the side mirrors" no cabin temperature
            if readings and (command is None or command.intent == "hvac.set_temperature"):
                command = _setting_of(clause_text, readings[-1].command) or command
            if command is None and readings and readings[-1].command is not None \
                    and readings[-1].command.intent.startswith("hvac.") and _BARE_AUTO_RE.match(fold(clause_text).strip()):
                command = Command("hvac.auto", {"on": True})  # "后排空调打开 温度调到二十六度 再开个自动": the climate's auto
            if command is None and readings and readings[-1].command is not None \
                    and readings[-1].command.intent == "nav.avoid":
                # "avoid tolls and traffic jams too": the list goes on
                command = next(iter(amount_for(clause_text, (readings[-1].command,)) or ()), None)
            if correcting and command is None and readings and readings[-1].command is not None:
                # "set the fan to 3, no wait, make it 5": the new value for the same thing
                command = next(iter(amount_for(clause_text, (readings[-1].command,)) or ()), None)
            if correcting and command is None and readings and readings[-1].command is not None:
                # "call mom i mean dad", "导航去西湖 哦不对 灵隐寺": the name said again
                command = _renamed(clause_text, readings[-1].command)
            if correcting and command is None and readings and readings[-1].command is not None \
                    and _switched_back(readings[-1].command, clause_text) is not None:
                # "打开空调，哦不，关掉", "把车窗打开 哦不对 是关上": the same thing, switched the other way
                command = _switched_back(readings.pop().command, clause_text)
            elif correcting and command is not None and readings and readings[-1].command is not None \
                    and (_same_thing(readings[-1].command, command) or not WEAK_CORRECTION_RE.fullmatch(correcting)
                         # ("open the sunroof, sorry, the rear windows": a thing said bare after the marker, the same action)
                         or (command.intent.rsplit(".", 1)[-1] == readings[-1].command.intent.rsplit(".", 1)[-1]
                             and not REQUEST_CUE.search(fold(clause_text)))) \
                    and not re.search(r"也|还有|然后|\b(?:too|also|as well|and then|then)\b", fold(clause_text)):
                before = readings.pop().command
                if "zone" in before.slots and "zone" not in command.slots and zone_span(fold(clause_text)) is None:
                    # "副驾温度调到二十六，哦不对，二十五度": the corrected value, for the seat already said
                    command = Command(command.intent, {**command.slots, "zone": before.slots["zone"]})
            if command is None and readings and readings[-1].command is not None \
                    and readings[-1].command.intent == "query.vehicle":
                command = self._asked_too(clause_text, readings[-1].command, labels)
            if command is None and readings and readings[-1].command is not None and not correcting \
                    and make_clause(readings[-1].text).polarity is None:
                switched = _switched_back(readings[-1].command, clause_text)
                if switched is not None:
                    # "the reading light, back left, turn it on": the thing named first, then what to do with it
                    before = readings.pop()
                    readings.append(replace(before, text=before.text + sep + part, command=switched))
                    continue
            if correcting and command is None and readings and readings[-1].command is not None \
                    and readings[-1].command.intent in ("media.adjust_volume", "hvac.adjust_temperature", "hvac.adjust_fan"):
                # "音量调大 不对 调小": the same thing, the other way
                way = re.fullmatch(r"(?:调|开|弄|往)?(?P<d>大|小|高|低)(?:一)?点?(?:儿)?(?:吧|呗)?", fold(clause_text).strip(" ,.!?，。！？"))
                if way:
                    before = readings.pop().command
                    command = Command(before.intent, {"direction": "up" if way.group("d") in "大高" else "down"})
            if command is None and readings:
                command = _ellipsis(clause_text, readings[-1].command,
                                    lambda words: self._clause(words, prev_pol, labels))
                elided = command is not None
                if elided and correcting and readings[-1].command is not None \
                        and command.intent.rsplit(".", 1)[-1] == readings[-1].command.intent.rsplit(".", 1)[-1]:
                    readings.pop()  # "open the sunroof, sorry, the rear windows": the thing said instead
            if command is None and readings and not correcting \
                    and not (_is_state(readings[-1].text) and REQUEST_CUE.search(fold(clause_text))) \
                    and not (_other_device(clause_text, None) and not COMPLAINT_RE.search(fold(clause_text))):
                # (a request for a thing no command acts on stays a clause of its own: "太冷了 开一下雨刷")
                merged = readings[-1].text + sep + part
                again = self._clause(merged, None, labels)
                own = make_clause(clause_text).polarity
                if again is not None and again.intent != "unsupported" and _extends(readings[-1], again, clause_text) \
                        and not _name_over_pause(again) \
                        and not (own is not None and again.slots.get("on") is not None and again.slots["on"] != own):
                    # ("switch the climate off and open the driver...": a clause that switches the other way is no
                    # more of the one before)
                    before = readings[-1].command
                    zone_said = zone_span(fold(clause_text))
                    if before is not None and again.intent == before.intent and "zone" not in before.slots \
                            and again.slots.get("zone") and zone_said is not None \
                            and (re.search(r"也|还有|\b(?:too|as well|also)\b", fold(clause_text))
                                 or re.match(r"(?:warm|heat|turn|switch|put|set|make|cool|crank|bump)\b", fold(clause_text))):
                        # "打开座椅加热，后排的也开上", "heat up my seat plus warm the passenger's to level two": the first
                        # stays the speaker's, the other seat's is one more
                        readings.append(_Reading(clause_text, again, True))
                        continue
                    if again == readings[-1].command:
                        # the glued words changed nothing: the reading keeps its own words, so a remark glued
                        # onto a request ("volume down a bit, the kid's asleep") does not make it a remark
                        glued.append(clause_text)
                        merged = readings[-1].text
                    readings[-1] = _Reading(merged, again)
                    continue
            correcting = correcting if command is None else None
            if command is not None and "on" in command.slots and readings and readings[-1].command is not None \
                    and "on" in readings[-1].command.slots and LIST_JOIN_RE.fullmatch(sep) \
                    and set(readings[-1].command.slots) <= {"on", "zone"} and not re.search(NUM, fold(readings[-1].text)) \
                    and make_clause(readings[-1].text).polarity is None and make_clause(clause_text).polarity is not None \
                    and not re.search(r"外循环|fresh[\s-]air|outside air", fold(readings[-1].text)):
                # "把阅读灯和氛围灯都关了": the verb after a list is every item's
                before = readings[-1].command
                readings[-1] = replace(readings[-1], command=Command(before.intent, {**before.slots, "on": command.slots["on"]}))
            every = _all_but(clause_text, command)
            if every:
                readings.extend(_Reading(clause_text, c, elided) for c in every[:-1])
                command = every[-1]
            both = _both_glass(clause_text, command)
            if both:
                # "前后挡都除下霜", "defrost the front and back windows": one command per glass, in the order said
                readings.append(_Reading(clause_text, both[0], elided))
                command = both[1]
            if command is not None and readings and readings[-1].command is None and LIST_JOIN_RE.fullmatch(sep) \
                    and BARE_NOUN_RE.fullmatch(readings[-1].text.strip()) and make_clause(clause_text).polarity is not None:
                # "音乐和导航都关了": the verb after a list is every item's, whatever thing each is
                verb = "打开" if make_clause(clause_text).polarity else "关掉"
                first = self._clause(re.sub(r"^把", "", readings[-1].text.strip()) + verb, None, labels)
                if first is not None and first.intent != "unsupported" and first.intent != command.intent:
                    readings[-1] = _Reading(readings[-1].text, first)
            readings.append(_Reading(clause_text, command, elided))
            if command is not None:
                pol = make_clause(clause_text).polarity
                prev_pol = pol if pol is not None else prev_pol
        readings = _mark_reasons(_resolve_pronouns(_seats_before(self._after_states(readings))))
        unread = tuple(t for t in [r.text for r in readings if r.command is None] + glued
                       if _asks_unread(t) and not _restates(t, readings))
        return readings, unread

    def _verb_of(self, piece: str, paused: list[_Reading], readings: list[_Reading], labels: tuple[str, ...]) -> bool:
        """A piece the paused reading left unread is the verb of the thing before the pause ("这个歌 能先停一下吗",
        "那个阅读灯 是不是能打开"): both read together as the command the reading without pauses found."""
        at = next((i for i, r in enumerate(paused) if r.text == piece), -1)
        if at == 0:
            return False
        if at < 0:  # glued onto the reading before it, which it left unchanged: a bare verb, no thing of its own
            from multimodal.command.cues import names_a_thing

            return not names_a_thing(piece) and any(r.command is not None and piece in r.text and any(q.command == r.command for q in paused)
                       for r in readings)
        joined = self._clause(paused[at - 1].text + " " + piece, None, labels)
        return joined is not None and any(r.command == joined and piece in r.text for r in readings)

    def _after_states(self, readings: list[_Reading]) -> list[_Reading]:  # noqa: C901 (one pass over the states told)
        """"the sunroof is halfway open, close it", "开着空调呢，关窗": a state said before a request is its reason, and
        "it" in the request is the thing in that state."""
        out = list(readings)
        for i, r in enumerate(out):
            if r.command is None or r.reason or r.elided or r.command.intent not in STATE_INTENTS or not _is_state(r.text):
                continue  # (an elided seat is a request: "turn the driver's climate off and the passenger's on")
            nxt = out[i + 1] if i + 1 < len(out) else None
            if nxt is not None and nxt.command is None:
                said = CommandContext(previous_commands=(r.command,))
                resolved = self.followup(nxt.text, detect_lang(nxt.text), said)
                if resolved and len(resolved) == 1 and resolved[0].intent != "unsupported" and resolved[0] != r.command:
                    out[i + 1] = _Reading(nxt.text, resolved[0])
            if any(o.command is not None and o is not r for o in out):
                out[i] = replace(r, reason=True)
        asked = [i for i, o in enumerate(out) if o.command is not None and not o.reason]
        if len(asked) == 1 and out[asked[0]].command.intent in _CLOSE_OF and _TOLD_OPEN_RE.search(fold(out[asked[0]].text)) \
                and _STILL_OPEN_RE.search(fold(" ".join(o.text for o in out))):
            # "外面下雨了 窗户还开着呢", "it's raining and my window's down": the thing told still open is asked shut
            r = out[asked[0]]
            intent, kept = _CLOSE_OF[r.command.intent]
            out[asked[0]] = replace(r, command=Command(intent, {k: v for k, v in r.command.slots.items() if k in kept}))
        return out

    def followup(self, text: str, lang: str, context: CommandContext) -> list[Command] | None:
        """The utterance read against the previous turn's commands or a pending suggestion (None: not a follow-up,
        and never for an utterance with a driving control in it)."""
        if not (context.previous_commands or context.pending_question) or _unsafe(fold(text)):
            return None
        plain = CommandContext(speaker_zone=context.speaker_zone, screen_labels=context.screen_labels)
        def whole(words: str) -> list[Command]:
            from multimodal.command.cues import driving_words

            commands, unread, _, _ = self._read(words, lang, plain)
            return [] if any(driving_words(u) for u in unread) else commands

        return read_followup(text, context, lambda words: self._parse(words, lang, plain), whole)

    def _runon_marked(self, text: str, labels: tuple[str, ...]) -> str:
        """``text`` with a pause mark where a clause without one holds two requests: at a place a request may start
        (a seat, a thing of the car, a request verb, a filler), when the words before it and the words after it
        each read as a command of their own. Left to right, the first such place each time."""
        out: list[str] = []
        cut_any = False
        for sep, part in split_clauses(text):
            pieces: list[str] = []
            rest = part
            while len(rest) >= _RUNON_MIN_CHARS:
                cut = next((at for at in (m.start() for m in _RUNON_START.finditer(rest, 2))
                            if not re.search(r"(?:把|给|帮|请|将|让|帮我|给我)\s*$", rest[:at])  # a cut inside "把天窗关上"
                            and self._reads(rest[:at], labels)
                            and (self._reads(rest[at:], labels) or _another_seat(rest[at:]))), None)
                if cut is None:
                    break
                pieces.append(rest[:cut].strip())
                rest = _RUNON_FILLER.sub("", rest[cut:], count=1).strip()
            pieces.append(rest)
            cut_any = cut_any or len(pieces) > 1
            out.append(sep + "，".join(pieces))
        return "".join(out) if cut_any else text

    def _reads(self, words: str, labels: tuple[str, ...]) -> bool:
        """The words ask for something (not a bare thing: "空调", "座椅按摩") and read as a command of their own."""
        words = _RUNON_FILLER.sub("", words.strip(), count=1).strip()
        if not _asks(fold(words)) and not re.search(rf"{NUM}\s*(?:degrees?|度|档)?$", fold(words), re.I):
            return False  # (a setting said as a thing and a number, "temp driver side 20", asks without a verb)
        command = self._clause(strip_leading(words), None, labels) if words else None
        return command is not None and command.intent not in ("unsupported", "dialog.confirm", "dialog.reject")

    def _clause(self, text: str, inherited: bool | None, labels: tuple[str, ...]) -> Command | None:
        text = _put_on(text)
        clause = make_clause(text, inherited, labels)
        low = clause.low
        if labels:
            m = TAP_RE.match(low)
            if m:
                label = best_label(_tap_target(m, clause), labels)
                if label:
                    return Command("screen.tap", {"label": label})
        if not labels and (SCREEN_WORDS_RE.search(_LEAD_LINK.sub("", low))
                           or BUTTON_NAMED_RE.match(strip_leading(_LEAD_LINK.sub("", clause.text)))
                           or ((once := _TAPPED_ONCE_RE.match(strip_leading(_LEAD_LINK.sub("", low))))
                               and not _names_thing(once.string[once.end() - 1:]))):
            tap = _unlabelled_tap(clause)  # "tap the Skip Intro button": the button, whatever its label says
            if tap is not None:
                return tap
        if DOOR_RE.search(low):
            return OOD
        if _EXISTS_RE.fullmatch(low.strip(" ,.!?~，。！？")):
            return None  # "是不是还有个制冷": asking whether the car has it, the request comes after
        bare = low.strip(" ,.!?~")
        if YES_RE.match(bare):
            return Command("dialog.confirm", {})
        if NO_RE.match(bare):
            return Command("dialog.reject", {})
        for frame in self.frames:
            m = frame.trigger.search(low)
            if not m:
                continue
            built = frame.build(clause, m)
            if built is None:
                continue
            if isinstance(built, Command):
                return built
            return Command(frame.intent, built)
        if labels:
            m = OPEN_LABEL_RE.match(low)
            if m:
                label = best_label(_tap_target(m, clause), labels, fuzzy=False)
                if label:
                    return Command("screen.tap", {"label": label})
            return None
        return _unlabelled_tap(clause)


@functools.lru_cache(maxsize=1)
def shared_grammar() -> RulesCommandModel:
    """One rule grammar for the checks that read a few words alone (a button's label, a song's title); it holds no
    state between readings."""
    return RulesCommandModel()
