"""The rules backend: exact commands for many zh/en phrasings, per intent family, multi-intent and screen taps.

The sentences are the project's own, written against shared/spec/commands.md (never from external data).
"""

import json
import re

import pytest

from multimodal.command.rules import RulesCommandModel, best_label, split_clauses
from multimodal.text.lexicon import find_zone, normalize_label, parse_number, trim_text
from multimodal.protocols import CommandContext, InputError, ParseResult
from tests.conftest import ROOT
from vehicle_state.commands import commands_equal


def C(intent, **slots):
    return {"intent": intent, "slots": slots}


UNSAFE = C("unsupported", reason="unsafe")
OOD = C("unsupported", reason="out_of_domain")
MODEL = RulesCommandModel()


def check(text, expected, labels=()):
    got = [c.to_dict() for c in MODEL.parse(text, context=CommandContext(screen_labels=tuple(labels)))]
    assert commands_equal(got, expected), f"{text!r}\n  expected {json.dumps(expected, ensure_ascii=False)}" \
                                          f"\n  got      {json.dumps(got, ensure_ascii=False)}"


# Colloquial and varied phrasings, one per line, across every intent family.
PHRASES = [
    ('空调温度帮我设成十八度', [C("hvac.set_temperature", value=18)]),
    ('主驾驶温度二十五度', [C("hvac.set_temperature", zone='driver', value=25)]),
    ('把温度降低一度', [C("hvac.adjust_temperature", direction='down', amount=1)]),
    ('温度升高三度', [C("hvac.adjust_temperature", direction='up', amount=3)]),
    ('太冷了吧', [C("hvac.adjust_temperature", direction='up')]),
    ('好闷啊', [C("hvac.adjust_temperature", direction='down')]),
    ('凉快一点', [C("hvac.adjust_temperature", direction='down')]),
    ('热死了', [C("hvac.adjust_temperature", direction='down')]),
    ("it's a bit chilly", [C("hvac.adjust_temperature", direction='up')]),
    ('can you make it cooler', [C("hvac.adjust_temperature", direction='down')]),
    ('bump the temperature up two degrees', [C("hvac.adjust_temperature", direction='up', amount=2)]),
    ('set driver side to twenty', [C("hvac.set_temperature", zone='driver', value=20)]),
    ("I'd like it at 22.5 degrees", [C("hvac.set_temperature", value=22.5)]),
    ('temperature 24 for the rear seats', [C("hvac.set_temperature", zone='rear', value=24)]),
    ('空调关掉', [C("hvac.power", on=False)]),
    ('开一下空调', [C("hvac.power", on=True)]),
    ('后排空调打开', [C("hvac.power", zone='rear', on=True)]),
    ('shut off the climate', [C("hvac.power", on=False)]),
    ('把AC打开', [C("hvac.ac", on=True)]),
    ('关闭冷气', [C("hvac.ac", on=False)]),
    ('air conditioning on please', [C("hvac.ac", on=True)]),
    ('put the climate on auto', [C("hvac.auto", on=True)]),
    ('关闭自动模式', [C("hvac.auto", on=False)]),
    ('用内循环', [C("hvac.recirculation", on=True)]),
    ('关闭内循环', [C("hvac.recirculation", on=False)]),
    ('switch recirculation off', [C("hvac.recirculation", on=False)]),
    ('后挡风玻璃除雾打开', [C("hvac.defrost", target='rear', on=True)]),
    ('车窗上全是雾', [C("hvac.defrost", target='front', on=True)]),
    ('defog the windshield', [C("hvac.defrost", target='front', on=True)]),
    ('the back window is all fogged up', [C("hvac.defrost", target='rear', on=True)]),
    ('turn off the front defroster', [C("hvac.defrost", target='front', on=False)]),
    ('风小一点', [C("hvac.adjust_fan", direction='down')]),
    ('风量开到最大', [C("hvac.set_fan", level=7)]),
    ('风速调成两档', [C("hvac.set_fan", level=2)]),
    ('吹得我头疼', [C("hvac.adjust_fan", direction='down')]),
    ('fan on full', [C("hvac.set_fan", level=7)]),
    ('reduce the fan speed', [C("hvac.adjust_fan", direction='down')]),
    ('increase fan by one', [C("hvac.adjust_fan", direction='up', amount=1)]),
    ('副驾座椅加热打开', [C("seat.heat", zone='passenger', on=True)]),
    ('座椅加热调到一档', [C("seat.heat", on=True, level=1)]),
    ('屁股好冷，开一下座椅加热', [C("hvac.adjust_temperature", direction='up'), C("seat.heat", on=True)]),
    ('座椅通风关了', [C("seat.ventilate", on=False)]),
    ('左后座椅按摩打开', [C("seat.massage", zone='rear_left', on=True)]),
    ('my back hurts, turn on the seat massage', [C("seat.massage", on=True)]),
    ("warm up the driver's seat", [C("seat.heat", zone='driver', on=True)]),
    ('seat heating level 3 for the passenger', [C("seat.heat", zone='passenger', on=True, level=3)]),
    ('cool my seat', [C("seat.ventilate", on=True)]),
    ('turn off all seat heaters', [C("seat.heat", zone='all', on=False)]),
    ('窗户打开一点点', [C("window.open", percent=20)]),
    ('把车窗全部关上', [C("window.close", zone='all')]),
    ('后排车窗降下来', [C("window.open", zone='rear')]),
    ('左前窗户摇上去', [C("window.close", zone='driver')]),
    ('lower the passenger window', [C("window.open", zone='passenger')]),
    ('put the windows up', [C("window.close")]),
    ('open my window halfway', [C("window.open", percent=50)]),
    ('close the rear right window', [C("window.close", zone='rear_right')]),
    ('天窗打开一条缝', [C("sunroof.open", percent=20)]),
    ('把天窗关上', [C("sunroof.close")]),
    ('open the moonroof', [C("sunroof.open")]),
    ('氛围灯改成绿色', [C("light.ambient", color='green')]),
    ('ambient light brightness 50', [C("light.ambient", brightness=50)]),
    ('turn off the ambient lights', [C("light.ambient", on=False)]),
    ('开一下阅读灯', [C("light.reading", on=True)]),
    ('turn the reading light off', [C("light.reading", on=False)]),
    ('放首歌听听', [C("media.play")]),
    ('播放林俊杰的江南', [C("media.play", query='江南')]),
    ('来点摇滚乐', [C("media.play", query='摇滚乐')]),
    ('我想听邓紫棋的歌', [C("media.play", query='邓紫棋')]),
    ('切换到蓝牙', [C("media.play", source='bluetooth')]),
    ('play something by Taylor Swift', [C("media.play", query='Taylor Swift')]),
    ('play the radio', [C("media.play", source='radio')]),
    ('I want to listen to Hotel California', [C("media.play", query='Hotel California')]),
    ('play Coldplay', [C("media.play", query='Coldplay')]),
    ('停一下音乐', [C("media.pause")]),
    ('stop the music', [C("media.pause")]),
    ('换一首', [C("media.skip", direction='next')]),
    ('next track please', [C("media.skip", direction='next')]),
    ('play the previous song', [C("media.skip", direction='previous')]),
    ('音量五十', [C("media.set_volume", value=50)]),
    ('volume at fifteen', [C("media.set_volume", value=15)]),
    ('大声点', [C("media.adjust_volume", direction='up')]),
    ('小声一点', [C("media.adjust_volume", direction='down')]),
    ('louder', [C("media.adjust_volume", direction='up')]),
    ('turn the volume down', [C("media.adjust_volume", direction='down')]),
    ('太吵了', [C("media.adjust_volume", direction='down')]),
    ('把声音关掉', [C("media.mute", on=True)]),
    ('导航到北京西站', [C("nav.navigate", destination='北京西站')]),
    ('我想去故宫', [C("nav.navigate", destination='故宫')]),
    ('带我去最近的4S店', [C("nav.navigate", category='service_center')]),
    ('附近有停车场吗', [C("nav.navigate", category='parking')]),
    ('回公司', [C("nav.navigate", destination='work')]),
    ('去机场', [C("nav.navigate", destination='机场')]),
    ('找个酒店住', [C("nav.navigate", category='hotel')]),
    ('get me to the airport', [C("nav.navigate", destination='airport')]),
    ('navigate to 1600 Amphitheatre Parkway', [C("nav.navigate", destination='1600 Amphitheatre Parkway')]),
    ('I need a restroom', [C("nav.navigate", category='restroom')]),
    ('find me a parking spot', [C("nav.navigate", category='parking')]),
    ("let's go home", [C("nav.navigate", destination='home')]),
    ('结束导航', [C("nav.cancel")]),
    ('cancel the route', [C("nav.cancel")]),
    ('避开收费站', [C("nav.avoid", what='tolls')]),
    ('route around the traffic', [C("nav.avoid", what='congestion')]),
    ('no highways please', [C("nav.avoid", what='highways')]),
    ('打给爸爸', [C("phone.call", contact='爸爸')]),
    ('给王总打个电话', [C("phone.call", contact='王总')]),
    ('call mom', [C("phone.call", contact='mom')]),
    ('dial David Chen', [C("phone.call", contact='David Chen')]),
    ('挂了吧', [C("phone.hang_up")]),
    ('end the call', [C("phone.hang_up")]),
    ('油还够吗', [C("query.vehicle", item='fuel')]),
    ('续航还有多少', [C("query.vehicle", item='range')]),
    ('how much charge do I have', [C("query.vehicle", item='battery')]),
    ("what's my range", [C("query.vehicle", item='range')]),
    ("what's the temperature outside", [C("query.vehicle", item='outside_temperature')]),
    ('车里现在几度', [C("query.vehicle", item='cabin_temperature')]),
    ('明天要带伞吗', [C("query.weather", day='tomorrow')]),
    ('广州今天天气', [C("query.weather", location='广州', day='today')]),
    ('is it going to rain in London tomorrow', [C("query.weather", location='London', day='tomorrow')]),
    ("what's the forecast for today", [C("query.weather", day='today')]),
    ('仪表盘上那个黄灯是什么意思', [C("query.warning")]),
    ('发动机故障灯亮了', [C("query.warning", name='发动机故障灯')]),
    ("what's this light on the dashboard", [C("query.warning")]),
    ('what does the tire pressure warning mean', [C("query.warning", name='tire pressure warning')]),
    ('行', [C("dialog.confirm")]),
    ('没问题', [C("dialog.confirm")]),
    ('yeah go ahead', [C("dialog.confirm")]),
    ('不要', [C("dialog.reject")]),
    ('nope', [C("dialog.reject")]),
    ('not now thanks', [C("dialog.reject")]),
    ('刹车', [C("unsupported", reason='unsafe')]),
    ('帮我换到D档', [C("unsupported", reason='unsafe')]),
    ('把自动驾驶关了', [C("unsupported", reason='unsafe')]),
    ('brake now', [C("unsupported", reason='unsafe')]),
    ('put it in reverse', [C("unsupported", reason='unsafe')]),
    ('turn off traction control', [C("unsupported", reason='unsafe')]),
    ('open the trunk while driving', [C("unsupported", reason='unsafe')]),
    ('开着车呢帮我把车门打开', [C("unsupported", reason='unsafe')]),
    ('打开车门', [C("unsupported", reason='out_of_domain')]),
    ('open the trunk', [C("unsupported", reason='out_of_domain')]),
    ('remind me to buy milk', [C("unsupported", reason='out_of_domain')]),
    ('帮我订一张去北京的机票', [C("unsupported", reason='out_of_domain')]),
    ('你叫什么名字', [C("unsupported", reason='out_of_domain')]),
    ('how are you today', [C("unsupported", reason='out_of_domain')]),
    ('打开空调并且调到23度', [C("hvac.power", on=True), C("hvac.set_temperature", value=23)]),
    ('把音量调小然后下一首', [C("media.adjust_volume", direction='down'), C("media.skip", direction='next')]),
    ('关掉天窗，打开内循环', [C("sunroof.close"), C("hvac.recirculation", on=True)]),
    ('主驾座椅加热开到二档，副驾座椅通风打开', [C("seat.heat", zone='driver', on=True, level=2), C("seat.ventilate", zone='passenger', on=True)]),
    ('导航去西湖，顺便避开拥堵', [C("nav.navigate", destination='西湖'), C("nav.avoid", what='congestion')]),
    ('turn on the reading light and close the sunroof', [C("light.reading", on=True), C("sunroof.close")]),
    ('set fan to 3 then turn on recirculation', [C("hvac.set_fan", level=3), C("hvac.recirculation", on=True)]),
    ('open the driver window and the passenger window', [C("window.open", zone='driver'), C("window.open", zone='passenger')]),
    ('play some music, also turn the volume up', [C("media.play"), C("media.adjust_volume", direction='up')]),
    ('pause the music then call Alice', [C("media.pause"), C("phone.call", contact='Alice')]),]


