"""Charts drawn on the server as SVG: no JavaScript and nothing fetched from elsewhere.

Each chart is a <figure>: the picture (role="img", with <title> and <desc>) and the same
numbers as a table, so they can be read without the picture (screen readers, text browsers).
Series differ by lightness and by pattern, and every bar carries its number, so a chart still
reads when printed in black and white. The viewBox lets a chart shrink to a phone's width.
"""

import unicodedata
from collections.abc import Sequence

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

WIDTH = 480  # viewBox units: half the admin's content column on a laptop, a phone's width
FONT_SIZE = 14
BAR_HEIGHT = 22
ROW_GAP = 10
PAD = 8
SWATCH = 14

SINGLE_FILL = "#417690"  # the admin's blue; a dark grey in black and white

# (fill, pattern over it or "", colour of a number written on it). Light to dark, so series in
# order (the stages of the ladder) read as a progression; every other one hatched, so
# neighbours stay apart in grey too.
SERIES_FILLS: list[tuple[str, str, str]] = [
    ("#e4eef6", "", "#000"),
    ("#bcd4e8", "hatch", "#000"),
    ("#93b8d7", "", "#000"),
    ("#6a9bc3", "dots", "#000"),
    ("#417690", "", "#fff"),
    ("#2c5266", "hatch", "#fff"),
    ("#17303d", "", "#fff"),
]


def text_width(text: str, size: float = FONT_SIZE) -> float:
    """A guess at how wide a text renders: Chinese characters are about square, Latin ones
    about half as wide. Enough to lay out labels without measuring fonts on the server."""
    return sum(
        size if unicodedata.east_asian_width(char) in ("W", "F") else size * 0.6 for char in text
    )


def clip(text: str, width: float, size: float = FONT_SIZE) -> str:
    """The text cut with an ellipsis to fit the width (the whole text goes in a <title>)."""
    if text_width(text, size) <= width:
        return text
    while text and text_width(text + "…", size) > width:
        text = text[:-1]
    return text + "…"


def number(value: float) -> str:
    """Whole numbers without a decimal point, others with one decimal."""
    return str(int(value)) if float(value).is_integer() else f"{value:.1f}"


def _svg(*, chart_id: str, title: str, description: str, height: float, body: str) -> SafeString:
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {} {}" width="100%"'
        ' role="img" aria-labelledby="{}-title {}-desc" font-size="{}">'
        '<title id="{}-title">{}</title><desc id="{}-desc">{}</desc>{}</svg>',
        WIDTH,
        number(height),
        chart_id,
        chart_id,
        FONT_SIZE,
        chart_id,
        title,
        chart_id,
        description,
        body,
    )


def _figure(*, chart_id: str, title: str, picture: SafeString, table: SafeString) -> SafeString:
    return format_html(
        '<figure class="chart-figure" id="{}"><figcaption>{}</figcaption>{}'
        '<details class="chart-table"><summary>{}</summary>{}</details></figure>',
        chart_id,
        title,
        picture,
        _("The numbers as a table"),
        table,
    )


def _empty(*, chart_id: str, title: str) -> SafeString:
    return format_html(
        '<figure class="chart-figure" id="{}"><figcaption>{}</figcaption>'
        '<p class="chart-empty">{}</p></figure>',
        chart_id,
        title,
        _("Nothing to show yet."),
    )


def _label_column(labels: Sequence[str]) -> float:
    widest = max((text_width(label) for label in labels), default=0)
    return min(widest + 2 * PAD, WIDTH * 0.3)


def _row_label(*, label: str, x: float, y: float, width: float) -> SafeString:
    return format_html(
        '<text x="{}" y="{}" dy="0.35em" text-anchor="end" fill="currentColor">'
        "<title>{}</title>{}</text>",
        number(x),
        number(y),
        label,
        clip(label, width),
    )


