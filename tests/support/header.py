"""The site header as a visitor meets it: its links and its buttons, read from a page's HTML."""

from dataclasses import dataclass, field
from html.parser import HTMLParser


@dataclass
class Header:
    brand: str = ""
    links: dict[str, str] = field(default_factory=dict)  # text: href
    buttons: list[str] = field(default_factory=list)
    forms: list[dict[str, str]] = field(default_factory=list)  # each form's attributes
    text: str = ""


class _Reader(HTMLParser):
    def __init__(self):
        super().__init__()
        self.header = Header()
        self.inside = False
        self.href: str | None = None
        self.brand = False
        self.words: list[str] = []
        self.button: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "header" and "site-header" in (attrs.get("class") or ""):
            self.inside = True
        elif self.inside and tag == "a":
            self.href, self.brand, self.words = attrs.get("href"), attrs.get("class") == "brand", []
        elif self.inside and tag == "form":
            self.header.forms.append(attrs)
        elif self.inside and tag == "button":
            self.button = []

    def handle_endtag(self, tag):
        if tag == "header" and self.inside:
            self.inside = False
        elif self.inside and tag == "a" and self.href is not None:
            words = " ".join("".join(self.words).split())
            if self.brand:
                self.header.brand = words
            else:
                self.header.links[words] = self.href
            self.href = None
        elif self.inside and tag == "button" and self.button is not None:
            self.header.buttons.append(" ".join("".join(self.button).split()))
            self.button = None

    def handle_data(self, data):
        if not self.inside:
            return
        self.header.text += data
        if self.href is not None:
            self.words.append(data)
        if self.button is not None:
            self.button.append(data)


def header_of(html: str) -> Header | None:
    """The page's site header, or None when it has none."""
    reader = _Reader()
    reader.feed(html)
    found = reader.header
    return found if found.brand else None
