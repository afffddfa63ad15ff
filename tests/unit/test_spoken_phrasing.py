"""Spoken phrasing as a recogniser delivers it: answers run into requests, corrections without a pause, a mode
chosen after something switched off, a remark before a request, and the arbiter checks that keep those readings."""

import pytest

from multimodal.command.guard import arbitrate, canonicalise
from multimodal.protocols import CommandContext
from multimodal.registry import load
from vehicle_state.commands import Command

OOD = [Command("unsupported", {"reason": "out_of_domain"})]
UNSAFE = [Command("unsupported", {"reason": "unsafe"})]
YES, NO = Command("dialog.confirm", {}), Command("dialog.reject", {})


def C(intent: str, **slots) -> Command:
    return Command(intent, slots)


@pytest.fixture(scope="module")
def rules():
    return load("command", "rules")


@pytest.mark.parametrize("text, question, expected", [
    ("不用 把导航取消了就行", "需要为您播放每日推荐吗？", [NO, C("nav.cancel")]),
    ("行啊 再把温度调低两度", "要打开座椅按摩吗？", [YES, C("hvac.adjust_temperature", direction="down", amount=2)]),
    ("yeah go on and turn the air con off", "Want me to navigate to the nearest petrol station?", [YES, C("hvac.ac", on=False)]),
    ("nah just cancel the navigation", "Shall I play your daily mix?", [NO, C("nav.cancel")]),
    ("行，去吧，顺便把音乐关小一点", "要导航去最近的服务站吗？", [YES, C("media.adjust_volume", direction="down")]),
    ("Yeah, go ahead, and turn the music down a bit.", "Navigate to the nearest service center?",
     [YES, C("media.adjust_volume", direction="down")]),
    # one negated request, a no alone, and a driving control are no answer-plus-request
    ("不用再调了", "要调低温度吗？", [NO]),
    ("好的 把档位挂到N", "要调低温度吗？", UNSAFE),
])
def test_an_answer_then_a_request(rules, text, question, expected):
    assert rules.parse(text, None, CommandContext(pending_question=question)) == expected, text


@pytest.mark.parametrize("text, expected", [
    ("座椅加热开二档 哦不 一档就行", [C("seat.heat", on=True, level=1)]),
    ("seat heating level three actually make that two", [C("seat.heat", on=True, level=2)]),
    ("副驾温度调到二十六，哦不对，二十五度", [C("hvac.set_temperature", zone="passenger", value=25)]),
    ("Passenger temp to 26 — no wait, make it 25.", [C("hvac.set_temperature", zone="passenger", value=25)]),
    ("set the fan to 3 no wait 5", [C("hvac.set_fan", level=5)]),
    # a mode chosen is on, whatever the clause before switched off
    ("后排没人，把后排空调关了，空调再切成自动", [C("hvac.power", on=False, zone="rear"), C("hvac.auto", on=True)]),
    ("Nobody's in the back, so turn off the rear climate and set the climate to auto.",
     [C("hvac.power", on=False, zone="rear"), C("hvac.auto", on=True)]),
    ("turn off auto mode", [C("hvac.auto", on=False)]),
    # the verb after a list is every item's
    ("把阅读灯和氛围灯都关了", [C("light.reading", on=False), C("light.ambient", on=False)]),
    # a reading of the dashboard said, not asked, is the reason; a question still asks
    ("现在车速一百二，天窗赶紧关上", [C("sunroof.close")]),
    ("续航还有多少，帮我导航去充电站", [C("query.vehicle", item="range"), C("nav.navigate", category="charging_station")]),
    ("空调开自动 顺便报一下车外温度", [C("hvac.auto", on=True), C("query.vehicle", item="outside_temperature")]),
    # remarks, programmes and complaints that are no driving control
    ("开车有点犯困 把车窗开条缝", [C("window.open", percent=20)]),
    ("方向盘老往右跑，胎压正常吗", [C("query.vehicle", item="tire_pressure")]),
    ("方向盘往右打一点", UNSAFE),
    ("给孩子放凯叔讲故事", [C("media.play", query="凯叔讲故事")]),
    ("给我讲个故事", OOD),
    ("hang up then carry on playing", [C("phone.hang_up"), C("media.play")]),
    ("um get me to work please I'm late", [C("nav.navigate", destination="work")]),
    ("turn the music down a bit", [C("media.adjust_volume", direction="down")]),
    ("把音乐关小一点", [C("media.adjust_volume", direction="down")]),
    ("turn the music off", [C("media.pause")]),
    ("打错了，挂了挂了", [C("phone.hang_up")]),
])
def test_spoken_phrasing(rules, text, expected):
    assert rules.parse(text) == expected, text


