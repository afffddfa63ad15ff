"""Cues: does an utterance name what a command does at all?

A fine-tuned small model writes fluent commands for words that never asked for them: "turn the volume down"
read as the fan, "后挡也开一下" as a reading light, "你今天心情怎么样" as the weather, "一百二十八乘以三" as a
temperature of 128. Every intent has words without which nobody asks for it: the thing ("风", "window",
"音量"), what it does ("mute", "静音"), or what makes one want it ("闷", "freezing", "看不清"). This module lists
them with high recall (a miss here makes the arbiter distrust a correct answer, so a cue errs on the broad side)
and says whether a command is *named* by an utterance (and by what the dialogue said just before it, for
follow-ups like "warmer" or "and tomorrow?").

The arbiter (`guard.arbitrate`, check "unnamed") uses it only where the two readers disagree: a reading whose
every command is named beats one with a command nothing named; a command nothing named is dropped when the
grammar had no reading; and an arithmetic question is never a command.

Dialogue answers (`dialog.*`) and out-of-domain answers have no cues: a "yes" is as free as speech gets.
"""

from __future__ import annotations

import re
from typing import Sequence

from multimodal.text.lexicon import fold
from vehicle_state.commands import REASON_UNSAFE, Command


def _rx(pattern: str) -> re.Pattern:
    return re.compile(pattern, re.IGNORECASE)


# Shared pieces: climate words and a temperature that could be a setpoint.
_CLIMATE = (r"空调|冷气|暖气|暖风|热风|冷风|climate|hvac|(?<![a-z])a/?c(?![a-z])|air ?con|aircon|heater|heating|thermostat")
_HOT_COLD = (r"冷|热|凉|暖|冻|闷|烤|晒|烫|冰|寒|温|燥|潮|汗|hot|cold|cool|warm|heat|freez|chill|toast|boil|stuff|sweat|"
             r"(?<!de)frost|icy|humid|muggy|sauna|oven|bak|roast|shiver|nipp|parky|temp")
_SETPOINT = r"(?<![\d.])(?:1[6-9]|2\d|3[0-2])(?:\.5)?(?!\d|\.\d|%)"
_EN_SETPOINT = (r"\b(?:sixteen|seventeen|eighteen|nineteen|twenty|thirty)\b|度"
                r"|(?<![一二三四五六七八九十百千万])(?:十[六七八九]|二十[一二三四五六七八九]?|三十[一二]?)(?![十百千万一二三四五六七八九])")

