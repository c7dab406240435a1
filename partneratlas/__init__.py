"""PartnerAtlas: the registry and atlas of international municipal partnerships."""

__version__ = "0.1.0"
