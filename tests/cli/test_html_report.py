"""--format html: one self-contained page a sales director opens, checked in a real browser."""

from __future__ import annotations

import shutil
import struct
import subprocess
import sys
import zlib
from html.parser import HTMLParser
from pathlib import Path

import pytest

from tests.cli.cli_support import run, run_in_process

SECTIONS = [
    "book",
    "abc_xyz",
    "abcd",
    "rfm",
    "segments",
    "top",
    "handoffs",
    "sleeping",
    "key_accounts",
    "assortment",
    "receivables",
    "funnel",
    "questions",
    "this_week",
    "load",
    "why_client",
    "why_lead",
]


class _Page(HTMLParser):
    """What the page holds: section ids and titles, tags, every outside reference."""

    def __init__(self) -> None:
        super().__init__()
        self.sections: list[str] = []
        self.tags: set[str] = set()
        self.outside: list[str] = []
        self.svgs = 0
        self.headings: list[str] = []
        self._in_h2 = False
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)
        found = dict(attrs)
        if tag == "section" and found.get("id"):
            self.sections.append(str(found["id"]))
        if tag == "svg":
            self.svgs += 1
        if tag == "h2":
            self._in_h2 = True
        for name in ("src", "href", "xlink:href"):
            value = found.get(name) or ""
            if value and not value.startswith(("#", "data:")):
                self.outside.append(value)

    def handle_endtag(self, tag: str) -> None:
        if tag == "h2":
            self._in_h2 = False

    def handle_data(self, data: str) -> None:
        self.text.append(data)
        if self._in_h2:
            self.headings.append(data)


def _page(path: Path) -> _Page:
    page = _Page()
    page.feed(path.read_text(encoding="utf-8"))
    return page


@pytest.fixture(scope="module")
def html_ru(tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("html") / "report.html"
    done = run(
        "demo", "--clients", "200", "--lang", "ru", "--format", "html", "--output", str(target)
    )
    assert done.returncode == 0, done.stderr
    return target


def test_the_page_has_every_section_and_needs_no_network(html_ru: Path) -> None:
    """Every demo section in order, charts inline as SVG, nothing fetched from outside."""
    page = _page(html_ru)
    assert page.sections == SECTIONS
    assert page.svgs >= 4  # ABC × XYZ, RFM, Pareto, the lead funnel
    assert "script" not in page.tags
    assert "link" not in page.tags
    assert page.outside == [], page.outside
    source = html_ru.read_text(encoding="utf-8")
    assert "Content-Security-Policy" in source
    assert "http://" not in source.replace("http://www.w3.org/", "")
    assert "https://" not in source
    assert "Воронка лидов (BANT)" in "".join(page.headings)


def test_the_same_report_gives_the_same_page(tmp_path: Path, html_ru: Path) -> None:
    """Deterministic: the same arguments write the same bytes, charts included."""
    again = tmp_path / "again.html"
    done = run(
        "demo", "--clients", "200", "--lang", "ru", "--format", "html", "--output", str(again)
    )
    assert done.returncode == 0, done.stderr
    assert again.read_bytes() == html_ru.read_bytes()


def test_without_matplotlib_the_page_says_charts_need_the_extra(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """No plots extra: the same sections, no chart, and one plain sentence saying why."""
    monkeypatch.setitem(sys.modules, "matplotlib", None)
    monkeypatch.setitem(sys.modules, "matplotlib.figure", None)
    target = tmp_path / "plain.html"
    args = ("demo", "--clients", "60", "--format", "html", "--output", str(target))
    done = run_in_process(capsys, *args)
    assert done.returncode == 0, done.stderr
    page = _page(target)
    assert page.svgs == 0
    assert "book" in page.sections
    assert "Charts are left out: they need the plots extra" in "".join(page.text)
    assert "kam_core[plots]" in "".join(page.text)


def _chromium() -> str | None:
    for name in ("chromium", "chromium-browser"):
        found = shutil.which(name)
        if found:
            return found
    return None


def _non_white_pixels(png: bytes, rows: int) -> tuple[int, int, int]:
    """Width, height and the non-white pixels of the first ``rows`` rows of an 8-bit RGB(A)
    PNG, decoded with the standard library (zlib + struct, the five row filters)."""
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    pos, data, header = 8, b"", b""
    while pos < len(png):
        (length,) = struct.unpack(">I", png[pos : pos + 4])
        kind = png[pos + 4 : pos + 8]
        body = png[pos + 8 : pos + 8 + length]
        if kind == b"IHDR":
            header = body
        elif kind == b"IDAT":
            data += body
        pos += 12 + length
    width, height, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", header)
    assert (depth, interlace) == (8, 0)
    assert colour in (2, 6)
    size = 3 if colour == 2 else 4
    stride = width * size
    raw = zlib.decompressobj().decompress(data, (stride + 1) * rows)
    previous = bytearray(stride)
    counted = 0
    for y in range(min(rows, height)):
        kind, line = (
            raw[y * (stride + 1)],
            bytearray(raw[y * (stride + 1) + 1 : (y + 1) * (stride + 1)]),
        )
        if kind == 1:
            for i in range(size, stride):
                line[i] = (line[i] + line[i - size]) & 255
        elif kind == 2:
            line = bytearray((a + b) & 255 for a, b in zip(line, previous, strict=True))
        elif kind == 3:
            for i in range(stride):
                left = line[i - size] if i >= size else 0
                line[i] = (line[i] + ((left + previous[i]) >> 1)) & 255
        elif kind == 4:
            for i in range(stride):
                a = line[i - size] if i >= size else 0
                b = previous[i]
                c = previous[i - size] if i >= size else 0
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                guess = a if pa <= pb and pa <= pc else b if pb <= pc else c
                line[i] = (line[i] + guess) & 255
        for x in range(0, stride, size):
            if line[x] < 240 or line[x + 1] < 240 or line[x + 2] < 240:
                counted += 1
        previous = line
    return width, height, counted


def test_the_page_renders_in_headless_chromium(html_ru: Path, tmp_path: Path) -> None:
    """A real browser draws the page: the screenshot is not blank."""
    browser = _chromium()
    if browser is None:
        pytest.skip("chromium is not installed (Debian: apt-get install -y chromium)")
    shot = tmp_path / "page.png"
    command = [
        browser,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        f"--user-data-dir={tmp_path / 'profile'}",
        f"--screenshot={shot}",
        "--window-size=1280,4000",
        html_ru.as_uri(),
    ]
    try:
        subprocess.run(command, capture_output=True, timeout=120, check=False)
    except subprocess.TimeoutExpired:
        pytest.skip("chromium did not finish within 120 s on this machine")
    if not shot.exists():
        pytest.skip("chromium ran but wrote no screenshot (no usable display stack here)")
    width, height, inked = _non_white_pixels(shot.read_bytes(), rows=1200)
    assert (width, height) == (1280, 4000)
    assert inked > 1280 * 1200 // 50  # text, tables and the first chart: far from blank
