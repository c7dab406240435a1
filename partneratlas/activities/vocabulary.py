"""The seed kinds of activity, in de/en/zh; applied by a data migration, extended by the agency in the admin."""

from typing import Any

KINDS: list[tuple[str, str, str, str, bool]] = [
    # code, German, English, Chinese, has a direction (to the partner / from the partner / both ways)
    ("delegation-visit", "Delegationsbesuch", "Delegation visit", "代表团访问", True),
    ("video-meeting", "Videokonferenz", "Video meeting", "视频会议", False),
    ("workshop", "Workshop", "Workshop", "研讨会", False),
    ("youth-exchange", "Jugendaustausch", "Youth exchange", "青年交流", True),
    ("expert-exchange", "Fachaustausch", "Expert exchange", "专业交流", True),
    ("cultural-event", "Kulturveranstaltung", "Cultural event", "文化活动", False),
    ("joint-project", "Gemeinsames Projekt", "Joint project", "合作项目", False),
    ("council-decision", "Ratsbeschluss", "Council decision", "议会决议", False),
]


def seed_kinds(apps: Any, schema_editor: Any = None) -> None:
    """Create the seed kinds; kinds the agency added or renamed stay as they are."""
    kind_model = apps.get_model("activities", "ActivityKind")
    for position, (code, de, en, zh, directed) in enumerate(KINDS, start=1):
        kind_model.objects.get_or_create(code=code, defaults={
            "names": {"de": de, "en": en, "zh-hans": zh}, "position": position * 10, "directed": directed})
