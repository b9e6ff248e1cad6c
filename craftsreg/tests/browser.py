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
    results = _axe.run(page)
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
