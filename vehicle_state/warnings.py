"""A small bilingual knowledge base of dashboard warnings, and lookup by spoken or shown name."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass


@dataclass(frozen=True)
class WarningInfo:
    id: str
    name_zh: str
    name_en: str
    explain_zh: str
    explain_en: str
    aliases: tuple[str, ...] = ()

    def name(self, lang: str) -> str:
        return self.name_zh if lang == "zh" else self.name_en

    def explain(self, lang: str) -> str:
        return self.explain_zh if lang == "zh" else self.explain_en


KNOWLEDGE: tuple[WarningInfo, ...] = (
    WarningInfo(
        "tire_pressure_low", "胎压过低", "Low tire pressure",
        "胎压过低警告：至少一个轮胎的气压低于推荐范围（193–300 kPa）。请减速慢行，尽快检查轮胎并充气，如持续漏气请更换备胎或联系救援。",
        "Low tire pressure: at least one tire is below the recommended range (193–300 kPa). Slow down, "
        "check the tire and inflate it soon; if it keeps losing air, fit the spare or call assistance.",
        ("胎压", "胎压低", "胎压报警", "轮胎", "tire pressure", "tyre pressure", "tpms", "low tire", "tire"),
    ),
    WarningInfo(
        "tire_pressure_high", "胎压过高", "High tire pressure",
        "胎压过高：轮胎气压高于推荐范围，抓地力下降，请在轮胎冷却后放气至推荐值。",
        "High tire pressure: a tire is above the recommended range, which reduces grip. Let it cool, then "
        "deflate to the recommended value.",
        ("胎压高", "high tire"),
    ),
    WarningInfo(
        "low_battery", "电量低", "Low battery",
        "电量低警告：动力电池电量不足，续航有限。请尽快前往充电站充电，并减少空调等高耗电设备的使用。",
        "Low battery: the traction battery is low and range is limited. Head to a charging station soon and "
        "reduce heavy loads such as climate control.",
        ("电量", "电池", "低电量", "battery", "low battery", "charge"),
    ),
    WarningInfo(
        "low_range", "续航不足", "Low range",
        "续航不足：剩余续航里程较短，可能无法到达目的地，建议前往附近充电站。",
        "Low range: the remaining range is short and may not reach the destination; a nearby charging "
        "station is recommended.",
        ("续航", "range", "low range"),
    ),
    WarningInfo(
        "engine_check", "发动机故障灯", "Check engine light",
        "发动机故障灯：动力系统检测到故障。如灯常亮可继续低速行驶并尽快到服务站检查；如闪烁请立即安全停车。",
        "Check engine light: the powertrain detected a fault. If it is steady, drive gently to a service "
        "center soon; if it flashes, stop safely right away.",
        ("发动机", "机油灯", "故障灯", "check engine", "engine", "malfunction"),
    ),
    WarningInfo(
        "oil_pressure", "机油压力低", "Low oil pressure",
        "机油压力警告：机油压力不足，继续行驶可能损坏发动机，请尽快安全停车并检查机油。",
        "Low oil pressure: continuing to drive can damage the engine. Stop safely and check the oil.",
        ("机油", "oil"),
    ),
    WarningInfo(
        "brake_system", "制动系统故障", "Brake system warning",
        "制动系统警告：制动液不足或制动系统故障，请谨慎驾驶并尽快检修；如果手刹未松也会亮起。",
        "Brake system warning: low brake fluid or a brake fault; drive carefully and have it checked. It "
        "also lights if the parking brake is on.",
        ("刹车", "制动", "brake"),
    ),
    WarningInfo(
        "seatbelt", "安全带未系", "Seat belt reminder",
        "安全带提醒：有乘员未系安全带，请系好安全带。",
        "Seat belt reminder: someone is not buckled up. Please fasten your seat belt.",
        ("安全带", "seat belt", "seatbelt"),
    ),
    WarningInfo(
        "coolant_temp", "冷却液温度过高", "Coolant temperature high",
        "冷却液温度过高：发动机或电驱过热，请安全停车，等待冷却后检查冷却液。",
        "Coolant temperature high: the engine or drive unit is overheating. Stop safely, let it cool and "
        "check the coolant.",
        ("水温", "冷却液", "coolant", "overheat"),
    ),
    WarningInfo(
        "washer_fluid", "玻璃水不足", "Washer fluid low",
        "玻璃水不足：风挡清洗液液位低，请添加玻璃水。",
        "Washer fluid low: top up the windshield washer fluid.",
        ("玻璃水", "washer"),
    ),
)

BY_ID = {w.id: w for w in KNOWLEDGE}


def _fold(text: str) -> str:
    return unicodedata.normalize("NFKC", text).casefold().replace(" ", "")


def find_warning(text: str) -> WarningInfo | None:
    """The knowledge-base entry a spoken name or on-screen text refers to (longest alias wins)."""
    folded = _fold(text)
    if not folded:
        return None
    best: tuple[int, WarningInfo] | None = None
    for info in KNOWLEDGE:
        for alias in (info.name_zh, info.name_en, info.id, *info.aliases):
            a = _fold(alias)
            if a and a in folded and (best is None or len(a) > best[0]):
                best = (len(a), info)
    return best[1] if best else None


def warning_id(active: str) -> str:
    """``tire_pressure_low:front_left`` -> ``tire_pressure_low``."""
    return active.split(":", 1)[0]
