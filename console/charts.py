"""Bar charts as inline SVG, rendered on the server (no JavaScript). Colours come from CSS
classes (`series-0` …), so the page needs no inline styles."""

from html import escape

SERIES_CLASSES = 6


def _number(value: float) -> str:
    return f"{value:.1f}"


def stacked_bars(
    title: str, labels: list[str], series: dict[str, list[int]], width: int = 760
) -> str:
    """Vertical bars per label (days), stacked by series (channels), with a legend."""
    height, top, bottom, left = 200, 16, 24, 36
    plot_height = height - top - bottom
    totals = [sum(values[i] for values in series.values()) for i in range(len(labels))]
    peak = max(totals, default=0) or 1
    step = (width - left) / max(len(labels), 1)
    bar = max(step * 0.8, 1.0)
    parts = [
        f'<svg class="chart" viewBox="0 0 {width} {height}" role="img" '
        f'aria-label="{escape(title)}"><title>{escape(title)}</title>',
        f'<line class="axis" x1="{left}" y1="{top + plot_height}" x2="{width}" '
        f'y2="{top + plot_height}"/>',
        f'<text class="tick" x="{left - 4}" y="{top + 4}" text-anchor="end">{peak}</text>',
        f'<text class="tick" x="{left - 4}" y="{top + plot_height}" text-anchor="end">0</text>',
    ]
    for i, label in enumerate(labels):
        y: float = top + plot_height
        for number, (name, values) in enumerate(series.items()):
            if not values[i]:
                continue
            h = values[i] / peak * plot_height
            y -= h
            parts.append(
                f'<rect class="series-{number % SERIES_CLASSES}" x="{_number(left + i * step)}" '
                f'y="{_number(y)}" width="{_number(bar)}" height="{_number(h)}">'
                f"<title>{escape(label)} {escape(name)}: {values[i]}</title></rect>"
            )
    last = len(labels) - 1
    for i in sorted({0, last // 2, last}):
        if 0 <= i <= last:
            x = left + i * step + bar / 2
            anchor = "start" if i == 0 and last else "end" if i == last else "middle"
            parts.append(
                f'<text class="tick" x="{_number(x)}" y="{height - 6}" text-anchor="{anchor}">'
                f"{escape(labels[i])}</text>"
            )
    parts.append("</svg>")
    return "".join(parts) + legend(list(series))


def horizontal_bars(title: str, items: list[tuple[str, int]], width: int = 760) -> str:
    """One labelled bar per item, longest first as given."""
    row, label_width = 22, 220
    height = max(len(items), 1) * row + 4
    peak = max((value for _, value in items), default=0) or 1
    parts = [
        f'<svg class="chart" viewBox="0 0 {width} {height}" role="img" '
        f'aria-label="{escape(title)}"><title>{escape(title)}</title>'
    ]
    for i, (name, value) in enumerate(items):
        y = i * row + 2
        w = value / peak * (width - label_width - 60)
        parts.append(
            f'<text class="label" x="{label_width - 6}" y="{y + 15}" text-anchor="end">'
            f"{escape(name)}</text>"
            f'<rect class="series-0" x="{label_width}" y="{y + 3}" width="{_number(w)}" '
            f'height="{row - 6}"><title>{escape(name)}: {value}</title></rect>'
            f'<text class="tick" x="{_number(label_width + w + 6)}" y="{y + 15}">{value}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def legend(names: list[str]) -> str:
    if not names:
        return ""
    items = "".join(
        f'<li><span class="swatch series-{i % SERIES_CLASSES}"></span>{escape(name)}</li>'
        for i, name in enumerate(names)
    )
    return f'<ul class="legend">{items}</ul>'