# A second batch, written before the fixes it prompted.
PHRASES += [
    ('麻烦把空调温度调低一点', [C("hvac.adjust_temperature", direction='down')]),
    ('调到十九度', [C("hvac.set_temperature", value=19)]),
    ('我有点热', [C("hvac.adjust_temperature", direction='down')]),
    ('车里冷得要命', [C("hvac.adjust_temperature", direction='up')]),
    ("it's too hot in here", [C("hvac.adjust_temperature", direction='down')]),
    ('could you set the passenger side to 24', [C("hvac.set_temperature", zone='passenger', value=24)]),
    ('drop the temperature a couple of degrees', [C("hvac.adjust_temperature", direction='down', amount=2)]),
    ('把空调打开吧', [C("hvac.power", on=True)]),
    ('空调别开了', [C("hvac.power", on=False)]),
    ('start the climate', [C("hvac.power", on=True)]),
    ('开冷气', [C("hvac.ac", on=True)]),
    ('turn the air conditioner off', [C("hvac.ac", on=False)]),
    ('打开前挡除雾', [C("hvac.defrost", target='front', on=True)]),
    ('前风挡有哈气', [C("hvac.defrost", target='front', on=True)]),
    ("I can't see out the windshield, it's all fogged", [C("hvac.defrost", target='front', on=True)]),
    ('风量调到七', [C("hvac.set_fan", level=7)]),
    ('风开小点', [C("hvac.adjust_fan", direction='down')]),
    ('blower to 6', [C("hvac.set_fan", level=6)]),
    ('the fan is too loud, turn it down', [C("hvac.adjust_fan", direction='down')]),
    ('开启座椅加热二档', [C("seat.heat", on=True, level=2)]),
    ('副驾座椅加热关掉', [C("seat.heat", zone='passenger', on=False)]),
    ('后排座椅通风开一下', [C("seat.ventilate", zone='rear', on=True)]),
    ('给副驾开个按摩', [C("seat.massage", zone='passenger', on=True)]),
    ('turn on the heated seats', [C("seat.heat", on=True)]),
    ('passenger seat ventilation off', [C("seat.ventilate", zone='passenger', on=False)]),
    ('stop the massage', [C("seat.massage", on=False)]),
    ('降下副驾车窗', [C("window.open", zone='passenger')]),
    ('窗户开个缝透透气', [C("window.open", percent=20)]),
    ('把窗户都关了', [C("window.close")]),
    ('roll up all the windows', [C("window.close", zone='all')]),
    ('open the rear windows a bit', [C("window.open", zone='rear', percent=20)]),
    ('把天窗打开', [C("sunroof.open")]),
    ('close the sun roof please', [C("sunroof.close")]),
    ('氛围灯调成橙色', [C("light.ambient", color='orange')]),
    ('氛围灯亮度百分之六十', [C("light.ambient", brightness=60)]),
    ('change the ambient light color to white', [C("light.ambient", color='white')]),
    ('把左后的阅读灯打开', [C("light.reading", zone='rear_left', on=True)]),
    ('dome light on', [C("light.reading", on=True)]),
    ('放一首周杰伦的歌', [C("media.play", query='周杰伦')]),
    ('我想听相声', [C("media.play", query='相声')]),
    ('听广播', [C("media.play", source='radio')]),
    ('play Shape of You', [C("media.play", query='Shape of You')]),
    ('play my Bluetooth music', [C("media.play", source='bluetooth')]),
    ('put on some classical music', [C("media.play", query='classical')]),
    ('暂停播放', [C("media.pause")]),
    ('这首不好听换一首', [C("media.skip", direction='next')]),
    ('skip', [C("media.skip", direction='next')]),
    ('音量调到百分之四十', [C("media.set_volume", value=40)]),
    ('声音调小一点', [C("media.adjust_volume", direction='down')]),
    ('音量加三', [C("media.adjust_volume", direction='up', amount=3)]),
    ('make it louder', [C("media.adjust_volume", direction='up')]),
    ('volume up', [C("media.adjust_volume", direction='up')]),
    ('set volume to max', [C("media.set_volume", value=100)]),
    ('mute please', [C("media.mute", on=True)]),
    ('导航到首都机场', [C("nav.navigate", destination='首都机场')]),
    ('开车去西单大悦城', [C("nav.navigate", destination='西单大悦城')]),
    ('附近哪里有充电桩', [C("nav.navigate", category='charging_station')]),
    ('快没油了，找个加油站', [C("nav.navigate", category='gas_station')]),
    ('我要上厕所', [C("nav.navigate", category='restroom')]),
    ('navigate home', [C("nav.navigate", destination='home')]),
    ('drive to Starbucks on Main Street', [C("nav.navigate", destination='Starbucks on Main Street')]),
    ('find the nearest gas station', [C("nav.navigate", category='gas_station')]),
    ('I need to charge the car', [C("nav.navigate", category='charging_station')]),
    ('停止导航', [C("nav.cancel")]),
    ('躲开拥堵路段', [C("nav.avoid", what='congestion')]),
    ('avoid traffic', [C("nav.avoid", what='congestion')]),
    ('给小李打电话', [C("phone.call", contact='小李')]),
    ('拨打10086', [C("phone.call", contact='10086')]),
    ('call the office', [C("phone.call", contact='the office')]),
    ('挂掉', [C("phone.hang_up")]),
    ('电池还有多少', [C("query.vehicle", item='battery')]),
    ('现在开多快', [C("query.vehicle", item='speed')]),
    ("what's my tire pressure", [C("query.vehicle", item='tire_pressure')]),
    ('how many miles can I drive', [C("query.vehicle", item='range')]),
    ('明天天气', [C("query.weather", day='tomorrow')]),
    ('深圳今天下雨吗', [C("query.weather", location='深圳', day='today')]),
    ("how's the weather tomorrow", [C("query.weather", day='tomorrow')]),
    ('do I need an umbrella today', [C("query.weather", day='today')]),
    ('安全带灯什么意思', [C("query.warning", name='安全带灯')]),
    ('那个红色的灯是啥', [C("query.warning")]),
    ('what is that warning', [C("query.warning")]),
    ('why is the oil light on', [C("query.warning", name='oil light')]),
    ('好呀', [C("dialog.confirm")]),
    ('ok', [C("dialog.confirm")]),
    ('不需要', [C("dialog.reject")]),
    ('no', [C("dialog.reject")]),
    ('猛踩油门', [C("unsupported", reason='unsafe')]),
    ('掉个头', [C("unsupported", reason='unsafe')]),
    ('slam on the brakes', [C("unsupported", reason='unsafe')]),
    ('turn off the airbags', [C("unsupported", reason='unsafe')]),
    ('打开油箱盖', [C("unsupported", reason='out_of_domain')]),
    ("what's the capital of France", [C("unsupported", reason='out_of_domain')]),
    ('帮我查一下股票', [C("unsupported", reason='out_of_domain')]),
    ('打开座椅加热，音量调到二十，然后导航去公司', [C("seat.heat", on=True), C("media.set_volume", value=20), C("nav.navigate", destination='work')]),
    ('关闭空调同时打开车窗', [C("hvac.power", on=False), C("window.open")]),
    ('turn off the AC and open the sunroof', [C("hvac.ac", on=False), C("sunroof.open")]),
    ('set the temperature to 20 and the fan to 2', [C("hvac.set_temperature", value=20), C("hvac.set_fan", level=2)]),
]