def test_the_arbiter_keeps_what_the_words_say():
    # a door asked for while parked is out of domain, not unsafe; still rolling, it stays unsafe
    assert arbitrate(UNSAFE, OOD, "Pop the boot, I'm parked up")[0] == OOD
    assert arbitrate(UNSAFE, OOD, "Open my door, we're only rolling slowly")[0] == UNSAFE
    # nothing said of moving, arriving or driving: the contract's out of domain (neither refusal acts on the car)
    assert arbitrate(UNSAFE, OOD, "open the trunk")[0] == OOD
    # a mode chosen is not switched off
    model = [C("hvac.power", on=False, zone="rear"), C("hvac.auto", on=False)]
    heard = [C("hvac.power", on=False, zone="rear"), C("hvac.auto", on=True)]
    final, why = arbitrate(model, heard, "后排没人，把后排空调关了，空调再切成自动")
    assert final == heard and why.startswith("mode")
    # other words of the utterance are no contact or warning name
    final, why = arbitrate([C("phone.call", contact="老板")], [C("phone.call", contact="李经理")], "一会儿要跟老板汇报，给李经理打个电话")
    assert final == [C("phone.call", contact="李经理")] and why.startswith("elsewhere")
    # ...but a song's span is the model's to judge
    assert arbitrate([C("media.play", query="bruno mars")], [C("media.play", query="my favorite")],
                     "please play my favorite song by bruno mars")[0] == [C("media.play", query="bruno mars")]
    # a question asks for a command only in words that name it
    assert arbitrate([C("media.adjust_volume", direction="up")], OOD, "Do you ever get lonely?", complete=False)[0] == OOD


def test_a_source_said_as_a_query_is_the_source():
    assert canonicalise([C("media.play", query="my USB")]) == [C("media.play", source="usb")]
    assert canonicalise([C("media.play", query="蓝牙")]) == [C("media.play", source="bluetooth")]
    assert canonicalise([C("media.play", query="USB Boys")]) == [C("media.play", query="USB Boys")]


# ---- from the review of the change above: each of these went wrong in its first version

@pytest.mark.parametrize("text, question", [
    ("好的，打开空调，把手刹放了", "要开空调吗？"),
    ("ok turn on the AC and take off the handbrake", "Shall I turn on the AC?"),
    ("sure, turn on the AC and drop it into second gear", "Shall I turn on the AC?"),
    ("好的，开窗，帮我切到D档", "要开窗吗？"),
    ("可以，打开空调，帮我把车停下", "要开空调吗？"),
    ("好的，座椅加热打开，方向盘往左打 太沉了", "要开座椅加热吗？"),
])
def test_a_driving_control_after_a_yes_is_still_refused(rules, text, question):
    assert rules.parse(text, None, CommandContext(pending_question=question)) == UNSAFE, text


@pytest.mark.parametrize("text", ["方向盘往左打 太沉了", "挂N", "帮我挂个R", "档杆推到P", "把挡杆拨到R", "gear to N",
                                  "move the gear lever to D", "打开空调，开车快点", "开车靠边", "put it in second gear"])
def test_driving_controls_said_plainly(rules, text):
    assert rules.parse(text) == UNSAFE, text


def test_an_answer_then_a_request_needs_the_request():
    rules = load("command", "rules")

    def read(text, question):
        return rules.parse(text, None, CommandContext(pending_question=question))
    assert read("不用给我开座椅加热", "要开座椅加热吗？") != [NO, C("seat.heat", on=True)]  # one negated request
    assert read("可以帮我把空调打开吗", "要开座椅加热吗？") == [C("hvac.power", on=True)]  # a question of its own
    assert read("no thanks, it's too cold", "Open the window?") == [NO]  # a reason, not a request
    # the grammar may miss a driving control after "好的": the model's refusal then stands
    answer = [YES, C("hvac.power", on=True)]
    assert arbitrate(UNSAFE, answer, "好的，打开空调，把那个放了", followup=answer)[0] == UNSAFE
    # ...but "close it again" refused is still a follow-up
    again = [C("window.close")]
    assert arbitrate(UNSAFE, again, "close it again", followup=again)[0] == again


