"""The dashboard in a real browser: Playwright driving Debian's Chromium against
``lifecourse dashboard`` served on 127.0.0.1 (no internet: Solara's assets are local).

Marked ``browser``. Without Chromium or Playwright the tests skip, unless
``LIFECOURSE_REQUIRE_BROWSER=1`` (set by ``.ci/run``, which installs Chromium) makes that a
failure. The screenshot lands in ``outputs/test-artifacts/``.
"""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
ROOT = Path(__file__).resolve().parents[1]
ARTIFACTS = ROOT / "outputs" / "test-artifacts"


def _missing() -> str | None:
    if not CHROMIUM.exists():
        return f"{CHROMIUM} is not installed (apt-get install chromium)"
    try:
        import playwright  # noqa: F401
        import solara_assets  # noqa: F401
    except ImportError as exc:
        return f"{exc.name} is not installed (pip install -e '.[test,dashboard]')"
    return None


if reason := _missing():
    if os.environ.get("LIFECOURSE_REQUIRE_BROWSER") == "1":
        raise RuntimeError(f"browser tests required but {reason}")
    pytest.skip(reason, allow_module_level=True)

from playwright.sync_api import expect  # noqa: E402 - only once we know it is installed

pytestmark = pytest.mark.browser


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """Debian's Chromium, headless, with nothing that reaches out to the network."""
    return {
        **browser_type_launch_args,
        "executable_path": str(CHROMIUM),
        "args": ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                 "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"],
    }  # fmt: skip


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def dashboard_url():
    """``lifecourse dashboard`` on a free port, starting with the intervention package."""
    port = _free_port()
    log = open(ARTIFACTS.parent / "dashboard-server.log", "w")  # noqa: SIM115
    command = [sys.executable, "-m", "simulation.cli", "dashboard", "--port", str(port),
               "--scenario", "scenarios/package.yaml"]  # fmt: skip
    server = subprocess.Popen(command, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT,
                              start_new_session=True)  # fmt: skip
    url = f"http://127.0.0.1:{port}/"
    try:
        deadline = time.monotonic() + 90
        while True:
            if server.poll() is not None:
                pytest.fail(f"the dashboard exited with {server.returncode}; see {log.name}")
            try:
                if urllib.request.urlopen(url, timeout=2).status == 200:
                    break
            except OSError:
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"the dashboard did not answer within 90 s; see {log.name}")
            time.sleep(0.5)
        yield url
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=20)
        log.close()


ARTIFACTS.mkdir(parents=True, exist_ok=True)


def _plots(page) -> list[str]:
    return page.locator("img").evaluate_all("imgs => imgs.map(i => i.src)")


def _headline(page) -> str:
    return page.get_by_text(re.compile(r"^Age \d+\.\d: ")).inner_text()


def _set_render_interval(page, steps: int) -> None:
    """Mesa's render-interval slider starts at 1 and moves by 2: one Step click runs more."""
    slider = page.get_by_role("slider").nth(1)
    slider.focus()
    for _ in range((steps - 1) // 2):
        slider.press("ArrowRight")


def test_dashboard_steps_resets_and_tells_a_story(page, dashboard_url):
    page.set_default_timeout(60_000)
    page.set_viewport_size({"width": 1600, "height": 1000})
    page.goto(dashboard_url)
    page.get_by_text("Cumulative disadvantage").first.wait_for()
    page.get_by_text(re.compile(r"^Age 12\.0: ")).wait_for()
    page.wait_for_function("document.querySelectorAll('img').length >= 3")
    before = _plots(page)

    # stepping advances the month and redraws the plots
    page.get_by_role("button", name="Step").click()
    page.get_by_text(re.compile(r"^Age 12\.1: ")).wait_for()
    page.wait_for_function("(old) => [...document.querySelectorAll('img')].some("
                           "(img, i) => img.src !== old[i])", arg=before)  # fmt: skip
    assert _plots(page) != before

    # interventions on, then off: the same cohort and draws, a different outcome at 28
    _set_render_interval(page, 95)

    def run_to_28() -> str:
        page.get_by_role("button", name="Reset").click()
        page.get_by_text(re.compile(r"^Age 12\.0: ")).wait_for()
        for _ in range(2):
            page.get_by_role("button", name="Step").click()
        page.get_by_text(re.compile(r"^Age 27\.8: ")).wait_for()
        return _headline(page)

    with_interventions = run_to_28()
    checkbox = page.get_by_role("checkbox", name="Interventions on")
    page.get_by_text("Interventions on").click()  # Vuetify's ripple covers the input itself
    expect(checkbox).not_to_be_checked()
    without = run_to_28()
    assert with_interventions != without

    # the life story of a person whose parents divorced
    page.get_by_role("button", name="Random person, parents divorced").click()
    story = page.get_by_text(re.compile(r"^Person \d+: .*parents divorced")).first
    story.wait_for()
    page.get_by_text(re.compile(r"^Age \d+: ")).first.wait_for()
    page.screenshot(path=ARTIFACTS / "dashboard.png", full_page=True)
