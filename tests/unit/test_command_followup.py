"""Follow-ups read against the dialogue context (multimodal/command/followup.py), through the rules backend
and through the guard that puts them above a language model's answer."""

from __future__ import annotations

import pytest

from multimodal.command.guard import arbitrate
from multimodal.command.rules import RulesCommandModel
from multimodal.protocols import CommandContext
from vehicle_state.commands import Command

RULES = RulesCommandModel()


def C(intent: str, **slots) -> Command:
    return Command(intent, slots)


def after(*previous: Command) -> CommandContext:
    return CommandContext(previous_commands=tuple(previous))


def asked(question: str) -> CommandContext:
    return CommandContext(pending_question=question)


@pytest.mark.parametrize("text, previous, expected", [
    ("再关上吧", C("window.open", zone="passenger"), [C("window.close", zone="passenger")]),
    ("close it again", C("window.open", zone="rear_left"), [C("window.close", zone="rear_left")]),
    ("open it again", C("sunroof.close"), [C("sunroof.open")]),
    ("还是关上吧", C("sunroof.open", percent=50), [C("sunroof.close")]),
    ("关掉吧", C("light.ambient", on=True, color="blue"), [C("light.ambient", on=False)]),
    ("turn that off", C("seat.massage", on=True, zone="driver"), [C("seat.massage", on=False, zone="driver")]),
    ("switch it back on", C("hvac.ac", on=False), [C("hvac.ac", on=True)]),
    ("副驾的关掉吧 她说不冷", C("seat.heat", on=True, zone="all"), [C("seat.heat", on=False, zone="passenger")]),
    ("turn the rear one off", C("light.reading", on=True, zone="all"), [C("light.reading", on=False, zone="rear")]),
    ("调到二档", C("seat.heat", on=True), [C("seat.heat", on=True, level=2)]),
    ("actually make it 6", C("hvac.set_fan", level=2), [C("hvac.set_fan", level=6)]),
    ("all the way", C("window.open", zone="driver", percent=20), [C("window.open", zone="driver")]),
    ("全部打开吧", C("sunroof.open", percent=50), [C("sunroof.open")]),
    # a new colour corrects a previous colour and keeps that command's other slots (blind10, blind12, blind14), but
    # after a bare switch-on it is a setting of its own, with no "on" (blind, blind7 and blind17 label it so)
    ("make them green", C("light.ambient", on=True), [C("light.ambient", color="green")]),
    ("换成紫色", C("light.ambient", on=True), [C("light.ambient", color="purple")]),
    ("换成紫色", C("light.ambient", on=True, color="blue"), [C("light.ambient", on=True, color="purple")]),
    ("亮度调到八十", C("light.ambient", on=True), [C("light.ambient", brightness=80)]),
    ("亮度调到八十", C("light.ambient", color="blue"), [C("light.ambient", color="blue", brightness=80)]),
    ("Hmm, go with orange.", C("light.ambient", on=True, color="green"), [C("light.ambient", on=True, color="orange")]),
    ("And the other rear one.", C("window.open", zone="rear_left"), [C("window.open", zone="rear_right")]),
    ("右后再来一个", C("window.open", zone="rear_left", percent=50), [C("window.open", zone="rear_right", percent=50)]),
    ("一档就行", C("seat.heat", on=True, level=2), [C("seat.heat", on=True, level=1)]),
    ("算了 不去了", C("nav.navigate", destination="机场"), [C("nav.cancel")]),
    ("never mind, cancel that", C("nav.navigate", category="parking"), [C("nav.cancel")]),
    ("后排也一样", C("seat.ventilate", on=True, level=1, zone="front"), [C("seat.ventilate", on=True, level=1, zone="rear")]),
    ("passenger side too", C("window.close", zone="driver"), [C("window.close", zone="passenger")]),
    ("再低一点", C("hvac.set_temperature", value=24), [C("hvac.adjust_temperature", direction="down")]),
    ("a little more", C("media.adjust_volume", direction="down"), [C("media.adjust_volume", direction="down")]),
    ("那后天呢", C("query.weather", location="杭州"), None),  # the contract has no "the day after tomorrow"
    ("那明天呢", C("query.weather", location="杭州"), [C("query.weather", location="杭州", day="tomorrow")]),
    ("广州呢", C("query.weather", day="tomorrow"), [C("query.weather", day="tomorrow", location="广州")]),
    ("what about tomorrow?", C("query.weather", location="Denver"), [C("query.weather", location="Denver", day="tomorrow")]),
    ("how about in Austin", C("query.weather", day="today"), [C("query.weather", day="today", location="Austin")]),
    ("and you?", C("query.weather", location="Denver"), None),
    ("oops, back one", C("media.skip", direction="next"), [C("media.skip", direction="previous")]),
    ("还是上一首吧", C("media.skip", direction="next"), [C("media.skip", direction="previous")]),
    ("forget it, we're not going", C("nav.navigate", destination="the zoo"), [C("nav.cancel")]),
    ("go back, I liked that one", C("media.skip", direction="next"), [C("media.skip", direction="previous")]),
    ("and turn on the AC", C("query.weather", location="Denver"), None),
    ("scrap that", C("nav.navigate", destination="the zoo"), [C("nav.cancel")]),
    ("no, sorry, 21", C("hvac.set_temperature", value=23), [C("hvac.set_temperature", value=21)]),
    ("不对，三档", C("hvac.set_fan", level=5), [C("hvac.set_fan", level=3)]),
    ("那开封呢", C("query.weather", location="北京"), [C("query.weather", location="开封")]),
    ("亮度给个六十", C("light.ambient", color="green"), [C("light.ambient", color="green", brightness=60)]),
    ("tolls too", C("nav.avoid", what="highways"), [C("nav.avoid", what="tolls")]),
    ("那开空调呢", C("query.weather", location="杭州"), None),
    ("那现在呢", C("query.weather", location="杭州"), None),
    ("turn it back on and turn off the AC", C("media.pause"), None),
    ("go back, I want to go home", C("media.skip", direction="next"), None),
    ("ok, turn it back on", C("media.pause"), [C("media.play")]),
    ("好了，继续放吧", C("media.pause"), [C("media.play")]),
    # session 14: a remark after the switch without a pause, an amount after "too much", "and what about"
    ("oh actually close it again my granddaughter's cold", C("window.open", zone="rear_right"),
     [C("window.close", zone="rear_right")]),
    ("turn it off it's too noisy", C("hvac.ac", on=True), [C("hvac.ac", on=False)]),
    ("oh dear that's too much just a crack then", C("sunroof.open", percent=50), [C("sunroof.open", percent=20)]),
    ("太大了 开条缝就行", C("window.open", zone="driver"), [C("window.open", zone="driver", percent=20)]),
    ("and what about tomorrow", C("query.weather", location="Leeds", day="today"),
     [C("query.weather", location="Leeds", day="tomorrow")]),
    ("and how about in Austin", C("query.weather", day="today"), [C("query.weather", day="today", location="Austin")]),
    # an impatient or explaining remark beside the follow-up (blind34)
    ("后排也一样，听见没有", C("hvac.set_temperature", zone="passenger", value=24), [C("hvac.set_temperature", zone="rear", value=24)]),
    ("杭州呢？快说", C("query.weather", location="上海", day="tomorrow"), [C("query.weather", location="杭州", day="tomorrow")]),
    ("再打一遍！他怎么老不接", C("phone.call", contact="张伟"), [C("phone.call", contact="张伟")]),
    ("关掉关掉，烫死了", C("seat.heat", zone="passenger", on=True), [C("seat.heat", zone="passenger", on=False)]),
    ("Same for the back, come on.", C("hvac.set_temperature", zone="passenger", value=24),
     [C("hvac.set_temperature", zone="rear", value=24)]),
    ("Turn it off, my back is burning!", C("seat.heat", zone="driver", on=True), [C("seat.heat", zone="driver", on=False)]),
    # a request after the follow-up is read too, never swallowed as a remark
    ("Turn it off, and play some jazz", C("seat.heat", zone="driver", on=True),
     [C("seat.heat", zone="driver", on=False), C("media.play", query="jazz")]),
    # a seat's next level (blind33)
    ("再高一档", C("seat.ventilate", on=True, level=2), [C("seat.ventilate", on=True, level=3)]),
    ("One level higher", C("seat.ventilate", on=True, level=1), [C("seat.ventilate", on=True, level=2)]),
    ("再高一档", C("seat.heat", on=True, level=3), [C("seat.heat", on=True, level=3)]),
    ("降一档", C("seat.heat", on=True, level=2, zone="driver"), [C("seat.heat", on=True, level=1, zone="driver")]),
])
def test_a_follow_up_is_read_against_the_previous_commands(text, previous, expected):
    if expected is None:  # not a follow-up: the grammar reads it on its own
        assert RULES.followup(text, "zh", after(previous)) is None
        return
    assert RULES.parse(text, context=after(previous)) == expected