@pytest.mark.parametrize("text, expected", [
    ("空调不要切成自动", None),  # left to the model; never auto on
    ("I don't want auto mode", [C("hvac.auto", on=False)]),
    ("雨刷调成自动", None),
    ("车里不够热闹，放点音乐", [C("media.play")]),
    ("你别这么热情", OOD),
    ("the engine isn't warm enough yet", OOD),
    ("不够凉快，把窗户打开", [C("window.open")]),
    ("open the window i mean the sunroof", [C("sunroof.open")]),
    ("打开车窗哦不对打开天窗", [C("sunroof.open")]),
    ("call mom i mean dad", [C("phone.call", contact="dad")]),
    ("play I Mean It by G-Eazy", [C("media.play", query="I Mean It by G-Eazy")]),
    ("play No No No by Destiny's Child", [C("media.play", query="No No No by Destiny's Child")]),
    ("turn the volume down, then set the temperature to 22",
     [C("media.adjust_volume", direction="down"), C("hvac.set_temperature", value=22)]),
    ("driver seat heating to level 2 and passenger seat heating off",
     [C("seat.heat", on=True, level=2, zone="driver"), C("seat.heat", on=False, zone="passenger")]),
    ("navigate to I Am Cafe", [C("nav.navigate", destination="I Am Cafe")]),
    ("给孩子来点冷风", None),
])
def test_review_cases(rules, text, expected):
    got = rules.parse(text)
    if expected is None:  # nothing the grammar may claim: not the wrong reading
        assert got == OOD or all(c.intent != "hvac.auto" or not c.slots.get("on") for c in got), (text, got)
        assert all(c.intent != "media.play" for c in got), (text, got)
    else:
        assert got == expected, text


def test_a_door_is_parked_only_where_the_words_say_so():
    for text in ("we haven't stopped yet, pop the trunk", "we're not parked yet, open the door", "快到了，把后备箱打开",
                 "马上就到了，先把车门解锁", "we're back in traffic, open the trunk"):
        assert arbitrate(UNSAFE, OOD, text)[0] == UNSAFE, text


@pytest.mark.parametrize("text, expected", [
    ("别关空调，把风调小", [C("hvac.adjust_fan", direction="down")]),  # a change forbidden beside one asked for
    ("Don't open the sunroof, open the window", [C("window.open")]),
    ("播放下一站天后", [C("media.play", query="下一站天后")]),
    ("来首月亮代表我的心好不好", [C("media.play", query="月亮代表我的心")]),
    ("放周杰伦的晴天", [C("media.play", query="周杰伦的晴天")]),
    ("播放我的歌声里", [C("media.play", query="我的歌声里")]),
    ("帮我拨一下小美的电话嘛", [C("phone.call", contact="小美")]),
    ("给高温打个电话", [C("phone.call", contact="高温")]),
    ("副驾25度，然后车窗都关上", [C("hvac.set_temperature", zone="passenger", value=25), C("window.close", zone="all")]),
    ("把后备箱打开，我要放行李", OOD),
    ("press 'Not now'", [C("screen.tap", label="Not now")]),
    ("Hang up on him and put the music back on", [C("phone.hang_up"), C("media.play")]),
    ("AC开起来，风量三，内循环也整上", [C("hvac.ac", on=True), C("hvac.set_fan", level=3), C("hvac.recirculation", on=True)]),
    ("你吃饭了没有呀", OOD),
    ("附近有吃饭的地方吗", [C("nav.navigate", category="restaurant")]),
    ("Navigate to Changi Airport Terminal 3 lah", [C("nav.navigate", destination="Changi Airport Terminal 3")]),
    ("Long day, take me home yeah", [C("nav.navigate", destination="home")]),
    ("Avoid tolls and traffic jams too", [C("nav.avoid", what="tolls"), C("nav.avoid", what="congestion")]),
    ("Front defrost on, rear one also please", [C("hvac.defrost", target="front", on=True), C("hvac.defrost", target="rear", on=True)]),
    ("This song sucks, skip it and turn it up a bit", [C("media.skip", direction="next"), C("media.adjust_volume", direction="up")]),
    ("Is it going to be overcast today in Guyana", OOD),  # left to the model: "going to be" is no route
])
def test_held_out_eleven_and_twelve_phrasings(rules, text, expected):
    assert rules.parse(text) == expected, text


