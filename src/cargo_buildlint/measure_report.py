"""`buildlint measure`'s reports from its data (measure.py `_report`): text for the terminal,
markdown for pull-request comments, and one self-contained HTML file (inline SVG charts, no
script, nothing from the network) to attach to a pull request."""

from __future__ import annotations

import html
import re
from typing import Any

SIZE_LABEL = "build output after a clean build"


def _seconds(value: float) -> str:
    return f"{value:.2f}s" if value < 10 else f"{value:.1f}s"


def _megabytes(value: float) -> str:
    return f"{value / 1e6:.1f} MB"


def _timing(result: dict[str, Any], separator: str = " ±") -> str:
    return f"{_seconds(result['median'])}{separator}{_seconds(result['spread'])}"


def verdict(result: dict[str, Any]) -> str:
    """`0.87x, faster`, `no clear difference`: how a configuration compares with baseline."""
    if "verdict" not in result:
        return ""
    if result["verdict"] == "no clear difference":
        return f"{result['ratio']:.2f}x, no clear difference"
    return f"{result['ratio']:.2f}x, {result['verdict']}"


def _names(report: dict[str, Any]) -> list[str]:
    return [c["name"] for c in report["configurations"]]


def _heading(report: dict[str, Any]) -> str:
    environment = report.get("environment") or {}
    ci = f"; CI environment: {', '.join(sorted(environment))}" if environment else ""
    return (
        f"{report['runs']} runs of each, alternating; median ± spread; {report['cargo']}; "
        f"{report['cores']} cores; one-line changes to `{report['edited']}`{ci}"
    )


def _size_ratio(report: dict[str, Any], name: str) -> str:
    sizes = report["sizes"]
    base = sizes.get("baseline")
    if name == "baseline" or not base or name not in sizes:
        return ""
    return f"{sizes[name] / base:.2f}x"


def _notes(report: dict[str, Any]) -> list[str]:
    return [f"`{s['fix']}` was not measured on its own: {s['why']}" for s in report["skipped"]]


def render_text(report: dict[str, Any]) -> str:
    names = _names(report)
    width = max(16, *(len(n) + 2 for n in names))
    lines = [f"buildlint measure: {report['project']}", _heading(report), ""]
    for configuration in report["configurations"][1:]:
        fixes = ", ".join(configuration["fixes"])
        lines.append(
            f"{configuration['name']}: {configuration['description']}"
            + (f" ({fixes})" if fixes else "")
        )
    lines += ["", f"{'workflow':<34}" + "".join(f"{n:>{width}}" for n in names)]
    for row in report["workflows"]:
        results = row["results"]
        lines.append(
            f"{row['label']:<34}" + "".join(f"{_timing(results[n]):>{width}}" for n in names)
        )
        lines.append(f"{'':<34}" + "".join(f"{verdict(results[n]):>{width}}" for n in names))
    if report["sizes"]:
        sizes = report["sizes"]
        lines.append(
            f"{SIZE_LABEL:<34}"
            + "".join(f"{_megabytes(sizes[n]) if n in sizes else '':>{width}}" for n in names)
        )
    lines += ["", *_notes(report), f"cargo's output: {report['log']}"]
    return "\n".join(line.rstrip() for line in lines if line is not None) + "\n"


def render_markdown(report: dict[str, Any]) -> str:
    names = _names(report)
    lines = [f"### buildlint measure: `{report['project']}`", "", _heading(report) + ".", ""]
    for configuration in report["configurations"][1:]:
        fixes = ", ".join(f"`{code}`" for code in configuration["fixes"])
        lines.append(
            f"- **{configuration['name']}**: {configuration['description']}"
            + (f" ({fixes})" if fixes else "")
        )
    lines += ["", "| workflow | " + " | ".join(names) + " |", "|---|" + "---:|" * len(names)]
    for row in report["workflows"]:
        cells = []
        for name in names:
            result = row["results"][name]
            shown = verdict(result)
            cells.append(_timing(result, " ± ") + (f" ({shown})" if shown else ""))
        lines.append(f"| {row['label']} | " + " | ".join(cells) + " |")
    if report["sizes"]:
        cells = []
        for name in names:
            size = report["sizes"].get(name)
            ratio = _size_ratio(report, name)
            cells.append((_megabytes(size) if size else "") + (f" ({ratio})" if ratio else ""))
        lines.append(f"| {SIZE_LABEL} | " + " | ".join(cells) + " |")
    notes = _notes(report)
    lines += ["", *(f"{note}." for note in notes), f"cargo's output: `{report['log']}`"]
    return "\n".join(lines) + "\n"


# --- HTML ----------------------------------------------------------------------------------