@pytest.mark.parametrize("text, expected", PHRASES, ids=[t for t, _ in PHRASES])
def test_phrasings(text, expected):
    check(text, expected)


CONTRACT_EXAMPLES = [
    ("把主驾空调调到22度并打开座椅加热",
     [C("hvac.set_temperature", zone="driver", value=22), C("seat.heat", on=True)]),
    ("open the rear left window halfway", [C("window.open", zone="rear_left", percent=50)]),
    ("有点冷", [C("hvac.adjust_temperature", direction="up")]),
    ("navigate to the nearest charging station", [C("nav.navigate", category="charging_station")]),
    ("副驾座椅通风开到三档", [C("seat.ventilate", zone="passenger", on=True, level=3)]),
    ("挂倒挡", [UNSAFE]),
    ("导航去天安门吧", [C("nav.navigate", destination="天安门")]),
    ("副驾调到25度顺便把窗户关上", [C("hvac.set_temperature", zone="passenger", value=25), C("window.close")]),
]


@pytest.mark.parametrize("text, expected", CONTRACT_EXAMPLES, ids=[t for t, _ in CONTRACT_EXAMPLES])
def test_contract_examples(text, expected):
    check(text, expected)


NUMBERS = [
    ("温度调到二十二点五度", [C("hvac.set_temperature", value=22.5)]),
    ("温度调到二十二度半", [C("hvac.set_temperature", value=22.5)]),
    ("调高两度", [C("hvac.adjust_temperature", direction="up", amount=2)]),
    ("set the temperature to twenty two", [C("hvac.set_temperature", value=22)]),
    ("set the temperature to twenty-one point five degrees", [C("hvac.set_temperature", value=21.5)]),
    ("set the volume to seventy", [C("media.set_volume", value=70)]),
    ("音量调到一百", [C("media.set_volume", value=100)]),
    ("max volume", [C("media.set_volume", value=100)]),
    ("音量调到最大", [C("media.set_volume", value=100)]),
    ("车窗开一半", [C("window.open", percent=50)]),
    ("open the window a crack", [C("window.open", percent=20)]),
    ("车窗打开一点", [C("window.open", percent=20)]),
    ("温度设成三十五度", [C("hvac.set_temperature", value=35)]),  # out of range: written as said
]