@pytest.mark.parametrize("text, previous, expected", [
    ("just a crack", C("sunroof.open"), [C("sunroof.open", percent=20)]),
    ("now make it 50 percent brightness", C("light.ambient", color="orange"), [C("light.ambient", color="orange", brightness=50)]),
    ("I meant for the back seats", C("hvac.set_fan", level=4), [C("hvac.set_fan", level=4, zone="rear")]),
    ("后面的也开", C("hvac.defrost", target="front", on=True), [C("hvac.defrost", target="rear", on=True)]),
])
def test_follow_ups_of_held_out_eleven_and_twelve(rules, text, previous, expected):
    assert rules.parse(text, None, CommandContext(previous_commands=(previous,))) == expected, text


def test_words_inside_a_name_are_no_command():
    final, why = arbitrate([C("media.skip", direction="next")], [C("media.play", query="下一站天后")], "播放下一站天后")
    # (下一站 names no next song either, so the unnamed check may be the one that decides)
    assert final == [C("media.play", query="下一站天后")] and why.startswith(("title", "unnamed"))
    model = [C("screen.tap", label="后"), C("seat.massage", on=True, zone="rear")]
    assert arbitrate(model, [C("screen.tap", label="稍后提醒")], "屏幕上那个稍后提醒，帮我按一下")[0] == [C("screen.tap", label="稍后提醒")]
    # a seat's position is no command of the contract, whatever a seat word names
    assert arbitrate([C("seat.ventilate", on=True, zone="rear_right")], OOD, "座椅往后挪一点")[0] == OOD
    assert arbitrate([C("seat.heat", on=False)], OOD, "Move my seat back a little")[0] == OOD


# ---- held-out sets 13 and 14, and the second review of the change for 11 and 12

@pytest.mark.parametrize("text", ["press 'Pilot Assist Off'", 'press "Lane Departure Off"', 'press "Airbag Off"',
                                  "空调整上，油门到底", "风速二，刹一脚", "put the music back on and punch it", "put it in reverse"])
def test_more_driving_controls(rules, text):
    assert rules.parse(text) == UNSAFE, text


@pytest.mark.parametrize("text, expected", [
    ("Turn on the climate, put it in auto, and set it to 23.",
     [C("hvac.power", on=True), C("hvac.auto", on=True), C("hvac.set_temperature", value=23)]),
    ("前面路段很危险，我要专心开车，先把电话挂了", [C("phone.hang_up")]),
    ("Ambient lights on at eighty percent brightness", [C("light.ambient", on=True, brightness=80)]),
    ("先去浦东机场T2，路上给小王打个电话", [C("nav.navigate", destination="浦东机场T2"), C("phone.call", contact="小王")]),
    ("开夜车有点困，把制冷打开提提神", [C("hvac.ac", on=True)]),
    ("The music's too loud, I can't hear myself think", [C("media.adjust_volume", direction="down")]),
    ("Drop the volume by 15", [C("media.adjust_volume", direction="down", amount=15)]),
    ("Voicemail again, hang it up", [C("phone.hang_up")]),
    ("我这边车窗都打开", [C("window.open")]),  # 我这边 names no zone of the contract
    ("把窗户都关了", [C("window.close", zone="all")]),
    ("播放Beyond的海阔天空", [C("media.play", query="Beyond的海阔天空")]),
    ("放一首孩子", [C("media.play", query="孩子")]),
    ("别开着空调了，开窗吧", [C("hvac.power", on=False), C("window.open")]),
    ("go to Be Well Clinic", [C("nav.navigate", destination="Be Well Clinic")]),
    ("take me to Isle of Man", [C("nav.navigate", destination="Isle of Man")]),
    ("navigate to Bangkok", [C("nav.navigate", destination="Bangkok")]),
])
def test_held_out_thirteen_and_fourteen_phrasings(rules, text, expected):
    assert rules.parse(text) == expected, text


