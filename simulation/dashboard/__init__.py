"""The teaching dashboard: a classroom cohort (:mod:`.classroom`, no web framework needed) and
its Mesa SolaraViz app (:mod:`.app`, the optional ``dashboard`` extra)."""

from simulation.dashboard.classroom import ClassroomModel

__all__ = ["ClassroomModel"]