INTENT_CUES: dict[str, re.Pattern] = {
    "hvac.power": _rx(rf"{_CLIMATE}|{_HOT_COLD}|风|fan|blow|air\b"),
    "hvac.set_temperature": _rx(rf"\d\s*c\b|zone|{_CLIMATE}|{_HOT_COLD}|度|°|℃|degree|celsius|{_SETPOINT}|{_EN_SETPOINT}"
                                # a Fahrenheit setpoint said for a seat ("set the driver side to 70 and passenger to 68")
                                r"|\b(?:driver|passenger|side|rear|back|front)\b[^,;.]{0,14}?(?<![\d.])(?:6\d|7\d|8[0-5])(?!\d|%)"),
    "hvac.adjust_temperature": _rx(rf"^再?[高低](?:一)?点儿?|蒸笼|brr|{_CLIMATE}|{_HOT_COLD}|度|°|℃|degree"),
    "hvac.set_fan": _rx(r"(?<!台)(?<!飓)(?<!卷)风(?!暴|景|格|险|俗|水)|吹|fan|blow|(?<![a-z])air|wind(?!ow|shield|screen)|breez|draft|draught|档|level|speed|gear|setting"),
    "hvac.adjust_fan": _rx(r"(?<!台)(?<!飓)(?<!卷)风(?!暴|景|格|险|俗|水)|吹|档|level|notch|fan|blow|(?<![a-z])air|wind(?!ow|shield|screen)|breez|draft|draught|闷|stuff"),
    "hvac.ac": _rx(rf"{_CLIMATE}|制冷|压缩机|compressor|cool|冷|热|hot|闷|stuff"),
    "hvac.auto": _rx(r"自动|auto"),
    "hvac.recirculation": _rx(r"气进来|外面的气|外面的空气|味|outside air|inside air|cabin air|keep .{0,12} out|循环|新风|外气|内气|recirc|fresh air|outside air|outside|air (?:in|from)|空气|尾气|废气|"
                              r"异味|味道|臭|烟|smell|stink|fume|exhaust|smok|dust|pollen|灰|雾霾|pollut|tunnel|隧道"),
    "hvac.defrost": _rx(r"雾|霜|后窗|heated|挡风|前挡|后挡|挡|玻璃|看不清|看不见|模糊|fog|mist|defog|defrost|frost|windshield|"
                        r"windscreen|rear window|back window|glass|can't see|cannot see|see (?:out|through|anything)"),
    "seat.heat": _rx(rf"座|椅|屁股|背|腰|seat|butt|bum|back|bottom|{_HOT_COLD}"),
    "seat.ventilate": _rx(rf"通风|座|椅|屁股|背|seat|vent|butt|back|{_HOT_COLD}"),
    "seat.massage": _rx(r"按摩|座|椅|背|腰|酸|累|乏|疲|massag|seat|back|sore|tired|stiff|ache|achy|knead"),
    "window.open": _rx(r"窗|window|缝|crack|透气|透透气|glass|玻璃|fresh|breeze|air|闷|stuff|smell|味|烟|smok|"
                       r"(?:roll|put|let|bring|wind)\s+(?:\w+\s+){0,3}down"),
    "window.close": _rx(r"窗|window|glass|玻璃|(?:roll|put|wind|bring)\s+(?:\w+\s+){0,3}up|雨|rain|吵|noise|noisy|loud|"
                        r"风(?:太|好|很)大|wind|cold|冷|dust|灰"),
    "sunroof.open": _rx(r"天窗|车顶|顶|sunroof|moonroof|roof|sky|star|天空|星|sun|阳光|光|light in|fresh air"),
    "sunroof.close": _rx(r"天窗|车顶|顶|sunroof|moonroof|roof|雨|rain|晒|sun"),
    "light.ambient": _rx(r"氛围|灯|光|亮|暗|light|ambient|mood|glow|color|colour|bright|dim|红|橙|黄|绿|蓝|紫|白|粉|"
                         r"\b(?:red|orange|yellow|green|blue|purple|white|pink)\b|浪漫|romantic|vibe"),
    "light.reading": _rx(r"阅读|灯|光|亮|暗|黑|看书|看不清|看不见|light|lamp|read|dark|see|bright|dim"),
    "media.play": _rx(r"放(?!学|心|假|弃|松|过|晴|慢|缓|菜|东西|行李|包|书包|箱子|进|到后备|在后备|后备|一下(?:书包|东西|行李|包|箱子))|播|(?<!接)听|首|整点|整一?首|chuck|stick on|whack on|bang on|queue|切到|switch to|小说|民乐|mood for|搜|search|find|put .{1,40} on|歌|曲|音乐|music|song|play|listen|track|album|radio|收音|电台|广播|fm|am\b|蓝牙|bluetooth|"
                      r"hear|usb|u盘|来一?首|来一?点|来一?段|唱|podcast|播客|tune|jam|继续|接着|恢复|resume|continue|unpause|"
                      r"sound|playlist|歌单|专辑|相声|评书|有声|audiobook|something by|some \w+|put on|throw on"),
    "media.pause": _rx(r"暂停|停|音乐|music|歌|song|关|\boff\b|pause|stop|hold|安静|别放|别唱|别播|不听|quiet|shush|shut|enough|等一下|等下|wait"),
    "media.skip": _rx(r"rewind|fast forward|倒回|快进|下一(?!单|站|个?路口|个?出口|位|个?客人|个?乘客|趟|程|步|个?订单)|sick of|tired of|terrible|awful|一遍|腻|repeat|once more|上一|切|换|跳|next(?!\s+to\b)|previous|prev\b|skip|another|back|前一|后一|different|change|不好听|难听|"
                      r"don't like|do not like|hate|last|不喜欢|不想听|其他|别的|other|重新|again|restart|replay|earlier"),
    "media.set_volume": _rx(r"音量|声音|声|volume|sound|loud|quiet|%|percent|百分|level|最大|最小|\bmax|\bmin|mute|静音"
                            r"|turn (?:it|this|that|the music|music) (?:up|down)|crank it"),
    "media.adjust_volume": _rx(r"音量|声音|声|吵|响|噪音|噪声|音乐|music|歌|song|radio|关小|开大|调大|调小|大点|小点|大一点|小一点|听不清|听不见|听不到|volume|loud|quiet|sound|hear|crank|noise|noisy|"
                               r"soft|deafen|blast (?:it|the music|the radio|this)|耳朵|ears?\b|turn (?:it|that|this|the music|music|things) (?:up|down)|"
                               r"(?:up|down) a (?:bit|notch|little|tad)"),
    "media.mute": _rx(r"静|声音|声|mut(?:e|ing)|silen|quiet|闭嘴|别出声|shut|安静|hush|sound|吵|noise|嘴"),
    "nav.navigate": _rx(r"drop (?:[a-z']+ ){0,2}off (?:at|by)|pick (?:[a-z']+ ){0,2}up (?:at|from)|去|到|走|导(?:个|一下|一个)?航|bring (?:me|us)|get to|\bnav\b|\bcourse\b|导航|目的地|destination|搜|search|find|inn|stay|diner|cafe|coffee|get (?:me|us) to|设置|周边|超充|回|往|路线|路|route|navigat|\bgo\b|take (?:me|us)|head|drive (?:me |us )?to|"
                        r"direction|way|找|附近|最近|nearest|nearby|closest|where|哪|home|家|公司|work|office|charg|充电|"
                        r"加油|停车|park|吃|饭|餐|厕所|卫生间|洗手间|酒店|宾馆|住|hungry|饿|gas|fuel|restroom|toilet|"
                        r"bathroom|hotel|motel|sleep|restaurant|food|eat|lunch|dinner|breakfast|service|维修|保养|4s"),
    "nav.cancel": _rx(r"取消|结束|停止|退出|关|不去|别去|别导|不用导|cancel|stop|end|quit|exit|forget|not going|sat ?nav|\bgps\b|\bkill\b|"
                      r"don't go|导航|route|navigation|directions|算了|never ?mind|不用了|\boff\b|clear"),
    "nav.avoid": _rx(r"避|躲|绕(?!路|远|圈|了一?大圈)|不走|别走|不要走|不上|别上|avoid|堵|拥堵|收费|高速|toll|highway|freeway|motorway|"
                     r"traffic|congest|jam|expressway|interstate|stay off|keep off|skip"),
    "phone.call": _rx(r"打|电话|接通|通话|talk to|speak (?:to|with)|拨|呼叫|联系|call|dial|ring|phone|contact|reach|给.{1,12}打|get .{1,20} on the line"
                      r"|\ba (?:buzz|bell|shout|holler)\b"),
    "phone.hang_up": _rx(r"挂|hang|end|结束|电话|call|不打|drop|断|disconnect|finish"),
    "query.vehicle": _rx(r"速|码|limit|going|how quick|多快|续航|电量|电(?!费|话|影|视|梯|脑|台|器|商|竞)|油|胎|温度|多少度|几度|range|battery|charge|fuel|gas|tank|tire|tyre|"
                         r"pressure|speed|fast|how far(?!\s+(?:is|are|was)\b[^,.?]*\bfrom\b)|temperature|外面|车里|里面|车内|车外|outside|inside|cabin|miles|"
                         r"mph|km|公里|跑|剩|left|冷|热|hot|cold|warm|juice|mileage|psi|kpa|气压|能开|make it|get there|"
                         r"够|enough"),
    "query.weather": _rx(rf"{_HOT_COLD}|blizzard|bucket\w* down|pour\w*|drizzl\w*|shower\w*|fog|humid|temperate|brolly|brollies|天气|天儿|下雨|雨|雪|晴|阴|云|温度|冷|热|weather|rain|snow|sun|forecast|umbrella|伞|cold|hot|warm|"
                         r"temperature|风|wind|storm|度|雾|霾|空气|air|cloud|degrees|hail|冰雹|台风|typhoon|"
                         # a forecast heat said as a number ("is it gonna hit 120 in Needles today")
                         r"\b(?:hit|reach|top|break) (?:\d{2,3}|a hundred)\b|"
                         r"outside|外面|穿|wear|jacket|coat|sky|skies|overcast|clear|precipitat|drizzl|thunder|lightning|降水|气温|雷|阴天|"
                         r"(?:今天|明天|今晚|明早)(?:会)?(?:怎么样|如何|咋样)|\b(?:today|tomorrow|tonight)\b.{0,12}\blike\b|"
                         r"\b(?:looking|nice|gonna be|going to be|pour|sunny|cloudy)\b"),
    "query.warning": _rx(r"灯|警|安全带|seat ?belt|怎么回事|what is|what's|怎么办|what (?:should|do) i do|what now|low|high|fluid|液|提示|报警|故障|亮|图标|符号|标志|闪|warning|light|icon|symbol|alert|message|sign|"
                         r"indicator|mean|意思|什么|啥|dashboard|仪表|lamp|telltale|code|error|notice|popup|pop-up"),
    "screen.tap": _rx(r"点|按|戳|选|触|tap|click|press|hit|select|touch|push|choose|pick|button|屏幕|screen|display|"
                      r"option|icon"),
}

