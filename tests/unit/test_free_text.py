"""Free-text slots in one canonical form: container words and articles around a media query, deictic places."""

from __future__ import annotations

import pytest

from multimodal.command.guard import canonicalise
from multimodal.command.rules import RulesCommandModel
from multimodal.text.free_text import canonical_slots, media_query, place
from vehicle_state.commands import Command


@pytest.mark.parametrize("said, query", [
    ("jazz music", "jazz"), ("some blues", "blues"), ("the song Hey Jude", "Hey Jude"),
    ("songs by the band the kinks", "kinks"), ("something upbeat", "upbeat"),
    ("something from the genre dream pop", "dream pop"), ("track 12", "12"), ("a song called Creep", "Creep"),
    ("my road trip playlist", "my road trip"), ("the Eagles", "Eagles"), ("The Who", "The Who"),
    ("晴天这首歌", "晴天"), ("欢快的歌曲", "欢快"), ("那首夜曲", "夜曲"), ("歌曲稻香", "稻香"), ("安静的音乐", "安静"),
    ("me some reggae", "reggae"), ("songs by Coldplay", "Coldplay"), ("Song 2", "Song 2"), ("Band of Horses", "Band of Horses"),
    ("The Sound of Music", "The Sound of Music"), ("Something Just Like This", "Something Just Like This"), ("轻音乐", "轻音乐"),
    ("一段情", "一段情"), ("起风了", "起风了"), ("my playlist", "my playlist"),
    ("Me First and the Gimme Gimmes", "Me First and the Gimme Gimmes"), ("The Long and Winding Road", "The Long and Winding Road"),
    ("王菲的歌", "王菲"), ("Radiohead", "Radiohead"), ("七里香", "七里香"), ("hip hop from the nineties", "hip hop from the nineties"),
])
def test_a_media_query_is_what_it_names(said, query):
    assert media_query(said) == query


@pytest.mark.parametrize("said", ["music", "songs", "something", "歌曲", "一首歌", "音乐", "the music"])
def test_container_words_alone_name_nothing(said):
    assert media_query(said) is None


@pytest.mark.parametrize("said, where", [
    ("here", None), ("around here", None), ("my area", None), ("my current location", None), ("这里", None),
    ("本地", "本地"), ("我这边", None), ("The Hague", "The Hague"), ("the Black Forest", "Black Forest"), ("上海", "上海"), ("Oslo", "Oslo"),
])
def test_a_weather_place_that_only_points_at_the_car_is_no_place(said, where):
    assert place(said) == where


def test_canonical_slots_drop_what_names_nothing_and_leave_the_rest():
    assert canonical_slots("media.play", {"query": "some music", "source": "bluetooth"}) == {"source": "bluetooth"}
    assert canonical_slots("query.weather", {"location": "here", "day": "today"}) == {"day": "today"}
    # the grammar's form: a lower-case article is no part of the place ("I need a hospital"); a capital one is
    assert canonical_slots("nav.navigate", {"destination": "the station"}) == {"destination": "station"}
    assert canonical_slots("nav.navigate", {"destination": "a hospital"}) == {"destination": "hospital"}
    assert canonical_slots("nav.navigate", {"destination": "The Cheesecake Factory"}) == {"destination": "The Cheesecake Factory"}
    assert canonical_slots("nav.navigate", {"destination": "Anchorage"}) == {"destination": "Anchorage"}
    assert canonical_slots("phone.call", {"contact": "the boss"}) == {"contact": "the boss"}


def test_the_model_and_the_grammar_answer_in_the_same_form():
    model = canonicalise([Command("media.play", {"query": "dream pop music"}),
                          Command("query.weather", {"location": "my area", "day": "tomorrow"})])
    assert [c.slots for c in model] == [{"query": "dream pop"}, {"day": "tomorrow"}]
    rules = RulesCommandModel()
    assert rules.parse("play some dream pop music") == [Command("media.play", {"query": "dream pop"})]
    assert rules.parse("我想听晴天这首歌") == [Command("media.play", {"query": "晴天"})]


@pytest.mark.parametrize("text, intent", [
    ("slow down the music volume", "media.adjust_volume"), ("slow down the fan please", "hvac.adjust_fan"),
    ("slow down", "unsupported"), ("slow the car down", "unsupported"), ("slow down and turn the music up", "unsupported"),
    ("slow down the fan and the car", "unsupported"), ("slow down the volume and our speed", "unsupported"),
])
def test_slowing_down_the_fan_or_the_volume_is_not_a_driving_control(text, intent):
    assert RulesCommandModel().parse(text)[0].intent == intent


@pytest.mark.parametrize("text, slots", [
    ("杭州是什么天气", {"location": "杭州"}), ("成都什么天气", {"location": "成都"}),
    ("明天去桂林玩要带伞吗", {"location": "桂林", "day": "tomorrow"}),
])
def test_the_grammar_reads_the_place_out_of_a_chinese_weather_question(text, slots):
    assert RulesCommandModel().parse(text) == [Command("query.weather", slots)]


def test_a_trailing_de_is_not_part_of_the_artist():
    assert RulesCommandModel().parse("来首陈奕迅的") == [Command("media.play", {"query": "陈奕迅"})]


def test_a_radio_frequency_said_with_its_band_is_the_number():
    assert canonical_slots("media.play", {"query": "FM 94.7", "source": "radio"}) == {"query": "94.7", "source": "radio"}
    assert canonical_slots("media.play", {"query": "FM Radio Hits"}) == {"query": "FM Radio Hits"}


def test_a_question_particle_is_no_part_of_a_warning_name():
    assert canonical_slots("query.warning", {"name": "机油灯呢"}) == {"name": "机油灯"}
