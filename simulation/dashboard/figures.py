"""The dashboard's figures, drawn with matplotlib for a projector: 600 pixels wide (the width of
a panel at 1280 pixels), text at 11-12 points, and no legend inside a figure (each panel lists
its colours in HTML beneath, so no entry is cut off and the browser test can read them).

Each function takes plain arrays and the words to print (already in the chosen language) and
returns a :class:`~matplotlib.figure.Figure` made without pyplot, so sessions and threads share
no state.
"""

from __future__ import annotations

import textwrap

import numpy as np
import pandas as pd
from matplotlib.colors import ListedColormap
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

#: colours of the labour states in code order (Paul Tol's palette; died black, abroad white)
STATE_COLOURS = ("#bbbbbb", "#228833", "#ee6677", "#ccbb44", "#aa3377", "#66ccee", "#4477aa",
                 "#000000", "#ffffff")  # fmt: skip
#: the labour states a life passes through (died and abroad are only a row's end)
SHOWN_STATES = 7
FAMILY_COLOURS = ("#dddddd", "#88ccee", "#117733", "#cc6677")
#: colours of groups compared in a line plot, in group order
GROUP_COLOURS = ("#cc3311", "#0077bb", "#009988", "#ee7733")
WIDTH, DPI = 6.0, 100
#: inches: low enough that the panel (title, figure, legend, note) fits under the controls at
#: 1280×720, tall enough that each career path's label fits beside its rows
SEQUENCE_HEIGHT = 3.1
FONT = 11


def _figure(height: float) -> Figure:
    fig = Figure(figsize=(WIDTH, height), dpi=DPI)
    # fixed margins: a constrained layout costs more than the drawing itself on every redraw
    fig.subplots_adjust(left=0.15, right=0.97, top=0.95, bottom=0.16, hspace=0.3)
    return fig


def _style(ax, xlabel: str | None = None) -> None:
    ax.tick_params(labelsize=FONT)
    ax.spines[["top", "right"]].set_visible(False)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))  # ages as whole years: 12, 14...
    if xlabel:
        ax.set_xlabel(xlabel, fontsize=FONT + 1)


def disadvantage_figure(
    lines: list[tuple[np.ndarray, np.ndarray, str]],
    gap: pd.DataFrame,
    ylabel: str,
    gap_label: str,
    xlabel: str,
    xlim: tuple[float, float],
) -> Figure:
    """Groups over age (``lines``: ages, values, colour) above the gap between the last and
    the first group with its 95% band (``gap``: age, gap, ci)."""
    fig = _figure(4.0)
    fig.subplots_adjust(left=0.17, bottom=0.13)
    top, bottom = fig.subplots(2, 1, sharex=True, height_ratios=(2, 1))
    for ages, values, colour in lines:
        top.plot(ages, values, color=colour, lw=2)
    top.set_ylabel(ylabel, fontsize=FONT)
    _style(top)
    if not gap.empty:
        bottom.fill_between(gap["age"], gap["gap"] - gap["ci"], gap["gap"] + gap["ci"],
                            color="#999999", alpha=0.35, lw=0)  # fmt: skip
        bottom.plot(gap["age"], gap["gap"], color="black", lw=1.5)
    bottom.axhline(0, color="grey", lw=0.8)
    bottom.set_ylabel(gap_label, fontsize=FONT - 1)
    bottom.set_xlim(*xlim)
    _style(bottom, xlabel)
    return fig


def sequence_figure(
    states: np.ndarray,
    kinds: np.ndarray,
    colours: tuple[str, ...],
    type_labels: list[str],
    xlabel: str,
    xlim: tuple[float, float],
) -> Figure:
    """One row per person, one column per month, rows grouped by type with a line between
    groups; each group is named on the axis beside its middle where its label has room (larger
    groups first; a label may reach into a neighbour's rows but not onto another label)."""
    fig = _figure(SEQUENCE_HEIGHT)
    fig.subplots_adjust(left=0.25, bottom=0.15)
    ax = fig.subplots()
    ax.imshow(states, aspect="auto", interpolation="nearest", cmap=ListedColormap(colours),
              vmin=0, vmax=len(colours) - 1, extent=(*xlim, states.shape[0], 0))  # fmt: skip
    edges = np.flatnonzero(np.diff(kinds)) + 1
    for edge in edges:
        ax.axhline(edge, color="black", lw=1)
    starts, ends = np.r_[0, edges], np.r_[edges, kinds.size]
    ax.set_yticks(*_group_labels(starts, ends, [type_labels[int(kinds[s])] for s in starts]),
                  fontsize=FONT - 1)  # fmt: skip
    _style(ax, xlabel)
    return fig