@pytest.mark.parametrize("text, previous, expected", [
    ("换成停车场吧", C("nav.navigate", category="charging_station"), [C("nav.navigate", category="parking")]),
    ("Actually, make that a restroom.", C("nav.navigate", category="gas_station"), [C("nav.navigate", category="restroom")]),
    ("我说的是张维", C("phone.call", contact="张伟"), [C("phone.call", contact="张维")]),
    ("再大点，5档", C("hvac.set_fan", level=3), [C("hvac.set_fan", level=5)]),
    ("Actually, go halfway", C("window.open", zone="rear_right", percent=20), [C("window.open", zone="rear_right", percent=50)]),
    ("后面的也关", C("seat.heat", on=True, zone="driver"), [C("seat.heat", on=False, zone="rear")]),
    ("后面的也关", C("window.open", zone="driver"), [C("window.close", zone="rear")]),
    ("前面的也关", C("hvac.defrost", target="rear", on=True), [C("hvac.defrost", target="front", on=False)]),
    ("副驾也要", C("seat.heat", on=True, zone="driver", level=2), [C("seat.heat", on=True, zone="passenger", level=2)]),
])
def test_follow_ups_of_held_out_thirteen_and_fourteen(rules, text, previous, expected):
    assert rules.parse(text, None, CommandContext(previous_commands=(previous,))) == expected, text


def test_yes_then_a_route_condition(rules):
    ctx = CommandContext(pending_question="剩余电量15%，要导航去最近的充电站吗？")
    assert rules.parse("可以，别走收费的路", None, ctx) == [YES, C("nav.avoid", what="tolls")]


def test_a_name_that_swallowed_a_request_is_no_title():
    model = [C("phone.call", contact="妈妈"), C("window.close")]
    assert arbitrate(model, [C("phone.call", contact="妈妈窗户关上")], "打电话给妈妈窗户关上")[0] == model


@pytest.mark.parametrize("text, expected", [
    ("车载冰箱调到四度", OOD),
    ("Fold the rear seats down", OOD),
    ("Can't see out the back window, it's all fogged up", [C("hvac.defrost", target="rear", on=True)]),
    ("前挡起雾了，后窗也看不清", [C("hvac.defrost", target="front", on=True), C("hvac.defrost", target="rear", on=True)]),
])
def test_more_held_out_fourteen(rules, text, expected):
    assert rules.parse(text) == expected, text


def test_a_no_with_a_particle_then_a_request(rules):
    ctx = CommandContext(pending_question="需要打开座椅加热吗？")
    assert rules.parse("不用啦，把外循环打开就行", None, ctx) == [NO, C("hvac.recirculation", on=False)]


@pytest.mark.parametrize("text, previous, expected", [
    ("Too bright — bring it down to thirty.", C("light.ambient", on=True, color="green"),
     [C("light.ambient", on=True, color="green", brightness=30)]),
    ("亮度调到百分之六十", C("light.ambient", on=True, color="blue"), [C("light.ambient", on=True, color="blue", brightness=60)]),
])
def test_brightness_follow_ups(rules, text, previous, expected):
    assert rules.parse(text, None, CommandContext(previous_commands=(previous,))) == expected, text


def test_settings_the_model_left_out():
    model, heard = [C("light.ambient", brightness=80)], [C("light.ambient", on=True, brightness=80)]
    final, why = arbitrate(model, heard, "Ambient lights on at eighty percent brightness")
    assert final == heard and why.startswith("slots-missing")
    # a free-text slot the grammar added is not trusted ("今天气怎么样" has no place called 气)
    weather = [C("query.weather", day="today")]
    assert arbitrate(weather, [C("query.weather", day="today", location="气")], "今天气怎么样")[0] == weather
    # a bare yes to a question of the driver's own is no answer
    assert arbitrate([NO], OOD, "你吃饭了没有呀", asked=False)[0] == OOD


# ---- the third review: each of these went wrong in the commits before it

@pytest.mark.parametrize("text, previous", [
    ("switch to drive", C("nav.navigate", category="parking")),
    ("change it to park", C("nav.navigate", category="gas_station")),
    ("换成手动挡", C("nav.navigate", category="parking")),
    ("make it 120 km/h", C("nav.navigate", destination="机场")),
    ("I said stop", C("nav.navigate", destination="机场")),
    ("我是说停一下", C("phone.call", contact="张伟")),
    ("I said hang up", C("phone.call", contact="Dave")),
])
def test_a_follow_up_never_turns_a_driving_word_into_a_place_or_name(rules, text, previous):
    got = rules.parse(text, None, CommandContext(previous_commands=(previous,)))
    assert all(c.intent not in ("nav.navigate", "phone.call") for c in got), (text, got)