@pytest.mark.parametrize("text, expected", [
    ("行，关上吧", "dialog.confirm"), ("sure, go ahead", "dialog.confirm"), ("嗯 可以的", "dialog.confirm"),
    ("关吧", "dialog.confirm"), ("close them", "dialog.confirm"), ("yeah do it", "dialog.confirm"), ("okay sounds good", "dialog.confirm"),
    ("nah, leave it", "dialog.reject"), ("不用了 我不冷", "dialog.reject"), ("先别", "dialog.reject"),
    ("no thanks, I'm fine", "dialog.reject"), ("算了吧 就这样", "dialog.reject"),
    ("fine, whatever", "dialog.confirm"), ("随便吧", "dialog.confirm"), ("要得", "dialog.confirm"),
    ("Hmm, I'd rather not, thanks.", "dialog.reject"), ("I'll pass", "dialog.reject"), ("we're good", "dialog.reject"),
    ("现在不想听，谢谢", "dialog.reject"), ("先不开了", "dialog.reject"),
])
def test_a_pending_suggestion_is_answered_in_free_words(text, expected):
    assert RULES.parse("Fine, whatever, and turn the music down too.", context=asked("Turn on the seat heater?")) \
        == [Command("dialog.confirm", {}), Command("media.adjust_volume", {"direction": "down"})]
    assert RULES.parse("嗯，放吧", context=asked("要不要继续播放刚才的播客？")) == [Command("dialog.confirm", {})]
    massage = asked("您看起来有点累了，要打开座椅按摩吗？")
    assert RULES.parse("好啊，坐得腰都僵了", context=massage) == [Command("dialog.confirm", {})]
    assert RULES.followup("ok, what time is it", "en", massage) is None
    for hedge in ("好，下次吧", "ok, maybe not", "好，我不冷", "yes, but later"):
        assert RULES.followup(hedge, "zh", massage) is None
    assert RULES.parse("No thanks, I'm not hot", context=asked("Would you like seat ventilation?")) \
        == [Command("dialog.reject", {})]
    assert RULES.parse("不用，外面太吵了", context=asked("要帮您把车窗打开透透气吗？")) == [Command("dialog.reject", {})]
    climate = asked("It's getting warm in the cabin. Should I turn on the climate?")
    assert RULES.parse("Go ahead, and set it to 22.", context=climate) == [Command("dialog.confirm", {}),
                                                                           Command("hvac.set_temperature", {"value": 22})]
    assert RULES.parse(text, context=asked("Rain detected. Close the windows? / 检测到下雨，要关窗吗？")) \
        == [Command(expected, {})]


def test_a_new_request_is_not_taken_for_an_answer():
    ctx = asked("要继续导航回家吗？")
    assert RULES.parse("给张伟打电话", context=ctx) == [C("phone.call", contact="张伟")]
    assert RULES.parse("northern route please", context=asked("Switch to a faster route?"))[0].intent \
        != "dialog.reject"
    assert RULES.parse("好的，把温度调到22度", context=ctx) != [C("dialog.confirm")]


def test_words_that_name_a_device_are_read_on_their_own():
    assert RULES.parse("打开座椅加热", context=after(C("window.open", zone="passenger"))) == [C("seat.heat", on=True)]
    assert RULES.parse("close the sunroof", context=after(C("window.open"))) == [C("sunroof.close")]


def test_without_context_the_words_mean_nothing_and_driving_controls_stay_unsafe():
    assert RULES.parse("关掉吧")[0].intent == "unsupported"
    assert RULES.parse("挂倒挡", context=after(C("window.open")))[0].slots["reason"] == "unsafe"
    assert RULES.parse("好的，挂到D挡", context=asked("要打开空调吗？"))[0].slots["reason"] == "unsafe"


def test_the_follow_up_outranks_the_model_and_duplicates_are_dropped():
    follow = [C("window.close", zone="passenger")]
    final, why = arbitrate([C("window.close")], follow, "再关上吧", (), follow)
    assert final == follow and why.startswith("dialogue")
    final, why = arbitrate([C("media.skip", direction="next")] * 2, [C("media.skip", direction="next")], "切歌切歌")
    assert final == [C("media.skip", direction="next")]


def test_the_guard_prefers_the_grammar_on_extras_refusals_and_set_targets():
    req = [C("window.open")]
    assert arbitrate([C("hvac.adjust_temperature", direction="down"), *req], req, "好热啊 把车窗打开")[0] == req
    assert arbitrate([C("unsupported", reason="unsafe")], [C("seat.massage", on=True)], "腰疼死了 开按摩")[0] \
        == [C("seat.massage", on=True)]
    both = [C("hvac.power", on=True), C("hvac.recirculation", on=True)]
    assert arbitrate(both[1:], both, "打开空调 开内循环")[0] == both
    assert arbitrate([C("media.adjust_volume", direction="up", amount=60)], [C("media.set_volume", value=60)],
                     "volume up to 60")[0] == [C("media.set_volume", value=60)]
    # a model's own different reading with as many commands stays the model's
    model = [C("media.play", query="jazz")]
    assert arbitrate(model, [C("media.play", query="jazz music")], "play jazz music") == (model, None)


@pytest.mark.parametrize("text, previous, expected", [
    ("and the right one too", C("window.open", zone="rear_left"), [C("window.open", zone="rear_right")]),
    ("左边也开", C("light.reading", on=True, zone="rear_right"), [C("light.reading", on=True, zone="rear_left")]),
    ("the right side too", C("seat.heat", on=True, zone="driver"), [C("seat.heat", on=True, zone="passenger")]),
    ("go to level 2", C("seat.heat", on=True, zone="passenger"), [C("seat.heat", on=True, level=2, zone="passenger")]),
])
def test_sides_and_levels_follow_the_previous_command(text, previous, expected):
    assert RULES.parse(text, context=after(previous)) == expected