# An unsafe answer needs a word about driving the car: speed, pedals, steering, gears, lanes, the safety systems,
# the engine, doors and lids.
_DRIVING = _rx(
    r"速|快|慢|油门|刹|方向|转|掉头|调头|车道|变道|并线|超车|倒|挡(?!着|住)|档|熄火|发动机|引擎|停车|靠边|巡航|驾驶|自动驾驶|泊车|"
    r"esp|esc|tcs|abs|adas|aeb|气囊|稳定|牵引|车门|门|后备箱|尾门|引擎盖|漂移|飙|冲|闯|踩|开车|开过去|撞|"
    r"制动|码|超过|\b(?:drop|put|knock|throw|slip|stick|shift) (?:it |her )?(?:down )?in(?:to)? (?:first|second|third|fourth|fifth|low|1st|2nd|3rd)\b|downshift|upshift|blind spot|掉个?头|打死|往左|往右|防抱死|自己开|liftgate|unlatch|speed|fast|slow|accelerat|gas|pedal|brak|per hour|\bgo \d+|备箱|frunk|steer|wheel|turn (?:left|right|around)|turning|u-?turn|lane|overtake|\bpass(?:ing)?\b|shift|gear|reverse|"
    r"neutral|\bpark\b|drive\b|driving|engine|cruise|autopilot|self-?driv|autonomous|pilot|\btraction|stability|airbag|"
    r"assist(?!ant)|collision|door|trunk|boot|hood|bonnet|tailgate|floor it|step on|pull over|stop the car|\brac(?:e|ing)\b|drift|"
    r"mph|km|limit|red light|honk|horn|swerve|crash|\bram\b|foot down|put your foot|运动模式|经济模式|雪地模式|越野模式|sport(?:s|y)? mode|eco mode|snow mode"
    r"|(?:换成|换到|切到|切成|挂到|挂|put it in|shift to|switch to)\s*[prnd](?![a-z])")