@pytest.mark.parametrize("text, expected", NUMBERS, ids=[t for t, _ in NUMBERS])
def test_numbers_in_words_and_digits(text, expected):
    check(text, expected)


ZONES = [
    ("主驾座椅加热", [C("seat.heat", zone="driver", on=True)]),
    ("司机那边车窗关上", [C("window.close", zone="driver")]),
    ("右后车窗打开", [C("window.open", zone="rear_right")]),
    ("前排座椅通风打开", [C("seat.ventilate", zone="front", on=True)]),
    ("全车车窗关闭", [C("window.close", zone="all")]),
    ("主驾和副驾座椅加热都打开", [C("seat.heat", zone="front", on=True)]),
    ("我这边座椅加热打开", [C("seat.heat", on=True)]),
    ("turn on heating for my seat", [C("seat.heat", on=True)]),
    ("close the back seat windows", [C("window.close", zone="rear")]),
    ("turn on the driver and passenger seat heaters", [C("seat.heat", zone="front", on=True)]),
]


@pytest.mark.parametrize("text, expected", ZONES, ids=[t for t, _ in ZONES])
def test_zones(text, expected):
    check(text, expected)


def test_zone_is_not_copied_to_the_next_command():
    check("副驾温度调到24度然后打开座椅加热",
          [C("hvac.set_temperature", zone="passenger", value=24), C("seat.heat", on=True)])
    check("open the passenger window and turn on the seat massage",
          [C("window.open", zone="passenger"), C("seat.massage", on=True)])


