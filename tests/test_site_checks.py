"""The checks of a built site that stand for ``mkdocs build --strict`` on Zensical's build,
proved on small fixture sites, and the files both builders serve from the site itself."""

from __future__ import annotations

import importlib.util
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.layout import PROJECT, ROOT
from tutorial_recorder.site import (
    assets,
    browser,
    browser_runs,
    build,
    bytecode,
    mermaid,
    runtime,
    strict,
)

SETTINGS = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
needs_zensical = pytest.mark.skipif(
    importlib.util.find_spec("zensical") is None, reason="Zensical needs Python 3.11 or newer"
)


def _site(folder: Path, pages: dict[str, str]) -> Path:
    """A built site of hand-written pages (path to HTML)."""
    for path, html in pages.items():
        (folder / path).parent.mkdir(parents=True, exist_ok=True)
        (folder / path).write_text(html, encoding="utf-8")
    return folder


def test_a_site_whose_links_all_resolve_has_no_problem(tmp_path: Path) -> None:
    site = _site(
        tmp_path,
        {
            "index.html": '<h1 id="top">Home</h1><a href="a/">a</a><a href="a">a</a>'
            '<a href="a/#part">part</a><a href="#top">top</a><a href="">here</a>'
            '<a href="https://example.org/nowhere/">out</a><a href="mailto:me@example.org">me</a>'
            '<img src="img/x.png"><script src="js/x.js"></script>'
            '<link rel="stylesheet" href="css/x.css">',
            "a/index.html": '<h2 id="part">Part</h2><a href="../">home</a>'
            '<a href="../index.html#top">top</a><a href="../a%20b/#caf%C3%A9">b</a>',
            "a b/index.html": '<p id="café">b</p>',
            "img/x.png": "",
            "js/x.js": "",
            "css/x.css": "",
            "404.html": '<a href="/gone/">the not-found page is left out</a>',
        },
    )
    assert strict.link_problems(site) == []


def test_each_broken_link_or_anchor_is_named_with_its_page(tmp_path: Path) -> None:
    site = _site(
        tmp_path,
        {
            "index.html": '<a href="gone/">gone</a><a href="gone/">twice</a>'
            '<a href="a/#nope">anchor</a><a href="#missing">here</a>'
            '<img src="img/none.png"><script src="js/none.js"></script>'
            '<link rel="stylesheet" href="css/none.css"><a href="../../outside/">outside</a>',
            "a/index.html": '<h2 id="part">Part</h2><a href="../index.md">a page source</a>',
        },
    )
    assert strict.link_problems(site) == [
        "/a/: link to ../index.md: no such page or file",
        "/: link to gone/: no such page or file",
        '/: link to a/#nope: no id "nope" on /a/',
        '/: link to #missing: no id "missing" on /',
        "/: link to img/none.png: no such page or file",
        "/: link to js/none.js: no such page or file",
        "/: link to css/none.css: no such page or file",
        "/: link to ../../outside/: no such page or file",
    ]


def test_the_nav_and_the_pages_must_match(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    site = _site(tmp_path / "site", {"index.html": "", "a/index.html": ""})
    for page in ("index.md", "a.md", "b.md", "c/index.md"):
        (docs / page).parent.mkdir(parents=True, exist_ok=True)
        (docs / page).write_text("# Page\n", encoding="utf-8")
    settings = (
        "site_name: small\nnav:\n  - Home: index.md\n  - Part:\n      - A: a.md\n"
        "      - B: b.md\n  - gone.md\n  - Out: https://example.org/\n"
    )
    assert strict.nav_pages(settings) == ["index.md", "a.md", "b.md", "gone.md"]
    assert strict.nav_problems(settings, docs, site) == [
        "nav: b.md: not built (no /b/ in the site)",
        "nav: gone.md: no such page in docs/",
        "docs/c/index.md: not in the nav",
    ]


def test_the_check_command_prints_each_problem_and_fails(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    site = _site(tmp_path / "site", {"index.html": '<a href="gone/">gone</a>'})
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "index.md").write_text("# Home\n", encoding="utf-8")
    (tmp_path / "mkdocs.yml").write_text("site_name: s\nnav:\n  - index.md\n", encoding="utf-8")
    arguments = [str(site), str(tmp_path / "docs"), str(tmp_path / "mkdocs.yml")]
    assert strict.main(arguments) == 1
    assert capsys.readouterr().out == "/: link to gone/: no such page or file\n"
    (site / "gone").mkdir()
    (site / "gone" / "index.html").write_text("", encoding="utf-8")
    assert strict.main(arguments) == 0
    assert capsys.readouterr().out == ""


@needs_zensical
def test_zensical_builds_a_broken_site_and_the_checks_name_each_problem(tmp_path: Path) -> None:
    """Without ``--strict`` Zensical builds it all; with it, it stops at the Markdown links
    only: a missing nav page, a page left out of the nav and a broken link in HTML pass."""
    (tmp_path / "docs" / "sub").mkdir(parents=True)
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: fixture\ntheme:\n  name: material\n  variant: classic\n  font: false\n"
        "nav:\n  - Home: index.md\n  - Missing: gone.md\n",
        encoding="utf-8",
    )
    (tmp_path / "docs" / "index.md").write_text(
        "# Home\n\n[no page](nowhere.md)\n\n[no anchor](sub/other.md#no-such)\n", encoding="utf-8"
    )
    (tmp_path / "docs" / "sub" / "other.md").write_text(
        '# Other\n\n<a href="../../gone/">in HTML</a>\n', encoding="utf-8"
    )

    def zensical(*options: str) -> subprocess.CompletedProcess[str]:
        command = [sys.executable, "-m", "zensical", "build", "-f", "mkdocs.yml", *options]
        return subprocess.run(command, cwd=tmp_path, capture_output=True, text=True, check=False)

    assert zensical().returncode == 0
    assert strict.problems(tmp_path / "site", tmp_path / "docs", _settings_of(tmp_path)) == [
        "nav: gone.md: no such page in docs/",
        "docs/sub/other.md: not in the nav",
        "/: link to ./gone.md: no such page or file",
        "/: link to nowhere/: no such page or file",
        '/: link to sub/other/#no-such: no id "no-such" on /sub/other/',
        "/sub/other/: link to ../../gone.md: no such page or file",
        "/sub/other/: link to ../../../gone/: no such page or file",
    ]
    (tmp_path / "docs" / "index.md").write_text("# Home\n", encoding="utf-8")
    assert zensical("--strict").returncode == 0