# Arithmetic asked of the assistant is out of domain whatever numbers it holds ("一百二十八乘以三等于多少",
# "what's eighteen percent of sixty-four").
_EN_NUMBER = r"(?:\d+(?:\.\d+)?|(?:zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|" \
             r"fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|" \
             r"thousand)(?:[\s-]+(?:and\s+)?(?:one|two|three|four|five|six|seven|eight|nine|hundred|thousand))*)"
_ZH_NUMBER = r"[\d零一二两三四五六七八九十百千万点.]+"
ARITHMETIC_RE = _rx(
    rf"{_ZH_NUMBER}\s*(?:乘以|乘上|除以|加上|减去|[加减乘除])\s*{_ZH_NUMBER}|开平方|平方根|"
    rf"\b\d+(?:\.\d+)?\s*[x×*/÷+]\s*\d+|\b{_EN_NUMBER}\s+(?:times|multiplied by|divided by|plus|minus)\s+{_EN_NUMBER}\b|"
    r"\b(?:squared|square root|per ?cent of|\d+ ?% of)\b")

_QUESTION_OF_NUMBERS = _rx(r"多少|几|what(?:'s| is)|how much|calculate|算一下|算算|计算|compute|等于")


# Things the car has that no command of the contract acts on: their words name nothing the model may write
# ("把方向盘加热打开" is no seat heating, "turn on the heated steering wheel" no steering).
OTHER_DEVICES_RE = _rx(r"方向盘加热|加热方向盘|(?:cooler|fridge|freezer|冰柜|冷柜|冰箱|保温箱)(?:'s|的)?\s*(?:fans?|风扇)|方向盘的加热|heated (?:steering )?wheel|steering[- ]wheel heat\w*|wheel heat\w*"
                       r"|后视镜加热|加热后视镜|heated mirrors?|mirror heat\w*|雨刷器?|雨刮器?|(?:windshield |windscreen |front |rear )?wipers?|门锁|door locks?"
                       r"|香氛|香薰|fragrance|diffuser|\bscents?\b|行车记录仪|dash ?cam|后视摄像头|倒车影像|倒车摄像头|倒车雷达|全景影像|360影像"
                       r"|摄像头|(?:rear|rear-view|rearview|backup|back-up|reversing|reverse|360) ?cam(?:era)?s?"
                       r"|大灯|远光|近光|雾灯|headlights?|high beams?"
                       # the screen's own settings (no command sets them)
                       r"|屏幕(?:上的)?(?:字|字体|字号)|字体|字号|屏幕(?:的)?亮度|屏幕太(?:亮|暗)|(?:font|text) size"
                       r"|(?:writing|text|font|letters) on the (?:screen|display)|screen brightness|(?:screen|display) (?:is )?too (?:bright|dim|dark)"
                       r"|low beams?|fog lights?|后视镜|mirrors?"
                       # the seat's position and backrest (the contract moves no seat)
                       r"|座椅?(?:往|向)(?:前|后|上|下)(?:挪|移|调|放|靠)?|(?:挪|移|调)(?:一下)?座椅?(?:位置)?|座椅位置|靠背|腰托|头枕"
                       r"|\b(?:move|slide|push|bring|put)\s+(?:my|the|your|his|her)?\s*seat\s+(?:back|forward|up|down)\w*"
                       r"|\bseat\s+(?:position|forward|backward|further back)|\brecline\w*|\bbackrest\b|\blumbar\b|\bheadrest\b"
                       r"|\bfold\w*\b[^,，。]*\bseats?\b|\bseats?\b[^,，。]*\bfold\w*|放倒|放平|躺平|\blean (?:back|forward)\b|折叠|车载冰箱|\b(?:car|mini) fridge\b|\bcooler box\b"
                       # the wheel warmed, the hazard lights, the screen's brightness, lids, the alarm and the cameras
                       r"|\b(?:heat|warm)(?:ing)?\s+(?:up\s+)?(?:the\s+|my\s+)?steering wheel|双闪|危险报警灯|\bhazards?(?: lights?)?\b"
                       r"|屏幕亮度|中控亮度|屏幕(?:调|开)?(?:亮|暗)|(?:screen|display)(?:'s)? brightness|brightness of the (?:screen|display)"
                       r"|\b(?:screen|display) (?:brighter|dimmer|darker)|\b(?:brighten|dim|darken) (?:the |my )?(?:screen|display)"
                       r"|油箱盖|加油口|充电口|充电盖|charg(?:e|ing) port|fuel (?:door|cap|flap)|gas cap|防盗|car alarm|哨兵模式|sentry mode"
                       r"|儿童锁|child ?lock|热点|hotspot|抬头显示|\bhud\b|head-up display|360影像|全景影像|surround view"
                       # the system's own settings: language, units, time, theme
                       r"|系统语言|语言(?:设置|换成|改成|切换|切成)|(?:换成|改成|切换成|切成|设成|设为)(?:英文|中文|英语|日语|日文|粤语|西班牙语)(?!歌|音乐|的歌|版|电台|新闻|广播)"
                       r"|\b(?:system|display|interface|menu|voice assistant'?s?) language\b|\blanguage (?:to|setting)"
                       r"|主题|壁纸|字体|\b(?:wallpaper|theme|font size)\b|时区|\btime ?zone\b"
                       # the battery's charging settings (a limit, a schedule) and driving modes of the car's own
                       r"|充电上限|充电限制|充电限值|充到百分之|充电(?:时间|计划|预约)|(?:charge|charging) (?:limit|level|cap|schedule)"
                       r"|\bcharge (?:it )?to \d+|\bmax(?:imum)? charge\b"
                       # the phone's or the stream's own things: a recording, a screenshot, a title ("帮我录个屏", "把直播间标题改成…")
                       r"|录屏|录个屏|录一下屏|截屏|截个屏|截图|截个图|直播间|直播标题|(?:标题|名字|昵称)(?:改成|换成|改为)"
                       r"|\bscreen ?record\w*|\brecord (?:the|my) screen\b|\bscreenshot\b|\bstream title\b|\b(?:rename|retitle) (?:the|my) stream\b"
                       # the player's own modes and marks: repeat, shuffle, a favourite ("单曲循环", "put this on repeat", "收藏这首歌")
                       r"|单曲循环|列表循环|循环播放|随机播放|顺序播放|收藏(?:这首|一下|这个)|点个?赞|\bon repeat\b|\bshuffle\b"
                       r"|\brepeat (?:this|the) (?:song|track|one)\b|\b(?:like|favou?rite|heart|save) (?:this|the) (?:song|track)\b"
                       # the massage's own programs and strength (no command sets them: "按摩换个模式", "change the massage mode")
                       r"|按摩(?:换|切)(?:个|一个|一下)?(?:模式|力度|档位|手法)|按摩的?(?:模式|力度|手法)"
                       r"|\bmassage\s+(?:mode|program|pattern|intensity|setting)s?\b"
                       # where the air blows (no command sets the vents' direction)
                       r"|风向|出风口|(?:风|空调)?(?:往|朝|对着)(?:脚|脚下|脚底|脸|头|身上|上面|下面)(?:吹|走)|吹(?:脚|脸|头)(?:模式)?"
                       r"|\b(?:air|vents?|airflow)\b[^,，。]{0,20}\b(?:to|at|on|towards?)\s+(?:my|the)\s+(?:feet|face|legs)\b"
                       r"|\bvents?\s+(?:up|down|left|right)\b|\b(?:point|aim|direct)\s+(?:the\s+)?(?:vents?|air)\b")