def test_polarity_carries_over_a_bare_conjunct():
    check("关闭空调和座椅加热", [C("hvac.power", on=False), C("seat.heat", on=False)])
    check("turn off the reading light and the ambient light", [C("light.reading", on=False),
                                                               C("light.ambient", on=False)])


def test_at_most_four_commands_in_spoken_order():
    cmds = MODEL.parse("打开空调，关上天窗，打开内循环，播放音乐，然后导航回家")
    assert [c.intent for c in cmds] == ["hvac.power", "sunroof.close", "hvac.recirculation", "media.play"]


def test_split_keeps_decimal_numbers_whole():
    assert [p for _, p in split_clauses("set it to 22.5, then mute")] == ["set it to 22.5", "mute"]


# ---------------------------------------------------------------- screen labels
LABELS = ("座椅加热", "方向盘加热", "AUTO", "22°C", "蓝牙设置", "确定")


@pytest.mark.parametrize("text, label", [
    ("点一下座椅加热", "座椅加热"),
    ("点击确定", "确定"),
    ("按一下22℃", "22°C"),
    ("点一下二十二度", "22°C"),
    ("点auto", "AUTO"),
    ("点一下蓝牙设置按钮", "蓝牙设置"),
    ("点一下蓝牙设定", "蓝牙设置"),  # fuzzy
    ("打开方向盘加热", "方向盘加热"),  # no other intent fits
])
def test_screen_tap_picks_the_visible_label(text, label):
    check(text, [C("screen.tap", label=label)], LABELS)


