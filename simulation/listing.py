"""Every parameter with its value, unit, source and range, as text (``lifecourse params``)."""

from __future__ import annotations

from simulation.parameters.uncertainty import describe


def parameter_listing(records: list[dict]) -> str:
    """Every parameter (:meth:`simulation.parameters.Parameters.records`) as its value and unit,
    its source (and the file that set it, if not the package's own) and any derivation."""
    lines = []
    for r in records:
        lines.append(f"{r['path']} = {r['value']!r}  [{r['unit']}]")
        if r.get("min") is not None or r.get("max") is not None:
            low = "" if r["min"] is None else f"{r['min']:g}"
            high = "" if r["max"] is None else f"{r['max']:g}"
            lines.append(f"    allowed: {low} to {high} ({r['limits']})")
        own = r["origin"] == "default" or r["origin"].startswith("simulation/")
        lines.append(f"    source: {r['source']}" + ("" if own else f" (set in {r['origin']})"))
        if r["derivation"]:
            lines.append(f"    derivation: {r['derivation']}")
        if u := r.get("uncertainty"):
            lines.append(f"    uncertainty: {describe(u)}; source: {u['source']}")
    return "\n".join(lines)
