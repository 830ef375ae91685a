"""``--format html``: one self-contained page a sales director opens in any browser.

Everything is in the file: the style sheet inline, the charts as inline SVG drawn by
:mod:`kam_core.plots` (when matplotlib, the ``plots`` extra, is installed — else the
page says so), no script, no font, no image or link to fetch; a Content-Security-Policy
forbids the page any network access.  The page has the sections of the terminal report
in the same order, a table of contents, and the policy set's fingerprint, so a printed
report can be traced to the rules that made it.  The same report gives the same bytes.
"""

from __future__ import annotations

import io
import re
from html import escape
from typing import IO, Any

from kam_core._version import __version__
from kam_core.cli._formats._cells import cell_text
from kam_core.cli._formats._job import Job
from kam_core.cli._sections import Document, Explanation, Lines, Section, Table

__all__ = ["RENDERER", "inline_svg", "page"]

_STYLE = """
:root { color-scheme: light; }
body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial,
       sans-serif; color: #1f2937; background: #f8fafc; margin: 0; }
main { max-width: 1180px; margin: 0 auto; padding: 24px 28px 48px; background: #fff; }
header h1 { font-size: 24px; margin: 0 0 4px; }
header p { margin: 0; color: #4b5563; font-size: 13px; }
nav { margin: 18px 0 8px; padding: 10px 14px; background: #f1f5f9; border-radius: 6px; }
nav h2 { font-size: 13px; text-transform: uppercase; letter-spacing: .04em; margin: 0 0 6px;
         color: #475569; }
nav ol { margin: 0; padding-left: 20px; columns: 2; font-size: 14px; }
nav a { color: #1d4ed8; text-decoration: none; }
section { margin-top: 28px; break-inside: avoid-page; }
section h2 { font-size: 18px; margin: 0 0 10px; padding-bottom: 4px;
             border-bottom: 2px solid #e2e8f0; }
table { border-collapse: collapse; font-size: 13.5px; margin: 6px 0; }
th, td { padding: 4px 10px; border-bottom: 1px solid #e5e7eb; text-align: left;
         vertical-align: top; }
th { background: #f8fafc; font-weight: 600; white-space: nowrap; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
tbody tr:nth-child(even) td { background: #fbfcfe; }
ul.lines { margin: 4px 0; padding-left: 20px; }
p.more { color: #6b7280; font-size: 13px; margin: 4px 0; }
div.why { margin: 10px 0 14px; padding: 8px 12px; border-left: 3px solid #93c5fd;
          background: #f8fbff; }
div.why p { margin: 0 0 4px; font-weight: 600; }
div.why ul { margin: 0; padding-left: 18px; }
figure { margin: 12px 0 0; }
figure svg { max-width: 100%; height: auto; }
p.note { padding: 8px 12px; background: #fffbeb; border: 1px solid #fde68a; border-radius: 6px; }
footer { margin-top: 36px; color: #6b7280; font-size: 12px; }
"""

_POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"
_ID = re.compile(r'\bid="([^"]+)"')
_METADATA = re.compile(r"\s*<metadata>.*?</metadata>", re.DOTALL)
_REF = re.compile(r'(?<=url\(#)[^)]+(?=\))|(?<=href="#)[^"]+(?=")')


def inline_svg(svg: str, prefix: str) -> str:
    """An SVG document as an element to put in a page: without its XML prolog and its
    metadata block, with its ids (and the references to them) renamed ``<prefix><n>`` in
    order of appearance, so that two charts on one page never share an id and the same
    chart gives the same text.

    >>> inline_svg('<?xml version="1.0"?>\\n<svg><clipPath id="p9f3a"/>'
    ...            '<g clip-path="url(#p9f3a)"/></svg>\\n', "c1-")
    '<svg><clipPath id="c1-1"/><g clip-path="url(#c1-1)"/></svg>'
    """
    start = svg.find("<svg")
    body = svg[start:].strip() if start >= 0 else svg.strip()
    body = _METADATA.sub("", body)  # the RDF block names namespaces, nothing a reader sees
    names: dict[str, str] = {}
    for found in _ID.findall(body):
        names.setdefault(found, f"{prefix}{len(names) + 1}")
    body = _ID.sub(lambda m: f'id="{names.get(m.group(1), m.group(1))}"', body)
    return _REF.sub(lambda m: names.get(m.group(0), m.group(0)), body)