def test_the_model_keeps_a_command_the_grammar_could_not_read():
    # "接着放歌" asks for something the tables do not read: the grammar does not explain the whole utterance.
    reading = RULES.read("挂了电话 接着放歌", "zh", CommandContext())
    assert reading.commands == [C("phone.hang_up")] and reading.unread == ("接着放歌",)
    model = [C("phone.hang_up"), C("media.play")]
    assert arbitrate(model, reading.commands, "挂了电话 接着放歌", (), None, complete=False) == (model, None)
    # a reason beside a request is read, and dropped: the grammar explains it all
    reading = RULES.read("好热啊 把车窗打开", "zh", CommandContext())
    assert reading.commands == [C("window.open")] and reading.unread == () and not reading.followup


@pytest.mark.parametrize("text, previous, expected", [
    ("hmm, turn that off", C("seat.heat", on=True, zone="passenger"), [C("seat.heat", on=False, zone="passenger")]),
    ("算了 关掉吧", C("seat.ventilate", on=True, zone="passenger"), [C("seat.ventilate", on=False, zone="passenger")]),
    ("嗯，还是打开吧", C("light.ambient", on=False), [C("light.ambient", on=True)]),
])
def test_remarks_around_the_switch_word_are_ignored(text, previous, expected):
    assert RULES.parse(text, context=after(previous)) == expected


def test_a_destination_cut_short_is_taken_whole_from_the_grammar():
    text = "带我去上海浦东国际机场二号航站楼出发层"
    rules = RULES.parse(text)
    assert rules == [C("nav.navigate", destination="上海浦东国际机场二号航站楼出发层")]
    final, why = arbitrate([C("nav.navigate", destination="上海浦东国际机场二号航站楼")], rules, text)
    assert final == rules and why.startswith("cut")
    # a song is not lengthened: the grammar's span runs long there
    model = [C("media.play", query="classic")]
    assert arbitrate(model, [C("media.play", query="classic songs")], "play classic songs") == (model, None)


@pytest.mark.parametrize("text, model", [
    ("温度调到二十二度半", [C("hvac.set_temperature", value=22)]),
    ("fan to max", [C("hvac.set_fan", level=1)]),
    ("车窗开条缝", [C("window.open")]),
    ("lower the temp by one and a half degrees", [C("hvac.adjust_temperature", direction="down", amount=1)]),
])
def test_numbers_the_grammar_reads_exactly_win(text, model):
    rules = RULES.parse(text)
    final, why = arbitrate(model, rules, text)
    assert final == rules and why.startswith("number")


def test_extras_are_dropped_and_the_grammars_numbers_kept():
    text = "冷得直发抖 座椅加热开到最高"
    rules = RULES.parse(text)
    assert rules == [C("seat.heat", on=True, level=3)]
    model = [C("hvac.adjust_temperature", direction="up"), C("seat.heat", on=True, level=1)]
    final, why = arbitrate(model, rules, text)
    assert final == rules and why.startswith("extra")


@pytest.mark.parametrize("text, question", [
    ("可以讲个笑话吗", "要打开座椅加热吗？"), ("对面那辆车好快", "要打开座椅加热吗？"), ("行车记录仪在哪", "要打开座椅加热吗？"),
    ("please tell me a joke", "Turn on the seat heater?"),
    ("sure is hot today", "Turn on the seat heater?"), ("ok what time is it", "Turn on the seat heater?"),
    ("关掉吧", "要帮您打开座椅加热吗？"), ("open it", "Close the windows?"),
])
def test_words_that_do_not_answer_the_question_are_not_a_yes(text, question):
    assert RULES.parse(text, context=asked(question))[0].intent != "dialog.confirm"


@pytest.mark.parametrize("text", ["当然不要", "好 不用了", "yes. actually no"])
def test_a_yes_taken_back_is_a_no(text):
    assert RULES.parse(text, context=asked("要打开座椅加热吗？ / Turn on the seat heater?")) == [C("dialog.reject")]


@pytest.mark.parametrize("text, context", [
    ("yes, and step on it", asked("Turn on the seat heater?")),
    ("好的 靠边停车", asked("要打开座椅加热吗？")),
    ("关掉吧 然后挂倒挡", after(C("seat.heat", on=True, zone="driver"))),
    ("关掉吧，然后靠边停车", after(C("seat.heat", on=True, zone="driver"))),
    ("ok and turn the lane assist off", asked("Turn on the seat heater?")),
])
def test_a_driving_control_is_never_a_follow_up(text, context):
    assert RULES.parse(text, context=context) == [C("unsupported", reason="unsafe")]
    assert RULES.followup(text, "en", context) is None
    final, _ = arbitrate([C("unsupported", reason="unsafe")], RULES.parse(text, context=context), text)
    assert final == [C("unsupported", reason="unsafe")]


@pytest.mark.parametrize("text", ["turn the traction control off and turn on the AC",
                                  "switch the ESP off and close the window", "把车道保持功能关掉 打开空调"])
def test_safety_systems_switched_off_in_either_word_order_are_unsafe(text):
    assert RULES.parse(text) == [C("unsupported", reason="unsafe")]


@pytest.mark.parametrize("text, previous, expected", [
    ("调到三档", C("seat.heat", on=False), [C("seat.heat", on=True, level=3)]),
    ("close the other one", C("window.open", zone="rear_left"), [C("window.close", zone="rear_right")]),
    ("cancel that", C("nav.navigate", destination="机场"), [C("nav.cancel")]),
])
def test_more_follow_ups(text, previous, expected):
    assert RULES.parse(text, context=after(previous)) == expected


@pytest.mark.parametrize("text, previous", [
    ("调到二十四度", C("media.set_volume", value=30)),
    ("cancel the song", C("nav.navigate", destination="机场")),
    ("don't go too fast", C("nav.navigate", destination="机场")),
    ("点", C("media.set_volume", value=30)),
])
def test_words_that_do_not_fit_the_previous_command_are_not_its_follow_up(text, previous):
    assert RULES.followup(text, "zh", after(previous)) is None


@pytest.mark.parametrize("text, expected", [
    ("导航到 好 又 多 超市", [C("nav.navigate", destination="好 又 多 超市")]),
    ("给 张三 打电话", [C("phone.call", contact="张三")]),
    ("打开空调 开内循环", [C("hvac.power", on=True), C("hvac.recirculation", on=True)]),
    ("close the windows and the sunroof too", [C("window.close"), C("sunroof.close")]),
    ("打开空调 温度二十二度就好", [C("hvac.power", on=True), C("hvac.set_temperature", value=22)]),
])
def test_pauses_split_requests_but_not_names(text, expected):
    assert RULES.parse(text) == expected


