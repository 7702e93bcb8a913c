"""lifecourse: a life-course microsimulation of the Dutch labour market and social security.

The public entry points are :class:`simulation.model.LifeCourseModel` (the Mesa model),
:func:`simulation.scenario.load_scenario` and the ``lifecourse`` command (:mod:`simulation.cli`).
"""

__version__ = "0.1.0"