def _table(
    *, headings: Sequence[str], rows: Sequence[Sequence[str]], foot: Sequence[str] = ()
) -> SafeString:
    head = format_html_join("", '<th scope="col">{}</th>', ((h,) for h in headings))
    body = format_html_join(
        "",
        '<tr><th scope="row">{}</th>{}</tr>',
        (
            (
                row[0],
                format_html_join("", '<td class="num">{}</td>', ((cell,) for cell in row[1:])),
            )
            for row in rows
        ),
    )
    footer = ""
    if foot:
        cells = format_html_join("", '<td class="num">{}</td>', ((cell,) for cell in foot[1:]))
        footer = format_html('<tfoot><tr><th scope="row">{}</th>{}</tr></tfoot>', foot[0], cells)
    return format_html(
        "<table><thead><tr>{}</tr></thead><tbody>{}</tbody>{}</table>", head, body, footer
    )


def bar_chart(
    *,
    chart_id: str,
    title: str,
    description: str,
    label_heading: str,
    value_heading: str,
    rows: Sequence[tuple[str, float | None]],
) -> SafeString:
    """One horizontal bar per row, its number at its end; a row without a value shows "–"."""
    if not rows:
        return _empty(chart_id=chart_id, title=title)
    texts = [("–" if value is None else number(value)) for _label, value in rows]
    label_width = _label_column([label for label, _value in rows])
    value_room = max(text_width(text) for text in texts) + 2 * PAD
    plot_width = WIDTH - label_width - value_room
    top = max((value or 0) for _label, value in rows) or 1
    parts = []
    for index, ((label, value), text) in enumerate(zip(rows, texts, strict=True)):
        y = PAD + index * (BAR_HEIGHT + ROW_GAP)
        middle = y + BAR_HEIGHT / 2
        bar = (value or 0) / top * plot_width
        parts.append(_row_label(label=label, x=label_width - PAD, y=middle, width=label_width))
        if bar:
            parts.append(
                format_html(
                    '<rect x="{}" y="{}" width="{}" height="{}" fill="{}">'
                    "<title>{}: {}</title></rect>",
                    number(label_width),
                    number(y),
                    number(max(bar, 1)),
                    BAR_HEIGHT,
                    SINGLE_FILL,
                    label,
                    text,
                )
            )
        parts.append(
            format_html(
                '<text x="{}" y="{}" dy="0.35em" fill="currentColor">{}</text>',
                number(label_width + bar + PAD / 2),
                number(middle),
                text,
            )
        )
    height = 2 * PAD + len(rows) * (BAR_HEIGHT + ROW_GAP) - ROW_GAP
    parts.append(_axis(x=label_width, height=height))
    picture = _svg(
        chart_id=chart_id,
        title=title,
        description=description,
        height=height,
        body=mark_safe("".join(parts)),  # each part came from format_html
    )
    table = _table(
        headings=[label_heading, value_heading],
        rows=[(r[0], t) for r, t in zip(rows, texts, strict=True)],
    )
    return _figure(chart_id=chart_id, title=title, picture=picture, table=table)


def _axis(*, x: float, height: float) -> SafeString:
    return format_html(
        '<line x1="{}" y1="0" x2="{}" y2="{}" stroke="currentColor" stroke-width="1"/>',
        number(x),
        number(x),
        number(height),
    )


def _patterns(chart_id: str, count: int) -> SafeString:
    """One <pattern> per series: its fill, with hatching or dots over it where it has them."""
    defs = []
    for index in range(count):
        fill, kind, ink = SERIES_FILLS[index % len(SERIES_FILLS)]
        if kind == "hatch":
            mark = format_html(
                '<path d="M0 6L6 0M-1 1L1 -1M5 7L7 5" stroke="{}" stroke-opacity="0.45"'
                ' stroke-width="1.2"/>',
                ink,
            )
        elif kind == "dots":
            mark = format_html('<circle cx="3" cy="3" r="1.2" fill="{}" fill-opacity="0.5"/>', ink)
        else:
            mark = ""
        defs.append(
            format_html(
                '<pattern id="{}-s{}" width="6" height="6" patternUnits="userSpaceOnUse">'
                '<rect width="6" height="6" fill="{}"/>{}</pattern>',
                chart_id,
                index,
                fill,
                mark,
            )
        )
    return format_html("<defs>{}</defs>", mark_safe("".join(defs)))


