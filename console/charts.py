"""The geometry of the insights page's bar charts; `templates/charts.html` draws them as inline
SVG on the server (no JavaScript). Colours come from CSS classes (`series-0` …), so the page
needs no inline styles."""

from dataclasses import dataclass

SERIES_CLASSES = 6


@dataclass(frozen=True)
class Bar:
    """One bar (or one series' part of a stacked bar) with its tooltip."""

    x: float
    y: float
    width: float
    height: float
    series: int
    tooltip: str


@dataclass(frozen=True)
class Tick:
    """A label on the x axis."""

    x: float
    text: str
    anchor: str


@dataclass(frozen=True)
class StackedChart:
    """Vertical bars per label (days), stacked by series (channels), with a legend."""

    title: str
    width: int
    height: int
    left: int
    top: int
    baseline: int
    peak: int
    bars: list[Bar]
    ticks: list[Tick]
    legend: list[tuple[int, str]]  # (series class, name)


@dataclass(frozen=True)
class BarRow:
    """One labelled bar of a horizontal chart."""

    y: int
    width: float
    name: str
    value: int


@dataclass(frozen=True)
class HorizontalChart:
    title: str
    width: int
    height: int
    label_width: int
    row_height: int
    rows: list[BarRow]


def stacked_bars(
    title: str, labels: list[str], series: dict[str, list[int]], width: int = 760
) -> StackedChart:
    """Bars per label stacked by series; ticks at the first, middle and last label."""
    height, top, bottom, left = 200, 16, 24, 36
    plot_height = height - top - bottom
    totals = [sum(values[i] for values in series.values()) for i in range(len(labels))]
    peak = max(totals, default=0) or 1
    step = (width - left) / max(len(labels), 1)
    bar = max(step * 0.8, 1.0)
    bars = []
    for i, label in enumerate(labels):
        y: float = top + plot_height
        for number, (name, values) in enumerate(series.items()):
            if not values[i]:
                continue
            h = values[i] / peak * plot_height
            y -= h
            tooltip = f"{label} {name}: {values[i]}"
            bars.append(Bar(left + i * step, y, bar, h, number % SERIES_CLASSES, tooltip))
    last = len(labels) - 1
    ticks = [
        Tick(
            left + i * step + bar / 2,
            labels[i],
            "start" if i == 0 and last else "end" if i == last else "middle",
        )
        for i in sorted({0, last // 2, last})
        if 0 <= i <= last
    ]
    legend = [(number % SERIES_CLASSES, name) for number, name in enumerate(series)]
    return StackedChart(
        title, width, height, left, top, top + plot_height, peak, bars, ticks, legend
    )


def horizontal_bars(title: str, items: list[tuple[str, int]], width: int = 760) -> HorizontalChart:
    """One labelled bar per item, in the order given."""
    row_height, label_width = 22, 220
    peak = max((value for _, value in items), default=0) or 1
    rows = [
        BarRow(i * row_height + 2, value / peak * (width - label_width - 60), name, value)
        for i, (name, value) in enumerate(items)
    ]
    height = max(len(items), 1) * row_height + 4
    return HorizontalChart(title, width, height, label_width, row_height, rows)