def test_the_model_sees_the_previous_turn_and_a_question_only_when_the_words_may_refer_to_them():
    from multimodal.command.lm import GrammarReading, model_context

    ctx = CommandContext(previous_commands=(C("seat.ventilate", on=True, level=3, zone="passenger"),),
                         pending_question="Turn on the heating?")

    def shown(text):
        reading = RULES.read(text, "en", ctx)
        grammar = GrammarReading(reading.commands, reading.commands if reading.followup else None,
                                 not reading.unread)
        got = model_context(text, ctx, grammar)
        return bool(got.previous_commands), bool(got.pending_question)

    assert shown("turn on seat heating") == (False, False)  # complete on its own: nothing to copy from
    assert shown("turn on the rear defroster") == (False, False)
    assert shown("turn on seat heating too") == (True, False)  # a word points back
    assert shown("sure thing, go for it") == (True, True)  # an answer: the question stays
    assert shown("blah blah") == (True, True)  # the grammar reads nothing: the model gets everything


def test_session_12_follow_ups():
    from multimodal.command.rules import RulesCommandModel
    from multimodal.protocols import CommandContext

    rules = RulesCommandModel()
    window = CommandContext(previous_commands=(C("window.open", zone="rear_left"),))
    assert rules.parse("roll it back up", "en", window) == [C("window.close", zone="rear_left")]
    closed = CommandContext(previous_commands=(C("window.close", zone="rear_left"),))
    assert rules.parse("roll it down again", "en", closed) == [C("window.open", zone="rear_left")]
    skipped = CommandContext(previous_commands=(C("media.skip", direction="next"),))
    assert rules.parse("不对，切回去", "zh", skipped) == [C("media.skip", direction="previous")]
    assert rules.parse("换回来吧", "zh", skipped) == [C("media.skip", direction="previous")]


def test_mine_is_the_speakers_own_seat():
    from multimodal.command.rules import RulesCommandModel
    from multimodal.protocols import CommandContext
    from vehicle_state.commands import Command

    rules = RulesCommandModel()
    passenger = CommandContext(previous_commands=(Command("seat.heat", {"on": True, "level": 2, "zone": "passenger"}),))
    assert rules.parse("actually turn mine off", "en", passenger) == [Command("seat.heat", {"on": False})]
    assert rules.parse("我的关掉", "zh", passenger) == [Command("seat.heat", {"on": False})]
    # without "mine" the thing said before keeps its seat
    assert rules.parse("turn it off", "en", passenger) == [Command("seat.heat", {"on": False, "zone": "passenger"})]


def test_back_to_how_it_was():
    from multimodal.command.rules import RulesCommandModel
    from multimodal.protocols import CommandContext
    from vehicle_state.commands import Command

    rules = RulesCommandModel()

    def after(text, *previous):
        return rules.parse(text, None, CommandContext(previous_commands=previous))

    assert after("还是换回去吧", Command("hvac.recirculation", {"on": True})) == [Command("hvac.recirculation", {"on": False})]
    assert after("Back to how it was, please", Command("sunroof.open", {})) == [Command("sunroof.close", {})]
    assert after("put it back", Command("window.open", {"zone": "passenger"})) == [Command("window.close", {"zone": "passenger"})]
    assert after("换回来吧", Command("media.skip", {"direction": "next"})) == [Command("media.skip", {"direction": "previous"})]
    # a setpoint's earlier value is unknown: no guess
    assert after("恢复原样", Command("hvac.set_temperature", {"value": 20})) == [Command("unsupported", {"reason": "out_of_domain"})]
    # a seat named beside who sits there
    assert after("后排爷爷奶奶那也给整上", Command("seat.heat", {"on": True, "zone": "passenger"})) == \
        [Command("seat.heat", {"on": True, "zone": "rear"})]


def test_northern_answers_to_a_suggestion():
    from multimodal.command.rules import RulesCommandModel
    from multimodal.protocols import CommandContext
    from vehicle_state.commands import Command

    rules = RulesCommandModel()
    asked = CommandContext(pending_question="要打开座椅加热吗？")
    for yes in ("得嘞", "那敢情好", "成", "听你的"):
        assert rules.parse(yes, "zh", asked) == [Command("dialog.confirm", {})], yes
    for no in ("拉倒吧", "免了免了", "得了吧"):
        assert rules.parse(no, "zh", asked) == [Command("dialog.reject", {})], no


def test_undo_and_again_in_test_script_words():
    from multimodal.command.rules import RulesCommandModel
    from multimodal.protocols import CommandContext
    from vehicle_state.commands import Command

    rules = RulesCommandModel()

    def after(text, *previous):
        return rules.parse(text, None, CommandContext(previous_commands=previous))

    assert after("撤销上一步操作", Command("window.open", {"zone": "passenger"})) == [Command("window.close", {"zone": "passenger"})]
    assert after("Revert that last step.", Command("sunroof.open", {"percent": 20})) == [Command("sunroof.close", {})]
    steps = (Command("hvac.adjust_temperature", {"direction": "down", "amount": 1}),
             Command("hvac.adjust_fan", {"direction": "down", "amount": 1}))
    assert after("再来一遍", *steps) == list(steps)
    assert after("Execute that once more.", *steps) == list(steps)
    # a setting said again changes nothing: no repeat of it
    assert after("again", Command("hvac.set_temperature", {"value": 22})) != [Command("hvac.set_temperature", {"value": 22})]
    asked = CommandContext(pending_question="检测到前挡风玻璃起雾，是否开启前挡除雾？")
    assert rules.parse("确认开启", "zh", asked) == [Command("dialog.confirm", {})]


def test_the_same_contact_again():
    from multimodal.command.rules import RulesCommandModel
    from multimodal.protocols import CommandContext
    from vehicle_state.commands import Command

    rules = RulesCommandModel()
    called = CommandContext(previous_commands=(Command("phone.call", {"contact": "Tom"}),))
    for text in ("call him again", "redial", "再给他打一个"):
        assert rules.parse(text, None, called) == [Command("phone.call", {"contact": "Tom"})], text
    # without a call before, "him" names nobody
    assert rules.parse("call him again", "en", CommandContext()) == [Command("unsupported", {"reason": "out_of_domain"})]


def test_a_long_polite_answer_to_a_suggestion():
    from multimodal.command.rules import RulesCommandModel
    from multimodal.protocols import CommandContext
    from vehicle_state.commands import Command

    rules = RulesCommandModel()

    def answer(text, question):
        return rules.parse(text, None, CommandContext(pending_question=question))

    no, yes = [Command("dialog.reject", {})], [Command("dialog.confirm", {})]
    assert answer("不用了不用了 谢谢你啊 我就想安静一会儿 年纪大了听不了那么多", "需要为您播放新闻吗") == no
    assert answer("哎 不要了吧 我怕我这把老骨头受不了 谢谢好意啊", "是否为您打开座椅按摩") == no
    assert answer("no no that's quite alright i don't trust those things at my age thank you anyway",
                  "Would you like to turn on seat massage?") == no
    assert answer("好啊好啊 开吧 我正看不清呢", "检测到车窗起雾 是否打开前挡除雾") == yes
    # a request after the answer is still the request's
    assert answer("不用，我还觉得有点冷呢，调高一点吧", "要打开车窗吗？") == no + [Command("hvac.adjust_temperature", {"direction": "up"})]
    assert answer("Nope, just max out the volume.", "Shall I play news?") == no + [Command("media.set_volume", {"value": 100})]


