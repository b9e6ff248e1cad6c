"""One printable HTML file of many documents (certificates), written piece by piece to disk.

A batch of certificates is downloaded from "My jobs" and opened from the user's own disk, where
the site's stylesheets cannot be reached: the file carries its styles inside (read from the
static files) and its QR codes as inline SVG, so it prints the same offline, years later. Each
document is rendered and written on its own, so a batch of thousands is written in constant
memory. Page breaks between documents come from the apps' print styles.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils.translation import get_language, get_language_bidi


def stylesheet_text(*names: str) -> str:
    """The content of static stylesheets, in order (a missing one is a programming error)."""
    parts = []
    for name in names:
        path = finders.find(name)
        if path is None:
            raise FileNotFoundError(f"static file {name!r} not found")
        with open(path, encoding="utf-8") as handle:
            parts.append(handle.read())
    return "\n".join(parts)


def write_document(
    path,
    *,
    title: str,
    stylesheets: Iterable[str],
    help_text: str,
    body_class: str,
    parts: Iterable[str],
) -> int:
    """Write the HTML document at ``path`` around ``parts`` (already rendered, escaped HTML);
    returns how many parts were written. The page's language is the active one."""
    head = render_to_string(
        "includes/_printable_head.html",
        {
            "title": title,
            "styles": stylesheet_text(*stylesheets),
            "help_text": help_text,
            "body_class": body_class,
            "language": get_language(),
            "bidi": get_language_bidi(),
        },
    )
    count = 0
    with open(path, "w", encoding="utf-8") as output:
        output.write(head)
        for part in parts:
            output.write(part)
            output.write("\n")
            count += 1
        output.write("</main>\n</body>\n</html>\n")
    return count
