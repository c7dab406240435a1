"""Number and date formats where PartnerAtlas differs from Django's locale data (FORMAT_MODULE_PATH).

Django looks here first and falls back to its own locale files for everything not named.
"""
