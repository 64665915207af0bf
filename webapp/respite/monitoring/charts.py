"""Simple bar charts for the monitoring page, drawn on the server as SVG (no JavaScript).

Each chart is horizontal bars, one row per label: the label and the shown value above its bar. The
SVG is 320 px wide at most and shrinks with the screen. A small cell
("< 5") gets no bar, only its text, so its size cannot be read from the drawing. The SVG carries a <title> and a
<desc>, and every chart has a text alternative (one line per bar) that the page shows under it. Colours come from
classes and presentation attributes only: the CSP forbids inline styles.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from flask_babel import format_decimal
from flask_babel import gettext as _
from markupsafe import Markup

from webapp.respite.choices import END_REASONS
from webapp.respite.monitoring.services import POOL_TARGET, SMALL, Cell, Quarter, Row

WIDTH = 320  # the viewBox is scaled to the page's width
ROW = 44  # a label line (name and value), then the bar
TOP = 24  # room for the reference line's label


@dataclass(frozen=True)
class Bar:
    label: str
    value: float | None  # None: no bar (a small cell, or nothing to show)
    text: str  # what is written after the bar, and in the text alternative
    low: bool = False  # below the reference (drawn in the warning colour; the text says it too)


@dataclass(frozen=True)
class Chart:
    id: str
    title: str
    description: str
    svg: Markup
    lines: tuple[str, ...]  # the text alternative


def quarter_label(quarter: Quarter) -> str:
    return _("%(year)s kwartaal %(number)s", year=quarter.year, number=quarter.number)


def number(value: float) -> str:
    return format_decimal(value, format="#,##0.#")


def cell_text(cell: Cell) -> str:
    return SMALL if cell == SMALL else number(cell)


def cell_value(cell: Cell) -> float | None:
    return None if cell == SMALL else float(cell)


def bar_chart(
    chart_id: str,
    title: str,
    description: str,
    bars: Sequence[Bar],
    *,
    reference: float | None = None,
    reference_label: str = "",
) -> Chart:
    """Horizontal bars scaled to the largest value (the reference line, if any, stays clear of the right edge)."""
    largest = max([b.value for b in bars if b.value is not None] + [(reference or 0) * 1.25, 1])
    height = TOP + ROW * max(len(bars), 1) + 4

    def x(value: float) -> float:
        return round(value / largest * WIDTH, 1)

    parts = [
        Markup(
            '<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" width="{w}" height="{h}" '
            'viewBox="0 0 {w} {h}" aria-labelledby="{id}-title {id}-desc" direction="ltr" font-size="14" '
            'fill="currentColor"><title id="{id}-title">{title}</title><desc id="{id}-desc">{description}</desc>'
        ).format(w=WIDTH, h=height, id=chart_id, title=title, description=description)
    ]
    if reference is not None:
        parts.append(
            Markup('<text x="{x}" y="{y}" text-anchor="end">{label}</text>').format(
                x=x(reference), y=TOP - 8, label=reference_label
            )
        )
    for index, bar in enumerate(bars):
        top = TOP + index * ROW
        parts.append(
            Markup(
                '<text x="0" y="{y}">{label}: <tspan font-weight="700">{text}</tspan></text>'
                '<rect class="zrm__track" x="0" y="{bar_y}" width="{w}" height="16" rx="3"/>'
            ).format(y=top + 13, w=WIDTH, bar_y=top + 19, label=bar.label, text=bar.text)
        )
        if bar.value:
            parts.append(
                Markup('<rect class="{kind}" x="0" y="{y}" width="{width}" height="16" rx="3"/>').format(
                    kind="zrm__bar zrm__bar--1" if bar.low else "zrm__bar", y=top + 19, width=x(bar.value)
                )
            )
        if reference is not None:  # the reference as a dashed stroke through each bar, clear of the text
            parts.append(
                Markup(
                    '<line x1="{x}" y1="{y1}" x2="{x}" y2="{y2}" stroke="currentColor" stroke-width="2" '
                    'stroke-dasharray="4 3"/>'
                ).format(x=x(reference), y1=top + 16, y2=top + 38)
            )
    parts.append(Markup("</svg>"))
    lines = tuple(f"{bar.label}: {bar.text}" for bar in bars)
    if reference is not None:
        lines += (reference_label,)
    return Chart(chart_id, title, description, Markup("").join(parts), lines)


def pool_chart(rows: Sequence[Row], quarter: Quarter) -> Chart:
    """Pool health per gemeente at the end of one quarter, with the target of five as a dashed line."""
    bars = [
        Bar(
            label=gemeente_name(row),
            value=row.pool,
            text=number(row.pool) if row.pool is not None else _("niemand wacht"),
            low=row.pool_below_target,
        )
        for row in rows
    ]
    return bar_chart(
        "chart-pool",
        _("Goedgekeurde steungezinnen per wachtende aanvraag, eind %(quarter)s", quarter=quarter_label(quarter)),
        _(
            "Per gemeente: hoeveel goedgekeurde steungezinnen er zijn voor elke aanvraag die nog wacht. "
            "De stippellijn staat bij %(target)s: het doel van steunouderprojecten.",
            target=POOL_TARGET,
        ),
        bars,
        reference=POOL_TARGET,
        reference_label=_("doel: %(target)s", target=POOL_TARGET),
    )


def per_quarter_chart(chart_id: str, title: str, description: str, rows: Sequence[Row], cell: Callable) -> Chart:
    """One figure over the quarters (oldest first), e.g. the requests sent in each quarter."""
    bars = [
        Bar(label=quarter_label(row.quarter), value=cell_value(cell(row)), text=cell_text(cell(row))) for row in rows
    ]
    return bar_chart(chart_id, title, description, bars)


def reasons_chart(row: Row) -> Chart:
    """Why matches ended in one quarter."""
    bars = [
        Bar(label=str(END_REASONS[code]), value=cell_value(count), text=cell_text(count))
        for code, count in row.end_reasons
    ]
    return bar_chart(
        "chart-reasons",
        _("Waarom matches stopten in %(quarter)s", quarter=quarter_label(row.quarter)),
        _("Het aantal beëindigde matches per reden. Aantallen van 1 tot en met 4 staan er als '< 5', zonder balk."),
        bars,
    )


def gemeente_name(row: Row) -> str:
    if row.total:
        return _("Alle gemeenten")
    return row.gemeente.name or _("Gemeente onbekend")