def _settings_of(folder: Path) -> str:
    return (folder / "mkdocs.yml").read_text(encoding="utf-8")


def test_the_projects_zensical_site_has_none_of_these_problems(site: Path) -> None:
    assert strict.problems(site, PROJECT.docs, SETTINGS) == []
    assert len(strict.nav_pages(SETTINGS)) == len(PROJECT.pages())


def test_the_staged_settings_name_the_project_and_watch_nothing() -> None:
    staged = build.staged_settings(SETTINGS, ROOT)
    assert f"  - tutorial_recorder.site.extension:\n      project: {ROOT}\n" in staged
    assert "\nwatch:" in SETTINGS
    assert "\nwatch:" not in staged
    with pytest.raises(
        build.BuildFailed, match=r"must list tutorial_recorder\.site\.extension once"
    ):
        build.staged_settings("site_name: s\n", ROOT)


def test_both_builders_get_mermaid_from_the_loader_and_no_hook() -> None:
    """``mkdocs.yml`` has no hook, and the loader's address of Mermaid, read from
    ``js/``, is where ``assets`` writes it."""
    assert "\nhooks:" not in SETTINGS
    assert "  - js/mermaid-loader.js\n" in SETTINGS
    loader = (PROJECT.docs / "js" / "mermaid-loader.js").read_text(encoding="utf-8")
    assert f'new URL("../{mermaid.FOLDER}/{mermaid.SCRIPT}", document.currentScript.src)' in loader


def test_the_assets_command_writes_the_fetched_files_into_docs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(ROOT)
    assert assets.main([str(tmp_path)]) == 0
    written = f"{tmp_path / mermaid.FOLDER}, {tmp_path / runtime.FOLDER}"
    # the bytecode is compiled by Pyodide under Node.js, and left out without it
    compiled = [bytecode.STDLIB, bytecode.SITE_PACKAGES] if shutil.which("node") else []
    assert capsys.readouterr().out == f"{15 + len(compiled)} files in {written}\n"
    script = mermaid.local_script()
    assert script is not None
    assert (tmp_path / mermaid.FOLDER / mermaid.SCRIPT).read_bytes() == script.read_bytes()
    assert sorted(p.name for p in (tmp_path / runtime.FOLDER).iterdir()) == sorted(
        [*runtime.FILES, runtime.LOCK, runtime.RUNNER, runtime.MANIFEST, *compiled]
        + [wheel.name for wheel in runtime.wheels(ROOT / "uv.lock")]
    )


CHROMIUM = browser.chromium()


@pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed (Debian: chromium)")
def test_zensicals_pages_draw_diagrams_offline_and_load_mermaid_only_where_drawn(
    site: Path,
) -> None:
    """Chromium reaching 127.0.0.1 only: the theme asks no CDN, the diagrams are drawn from
    the site's Mermaid, and a page without a diagram never fetches it."""
    assert CHROMIUM is not None
    fetched: list[str] = []
    with browser.served(site) as base, browser_runs.offline(CHROMIUM) as held:
        held.context.add_init_script(browser.OPEN_SHADOWS)  # the theme draws in a shadow root
        held.context.on("request", lambda request: fetched.append(request.url))
        page = held.context.new_page()
        page.goto(base + "connect_tables/create_connected_tables/", wait_until="load")
        page.locator("div.mermaid svg").first.wait_for()
        drawn = page.locator("div.mermaid svg").count()
        waiting = page.locator("pre.mermaid").count()
        page.goto(base + "use_it_in_your_project/", wait_until="load")
        page.close()
    script = f"{base}{mermaid.FOLDER}/{mermaid.SCRIPT}"
    assert held.refused == []
    assert (drawn, waiting) == (1, 0)
    assert fetched.count(script) == 1