def test_a_call_that_did_not_go_through():
    from multimodal.command.rules import RulesCommandModel
    from multimodal.protocols import CommandContext
    from vehicle_state.commands import Command

    rules = RulesCommandModel()
    called = CommandContext(previous_commands=(Command("phone.call", {"contact": "王队长"}),))
    for text in ("没打通，再打一次", "no answer, try again", "busy. redial", "占线了 重拨一下"):
        assert rules.parse(text, None, called) == [Command("phone.call", {"contact": "王队长"})], text
    assert rules.parse("no answer, try Uncle Ben", None, called) == [Command("phone.call", {"contact": "Uncle Ben"})]
    assert rules.parse("没人接，那试试打给李四", None, called) == [Command("phone.call", {"contact": "李四"})]
    # "try" alone, with no failed call said, names no one
    assert rules.parse("try the radio", None, called) != [Command("phone.call", {"contact": "the radio"})]


def test_one_more_level_after_a_seat_level():
    from multimodal.command.rules import RulesCommandModel
    from multimodal.protocols import CommandContext
    from vehicle_state.commands import Command

    rules = RulesCommandModel()
    heat = Command("seat.heat", {"zone": "passenger", "on": True, "level": 1})
    ctx = CommandContext(previous_commands=(heat,))
    two = [Command("seat.heat", {"zone": "passenger", "on": True, "level": 2})]
    for text in ("Bump it up one more", "one more", "up a notch", "another notch", "再高一档"):
        assert rules.parse(text, None, ctx) == two, text
    assert rules.parse("down one level", None, CommandContext(previous_commands=(two[0],))) == [heat]


def test_radio_style_answers():
    from multimodal.command.rules import RulesCommandModel
    from multimodal.protocols import CommandContext
    from vehicle_state.commands import Command

    rules = RulesCommandModel()
    asked = CommandContext(pending_question="Fog detected on the windshield. Turn on the front defroster?")
    for text in ("Copy that", "roger", "Affirmative.", "收到"):
        assert rules.parse(text, None, asked) == [Command("dialog.confirm", {})], text
    assert rules.parse("Negative", None, asked) == [Command("dialog.reject", {})]
    assert rules.parse("Copy that, and turn the fan down one", None, asked) == [
        Command("dialog.confirm", {}), Command("hvac.adjust_fan", {"direction": "down", "amount": 1})]


def test_a_colour_said_bare_after_a_colour():
    ambient = CommandContext(previous_commands=(C("light.ambient", color="blue"),))
    for text in ("换绿的", "绿色吧", "这个太冷淡了，换绿的", "green"):
        assert RULES.parse(text, None, ambient) == [C("light.ambient", color="green")], text


def test_a_request_said_twice_is_one_request():
    heated = after(C("seat.heat", on=True, zone="passenger"))
    for text in ("关掉关掉", "停停停，关掉", "turn it off, turn it off"):
        assert RULES.parse(text, None, heated) == [C("seat.heat", on=False, zone="passenger")], text


def test_a_no_then_a_question_of_the_car():
    pending = asked("要为您打开座椅按摩吗？")
    assert RULES.parse("先不了，外面多少度", None, pending) == [C("dialog.reject"), C("query.vehicle", item="outside_temperature")]
    assert RULES.parse("nah not right now, how much battery is left", None, asked("Turn on seat massage?")) == [
        C("dialog.reject"), C("query.vehicle", item="battery")]
    # a reason after the no is still no request
    assert RULES.parse("不用了 太吵了", None, pending) == [C("dialog.reject")]
    assert RULES.parse("好嘞 安排上", None, pending) == [C("dialog.confirm")]


def test_no_but_the_other_glass_or_seat():
    fog = asked("后挡风玻璃起雾了，要打开后挡除雾吗？")
    assert RULES.parse("不要，前挡的就行", None, fog) == [C("dialog.reject"), C("hvac.defrost", target="front", on=True)]
    assert RULES.parse("nah, the windshield instead", None, asked("Turn on the rear defrost?")) == [
        C("dialog.reject"), C("hvac.defrost", target="front", on=True)]
    seat = asked("要帮您打开主驾座椅通风吗？")
    assert RULES.parse("不用，给副驾开吧", None, seat) == [C("dialog.reject"), C("seat.ventilate", on=True, zone="passenger")]
    # a no with nothing else asked stays a no
    assert RULES.parse("不用，副驾也不用", None, seat) == [C("dialog.reject")]
    assert RULES.parse("no thanks", None, fog) == [C("dialog.reject")]


def test_a_follow_up_then_more():
    heat = after(C("seat.heat", on=True, zone="driver"))
    assert RULES.parse("算了，关掉吧，给副驾开上", None, heat) == [C("seat.heat", on=False, zone="driver"),
                                                            C("seat.heat", on=True, zone="passenger")]
    muted = after(C("media.mute", on=True))
    assert RULES.parse("取消吧，音量调到二十", None, muted) == [C("media.mute", on=False), C("media.set_volume", value=20)]
    assert RULES.parse("undo that, then set the volume to 30", None, muted) == [C("media.mute", on=False),
                                                                              C("media.set_volume", value=30)]
    # a remark after the follow-up is still no request
    assert RULES.parse("关掉吧，烫死了", None, heat) == [C("seat.heat", on=False, zone="driver")]


def test_session_18_answers_and_follow_ups_with_a_remark():
    seat = asked("要打开座椅加热吗？")
    # the question's own verb, negated, answers it; the request after the pause is read too
    assert RULES.parse("别开了，温度往上调两度就行", None, seat) == [
        C("dialog.reject"), C("hvac.adjust_temperature", direction="up", amount=2)]
    assert RULES.parse("不用开了，把音量调小", None, seat) == [C("dialog.reject"), C("media.adjust_volume", direction="down")]
    assert RULES.parse("开吧，顺便把音量调小", None, seat) == [C("dialog.confirm"), C("media.adjust_volume", direction="down")]
    assert RULES.parse("别开了，太热了", None, seat) == [C("dialog.reject")]
    # a kind of music after "switch to" is music, beside a no
    assert RULES.parse("nah, switch to jazz", None, asked("Do you want to call Anna back?")) == [
        C("dialog.reject"), C("media.play", query="jazz")]
    # a possessive seat, "please", and a complaint beside the follow-up
    heat = after(C("seat.heat", on=True, zone="driver"))
    assert RULES.parse("And the passenger's too, please; she always feels the cold.", None, heat) == [
        C("seat.heat", on=True, zone="passenger")]
    roof = after(C("sunroof.open"))
    assert RULES.parse("It's far too loud; would you shut it again?", None, roof) == [C("sunroof.close")]


def test_a_window_is_no_wind_for_the_fan():
    """"window" holds "wind": no fan step is named by it, so the grammar's second window wins over the model's fan."""
    text = "Open the rear left window a crack and the rear right one a crack too"
    rules = RULES.parse(text)
    assert rules == [C("window.open", zone="rear_left", percent=20), C("window.open", zone="rear_right", percent=20)]
    model = [C("window.open", zone="rear_left", percent=20), C("hvac.adjust_fan", direction="up")]
    assert arbitrate(model, rules, text)[0] == rules


def test_a_side_said_first_after_a_row_of_seats():
    rear = after(C("seat.heat", on=True, zone="rear"))
    assert RULES.parse("Switch off the left one, the kid's asleep.", None, rear) == [C("seat.heat", on=False, zone="rear_left")]
    assert RULES.parse("把右边那个关了吧", None, rear) == [C("seat.heat", on=False, zone="rear_right")]
    assert RULES.parse("turn the right one off", None, rear) == [C("seat.heat", on=False, zone="rear_right")]