def driving_words(text: str) -> bool:
    """Words about driving the car itself (speed, pedals, steering, gears, lanes, the safety systems)."""
    return bool(_DRIVING.search(_NOT_DRIVING.sub(" ", OTHER_DEVICES_RE.sub(" ", fold(text).lower()))))


# Words with a driving word inside that are about no driving ("脑筋急转弯" is a riddle)
_NOT_DRIVING = _rx(r"脑筋急转弯|刹车片|刹车盘|刹车油|刹车灯|\bbrake (?:pads?|discs?|rotors?|fluid|lights?)\b")


def arithmetic(text: str) -> bool:
    """A sum asked of the assistant."""
    low = fold(text).lower()
    return bool(ARITHMETIC_RE.search(low) and _QUESTION_OF_NUMBERS.search(low))


# What a command acts on, so that a follow-up ("turn that off", "再高一点", "the passenger side too") is named by the
# previous turn's command on the same thing.
_DEVICE_PREFIXES = (("hvac.set_temperature", "temperature"), ("hvac.adjust_temperature", "temperature"),
                    ("hvac.set_fan", "fan"), ("hvac.adjust_fan", "fan"), ("media.set_volume", "volume"),
                    ("media.adjust_volume", "volume"), ("media.mute", "volume"), ("window.", "window"),
                    ("sunroof.", "sunroof"), ("media.", "media"), ("nav.", "nav"), ("phone.", "phone"))