COLOURS = ("#6b7280", "#2563eb", "#16a34a", "#d97706", "#9333ea", "#dc2626", "#0891b2")
STYLE = """
body { font: 15px/1.45 system-ui, sans-serif; margin: 2em auto; max-width: 62em; color: #111827; }
h1 { font-size: 1.4em; } h2 { font-size: 1.1em; margin-top: 1.6em; }
table { border-collapse: collapse; margin: .6em 0; }
td, th { border-bottom: 1px solid #e5e7eb; padding: .3em .8em; text-align: right;
         white-space: nowrap; }
td:first-child, th:first-child { text-align: left; }
pre { background: #f3f4f6; padding: .6em; overflow-x: auto; font-size: .85em; }
.legend span { display: inline-block; width: .9em; height: .9em; margin: 0 .3em 0 1em; }
svg text { font: 12px system-ui, sans-serif; }
"""


def _chart(row: dict[str, Any], names: list[str]) -> str:
    """A bar per configuration: the median, with the spread (min to max) as a whisker."""
    results = row["results"]
    largest = max(max(results[n]["samples"]) for n in names) or 1.0
    bar_height, gap, left, width = 22, 8, 150, 460
    height = len(names) * (bar_height + gap) + 10
    parts = [
        f'<svg role="img" width="{left + width + 280}" height="{height}" '
        f'aria-label="{html.escape(row["label"])}">'
    ]
    for index, name in enumerate(names):
        result = results[name]
        y = 5 + index * (bar_height + gap)
        length = width * result["median"] / largest
        low, high = min(result["samples"]), max(result["samples"])
        colour = COLOURS[index % len(COLOURS)]
        middle = y + bar_height / 2
        label = html.escape(name)
        x_low, x_high = left + width * low / largest, left + width * high / largest
        parts += [
            f'<text x="{left - 8}" y="{middle + 4:.1f}" text-anchor="end">{label}</text>',
            f'<rect x="{left}" y="{y}" width="{length:.1f}" height="{bar_height}" fill="{colour}">'
            f"<title>{label}: median {_seconds(result['median'])}</title></rect>",
            f'<line x1="{x_low:.1f}" x2="{x_high:.1f}" y1="{middle}" y2="{middle}" '
            'stroke="#111827" stroke-width="2"/>',
            f'<text x="{max(left + length, x_high) + 6:.1f}" y="{middle + 4:.1f}">'
            f"{_seconds(result['median'])} {html.escape(verdict(result))}</text>",
        ]
    parts.append("</svg>")
    return "".join(parts)


def _code_spans(escaped: str) -> str:
    """`x` of the plain-text heading as <code>x</code> (the text is escaped already)."""
    return re.sub(r"`([^`]+)`", r"<code>\1</code>", escaped)


def render_html(report: dict[str, Any]) -> str:
    names = _names(report)
    escape = html.escape
    out = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f"<title>buildlint measure: {escape(report['project'])}</title>",
        f"<style>{STYLE}</style></head><body>",
        f"<h1>buildlint measure: <code>{escape(report['project'])}</code></h1>",
        f"<p>{_code_spans(escape(_heading(report)))}</p>",
        '<p class="legend">'
        + "".join(
            f'<span style="background:{COLOURS[i % len(COLOURS)]}"></span>{escape(name)}'
            for i, name in enumerate(names)
        )
        + "</p>",
    ]
    for row in report["workflows"]:
        out += [f"<h2>{escape(row['label'])}</h2>", _chart(row, names)]
    out += ["<h2>Medians</h2>", "<table><tr><th>workflow</th>"]
    out += [f"<th>{escape(n)}</th>" for n in names] + ["</tr>"]
    for row in report["workflows"]:
        cells = "".join(
            f"<td>{escape(_timing(row['results'][n], ' ± '))}<br><small>"
            f"{escape(verdict(row['results'][n]))}</small></td>"
            for n in names
        )
        out.append(f"<tr><td>{escape(row['label'])}</td>{cells}</tr>")
    if report["sizes"]:
        cells = "".join(
            f"<td>{escape(_megabytes(report['sizes'][n]) if n in report['sizes'] else '')}"
            f"<br><small>{escape(_size_ratio(report, n))}</small></td>"
            for n in names
        )
        out.append(f"<tr><td>{SIZE_LABEL}</td>{cells}</tr>")
    out.append("</table><h2>Configurations</h2>")
    for configuration in report["configurations"]:
        fixes = ", ".join(configuration["fixes"])
        out.append(
            f"<h3>{escape(configuration['name'])}</h3><p>{escape(configuration['description'])}"
            + (f" ({escape(fixes)})" if fixes else "")
            + "</p>"
        )
        if configuration["settings"]:
            out.append(f"<pre>{escape(configuration['settings'])}</pre>")
    notes = _notes(report)
    out += [f"<p>{escape(note)}.</p>" for note in notes]
    out += [f"<p>cargo's output: <code>{escape(report['log'])}</code></p>", "</body></html>"]
    return "\n".join(out) + "\n"