def test_another_kind_of_place_instead():
    parking = after(C("nav.navigate", category="parking"))
    assert RULES.parse("No, I want a gas station instead", None, parking) == [C("nav.navigate", category="gas_station")]


def test_slang_answers_and_follow_ups():
    roof = asked("Want me to open the sunroof?")
    assert RULES.parse("bet, turn the AC on", None, roof) == [C("dialog.confirm"), C("hvac.ac", on=True)]
    assert RULES.parse("say less", None, roof) == [C("dialog.confirm")]
    assert RULES.parse("赶紧的", None, asked("要帮您导航到最近的充电站吗？")) == [C("dialog.confirm")]
    heat = after(C("seat.heat", on=True, zone="driver"))
    assert RULES.parse("passenger too fr", None, heat) == [C("seat.heat", on=True, zone="passenger")]
    # "one more" after a step says the step again: the previous track, one more notch
    assert RULES.parse("one more", None, after(C("media.skip", direction="previous"))) == [C("media.skip", direction="previous")]
    assert RULES.parse("one more", None, after(C("media.adjust_volume", direction="up"))) == [
        C("media.adjust_volume", direction="up")]


def test_regional_answers_to_a_suggestion():
    assert RULES.parse("Aye go on, and turn the fan down a wee bit", None, asked("Shall I turn on the seat heating?")) == [
        C("dialog.confirm"), C("hvac.adjust_fan", direction="down")]
    assert RULES.parse("莫得必要", None, asked("前方收费，要避开收费路段吗？")) == [C("dialog.reject")]


def test_another_seat_asked_as_a_question():
    vent = after(C("seat.ventilate", on=True))
    assert RULES.parse("Could you do the rear left too?", None, vent) == [C("seat.ventilate", on=True, zone="rear_left")]


def test_cancel_after_a_switch_switches_it_off_and_after_a_route_cancels_it():
    mute = Command("media.mute", {"on": True})
    assert RULES.parse("他电话打完了，可以取消了", context=after(mute)) == [Command("media.mute", {"on": False})]
    route = Command("nav.navigate", {"destination": "西湖"})
    assert RULES.parse("取消吧", context=after(route)) == [Command("nav.cancel", {})]


def test_a_no_then_a_request_said_without_a_pause_mark():
    got = RULES.parse("不用了那个帮我把天窗关上", context=asked("要不要打开座椅通风？"))
    assert got == [Command("dialog.reject", {}), Command("sunroof.close", {})]


def test_a_place_named_as_places_are_replaces_the_route():
    route = Command("nav.navigate", {"destination": "St. Mary's Hospital"})
    assert RULES.parse("Actually, make it Kaiser Permanente", context=after(route)) \
        == [Command("nav.navigate", {"destination": "Kaiser Permanente"})]
    assert RULES.parse("换成协和医院吧", context=after(route)) == [Command("nav.navigate", {"destination": "协和医院"})]
    assert RULES.parse("That would be lovely", context=asked("Shall I play some calming music?")) \
        == [Command("dialog.confirm", {})]


@pytest.mark.parametrize("text, before, expected", [
    ("不对不对 是喜来登", "希尔顿酒店", "喜来登"),
    ("不对 我说的是北门", "南门", "北门"),
    ("no I meant the Sheraton", "Hilton", "Sheraton"),
    ("sorry I meant 2100", "1200 Commerce Drive", "2100 Commerce Drive"),
])
def test_a_place_heard_wrong_and_said_again_replaces_the_route(text, before, expected):
    route = Command("nav.navigate", {"destination": before})
    assert RULES.parse(text, context=after(route)) == [Command("nav.navigate", {"destination": expected})]


def test_a_correction_without_a_place_changes_no_route():
    route = Command("nav.navigate", {"destination": "Hilton"})
    assert RULES.parse("no I meant it", context=after(route)) != [Command("nav.navigate", {"destination": "it"})]
    # a request said after "不对" is that request, not a place
    assert RULES.parse("不对 是打开空调", context=after(route))[0].intent != "nav.navigate"


def test_a_wrong_name_said_again_after_a_call():
    call = Command("phone.call", {"contact": "张薇"})
    assert RULES.parse("不对 是张伟", context=after(call)) == [Command("phone.call", {"contact": "张伟"})]


def test_the_quicker_way_left_to_the_car_is_a_yes():
    reroute = asked("Congestion ahead. Take an alternate route?")
    for text in ("sure whatever's faster", "whichever is faster I guess", "whichever's quicker"):
        assert RULES.parse(text, context=reroute) == [Command("dialog.confirm", {})], text
    assert RULES.parse("哪条快走哪条", context=asked("前方拥堵，要换一条路线吗？")) == [Command("dialog.confirm", {})]
    # the speed of the car itself stays a refusal
    assert RULES.parse("go faster", context=reroute) == [Command("unsupported", {"reason": "unsafe"})]


def test_a_no_then_a_request_that_starts_with_bie():
    route = asked("发现一条走高速的更快路线，是否切换？")
    assert RULES.parse("不要 别走高速", context=route) == [Command("dialog.reject", {}),
                                                    Command("nav.avoid", {"what": "highways"})]
    heat = asked("要帮您打开后排座椅加热吗？")
    assert RULES.parse("别开了，温度往上调两度就行", context=heat) == [
        Command("dialog.reject", {}), Command("hvac.adjust_temperature", {"direction": "up", "amount": 2})]
    assert RULES.parse("嗯嗯 开吧", context=heat) == [Command("dialog.confirm", {})]
    assert RULES.parse("别别别", context=heat) == [Command("dialog.reject", {})]


def test_slang_yeses_and_a_no_then_just_another_request():
    charge = asked("电量剩余20%，是否为您导航到附近的充电站？")
    assert RULES.parse("那必须的 走着", context=charge) == [Command("dialog.confirm", {})]
    playlist = asked("Would you like me to play your recent playlist?")
    assert RULES.parse("nah just play the radio", context=playlist) == [
        Command("dialog.reject", {}), Command("media.play", {"source": "radio"})]


def test_hearing_the_route_is_the_reason_for_quiet_not_a_song():
    got = RULES.parse("不用了 先把音乐静音 我要听导航", context=asked("检测到前方拥堵，是否切换到更快的路线？"))
    assert got == [Command("dialog.reject", {}), Command("media.mute", {"on": True})]


def test_a_place_changed_with_a_word_of_going_and_a_plan_for_later_is_a_no():
    route = Command("nav.navigate", {"destination": "香格里拉大酒店"})
    assert RULES.parse("不对 改成去希尔顿酒店", context=after(route)) == [Command("nav.navigate", {"destination": "希尔顿酒店"})]
    charge = asked("电量较低，是否导航到最近的充电站？")
    assert RULES.parse("先不用 到酒店再充", context=charge) == [Command("dialog.reject", {})]
    reroute = asked("前方拥堵，是否为您切换路线？")
    assert RULES.parse("行行行 换吧 音乐声小点", context=reroute) == [
        Command("dialog.confirm", {}), Command("media.adjust_volume", {"direction": "down"})]
    assert RULES.parse("不用了 太吵了", context=asked("要播放音乐吗？")) == [Command("dialog.reject", {})]