def test_screen_tap_english_labels():
    labels = ("Bluetooth", "Wi-Fi Settings", "Driving Mode", "OK", "Cancel")
    check("tap on wifi settings", [C("screen.tap", label="Wi-Fi Settings")], labels)
    check("press ok", [C("screen.tap", label="OK")], labels)
    check("select the driving mode option", [C("screen.tap", label="Driving Mode")], labels)


def test_open_x_prefers_a_real_intent_over_a_label():
    check("打开座椅加热", [C("seat.heat", on=True)], LABELS)


def test_without_labels_tap_verbs_fall_back_to_the_grammar():
    check("点一下座椅加热", [C("seat.heat", on=True)])
    check("press play", [C("media.play")])


def test_labels_alone_never_make_commands():
    # the screen shows a "导航回家" button; an unrelated utterance must not trigger it
    check("讲个笑话", [OOD], ("导航回家", "打开空调"))
    check("点一下不存在的东西", [OOD], ("导航回家",))


def test_best_label_levels():
    labels = ["Seat Heating", "22 °C", "返回"]
    assert best_label("Seat Heating", labels) == "Seat Heating"
    assert best_label("seat  heating!", labels) == "Seat Heating"
    assert best_label("22℃", labels) == "22 °C"
    assert best_label("seat heatin", labels) == "Seat Heating"
    assert best_label("navigation", labels) is None
    assert best_label("anything", []) is None