def _svg(section: Section, lang: str, index: int) -> str:
    assert section.chart is not None
    figure = section.chart(lang)
    buffer = io.StringIO()
    figure.savefig(buffer, format="svg", metadata={"Date": None})
    return inline_svg(buffer.getvalue(), f"chart{index}-")


def _table(table: Table, lang: str, say: Any) -> str:
    head = "".join(
        f'<th class="num">{escape(c.heading)}</th>'
        if c.numeric
        else f"<th>{escape(c.heading)}</th>"
        for c in table.columns
    )
    body = []
    for row in table.rows:
        cells = "".join(
            f'<td class="num">{escape(cell_text(v, lang))}</td>'
            if column.numeric
            else f"<td>{escape(cell_text(v, lang))}</td>"
            for column, v in zip(table.columns, row, strict=True)
        )
        body.append(f"<tr>{cells}</tr>")
    out = f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"
    if table.hidden > 0:
        out += f'<p class="more">{escape(say("more", n=table.hidden))}</p>'
    return out


def _explanation(part: Explanation) -> str:
    if not part.lines:
        return ""
    first, *rest = part.lines
    items = "".join(f"<li>{escape(line.removeprefix('- '))}</li>" for line in rest)
    return f'<div class="why"><p>{escape(first)}</p><ul>{items}</ul></div>'


def _section(section: Section, lang: str, say: Any, chart: str | None) -> str:
    parts = [f'<section id="{escape(section.key)}"><h2>{escape(section.title)}</h2>']
    for part in section.parts:
        if isinstance(part, Lines):
            items = "".join(f"<li>{escape(line)}</li>" for line in part.lines)
            parts.append(f'<ul class="lines">{items}</ul>')
        elif isinstance(part, Table):
            parts.append(_table(part, lang, say))
        elif isinstance(part, Explanation):
            parts.append(_explanation(part))
    if chart is not None:
        parts.append(f"<figure>{chart}</figure>")
    parts.append("</section>")
    return "\n".join(parts)


def page(doc: Document) -> str:
    """The whole page of ``doc``, charts drawn when :mod:`kam_core.plots` can draw them."""
    from kam_core.plots import INSTALL, PlotsUnavailableError

    lang = doc.lang
    say = doc.context.say
    charts: dict[str, str] = {}
    note = ""
    try:
        for index, section in enumerate(doc.sections, 1):
            if section.chart is not None:
                charts[section.key] = _svg(section, lang, index)
    except PlotsUnavailableError:
        charts = {}
        note = f'<p class="note">{escape(say("html.no_charts", install=INSTALL))}</p>'
    contents = "".join(
        f'<li><a href="#{escape(s.key)}">{escape(s.title)}</a></li>' for s in doc.sections
    )
    sections = "\n".join(_section(s, lang, say, charts.get(s.key)) for s in doc.sections)
    return f"""<!DOCTYPE html>
<html lang="{escape(lang)}">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{_POLICY}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="kam_core {escape(__version__)}">
<title>{escape(doc.title)}</title>
<style>{_STYLE}</style>
</head>
<body>
<main>
<header><h1>{escape(doc.title)}</h1><p>{escape(doc.subtitle)}</p></header>
{note}
<nav><h2>{escape(say("html.contents"))}</h2><ol>{contents}</ol></nav>
{sections}
<footer>{escape(say("html.footer", version=__version__))}</footer>
</main>
</body>
</html>
"""


class _Html:
    binary = False

    def render(self, job: Job, out: IO[Any]) -> None:
        out.write(page(job.document))


RENDERER = _Html()
"""The self-contained HTML page."""
