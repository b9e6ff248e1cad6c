"""Helpers shared by the browser tests of every app (Playwright and axe accessibility checks).

In the test tree, not in the craftsreg package: production code never imports Playwright.
"""

import json

from axe_playwright_python.sync_playwright import Axe

CHROMIUM = "/usr/bin/chromium"
# Flags for Debian's chromium as root in CI: no sandbox, and no background connections (the
# machine's network is closed, and those connections only slow start-up down).
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

_axe = Axe()


def serious_accessibility_violations(page) -> list[dict]:
    """axe-core violations of impact "serious" or "critical" on the page as it is now."""
    # No preloading: axe re-reads every stylesheet and, for one that @imports another (the
    # admin's forms.css), injects it as an inline <style> — which the CSP rightly blocks and the
    # CSP guard of the browser tests then reports. Only css-orientation-lock needs the preload.
    results = _axe.run(page, options={"preload": False})
    return [
        violation
        for violation in results.response["violations"]
        if violation.get("impact") in ("serious", "critical")
    ]


def assert_accessible(page) -> None:
    violations = serious_accessibility_violations(page)
    summary = [
        {
            "id": v["id"],
            "impact": v["impact"],
            "help": v["help"],
            "nodes": [n["target"] for n in v["nodes"][:5]],
        }
        for v in violations
    ]
    details = json.dumps(summary, indent=2, ensure_ascii=False)
    assert not violations, f"axe found serious/critical violations on {page.url}:\n{details}"


# Widths every staff and public screen must fit without scrolling sideways: a 1366 px office
# screen and a 390 px phone.
SCREEN_WIDTHS = (1366, 390)


def horizontal_overflow(page) -> list[str]:
    """What scrolls sideways on the page as it is now: the page itself or a table's container.

    Empty when ``scrollWidth ≤ clientWidth`` for the document and for the parent of every table.
    """
    return page.evaluate(
        """() => {
          const found = [];
          const root = document.documentElement;
          if (root.scrollWidth > root.clientWidth) {
            found.push(`page: ${root.scrollWidth} > ${root.clientWidth}`);
          }
          for (const table of document.querySelectorAll("table")) {
            const box = table.parentElement;
            if (table.offsetParent !== null && box.scrollWidth > box.clientWidth) {
              const name = table.id || table.className || "table";
              found.push(`${name}: ${box.scrollWidth} > ${box.clientWidth}`);
            }
          }
          return found;
        }"""
    )


def assert_fits_every_screen(page) -> None:
    """At 1366 px and at 390 px the page has no horizontal overflow and no serious axe finding."""
    for width in SCREEN_WIDTHS:
        page.set_viewport_size({"width": width, "height": 900 if width > 1000 else 844})
        overflow = horizontal_overflow(page)
        assert not overflow, f"{page.url} at {width} px scrolls sideways: {overflow}"
        assert_accessible(page)