# ---------------------------------------------------------------- safety and out of domain
@pytest.mark.parametrize("text", [
    "挂倒挡", "踩刹车", "加速", "帮我左转", "关闭车道保持", "把ESP关掉", "打开自适应巡航", "行驶中打开车门",
    "accelerate to 80", "hit the brakes", "steer right", "shift to neutral", "turn off the stability control",
    "open the trunk while we are driving on the highway", "关闭空调然后挂空挡",
])
def test_driving_controls_are_unsafe(text):
    check(text, [UNSAFE])


@pytest.mark.parametrize("text", [
    "打开后备箱", "锁车", "设置一个十分钟的计时器", "给张三发短信", "帮我预订餐厅", "今天几号", "你是谁",
    "open the boot", "send a text to Mike", "book a hotel room", "what time is it", "sing me a song please",
])
def test_things_the_car_cannot_do_are_out_of_domain(text):
    check(text, [OOD])


def test_brake_warning_light_is_a_question_not_braking():
    check("刹车灯亮了是什么意思", [C("query.warning", name="刹车灯")])
    check("what does the brake warning light mean", [C("query.warning", name="brake warning light")])


def test_supported_part_of_a_mixed_request_is_kept():
    check("打开空调，再帮我订个酒店", [C("hvac.power", on=True)])