def _legend(chart_id: str, series: Sequence[str]) -> tuple[SafeString, float]:
    """Swatches with their names, flowing onto more lines as needed; returns its height."""
    parts = []
    x, y = 0.0, PAD
    line = SWATCH + 8
    for index, name in enumerate(series):
        shown = clip(name, WIDTH - SWATCH - 6)
        item = SWATCH + 6 + text_width(shown) + 18
        if x and x + item > WIDTH:
            x, y = 0.0, y + line
        parts.append(
            format_html(
                '<rect x="{}" y="{}" width="{}" height="{}" fill="url(#{}-s{})"'
                ' stroke="currentColor" stroke-width="0.75"/>'
                '<text x="{}" y="{}" dy="0.35em" fill="currentColor">{}</text>',
                number(x),
                number(y),
                SWATCH,
                SWATCH,
                chart_id,
                index,
                number(x + SWATCH + 6),
                number(y + SWATCH / 2),
                shown,
            )
        )
        x += item
    return mark_safe("".join(parts)), y + line


def stacked_bar_chart(
    *,
    chart_id: str,
    title: str,
    description: str,
    series_heading: str,
    series: Sequence[str],
    rows: Sequence[tuple[str, Sequence[int]]],
) -> SafeString:
    """One horizontal bar per row, split into its series, with a legend above.

    Every segment wide enough carries its number and every bar its total; the narrow ones
    still name their number on hover and in the table.
    """
    if not rows:
        return _empty(chart_id=chart_id, title=title)
    legend, legend_height = _legend(chart_id, series)
    totals = [sum(values) for _label, values in rows]
    label_width = _label_column([label for label, _values in rows])
    value_room = max(text_width(str(total)) for total in totals) + 2 * PAD
    plot_width = WIDTH - label_width - value_room
    top = max(totals) or 1
    first = legend_height + PAD
    parts = [_patterns(chart_id, len(series)), legend]
    for index, ((label, values), total) in enumerate(zip(rows, totals, strict=True)):
        y = first + index * (BAR_HEIGHT + ROW_GAP)
        middle = y + BAR_HEIGHT / 2
        parts.append(_row_label(label=label, x=label_width - PAD, y=middle, width=label_width))
        x = label_width
        for series_index, (name, value) in enumerate(zip(series, values, strict=True)):
            if not value:
                continue
            width = value / top * plot_width
            parts.append(
                format_html(
                    '<rect x="{}" y="{}" width="{}" height="{}" fill="url(#{}-s{})"'
                    ' stroke="#fff" stroke-width="1"><title>{} · {}: {}</title></rect>',
                    number(x),
                    number(y),
                    number(width),
                    BAR_HEIGHT,
                    chart_id,
                    series_index,
                    label,
                    name,
                    value,
                )
            )
            if width >= text_width(str(value)) + 6:
                fill, _kind, ink = SERIES_FILLS[series_index % len(SERIES_FILLS)]
                parts.append(
                    format_html(
                        '<text x="{}" y="{}" dy="0.35em" text-anchor="middle" fill="{}"'
                        ' stroke="{}" stroke-width="3" paint-order="stroke">{}</text>',
                        number(x + width / 2),
                        number(middle),
                        ink,
                        fill,
                        value,
                    )
                )
            x += width
        parts.append(
            format_html(
                '<text x="{}" y="{}" dy="0.35em" fill="currentColor" font-weight="bold">{}</text>',
                number(x + PAD / 2),
                number(middle),
                total,
            )
        )
    height = first + len(rows) * (BAR_HEIGHT + ROW_GAP) - ROW_GAP + PAD
    parts.append(
        format_html(
            '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="currentColor" stroke-width="1"/>',
            number(label_width),
            number(first - PAD / 2),
            number(label_width),
            number(height - PAD / 2),
        )
    )
    picture = _svg(
        chart_id=chart_id,
        title=title,
        description=description,
        height=height,
        body=mark_safe("".join(parts)),  # each part came from format_html
    )
    # Turned a quarter: a row per series and a column per bar, so the long series names (the
    # stages) sit in rows and the short bar labels (platforms) head the columns; the table stays
    # narrow enough for a phone.
    table = _table(
        headings=[series_heading, *(label for label, _values in rows), _("Total")],
        rows=[
            (name, *(str(values[i]) for _label, values in rows), str(sum(v[i] for _l, v in rows)))
            for i, name in enumerate(series)
        ],
        foot=[_("Total"), *(str(total) for total in totals), str(sum(totals))],
    )
    return _figure(chart_id=chart_id, title=title, picture=picture, table=table)