def device(intent: str) -> str:
    """The thing an intent acts on (its intent name when it is the only one on it)."""
    for prefix, name in _DEVICE_PREFIXES:
        if intent.startswith(prefix):
            return name
    return intent


# The words that ask for a thing outright, by its own name ("AC on", "音量二十", "defrost the windshield"), not by a
# reason to want it ("好热", "it's raining"): an extra command of one reader's is a request the other missed only
# when the utterance names its thing outright (guard checks "extra" and "missing").
_OUTRIGHT: dict[str, re.Pattern] = {
    "temperature": _rx(r"温度|(?<![速角亮])度(?!假)|°|℃|degree|temperature|\btemp\b|thermostat"),
    "fan": _rx(r"风量|风速|风力|风扇|风档|(?<!吹)吹风|(?:(?<!通)风|fan).{0,4}(?:档|level|speed)|\bfan\b|blower"),
    "hvac.ac": _rx(r"(?<![a-z])a/?c(?![a-z])|air ?con|aircon|制冷|压缩机|compressor"),
    "hvac.power": _rx(r"空调|暖气|暖风|climate|hvac|\bheater\b|\bheating\b"),
    "hvac.auto": _rx(r"自动|\bauto\b"),
    "hvac.recirculation": _rx(r"循环|recirc|fresh air|新风|外气|内气"),
    "hvac.defrost": _rx(r"除雾|除霜|去雾|defrost|defog|demist|挡风|windshield|windscreen|前挡|后挡|rear window|back window"),
    "seat.heat": _rx(r"加热|seat heat|heated seat|seat warm|heat (?:up )?(?:my |the )?seat|warm (?:up )?(?:my |the )?seat"),
    "seat.ventilate": _rx(r"通风|ventilat|seat cool|cool (?:my |the )?seat"),
    "seat.massage": _rx(r"按摩|massag"),
    "window": _rx(r"(?<!天)窗(?!帘)|window"),
    "sunroof": _rx(r"天窗|sunroof|moonroof|roof"),
    "light.ambient": _rx(r"氛围灯|ambient|mood light"),
    "light.reading": _rx(r"阅读灯|读书灯|reading light|map light|dome light|reading lamp"),
    "volume": _rx(r"音量|声音|volume|louder|quieter|softer|静音|\bmute|unmute"),
    "media": _rx(r"播放|放(?:一首|首|歌|音乐|点)|暂停|收音机|电台|广播|蓝牙|u盘|下一首|上一首|切歌|音乐|\bmusic\b|\bplay|\bpause|\bradio\b"
                 r"|bluetooth|\busb\b|\bnext\b(?!\s+to\b)"
                 r"|\bprevious\b|\bskip|\bsong|\btrack"),
    "nav": _rx(r"导航|路线|避开|绕开|(?:不走|别走|不上|别上|不要走)(?:高速|收费)|navigat|\broute|directions|\bavoid"
               r"|\bno (?:toll roads|tolls?|highways?|motorways?|freeways?)\b"),
    "phone": _rx(r"电话|挂断|挂了|\bcall\b|\bdial|hang up"),
    "query.weather": _rx(r"天气|weather|forecast"),
}