# ---------------------------------------------------------------- API behaviour
def test_parse_detailed_reports_backend_and_timing():
    res = MODEL.parse_detailed("打开空调")
    assert isinstance(res, ParseResult) and res.backend == "rules" and res.fallback is None
    assert "parse_ms" in res.timings and json.loads(res.raw_output) == [C("hvac.power", on=True)]


@pytest.mark.parametrize("bad, code", [("", "text-empty"), ("   ", "text-empty"), (None, "text-not-a-string"),
                                       ("好" * 600, "text-too-long")])
def test_bad_input_is_an_input_error(bad, code):
    with pytest.raises(InputError) as err:
        MODEL.parse(bad)
    assert err.value.code == code


def test_describe_is_cheap_and_available():
    info = RulesCommandModel.describe()
    assert info.available and info.kind == "command" and set(info.languages) == {"zh", "en"}
    with pytest.raises(ValueError):
        RulesCommandModel(max_commands=9)


def test_registry_loads_rules():
    from multimodal import registry

    assert isinstance(registry.load("command", "rules"), RulesCommandModel)


def test_dev_set_exact_match_is_high():
    from multimodal.training.eval_commands import compute_metrics, evaluate, load_examples

    examples = load_examples(ROOT / "tests" / "data" / "commands_dev.jsonl")
    metrics = compute_metrics(evaluate(MODEL, examples, "rules"), "rules")
    assert metrics.n >= 150 and metrics.unsafe_executed == 0
    assert metrics.exact_match >= 0.9, metrics.to_dict()


def test_dev_set_covers_every_intent_in_both_languages():
    from vehicle_state.commands import INTENTS

    rows = [json.loads(line) for line in (ROOT / "tests" / "data" / "commands_dev.jsonl").open(encoding="utf-8")]
    seen = {c["intent"] for r in rows for c in r["expected"]}
    assert seen == set(INTENTS)
    assert {r["lang"] for r in rows} == {"zh", "en"} and len(rows) >= 150


# ---------------------------------------------------------------- lexicon
@pytest.mark.parametrize("text, value", [
    ("二十二", 22), ("二十二点五", 22.5), ("两", 2), ("十", 10), ("十五", 15), ("一百", 100), ("二二", 22),
    ("22.5", 22.5), ("２２", 22), ("twenty two", 22), ("twenty-two", 22), ("a hundred", 100),
    ("nineteen point five", 19.5), ("seven", 7), ("hello", None), ("", None),
])
def test_parse_number(text, value):
    assert parse_number(text) == value


@pytest.mark.parametrize("text, zone", [
    ("主驾", "driver"), ("副驾驶", "passenger"), ("左后", "rear_left"), ("后排右侧", "rear_right"), ("前排", "front"),
    ("后排", "rear"), ("全车", "all"), ("我这边", None), ("rear left", "rear_left"), ("the back seats", "rear"),
    ("passenger side", "passenger"), ("my side", None), ("all the windows", "all"), ("主副驾", "front"),
])
def test_find_zone(text, zone):
    assert find_zone(text) == zone


def test_trim_text_and_label_normalisation():
    assert trim_text("天安门吧。") == "天安门"
    assert trim_text("Times Square please") == "Times Square"
    assert normalize_label("２２ °C") == normalize_label("22℃") == normalize_label("二十二度")
    assert re.fullmatch(r"[a-z0-9]+", normalize_label("Wi-Fi Settings"))
