"""Pages as parsed elements for tests: assertions on what a visitor reads, not on the markup.

``parse(html)`` returns the document's root ``Element``; ``find``/``find_all`` select by tag and
attributes, ``text`` is the element's visible text with whitespace collapsed. Built on the
standard library's HTMLParser, so tests need no extra dependency.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser

# Elements that never have content (no end tag).
_VOID = {"area", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}


@dataclass
class Element:
    tag: str
    attrs: dict[str, str | None] = field(default_factory=dict)
    children: list[Element | str] = field(default_factory=list)

    def iter(self):
        yield self
        for child in self.children:
            if isinstance(child, Element):
                yield from child.iter()

    def _matches(self, tag: str | None, attrs: dict[str, str]) -> bool:
        if tag is not None and self.tag != tag:
            return False
        for name, value in attrs.items():
            name = name.rstrip("_").replace("_", "-")  # class_ → class, data_code → data-code
            if name == "class":
                if value not in (self.attrs.get("class") or "").split():
                    return False
            elif self.attrs.get(name) != value:
                return False
        return True

    def find_all(self, tag: str | None = None, **attrs: str) -> list[Element]:
        return [e for e in self.iter() if e is not self and e._matches(tag, attrs)]

    def find(self, tag: str | None = None, **attrs: str) -> Element:
        """The first match; fails the test (AssertionError) when there is none."""
        found = self.find_all(tag, **attrs)
        assert found, f"no <{tag or '*'}> with {attrs}"
        return found[0]

    @property
    def text(self) -> str:
        return " ".join("".join(self._strings()).split())

    def _strings(self):
        for child in self.children:
            if isinstance(child, str):
                yield child
            else:
                yield from child._strings()


class _Builder(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = Element("#document")
        self.stack = [self.root]

    def handle_starttag(self, tag, attrs):
        element = Element(tag, dict(attrs))
        self.stack[-1].children.append(element)
        if tag not in _VOID:
            self.stack.append(element)

    def handle_startendtag(self, tag, attrs):
        self.stack[-1].children.append(Element(tag, dict(attrs)))

    def handle_endtag(self, tag):
        # Close up to the matching open element (tolerates an unclosed <p> or <li>).
        for index in range(len(self.stack) - 1, 0, -1):
            if self.stack[index].tag == tag:
                del self.stack[index:]
                return

    def handle_data(self, data):
        self.stack[-1].children.append(data)


def parse(html: str) -> Element:
    builder = _Builder()
    builder.feed(html)
    builder.close()
    return builder.root


def cells(row: Element) -> list[str]:
    """The texts of a table row's header and data cells, in order."""
    return [
        cell.text for cell in row.children if isinstance(cell, Element) and cell.tag in ("th", "td")
    ]


def stat(html: str, name: str) -> str:
    """The text of the figure marked ``data-stat=name`` on a page (its first element)."""
    return parse(html).find(data_stat=name).text


def page_head(response) -> tuple[str, list[str]]:
    """What a page says it is: the browser tab's title and the texts of its <h1>s."""
    page = parse(response.content.decode())
    return page.find("title").text, [h1.text for h1 in page.find_all("h1")]