def test_a_remark_after_the_answer_then_the_request():
    reroute = asked("Traffic ahead. Want me to find a faster route?")
    assert RULES.parse("Nah I'll stick with this road. Put some George Strait on", context=reroute) == [
        Command("dialog.reject", {}), Command("media.play", {"query": "George Strait"})]
    assert RULES.parse("nah I'm good, thanks", context=reroute) == [Command("dialog.reject", {})]
    assert RULES.parse("那可不咋的", context=asked("检测到车窗没关，要帮您关上吗？")) == [Command("dialog.confirm", {})]


def test_another_person_to_call_and_go_there_as_a_yes():
    model = RulesCommandModel()
    call = CommandContext(previous_commands=(Command("phone.call", {"contact": "二姐"}),))
    assert model.parse("打不通 换大哥试试", None, call) == [Command("phone.call", {"contact": "大哥"})]
    assert model.parse("换首歌试试", None, call) != [Command("phone.call", {"contact": "首歌"})]
    dave = CommandContext(previous_commands=(Command("phone.call", {"contact": "Dave"}),))
    assert model.parse("no answer, try Mike instead", None, dave) == [Command("phone.call", {"contact": "Mike"})]
    asked = CommandContext(pending_question="要为您导航到市少年宫吗？")
    assert model.parse("嗯 对 就去那儿", None, asked) == [Command("dialog.confirm", {})]


def test_the_suggestions_own_thing_declined_is_a_no():
    asked = CommandContext(pending_question="要打开座椅加热吗？")
    assert RulesCommandModel().parse("不要开座椅加热", None, asked) == [Command("dialog.reject", {})]


@pytest.mark.parametrize("text, question, expected", [
    ("嗯对 打吧", "是否为您拨打李助产士？", "dialog.confirm"),
    ("打吧", "要给老王打电话吗？", "dialog.confirm"),
    ("好 拨过去吧", "要给老王打电话吗？", "dialog.confirm"),
    ("call her", "Shall I call Mom?", "dialog.confirm"),
    # 打 is no yes to opening anything, nor "call her" to a window
    ("打吧", "要打开除雾吗？", "unsupported"),
    ("call her", "Want me to open the window?", "unsupported"),
])
def test_a_call_is_agreed_to_with_its_own_verb(text, question, expected):
    assert RULES.parse(text, context=asked(question))[0].intent == expected


def test_the_suggestion_declined_then_a_request_after_a_space():
    got = RULES.parse("不要开座椅加热 开通风", context=asked("要打开座椅加热吗？"))
    assert got == [C("dialog.reject"), C("seat.ventilate", on=True)]
    assert RULES.parse("不用 我不冷", context=asked("要打开座椅加热吗？")) == [C("dialog.reject")]


def test_enough_then_the_request_and_back_after_a_skip():
    assert RULES.parse("行了关上吧", context=after(C("sunroof.open", percent=50))) == [C("sunroof.close")]
    assert RULES.parse("nah go back, that one was fine", context=after(C("media.skip", direction="next"))) \
        == [C("media.skip", direction="previous")]
    assert RULES.parse("大夏天的加什么热 不要不要", context=asked("要为您打开座椅加热吗？")) == [C("dialog.reject")]


def test_never_mind_then_the_request_and_a_call_after_the_quiet():
    assert RULES.parse("算了还是关上吧 奶奶怕风", context=after(C("window.open", zone="rear_right"))) \
        == [C("window.close", zone="rear_right")]


@pytest.mark.parametrize("text, context, expected", [
    ("不用，先帮我打给浩浩爸爸", asked("附近有停车场，需要为您导航过去吗？"), [C("dialog.reject"), C("phone.call", contact="浩浩爸爸")]),
    ("别放了别放了 孩子们都睡着了", asked("要继续播放上次的歌单吗？"), [C("dialog.reject")]),
    ("do the same on my side", after(C("hvac.set_temperature", zone="passenger", value=23)), [C("hvac.set_temperature", value=23)]),
    ("她说不需要 谢谢啊", asked("要为副驾打开座椅加热吗？"), [C("dialog.reject")]),
])
def test_blind87_88_follow_ups(text, context, expected):
    assert RULES.parse(text, context=context) == expected


def test_blind89_90_the_same_for_me_and_a_yes_then_a_wish():
    assert RULES.parse("我这边也调成一样的", context=after(C("hvac.set_temperature", zone="passenger", value=24))) \
        == [C("hvac.set_temperature", value=24)]
    assert RULES.parse("好啊 声音小一点哈", context=asked("需要为您播放英语听力吗？")) \
        == [C("dialog.confirm"), C("media.adjust_volume", direction="down")]


@pytest.mark.parametrize("text, context, expected", [
    # a yes and the same suggestion for the other glass or seat
    ("好啊 后窗的也一起开了吧", asked("检测到前挡有雾气，要为您打开前除霜吗？"),
     [C("dialog.confirm"), C("hvac.defrost", target="rear", on=True)]),
    ("yes please, and the rear one too", asked("Your windshield is fogging up. Turn on the front defroster?"),
     [C("dialog.confirm"), C("hvac.defrost", target="rear", on=True)]),
    ("sure, and the passenger too", asked("Want me to turn on your seat heater?"),
     [C("dialog.confirm"), C("seat.heat", on=True, zone="passenger")]),
    ("no, the passenger instead", asked("Want me to turn on your seat heater?"),
     [C("dialog.reject"), C("seat.heat", on=True, zone="passenger")]),
    # ...but another thing named beside the yes is that thing, and a thing without seats takes none
    ("好 后排窗户也打开", asked("要打开主驾座椅加热吗？"), [C("dialog.confirm"), C("window.open", zone="rear")]),
    ("yes, and the rear too", asked("Turn on the A/C?"), [C("dialog.confirm")]),
    ("不用了 把右后的窗户关上就行", asked("要为您打开座椅加热吗？"), [C("dialog.reject"), C("window.close", zone="rear_right")]),
    ("不用了 开个按摩就行 副驾的", asked("要不要帮你打开座椅加热？"), [C("dialog.reject"), C("seat.massage", on=True, zone="passenger")]),
    # opened again by a little after a close
    ("actually leave it open a crack", after(C("sunroof.close")), [C("sunroof.open", percent=20)]),
    ("呃 还是开条缝吧", after(C("sunroof.close")), [C("sunroof.open", percent=20)]),
    ("open it halfway then", after(C("window.close", zone="driver")), [C("window.open", zone="driver", percent=50)]),
    ("还是开到百分之三十吧", after(C("sunroof.close")), [C("sunroof.open", percent=30)]),
    ("open it", after(C("sunroof.close")), [C("sunroof.open")]),
])
def test_blind92_the_other_one_too_and_reopened_by_a_little(text, context, expected):
    assert RULES.parse(text, context=context) == expected


def test_blind94_the_suggestions_verb_scoffed_at_is_a_no():
    assert RULES.parse("开什么开 外面刮台风呢", context=asked("是否为您打开天窗？")) == [C("dialog.reject")]
    assert RULES.parse("开啥开啊", context=asked("要打开座椅加热吗？")) == [C("dialog.reject")]