# Which reading of the car a query asks for: a query is named only with a word for its own item ("你觉得我还能开多久不
# 睡着" asks how long the driver stays awake, not the cabin temperature).
_VEHICLE_ITEM_CUES: dict[str, re.Pattern] = {
    "speed": _rx(r"速|码|快|每小时|公里|fast|speed|going|quick|limit|mph|km|miles|per hour|an hour"),
    "range": _rx(r"续航|远|里程|跑|能开|能走|公里|剩|够|range|far|miles|km|kilomet|make it|get there|left|enough|empty"),
    # 电 of the battery, not of a bill, a phone, a film or a lift ("把这个月的电费交了" asks nothing of the car)
    "battery": _rx(r"电(?!费|话|影|视|梯|脑|台|器|商|竞)|battery|charge|juice|soc\b|percent|%|够|enough|left"),
    "fuel": _rx(r"油|fuel|gas|petrol|diesel|tank|够|enough|left|empty"),
    "tire_pressure": _rx(r"胎|气压|压力|tire|tyre|pressure|psi|kpa|\bbar\b|flat"),
    "cabin_temperature": _rx(r"温|度|冷|热|凉|暖|闷|车里|车内|里面|cabin|inside|interior|in here|in the car|temp|hot|cold|"
                             r"warm|chilly|cool|stuffy|freezing|boiling"),
    "outside_temperature": _rx(r"温|度|冷|热|凉|暖|外|outside|outdoor|out there|temp|hot|cold|warm|chilly|cool|freezing|boiling"),
}


def has_outright_words(command: Command) -> bool:
    """Whether the thing ``command`` acts on has words that name it outright (a dialogue answer has none)."""
    return device(command.intent) in _OUTRIGHT


def asked_outright(command: Command, text: str) -> bool:
    """Whether ``text`` names the thing ``command`` acts on by its own name (not only a reason to want it)."""
    cue = _OUTRIGHT.get(device(command.intent))
    return cue is not None and bool(cue.search(OTHER_DEVICES_RE.sub(" ", fold(text).lower())))


def names_a_thing(text: str) -> bool:
    """Whether ``text`` names any thing the car acts on by its own name ("接着放歌" does, "是不是能打开" does not)."""
    low = OTHER_DEVICES_RE.sub(" ", fold(text).lower())
    return any(cue.search(low) for cue in _OUTRIGHT.values())


