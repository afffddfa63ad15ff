"""The guard between the language model and the vehicle."""

from multimodal.command.guard import arbitrate, check_grounding
from vehicle_state.commands import Command

UNSAFE = [Command("unsupported", {"reason": "unsafe"})]
OOD = [Command("unsupported", {"reason": "out_of_domain"})]


def test_free_text_must_be_said():
    assert check_grounding([Command("nav.navigate", {"destination": "天安门"})], "导航去天安门吧").ok
    assert check_grounding([Command("nav.navigate", {"destination": "home"})], "回家").ok
    bad = check_grounding([Command("nav.navigate", {"destination": "recirc"})], "导航回家")
    assert not bad.ok and "recirc" in bad.problems[0]
    assert check_grounding([Command("media.play", {"query": "Shape of You"})], "play shape of you please").ok


def test_tap_label_must_be_visible_or_said():
    tap = [Command("screen.tap", {"label": "蓝牙音乐"})]
    assert check_grounding(tap, "点一下蓝牙", ["蓝牙音乐"]).ok
    assert not check_grounding(tap, "点一下收音机", ["收音机"]).ok


def test_rule_grammar_safety_wins():
    model = [Command("window.open", {"zone": "driver"})]
    final, why = arbitrate(model, UNSAFE, "open the door while driving")
    assert final == UNSAFE and why.startswith("safety")


def test_ungrounded_answer_replaced_by_rules_or_refused():
    model = [Command("nav.navigate", {"destination": "recirc"})]
    rules = [Command("nav.navigate", {"destination": "home"})]
    assert arbitrate(model, rules, "导航回家")[0] == rules
    assert arbitrate(model, OOD, "导航回家")[0] == OOD


def test_rescues():
    rules = [Command("hvac.adjust_temperature", {"direction": "up"})]
    assert arbitrate(OOD, rules, "冻死了")[0] == rules
    tap = [Command("screen.tap", {"label": "座椅加热"})]
    model = [Command("seat.heat", {"on": True})]
    assert arbitrate(model, tap, "点一下座椅加热", ["座椅加热"])[0] == tap
    assert arbitrate(model, tap, "点一下座椅加热", [])[0] == model  # no screen: no tap rescue
    assert arbitrate(model, model, "打开座椅加热") == (model, None)


def test_home_work_canonicalised_and_unsaid_zone_replaced():
    home = [Command("nav.navigate", {"destination": "回家"})]
    assert arbitrate(home, None, "导航回家")[0] == [Command("nav.navigate", {"destination": "home"})]
    work = [Command("nav.navigate", {"destination": "公司"})]
    assert arbitrate(work, None, "导航去公司")[0] == [Command("nav.navigate", {"destination": "work"})]
    model = [Command("window.open", {"zone": "rear", "percent": 50})]
    rules = [Command("window.open", {"zone": "rear_left", "percent": 50})]
    assert arbitrate(model, rules, "把左后车窗打开一半")[0] == rules
    assert arbitrate(rules, model, "把左后车窗打开一半")[0] == rules  # the said zone stays
