"""Screenshots of every public page in every language at desktop and phone widths.

    .venv/bin/python scripts/screenshots.py [BASE_URL] [OUT_DIR]

Needs a running site (`make run`) and Debian's Chromium (`make browser`). For looking at
the product the way a user would, before a release; not part of the test suite.
"""

import json
import sys
from pathlib import Path
from urllib.request import urlopen

from playwright.sync_api import sync_playwright

BASE = sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8000"
OUT = Path(sys.argv[2] if len(sys.argv) > 2 else "var/screenshots")
PAGES = {
    "start": "/", "map": "/map/?country=CN&place=gn:2805753", "list": "/map/list/?country=CN",
    "search": "/search/?q=Dusseldorf", "search-dongguan": "/search/?q=东莞",
    "municipality": "/municipalities/gn:2805753/",
    "statistics": "/statistics/?country=CN", "data": "/data/", "accessibility": "/accessibility/",
    "imprint": "/imprint/", "privacy": "/privacy/", "api": "/data/api/",
}
# A partnership's page is under a uuid that changes with every data load, so it is looked up.
PARTNERSHIP = ("CN", {"Hamburg", "Shanghai"})
LANGUAGES = {"de": "", "en": "/en", "zh": "/zh-hans"}
WIDTHS = {"desktop": (1366, 900), "phone": (390, 844)}
BROWSER_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def partnership_path() -> str:
    """The page of the demo partnership that shows the most (actors, description, history)."""
    country, names = PARTNERSHIP
    with urlopen(f"{BASE}/api/v1/partnerships?country={country}&limit=50") as response:  # noqa: S310  (the site under review)
        results = json.load(response)["results"]
    found = next((r for r in results if {m["name"] for m in r["members"]} == names), None)
    if found is None:
        sys.exit(f"No {' – '.join(sorted(names))} partnership at {BASE}: is the demo data loaded?")
    return f"/partnerships/{found['id']}/"


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    PAGES["partnership"] = partnership_path()
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=BROWSER_ARGS)
        for width_name, (width, height) in WIDTHS.items():
            page = browser.new_page(viewport={"width": width, "height": height})
            for language, prefix in LANGUAGES.items():
                for name, path in PAGES.items():
                    page.goto(BASE + prefix + path)
                    page.wait_for_load_state("networkidle")
                    if name == "map":
                        page.wait_for_timeout(800)
                    target = OUT / f"{name}-{language}-{width_name}.png"
                    # The map fills a desktop screen; on a phone it comes below the filters.
                    page.screenshot(path=str(target), full_page=name != "map" or width_name == "phone")
                    print(target)
        browser.close()


if __name__ == "__main__":
    main()