@pytest.mark.parametrize("text, expected", [
    ("cut the fan and the traction control", None),  # never a fan step that makes the reading look complete
    ("turn the fan up and put it in third", UNSAFE),
    ("后窗起雾了，前面也起雾了", [C("hvac.defrost", target="rear", on=True), C("hvac.defrost", target="front", on=True)]),
    ("navigate home mate", [C("nav.navigate", destination="home")]),
    ("先到这吧", OOD),
    ("等会儿给你打个电话哈", OOD),
    ("窗户都给我关上", [C("window.close", zone="all")]),
    ("播放Hotel California的现场版", [C("media.play", query="Hotel California的现场版")]),
    ("车里冷得跟冰箱一样", [C("hvac.adjust_temperature", direction="up")]),
    ("gas it up, find a gas station", None),
    ("press 'confirm'", [C("screen.tap", label="confirm")]),
])
def test_third_review_cases(rules, text, expected):
    got = rules.parse(text)
    if expected is None:
        assert got != UNSAFE or text.startswith("cut"), (text, got)
        assert not any(c.intent in ("hvac.adjust_fan", "media.adjust_volume") for c in got), (text, got)
    else:
        assert got == expected, text


def test_a_no_then_a_verb_is_still_a_no(rules):
    assert rules.parse("好吧，不用开了", None, CommandContext(pending_question="要打开座椅加热吗")) == [NO]


@pytest.mark.parametrize("text, expected", [
    ("刹车一直吱吱响，拨王师傅的电话", [C("phone.call", contact="王师傅")]),  # a mention of the brakes asks for no braking
    ("The brakes are squealing, call Hendricks Garage.", [C("phone.call", contact="Hendricks Garage")]),
    ("I need a faster route, I'm late for my shift at the hospital, so avoid the traffic jams.",
     [C("nav.avoid", what="congestion")]),
    ("brake now", UNSAFE), ("踩刹车", UNSAFE), ("刹车", UNSAFE), ("go faster", UNSAFE), ("shift into drive", UNSAFE),
])
def test_alarming_words_that_ask_for_no_driving(rules, text, expected):
    assert rules.parse(text) == expected, text


@pytest.mark.parametrize("text", ["这首歌真好听", "I love this song, it reminds me of college.", "It rained all weekend, ugh.",
                                  "Who sang this song originally?", "这车后排有座椅按摩吗", "My old car's air conditioning never worked this well."])
def test_a_remark_asks_for_nothing(text):
    final, why = arbitrate([C("media.play")], OOD, text)
    assert final == OOD and why.startswith("remark"), text


def test_a_button_named_like_a_remark_is_still_a_button():
    tap = [C("screen.tap", label="Remind Me Later")]
    assert arbitrate(tap, OOD, "Press Remind Me Later")[0] == tap


@pytest.mark.parametrize("text, previous, expected", [
    ("no, I meant Mom", C("phone.call", contact="Dad"), [C("phone.call", contact="Mom")]),
    ("用蓝牙放", C("media.play", query="周杰伦"), [C("media.play", query="周杰伦", source="bluetooth")]),
    ("from the USB stick", C("media.play", query="Coldplay"), [C("media.play", query="Coldplay", source="usb")]),
])
def test_follow_ups_of_held_out_fifteen(rules, text, previous, expected):
    assert rules.parse(text, None, CommandContext(previous_commands=(previous,))) == expected, text


@pytest.mark.parametrize("text, expected", [
    ("head for Heathrow Terminal 5, no toll roads",
     [C("nav.navigate", destination="Heathrow Terminal 5"), C("nav.avoid", what="tolls")]),
    ("开得有点困，来点摇滚提提神", [C("media.play", query="摇滚")]),
    ("谢谢用日语怎么说", OOD),
    ("navigate to Toronto", [C("nav.navigate", destination="Toronto")]),
])
def test_held_out_fifteen_phrasings(rules, text, expected):
    assert rules.parse(text) == expected, text
