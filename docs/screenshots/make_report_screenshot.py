"""Renew the README's pictures of a comparison report (``report.png``, ``report-over-time.png``).

Runs ``lifecourse compare`` of two shipped scenarios small enough to take seconds, turns the
folder into ``report.html`` with ``lifecourse report``, and photographs it in Debian's Chromium
through Playwright (as the dashboard's browser test does: ``apt-get install chromium``, never
``playwright install``)::

    .venv/bin/python docs/screenshots/make_report_screenshot.py

Every run of a comparison draws the same random numbers (fixed seeds), so a re-run on the same
code gives the same numbers and the same pictures. ``--keep DIR`` keeps the comparison folder
(default: a temporary folder, removed afterwards).
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
CHROMIUM = "/usr/bin/chromium"
BASE = "scenarios/base.yaml"
ALTERNATIVE = "scenarios/case_management_45plus.yaml"
#: small enough for seconds on a laptop, with replications enough for intervals
SIZE = ["--persons", "5000", "--years", "5", "--replications", "3"]
WIDTH = 1280


def lifecourse(*argv: str) -> None:
    """``lifecourse ARGV`` with this interpreter, from the project's folder; stop on failure."""
    command = [sys.executable, "-m", "simulation.cli", *argv]
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
    if done.returncode != 0:
        sys.exit(f"{' '.join(command)} failed ({done.returncode}):\n{done.stderr}")


def photograph(report: Path, out: Path) -> list[Path]:
    """The report's title and headline table, and its first figure over time (employment, with
    its band and the difference below), as PNGs in ``out``."""
    from playwright.sync_api import sync_playwright

    top, over_time = out / "report.png", out / "report-over-time.png"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update"],
        )  # fmt: skip
        page = browser.new_page(viewport={"width": WIDTH, "height": 900})
        page.goto(report.resolve().as_uri())
        table = page.locator("table.t").first.bounding_box()
        heading = page.locator("h1").bounding_box()
        # from above the title to below the headline table, as wide as the report's column
        page.screenshot(
            path=top,
            clip={"x": heading["x"] - 20, "y": 0, "width": min(1000, WIDTH - heading["x"] + 20),
                  "height": table["y"] + table["height"] + 24},
        )  # fmt: skip
        page.locator("img[alt='over_time_employment_rate']").screenshot(path=over_time)
        browser.close()
    return [top, over_time]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keep", type=Path, help="keep the comparison folder here (new)")
    parser.add_argument("--out", type=Path, default=HERE, help=f"where the PNGs go ({HERE})")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        folder = args.keep.resolve() if args.keep else Path(scratch) / "comparison"
        lifecourse("compare", BASE, ALTERNATIVE, *SIZE, "--quiet", "--out", str(folder))
        lifecourse("report", str(folder))
        for path in photograph(folder / "report.html", args.out):
            print(f"written: {path}")


if __name__ == "__main__":
    main()
