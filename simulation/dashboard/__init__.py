"""The teaching dashboard: a classroom cohort (:mod:`.classroom`, no web framework needed) and
its Solara page (:mod:`.app`, panels in :mod:`.panels`, figures in :mod:`.figures`; the
optional ``dashboard`` extra)."""

from simulation.dashboard.classroom import ClassroomModel

__all__ = ["ClassroomModel"]