def _group_labels(
    starts: np.ndarray, ends: np.ndarray, names: list[str]
) -> tuple[list[float], list[str]]:
    """Tick positions (rows) and labels for the groups whose label has room: a label needs
    FONT * 1.5 pixels a line, centred on its group, inside the axes, clear of the labels of
    larger groups, and its group at least half as tall as the label."""
    rows = max(int(ends[-1]), 1) if len(ends) else 1
    pixels = SEQUENCE_HEIGHT * DPI * (0.95 - 0.15) / rows  # of the axes, per row
    taken: list[tuple[float, float]] = []
    chosen: dict[int, str] = {}
    for k in sorted(range(len(starts)), key=lambda k: starts[k] - ends[k]):  # largest first
        label = textwrap.fill(names[k], 16)
        if not label:  # a group without a name (not yet classified) holds no label's place
            continue
        need = (label.count("\n") + 1) * FONT * 1.5
        middle = (starts[k] + ends[k]) / 2 * pixels
        low, high = middle - need / 2, middle + need / 2
        if (ends[k] - starts[k]) * pixels < need / 2 or low < 0 or high > rows * pixels:
            continue
        if any(low < b and a < high for a, b in taken):
            continue
        taken.append((low, high))
        chosen[k] = label
    ticks = [(starts[k] + ends[k]) / 2 for k in sorted(chosen)]
    return ticks, [chosen[k] for k in sorted(chosen)]


def twins_figure(
    lives: tuple[np.ndarray, np.ndarray],
    row_labels: tuple[str, str],
    gaps: pd.DataFrame,
    gap_label: str,
    xlabel: str,
    xlim: tuple[float, float],
) -> Figure:
    """The person's and the twin's labour states month by month (the person on top, each
    bar named above it), and the cohort's employment gap by age below."""
    fig = _figure(4.0)
    fig.subplots_adjust(left=0.17, bottom=0.13)
    bars, below = fig.subplots(2, 1, height_ratios=(1, 1.4))
    for row, (states, label) in enumerate(zip(lives, row_labels, strict=True)):
        y = 1 - row  # the person on top
        if states.size:
            bars.imshow(states[None, :], aspect="auto", cmap=ListedColormap(STATE_COLOURS),
                        vmin=0, vmax=len(STATE_COLOURS) - 1, interpolation="nearest",
                        extent=(xlim[0], xlim[0] + states.size / 12, y, y + 0.55))  # fmt: skip
        bars.text(xlim[0], y + 0.62, label, fontsize=FONT, va="bottom")
    bars.set_ylim(0, 2.05)
    bars.set_xlim(*xlim)
    bars.set_yticks([])
    bars.spines[["left", "top", "right"]].set_visible(False)
    _style(bars)
    if not gaps.empty:
        below.plot(gaps["age"], gaps["employed"] * 100, color="black", lw=1.5)
    below.axhline(0, color="grey", lw=0.8)
    for age in (30, 45, 60):
        below.axvline(age, color="grey", lw=0.6, ls=":")
    below.set_xlim(*xlim)
    below.set_ylabel(gap_label, fontsize=FONT - 1)
    _style(below, xlabel)
    return fig


def shares_figure(origin: float, chance: float, colours: tuple[str, str], xlabel: str) -> Figure:
    """One bar split into the shares of origin and chance."""
    fig = _figure(1.5)
    fig.subplots_adjust(left=0.04, bottom=0.45, top=0.95)
    ax = fig.subplots()
    ax.barh([0], [origin], color=colours[0])
    ax.barh([0], [chance], left=[origin], color=colours[1])
    _style(ax, xlabel)
    ax.set_xlim(0, 1)
    ax.set_xticks([0, 0.25, 0.5, 0.75, 1], ["0%", "25%", "50%", "75%", "100%"])
    ax.set_yticks([])
    return fig


__all__ = [
    "FAMILY_COLOURS", "GROUP_COLOURS", "SHOWN_STATES", "STATE_COLOURS", "disadvantage_figure",
    "sequence_figure", "shares_figure", "twins_figure",
]  # fmt: skip