def named(command: Command, text: str, previous: Sequence[Command] = ()) -> bool:
    """Whether ``text`` (the utterance, plus what the dialogue said just before it) has a word that asks for
    ``command``, or the previous turn acted on the same thing. Commands without cues (dialogue answers, out of
    domain) always count as named."""
    said = fold(text).lower()
    label = fold(str(command.slots.get("label", ""))).lower().strip()
    if command.intent == "screen.tap" and label and label in said:
        return True  # a visible label said ("打开方向盘加热" on a screen that shows it)
    low = OTHER_DEVICES_RE.sub(" ", said)
    if command.intent == "unsupported":
        return command.slots.get("reason") != REASON_UNSAFE or bool(_DRIVING.search(low))
    if any(device(p.intent) == device(command.intent) for p in previous):
        return True
    cue = INTENT_CUES.get(command.intent)
    if cue is not None and not cue.search(low):
        return False
    item_cue = _VEHICLE_ITEM_CUES.get(str(command.slots.get("item"))) if command.intent == "query.vehicle" else None
    return item_cue is None or bool(item_cue.search(low))


def unnamed(commands: Sequence[Command], text: str, previous: Sequence[Command] = ()) -> list[int]:
    """Positions of the commands nothing in ``text`` (or the previous turn) asks for."""
    return [i for i, c in enumerate(commands) if not named(c, text, previous)]


# A call the driver is about to make, said as the reason for quiet ("等会儿要给客户打电话，先把音乐暂停", "I've got to call a
# customer, pause the music"): the car is asked for the quiet, the driver will dial. Alone, "I need to call Mom" asks.
_CALL_PLANNED = re.compile(r"(?:等会儿?|等一下|待会儿?|一会儿?|过会儿?|马上|准备|得|需要|还要|要先)要?(?:给|跟|和)[^，,。]{1,8}?"
                           r"(?:打|拨|回)(?:个|一个|一通)?电话"
                           r"|\b(?:i'?ve got to|i have to|i gotta|i got to|i need to|i'?m about to|about to|i'?m going to|i'?m gonna"
                           r"|i'?ll|i will|i must)\s+(?:make a (?:quick )?call to|give\s+\S+(?:\s+\S+)?\s+a call|call|phone|ring)\b"
                           r"|\bi'?ve got a call to make\b"
                           # (the "I" dropped, as said in a hurry: "gotta call the produce guy in a sec so pause the music")
                           r"|^(?:(?:ok(?:ay)?|so|uh|um|oh)\s+)*(?:gotta|got to|have to|need to|gonna|about to)\s+(?:make a (?:quick )?call to"
                           r"|give\s+\S+(?:\s+\S+)?\s+a call|call|phone|ring)\b", re.I)


def quiet_asked(command: Command) -> bool:
    """A request that makes the cabin quiet for a call."""
    return (command.intent in ("media.pause", "window.close")
            or (command.intent == "media.mute" and command.slots.get("on") is not False)
            or (command.intent == "media.adjust_volume" and command.slots.get("direction") == "down"))


def call_planned(commands: Sequence[Command], text: str) -> bool:
    """The call among ``commands`` is one the driver will make, told as the reason for a quiet cabin also asked for:
    said before the quiet ("gotta call the produce guy, so pause the music") or for later ("…in a sec"). Said after it
    with nothing of later ("rear reading light off, mute it, I gotta call Rosa") it is the next request."""
    planned = _CALL_PLANNED.search(text)
    if not (any(c.intent == "phone.call" for c in commands) and planned and any(quiet_asked(c) for c in commands)):
        return False
    quiet = _QUIET_WORDS.search(text)
    return quiet is None or planned.start() < quiet.start() or bool(_LATER.search(text))


_QUIET_WORDS = _rx(r"\b(?:pause|mute|quiet|silence|lower|turn (?:it|that|the music|the volume|the radio) down|volume down"
                   r"|close the windows?|shut the windows?)\b|静音|暂停|关小|调小|小点|小一点|音乐关|关掉音乐|歌停|停一下|关窗|窗户关")
_LATER = _rx(r"\bin a (?:sec|second|minute|min|bit|moment)\b|\b(?:later|soon|shortly|in a few)\b|等会|待会|一会|过会|马上|等一下")


# A name being chosen, not a number dialled ("what should we call the housewarming party", "what do you call this")
_NAMING_RE = re.compile(r"\bwhat (?:should|shall|do|would|will|can|could|did|are) (?:we|i|you|they|people) (?:going to |gonna )?call\b"
                        r"|\bwhat(?:'s| is) (?:it|this|that) called\b|叫什么名字|起(?:个|什么)名", re.I)


def naming_asked(text: str) -> bool:
    """The utterance asks what to call something: "call" is naming, no phone call."""
    return bool(_NAMING_RE.search(text))
