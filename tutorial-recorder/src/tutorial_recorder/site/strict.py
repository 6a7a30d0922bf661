"""What ``mkdocs build --strict`` stops at, checked on a built site, since Zensical does not.

The built pages' HTML is parsed (no browser): every internal link, stylesheet, script and
image names a file of the site, and every ``#anchor`` an ``id`` on the page it points at;
every page the nav names is in ``docs/`` and was built, and every page of ``docs/`` is in
the nav. Each problem is one line naming the page and the link, so a failing check says
what to fix where.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

SOURCES = {"a": "href", "link": "href", "img": "src", "script": "src"}
TAGS = re.compile(r"<[a-zA-Z][^<>]*?\s(?:id|href|src)\s*=[^<>]*>")
"""A start tag with an ``id``, ``href`` or ``src`` (the builders escape ``<`` and ``>`` in
attribute values and in text)."""
NAV_ENTRY = re.compile(r"^\s*- (?:[^\n]*?: )?(?P<page>[^\s:]+\.md)\s*$", re.M)
ORIGIN = "http://site.invalid"
"""Where the pages are read as living, to resolve their relative links."""
LEFT_OUT = ("404.html",)
"""The not-found page: the server sends it at any address, so its links are absolute."""


@dataclass
class Parsed:
    """A built page's ids and the addresses it links to."""

    ids: set[str] = field(default_factory=set)
    links: list[str] = field(default_factory=list)


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parsed = Parsed()

    def set_cdata_mode(self, *arguments: object, **options: object) -> None:
        """Only start tags are fed: a ``<script>`` must not make the parser read the next
        ones as its text."""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        named = dict(attrs)
        if named.get("id"):
            self.parsed.ids.add(str(named["id"]))
        address = named.get(SOURCES.get(tag, ""))
        if address is not None:
            self.parsed.links.append(address)


def parse(page: Path) -> Parsed:
    """The page's ids and links, read by an HTML parser from the start tags that can hold
    them (most of a page is highlighted code: its thousands of bare spans are skipped)."""
    reader = _Reader()
    for tag in TAGS.finditer(page.read_text(encoding="utf-8")):
        reader.feed(tag.group(0))
    reader.close()
    return reader.parsed


def url_of(site: Path, page: Path) -> str:
    """The site path a built file is served at: ``a/b/index.html`` is ``/a/b/``."""
    relative = page.relative_to(site).as_posix()
    return "/" + relative.removesuffix("index.html")


def built_file(site: Path, path: str) -> Path | None:
    """The file of ``site`` served at the site path ``path``, if there is one."""
    file = site / unquote(path).lstrip("/")
    if path.endswith("/") or file.is_dir():
        file = file / "index.html"
    return file if file.is_file() and site in file.resolve().parents else None


def link_problems(site: Path) -> list[str]:
    """Every internal link of the built ``site`` that names no file, or an anchor no ``id``
    of its page has."""
    site = site.resolve()
    pages = {
        page: parse(page)
        for page in sorted(site.rglob("*.html"))
        if page.relative_to(site).as_posix() not in LEFT_OUT
    }
    problems: list[str] = []
    files: dict[str, Path | None] = {}
    for page, parsed in pages.items():
        here = url_of(site, page)
        for address in dict.fromkeys(parsed.links):
            target = urlsplit(urljoin(ORIGIN + here, address))
            if f"{target.scheme}://{target.netloc}" != ORIGIN:
                continue
            if target.path not in files:
                files[target.path] = built_file(site, target.path)
            file = files[target.path]
            if file is None:
                problems.append(f"{here}: link to {address}: no such page or file")
            elif target.fragment and file.suffix == ".html":
                ids = pages[file].ids if file in pages else parse(file).ids
                if unquote(target.fragment) not in ids:
                    problems.append(
                        f'{here}: link to {address}: no id "{target.fragment}" on '
                        f"{url_of(site, file)}"
                    )
    return problems


def nav_pages(settings: str) -> list[str]:
    """The pages (``.md`` paths under ``docs/``) that a ``mkdocs.yml``'s ``nav`` names."""
    nav = settings.partition("\nnav:\n")[2]
    return [match.group("page") for match in NAV_ENTRY.finditer(nav)]


def page_url(page: str) -> str:
    """The site path a page of ``docs/`` is built at: ``a/b.md`` at ``/a/b/``."""
    path = page.removesuffix(".md")
    path = "" if path == "index" else path.removesuffix("/index")
    return f"/{path}/" if path else "/"


def nav_problems(settings: str, docs: Path, site: Path) -> list[str]:
    """Pages the nav names that are missing from ``docs`` or were not built, and pages of
    ``docs`` the nav leaves out."""
    named = nav_pages(settings)
    problems: list[str] = []
    for page in named:
        if not (docs / page).is_file():
            problems.append(f"nav: {page}: no such page in {docs.name}/")
        elif built_file(site, page_url(page)) is None:
            problems.append(f"nav: {page}: not built (no {page_url(page)} in the site)")
    for page in sorted(p.relative_to(docs).as_posix() for p in docs.rglob("*.md")):
        if page not in named:
            problems.append(f"{docs.name}/{page}: not in the nav")
    return problems


def problems(site: Path, docs: Path, settings: str) -> list[str]:
    """Everything ``mkdocs build --strict`` would stop at in ``site``, built from ``docs``
    with the ``mkdocs.yml`` text ``settings``."""
    return nav_problems(settings, docs, site) + link_problems(site)


def main(arguments: list[str]) -> int:
    """``python -m tutorial_recorder.site.strict SITE DOCS MKDOCS_YML``: each problem on a
    line, and exit 1 if there is any."""
    if len(arguments) != 3:
        print(
            "usage: python -m tutorial_recorder.site.strict SITE DOCS MKDOCS_YML", file=sys.stderr
        )
        return 2
    site, docs, config = (Path(argument) for argument in arguments)
    found = problems(site, docs, config.read_text(encoding="utf-8"))
    for problem in found:
        print(problem)
    return 1 if found else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
