"""The seed vocabulary: kinds of partnership, the 17 SDGs and topic tags, in de/en/zh.

Applied by a data migration; the agency extends the kinds and topics in the admin.
"""

from typing import Any

UNCLASSIFIED = "unclassified"

KINDS: list[tuple[str, str, str, str, list[str]]] = [
    # code, German, English, Chinese, other spellings an import may use
    ("twinning", "Städtepartnerschaft (mit Urkunde)", "Town twinning (with certificate)", "友好城市（正式结好）",
     ["Städtepartnerschaft", "Partnerstadt", "offizielle Partnerstadt", "twin town", "twinning", "sister city",
      "Partnerschaft", "Landespartnerschaft", "Kreispartnerschaft", "友好城市"]),
    ("friendship", "Städtefreundschaft", "Friendship", "友好交流城市",
     ["Freundschaft", "friendship city", "Freundschaftsvertrag"]),
    ("project", "Projektpartnerschaft", "Project partnership", "项目伙伴关系",
     ["Projekt", "project"]),
    ("cooperation", "Kooperationsvereinbarung", "Cooperation agreement", "合作协议",
     ["Kooperation", "cooperation", "Zusammenarbeit", "memorandum of understanding", "MoU", "Absichtserklärung"]),
    ("contact", "Kontakt", "Contact", "联系", ["Kontakte", "contacts"]),
    ("climate", "Klimapartnerschaft", "Climate partnership", "气候伙伴关系",
     ["kommunale Klimapartnerschaft", "climate"]),
    ("solidarity", "Solidaritätspartnerschaft", "Solidarity partnership", "团结伙伴关系",
     ["Solidarität", "solidarity"]),
    # A row whose file names no kind: shown as such, never silently taken for a twinning.
    (UNCLASSIFIED, "Noch nicht eingeordnet", "Not yet classified", "尚未分类",
     ["unclassified", "unbekannt", "unknown", "k. A.", "keine Angabe", "n/a"]),
]

# Spellings real lists use, added to the seed kinds' other spellings (migration 0008); the
# agency adds more in the admin.
MORE_ALIASES: dict[str, list[str]] = {
    "twinning": ["official_twinning", "official twinning", "Partnerschaft mit Urkunde",
                 "Städtepartnerschaft mit Urkunde", "Partnerschaftsurkunde", "sister cities", "twin city",
                 "twinned town", "partner city", "Partnerschaftsvertrag", "jumelage", "姐妹城市", "友城"],
    "friendship": ["friendship_city", "friendly city", "Städtefreundschaft", "Freundschaftsabkommen",
                   "Freundschaftsvereinbarung", "friendship agreement", "友好交流城市", "友好交流关系"],
    "project": ["project_partnership", "project partnership", "Projektpartnerschaft", "Projektkooperation"],
    "cooperation": ["cooperation_agreement", "cooperation agreement", "Kooperationsabkommen",
                    "Kooperationsvertrag", "Vereinbarung", "partnership agreement"],
    "contact": ["lose Kontakte", "informal contact", "informeller Kontakt"],
    "climate": ["climate_partnership", "climate partnership", "Klima-Partnerschaft", "50 Kommunale Klimapartnerschaften"],
    "solidarity": ["solidarity_partnership", "solidarity partnership", "Solidaritätspartnerschaft"],
}