def test_a_yes_made_urgent_and_the_drivers_own_driving_told():
    assert RULES.parse("好 快点 我憋不住了", context=asked("前方两公里有卫生间 要导航过去吗？")) == [C("dialog.confirm")]
    assert RULES.parse("yes quick", context=asked("Navigate to the restroom?")) == [C("dialog.confirm")]
    assert RULES.parse("不用 我开快点就到了", context=asked("电量低 要导航去充电站吗？")) == [C("dialog.reject")]
    # a driving control said with the yes is still one
    assert RULES.parse("好 开快点", context=asked("要导航去充电站吗？")) == [C("unsupported", reason="unsafe")]


def test_blind95_a_cancel_with_the_places_hours_told():
    route = after(C("nav.navigate", destination="Hands On Sports Massage"))
    assert RULES.parse("scratch that, cancel it, they close at five", context=route) == [C("nav.cancel")]


@pytest.mark.parametrize("text, question, expected", [
    ("也行吧", "检测到您有些疲劳，要播放提神音乐吗？", "dialog.confirm"),
    ("你看着办", "车内温度较高，要打开空调吗？", "dialog.confirm"),
    ("whatever you think", "It's getting dark. Turn on the ambient lights?", "dialog.confirm"),
    ("up to you", "Shall I close the windows?", "dialog.confirm"),
    ("我自己来", "要帮您关闭车窗吗？", "dialog.reject"),
    ("no need, I'll handle it", "Shall I open the sunroof?", "dialog.reject"),
    ("I got it, thanks", "Want me to turn on the seat heating?", "dialog.reject"),
])
def test_the_choice_left_to_the_car_is_a_yes_and_doing_it_oneself_a_no(text, question, expected):
    assert RULES.parse(text, context=asked(question)) == [C(expected)], text


def test_the_new_answer_words_need_a_question():
    assert RULES.parse("我自己来") != [C("dialog.reject")]
    assert RULES.parse("打开空调 也行") == [C("hvac.power", on=True)]


def test_a_yes_and_a_change_of_the_suggested_thing():
    assert RULES.parse("yes please and make it blue", context=asked("Turn on the ambient lights?")) == [
        C("dialog.confirm"), C("light.ambient", color="blue")]
    assert RULES.parse("好 调到二档", context=asked("天冷了，要打开座椅加热吗？")) == [
        C("dialog.confirm"), C("seat.heat", on=True, level=2)]
    # a request of another thing is read as before; a bare yes stays a yes
    assert RULES.parse("ok and play some jazz", context=asked("Shall I close the sunroof?")) == [
        C("dialog.confirm"), C("media.play", query="jazz")]
    assert RULES.parse("好的", context=asked("要打开座椅加热吗？")) == [C("dialog.confirm")]


def test_cold_alone_after_a_warmer_cabin_is_still_a_complaint():
    warmer = after(C("hvac.adjust_temperature", direction="up"))
    for text in ("冷", "还是冷", "冷，再高点", "还是冷 再高点"):
        assert RULES.parse(text, context=warmer) == [C("hvac.adjust_temperature", direction="up")], text
    assert RULES.parse("再冷一点", context=after(C("hvac.adjust_temperature", direction="down"))) == [
        C("hvac.adjust_temperature", direction="down")]


def test_the_questions_own_verb_said_back_is_a_yes_before_more():
    heat = asked("要打开座椅加热吗？")
    assert RULES.parse("开吧 开到二档", context=heat) == [C("dialog.confirm"), C("seat.heat", on=True, level=2)]
    assert RULES.parse("开吧 音乐也关了", context=heat) == [C("dialog.confirm"), C("media.pause")]
    assert RULES.parse("开吧", context=heat) == [C("dialog.confirm")]


def test_too_far_back_a_bit_and_another_title_named():
    fan_up = after(C("hvac.adjust_fan", direction="up"))
    assert RULES.parse("太多了 回去一点", context=fan_up) == [C("hvac.adjust_fan", direction="down")]
    assert RULES.parse("way too much, back it off", context=fan_up) == [C("hvac.adjust_fan", direction="down")]
    assert RULES.parse("回去一点", context=after(C("media.adjust_volume", direction="down"))) == [
        C("media.adjust_volume", direction="up")]
    assert RULES.parse("回去一点") == [C("unsupported", reason="out_of_domain")]
    song = after(C("media.play", query="周杰伦"))
    assert RULES.parse("不是这首 是晴天", context=song) == [C("media.play", query="晴天")]
    assert RULES.parse("不对 我要的是稻香", context=song) == [C("media.play", query="稻香")]
    assert RULES.parse("wrong song, I said Yellow", context=song) == [C("media.play", query="Yellow")]
    assert RULES.parse("不是，我要上一首", context=after(C("media.skip", direction="next"))) == [
        C("media.skip", direction="previous")]


def test_do_the_same_for_another_seat():
    passenger = after(C("hvac.set_temperature", zone="passenger", value=23))
    for text in ("do the same for the back seats", "do the same thing for the back", "same for the back"):
        assert RULES.parse(text, context=passenger) == [C("hvac.set_temperature", value=23, zone="rear")], text


def test_enough_charge_told_after_a_no_is_no_reading():
    assert RULES.parse("No, I've got enough charge to get home.",
                       context=asked("Range is 40 km. Navigate to the nearest charging station?")) == [C("dialog.reject")]


def test_a_do_it_verb_goes_along_with_any_suggestion():
    for text in ("嗯 弄吧", "弄一下吧", "整一个", "搞吧"):
        assert RULES.parse(text, context=asked("车内温度较高，要为您打开空调吗？")) == [C("dialog.confirm")], text


def test_back_up_or_tui_hui_qu_right_after_a_skip_is_the_song_before():
    skipped = after(C("media.skip", direction="next"))
    for text in ("nope, back up", "go back a song", "退回去", "倒回去吧"):
        assert RULES.parse(text, context=skipped) == [C("media.skip", direction="previous")], text


def test_the_suggestion_s_verb_then_why_after_a_pause_is_a_yes():
    heat = asked("要打开座椅加热吗？")
    for text in ("开吧开吧 冻死了", "开吧 冻死了"):
        assert RULES.parse(text, context=heat) == [C("dialog.confirm")], text
    assert RULES.parse("开吧 音乐也关了", context=heat) == [C("dialog.confirm"), C("media.pause")]
    assert RULES.parse("开吧 开到二档", context=heat) == [C("dialog.confirm"), C("seat.heat", on=True, level=2)]


def test_a_no_then_another_thing_instead_takes_the_question_s_verb():
    assert RULES.parse("no, the sunroof instead", context=asked("Open the windows for fresh air?")) == [
        C("dialog.reject"), C("sunroof.open")]
    assert RULES.parse("no, grandma instead", context=asked("Shall I call Mom?")) == [
        C("dialog.reject"), C("phone.call", contact="grandma")]
    assert RULES.parse("no thanks", context=asked("Open the windows for fresh air?")) == [C("dialog.reject")]
    # a request of its own after the no keeps its own verb
    assert RULES.parse("nah, call Jenny Walsh instead", context=asked("Would you like me to play your driving playlist?")) == [
        C("dialog.reject"), C("phone.call", contact="Jenny Walsh")]
    assert RULES.parse("No thank you. Could you call Harold instead?", context=asked("Shall I play your favourites playlist?")) == [
        C("dialog.reject"), C("phone.call", contact="Harold")]
