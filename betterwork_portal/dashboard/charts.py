"""Chart geometry for the dashboard's SVG templates
(``betterwork_portal/dashboard/templates/dashboard/includes/``).

Plain numbers in the units of each chart's viewBox; the SVG scales to the
width of its column. No chart library: the pages load no script for them.
"""

import math


def axis_ticks(value: float, *, steps: int = 4) -> list[int]:
    """Return the whole-number ticks of an axis from 0 up to at least
    *value*: about *steps* steps of 1, 2 or 5 times a power of ten."""
    rough = max(value, 1) / steps
    power = 10 ** math.floor(math.log10(rough)) if rough >= 1 else 1
    step = next(m * power for m in (1, 2, 5, 10) if m * power >= rough)
    return list(range(0, math.ceil(max(value, 1) / step) * step + 1, step))


def _frame(*, width, height, left, right, top, bottom, ticks) -> dict:
    """Return what every chart with a value axis shares: its size, the plot's
    left and right edges, the baseline, where the labels under it go, and
    the axis ticks placed on the plot (the last tick is the axis' top)."""
    plot_height = height - top - bottom
    scale = plot_height / ticks[-1]
    return {
        "width": width,
        "height": height,
        "left": left,
        "right": width - right,
        "baseline": top + plot_height,
        "label_y": top + plot_height + 18,
        "ticks": [{"value": value, "y": round(top + plot_height - value * scale, 1)} for value in ticks],
    }


def stacked_columns(*, categories, series, width=480, height=250):
    """Return the geometry of a stacked column chart.

    *categories* are the labels under the columns, each a pair of lines
    (the second may be empty); *series* are
    ``(name, css_class, values)`` with one value per category, stacked
    bottom-up in the order given. Each column carries its total above it
    and each segment tall enough to hold it, its own number.
    """
    left, right, top, bottom = 40, 8, 22, 40
    plot_width, plot_height = width - left - right, height - top - bottom
    totals = [sum(values[i] for _name, _css, values in series) for i in range(len(categories))]
    ticks = axis_ticks(max(totals, default=0))
    axis_max = ticks[-1]
    scale = plot_height / axis_max
    slot = plot_width / max(len(categories), 1)
    bar = min(slot * 0.62, 56)
    columns = []
    for i, label in enumerate(categories):
        x = left + slot * i + (slot - bar) / 2
        base = top + plot_height
        segments = []
        for name, css, values in series:
            segment_height = values[i] * scale
            base -= segment_height
            segments.append(
                {
                    "name": name,
                    "css": css,
                    "value": values[i],
                    "y": round(base, 1),
                    "height": round(segment_height, 1),
                    "text_y": round(base + segment_height / 2 + 4, 1),
                    "labelled": values[i] > 0 and segment_height >= 16 and len(series) > 1,
                }
            )
        columns.append(
            {
                "label": label,
                "x": round(x, 1),
                "width": round(bar, 1),
                "middle": round(x + bar / 2, 1),
                "total": totals[i],
                "total_y": round(base - 5, 1),
                "segments": segments,
            }
        )
    return {
        **_frame(width=width, height=height, left=left, right=right, top=top, bottom=bottom, ticks=ticks),
        "columns": columns,
        "series": [{"name": name, "css": css} for name, css, _values in series],
    }


def programme_bars(programmes):
    """Return the rows of the factories-by-programme chart: per programme,
    a bar of its factories, overlaid by the part active buyers source from
    and the part partners source from, as percentages of the largest
    programme. The names are HTML beside each bar, not SVG text, so they
    keep the page's text size at every width."""
    axis_max = max((p.factory_count for p in programmes), default=0) or 1
    return {
        "rows": [
            {
                "programme": programme,
                "label": programme.name.removeprefix("Better Work "),
                "total_width": round(100 * programme.factory_count / axis_max, 2),
                "sourced_width": round(100 * programme.sourced_count / axis_max, 2),
                "partner_width": round(100 * programme.partner_sourced_count / axis_max, 2),
            }
            for programme in programmes
        ]
    }


def trend_chart(assessments, *, width=560, height=230):
    """Return the geometry of a factory's overall non-compliance rate by
    assessment cycle (*assessments* oldest first), for an SVG line chart."""
    left, right, top, bottom = 44, 40, 26, 46
    plot_width, plot_height = width - left - right, height - top - bottom
    ticks = axis_ticks(max([10.0, *(float(a.overall_rate) for a in assessments)]), steps=2)
    axis_max = ticks[-1]
    scale = plot_height / axis_max
    step = plot_width / max(len(assessments) - 1, 1)
    points = []
    for i, assessment in enumerate(assessments):
        x = left + (step * i if len(assessments) > 1 else plot_width / 2)
        y = top + plot_height - float(assessment.overall_rate) * scale
        points.append({"x": round(x, 1), "y": round(y, 1), "assessment": assessment})
    return {
        **_frame(width=width, height=height, left=left, right=right, top=top, bottom=bottom, ticks=ticks),
        "points": points,
        "polyline": " ".join(f"{p['x']},{p['y']}" for p in points),
        "year_y": top + plot_height + 34,
    }
