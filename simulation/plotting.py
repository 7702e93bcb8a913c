"""matplotlib for files, never for a screen.

Every figure the package draws is a PNG written to disk, from the command line, worker
processes and CI alike, where there may be no display. The Agg backend is chosen before pyplot is
first imported, and matplotlib is imported only when a figure is drawn, so commands that draw
none start without it.
"""

from __future__ import annotations

from types import ModuleType


def pyplot() -> ModuleType:
    """``matplotlib.pyplot`` on the Agg (file-only) backend."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt
