"""The renderer draws what the state says, records where, in both languages, with warnings."""

import pytest

from simulator.hmi.renderer import render_screen, warning_text
from vehicle_state.signals import SEATS
from vehicle_state.state import VehicleState

pytest.importorskip("PIL")

STATE = VehicleState({
    "hvac.power": True, "hvac.ac": True, "hvac.defrost.front": True, "seat.heat_level.driver": 2,
    "media.source": "bluetooth", "media.playing": True, "media.track": "晴天",
    "nav.active": True, "nav.destination": "天安门", "nav.remaining_km": 12.5, "nav.eta_min": 20,
    "tire_pressure_kpa.rear_right": 165, "battery_pct": 8,
    "warnings": ["tire_pressure_low:rear_right", "low_battery"]})


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_layout_lists_every_control_inside_the_image(lang):
    image, layout = render_screen(STATE, lang)
    assert image.size == (1280, 720) and layout.lang == lang
    ids = [c.id for c in layout.controls]
    assert len(ids) == len(set(ids))
    for seat in SEATS:
        assert f"seat_heat.{seat}" in ids and f"seat_vent.{seat}" in ids
    for cid in ("hvac.power", "hvac.ac", "hvac.auto", "hvac.recirculation", "defrost.front", "defrost.rear",
                "media.source.bluetooth", "media.play_pause", "media.mute", "nav.cancel"):
        assert cid in ids
    for c in layout.controls:
        x0, y0, x1, y1 = c.box
        assert 0 <= x0 < x1 <= 1280 and 0 <= y0 < y1 <= 720 and c.label


def test_labels_follow_language_and_state():
    _, zh = render_screen(STATE, "zh")
    _, en = render_screen(STATE, "en")
    assert zh.control("media.source.bluetooth").label == "蓝牙音乐"
    assert en.control("media.source.bluetooth").label == "Bluetooth"
    assert en.control("defrost.front").label == "Front defrost"
    assert zh.control("media.source.bluetooth").active and not zh.control("media.source.radio").active
    heat = zh.control("seat_heat.driver")
    assert heat.active and heat.state == "2" and heat.state_text == "2档"
    assert zh.control("seat_heat.passenger").state == "0" and not zh.control("seat_heat.passenger").active
    assert en.control("media.play_pause").label == "Pause"
    texts = {t.role: t.text for t in zh.texts}
    assert texts["clock"] == "08:00" and "天安门" in texts["destination"]


def test_active_buttons_are_drawn_highlighted():
    image, layout = render_screen(STATE, "en")
    on, off = layout.control("hvac.ac"), layout.control("hvac.auto")

    def corner_pixel(box):
        return image.getpixel((box[0] + 12, (box[1] + box[3]) // 2))

    assert corner_pixel(on.box) != corner_pixel(off.box)
    assert corner_pixel(on.box)[2] > 200  # the accent blue


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_warnings_are_drawn_as_banners_and_icons(lang):
    _, layout = render_screen(STATE, lang)
    banners = layout.banners()
    assert [b.warning_id for b in banners] == ["tire_pressure_low", "low_battery"]
    assert ("右后轮" if lang == "zh" else "rear-right") in banners[0].text and "165" in banners[0].text
    assert len([w for w in layout.warnings if w.kind == "icon"]) == 2
    info = layout.to_screen_info()
    assert {w.warning_id for w in info.warnings} == {"tire_pressure_low", "low_battery"}
    assert info.controls[0].id is not None


def test_no_warnings_no_banners_and_flat_dict_state():
    _, layout = render_screen(VehicleState().to_flat(), "en")
    assert layout.banners() == () and not layout.warnings
    assert layout.control("nav.home").label == "Home"


def test_unknown_warning_and_many_warnings():
    s = VehicleState({"warnings": ["engine_check", "washer_fluid", "seatbelt", "mystery_fault"]})
    _, layout = render_screen(s, "zh")
    assert len(layout.banners()) == 2  # two shown, the third slot says how many more
    assert warning_text("mystery_fault", s, "en") == "Warning: mystery_fault"


def test_bad_arguments():
    with pytest.raises(ValueError, match="lang"):
        render_screen(STATE, "fr")
    with pytest.raises(ValueError, match="size"):
        render_screen(STATE, "zh", size=(10, 10))
    with pytest.raises(ValueError):
        render_screen({"hvac.set_temp_c.driver": 99}, "zh")


def test_other_sizes_scale_the_layout():
    _, small = render_screen(STATE, "en", size=(640, 360))
    _, big = render_screen(STATE, "en", size=(1280, 720))
    a, b = small.control("hvac.ac").box, big.control("hvac.ac").box
    assert abs(a[0] * 2 - b[0]) <= 2 and abs(a[3] * 2 - b[3]) <= 2