SDGS: list[tuple[int, str, str, str]] = [
    (1, "Keine Armut", "No poverty", "无贫穷"),
    (2, "Kein Hunger", "Zero hunger", "零饥饿"),
    (3, "Gesundheit und Wohlergehen", "Good health and well-being", "良好健康与福祉"),
    (4, "Hochwertige Bildung", "Quality education", "优质教育"),
    (5, "Geschlechtergleichheit", "Gender equality", "性别平等"),
    (6, "Sauberes Wasser und Sanitäreinrichtungen", "Clean water and sanitation", "清洁饮水和卫生设施"),
    (7, "Bezahlbare und saubere Energie", "Affordable and clean energy", "经济适用的清洁能源"),
    (8, "Menschenwürdige Arbeit und Wirtschaftswachstum", "Decent work and economic growth", "体面工作和经济增长"),
    (9, "Industrie, Innovation und Infrastruktur", "Industry, innovation and infrastructure", "产业、创新和基础设施"),
    (10, "Weniger Ungleichheiten", "Reduced inequalities", "减少不平等"),
    (11, "Nachhaltige Städte und Gemeinden", "Sustainable cities and communities", "可持续城市和社区"),
    (12, "Nachhaltige/r Konsum und Produktion", "Responsible consumption and production", "负责任消费和生产"),
    (13, "Maßnahmen zum Klimaschutz", "Climate action", "气候行动"),
    (14, "Leben unter Wasser", "Life below water", "水下生物"),
    (15, "Leben an Land", "Life on land", "陆地生物"),
    (16, "Frieden, Gerechtigkeit und starke Institutionen", "Peace, justice and strong institutions", "和平、正义与强大机构"),
    (17, "Partnerschaften zur Erreichung der Ziele", "Partnerships for the goals", "促进目标实现的伙伴关系"),
]

TOPICS: list[tuple[str, str, str, str]] = [
    ("climate-adaptation", "Klimaanpassung", "Climate adaptation", "气候适应"),
    ("digitalisation", "Digitalisierung", "Digitalisation", "数字化"),
    ("esd", "Bildung für nachhaltige Entwicklung", "Education for sustainable development", "可持续发展教育"),
    ("tourism", "Tourismus", "Tourism", "旅游"),
    ("economic-development", "Wirtschaftsförderung", "Economic development", "经济发展"),
    ("gender-equality", "Geschlechtergerechtigkeit", "Gender equality", "性别平等"),
    ("health", "Gesundheit", "Health", "卫生健康"),
    ("culture", "Kultur", "Culture", "文化"),
    ("youth", "Jugend", "Youth", "青年"),
    ("urban-development", "Stadtentwicklung", "Urban development", "城市发展"),
]


def add_unclassified_and_aliases(apps: Any, schema_editor: Any = None) -> None:
    """The "not yet classified" kind, and more spellings for the seed kinds; what the agency added stays."""
    kind_model = apps.get_model("registry", "PartnershipKind")
    for position, (code, de, en, zh, aliases) in enumerate(KINDS, start=1):
        kind, _created = kind_model.objects.get_or_create(
            code=code, defaults={"names": {"de": de, "en": en, "zh-hans": zh}, "aliases": aliases,
                                 "position": position})
        extra = [a for a in MORE_ALIASES.get(code, []) if a not in kind.aliases]
        if extra:
            kind.aliases = [*kind.aliases, *extra]
            kind.save(update_fields=["aliases"])


def seed_vocabulary(apps: Any, schema_editor: Any = None) -> None:
    """Create or refresh the seed terms; terms the agency added stay as they are."""
    kind_model = apps.get_model("registry", "PartnershipKind")
    for position, (code, de, en, zh, aliases) in enumerate(KINDS, start=1):
        kind_model.objects.update_or_create(
            code=code, defaults={"names": {"de": de, "en": en, "zh-hans": zh}, "aliases": aliases,
                                 "position": position})
    sdg_model = apps.get_model("registry", "SustainableDevelopmentGoal")
    for number, de, en, zh in SDGS:
        sdg_model.objects.update_or_create(number=number, defaults={"names": {"de": de, "en": en, "zh-hans": zh}})
    topic_model = apps.get_model("registry", "Topic")
    for position, (code, de, en, zh) in enumerate(TOPICS, start=1):
        topic_model.objects.update_or_create(
            code=code, defaults={"names": {"de": de, "en": en, "zh-hans": zh}, "position": position})
