"""The dashboard in a real browser, as a class sees it: Playwright driving Debian's Chromium
against ``lifecourse dashboard`` served on 127.0.0.1 (no internet: Solara's assets are local),
at a projector's 1280×720 and at 1440 pixels wide.

Marked ``browser``. Without Chromium or Playwright the tests skip, unless
``LIFECOURSE_REQUIRE_BROWSER=1`` (set by ``.ci/run``, which installs Chromium) makes that a
failure. Screenshots land in ``outputs/test-artifacts/``; with
``LIFECOURSE_SCREENSHOTS=docs/screenshots`` they land there instead (the README's pictures).
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
SHOTS = ROOT / os.environ.get("LIFECOURSE_SCREENSHOTS", "outputs/test-artifacts")


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

from playwright.sync_api import TimeoutError as PlaywrightTimeout  # noqa: E402
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
    """``lifecourse dashboard`` on a free port, on its default scenario (the classroom)."""
    port = _free_port()
    log = open(ARTIFACTS.parent / "dashboard-server.log", "w")  # noqa: SIM115
    command = [sys.executable, "-m", "simulation.cli", "dashboard", "--port", str(port)]
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
SHOTS.mkdir(parents=True, exist_ok=True)
#: identifiers that must never reach the screen
RAW = re.compile(r"\b(parental_divorce|adolescent_depression|conduct_problems|parents_education"
                 r"|on_benefit|lifetime_income|scenarios/\w+\.yaml|path \d|Page \d|Use Threads"
                 r"|Render Interval)\b", re.IGNORECASE)  # fmt: skip
STATES = ("in school", "employed", "unemployed", "not working or looking", "on sick leave",
          "disabled", "retired")  # fmt: skip
#: Play may take at most this many frames (redraws) to bring the cohort from 12 past 20
MAX_FRAMES_TO_20 = 10

# every element inside a card that sticks out of it, and every pair of cards that overlap; inside
# a scroll box (a long life story) what lies below or above it is scrolled to, not cut: there only
# the sides are checked, against the scroll box
OUT_OF_PLACE = """() => {
  const cards = [...document.querySelectorAll('.lc-panel, .lc-controls')];
  const box = e => e.getBoundingClientRect();
  const out = [];
  for (const card of cards) {
    for (const e of card.querySelectorAll('*')) {
      const r = box(e);
      if (r.width === 0 || r.height === 0) continue;
      const scroller = e.parentElement.closest('.lc-scroll');
      const inside = scroller !== null && card.contains(scroller);
      const c = box(inside ? scroller : card);
      if (r.left < c.left - 1 || r.right > c.right + 1
          || (!inside && (r.top < c.top - 1 || r.bottom > c.bottom + 1)))
        out.push(`${e.tagName}.${e.className} '${(e.innerText || '').slice(0, 40)}' sticks out of`
                 + ` '${card.innerText.slice(0, 30)}'`);
    }
  }
  for (let i = 0; i < cards.length; i++) for (let j = i + 1; j < cards.length; j++) {
    const a = box(cards[i]), b = box(cards[j]);
    if (a.left < b.right - 1 && b.left < a.right - 1 && a.top < b.bottom - 1
        && b.top < a.bottom - 1)
      out.push(`'${cards[i].innerText.slice(0, 30)}' overlaps`
               + ` '${cards[j].innerText.slice(0, 30)}'`);
  }
  return out;
}"""

# count the redraws of the status line (one per frame of Play) and the ages it showed
COUNT_FRAMES = """() => {
  const status = document.querySelector('.lc-status');
  window.lcAges = [];
  new MutationObserver(() => window.lcAges.push(status.innerText))
    .observe(status, {childList: true, characterData: true, subtree: true});
}"""


#: the panels a projector at 1280×720 must show without scrolling, beside the controls
KEY_PANELS = {"en": ("300 lives", "A life story"), "nl": ("300 levens", "Een levensverhaal")}


def _above_the_fold(page, lang: str = "en") -> None:
    """The controls and the key panels lie wholly inside the viewport (the page not scrolled)."""
    height = page.viewport_size["height"]
    boxes = {"controls": page.locator(".lc-controls").bounding_box()}
    for title in KEY_PANELS[lang]:
        boxes[title] = page.locator(".lc-panel", has_text=title).bounding_box()
    out = {name: (round(b["y"]), round(b["y"] + b["height"])) for name, b in boxes.items()
           if b["y"] < 0 or b["y"] + b["height"] > height}  # fmt: skip
    assert not out, f"outside the {height} pixels shown (top, bottom): {out}"


def _age(page) -> float:
    text = page.locator(".lc-status").inner_text()
    return float(re.match(r"(?:Age|Leeftijd) (\d+[.,]\d)", text).group(1).replace(",", "."))


def _play_until(page, age: float, timeout: float = 120) -> None:
    """Play until the cohort is ``age`` (then pause), or to the end (Play stops by itself)."""
    play = page.get_by_role("button", name="Play", exact=True)
    if play.is_enabled():
        play.click()
    deadline = time.monotonic() + timeout
    while _age(page) < age and page.get_by_text("The end:").count() == 0:
        assert time.monotonic() < deadline, f"Play did not reach {age} in {timeout} s"
        time.sleep(0.2)
    if page.get_by_text("The end:").count() == 0:
        page.get_by_role("button", name="Pause", exact=True).click()
        play.wait_for()
    time.sleep(1)  # the last redraw lands


def _screenshot(page, name: str, whole: bool = False) -> None:
    """What the screen shows; ``whole``: the whole page at this width (made as tall as its
    content, since the page scrolls inside Solara's layout, not in the document)."""
    size = page.viewport_size
    if whole:
        height = page.evaluate(
            "() => Math.max(...[...document.querySelectorAll('*')].map(e => e.scrollHeight))"
        )
        page.set_viewport_size({"width": size["width"], "height": min(height + 80, 6000)})
        time.sleep(0.5)
    page.screenshot(path=SHOTS / f"{name}.png")
    page.set_viewport_size(size)


def _choose(page, label: str, option: str) -> None:
    """Pick ``option`` in the select labelled ``label`` (its menu may open late under load)."""
    field = page.locator(".v-select", has_text=label).locator(".v-select__slot")
    field.wait_for()
    choice = page.get_by_role("option", name=option)
    for _ in range(5):
        field.click()
        try:
            choice.wait_for(state="visible", timeout=10_000)
            break
        except PlaywrightTimeout:
            page.keyboard.press("Escape")
    choice.click()


def _check_layout(page) -> None:
    assert page.evaluate(OUT_OF_PLACE) == []
    text = page.locator("body").inner_text()
    assert not RAW.search(text), RAW.search(text)


def test_a_class_plays_a_working_life_at_1280x720(page, dashboard_url):
    page.set_default_timeout(60_000)
    page.set_viewport_size({"width": 1280, "height": 720})
    page.goto(dashboard_url)
    page.get_by_text("Cumulative disadvantage").first.wait_for()
    page.get_by_text(re.compile(r"^Age 12\.0: ")).wait_for()
    # at the start: words, not empty axes, and the way to the end said
    assert page.locator("img").count() == 0
    page.get_by_text("Press Play to follow its lives to the state-pension (AOW) age").wait_for()
    _check_layout(page)
    _above_the_fold(page)
    _screenshot(page, "dashboard-1280x720-age12")

    page.evaluate(COUNT_FRAMES)
    _play_until(page, 30)
    seen = [float(a.split()[1].rstrip(":")) for a in page.evaluate("window.lcAges")]
    ages = [a for k, a in enumerate(seen) if k == 0 or a != seen[k - 1]]  # one per frame
    past_20 = next(i for i, a in enumerate(ages) if a > 20)
    assert past_20 < MAX_FRAMES_TO_20, ages
    legend = page.locator(".lc-panel", has_text="300 lives").locator(".lc-legend-item")
    assert legend.all_inner_texts() == list(STATES)
    _check_layout(page)
    _above_the_fold(page)
    _screenshot(page, "dashboard-1280x720-age30")
    _screenshot(page, "dashboard-1280-age30-whole", whole=True)

    _play_until(page, 60)
    assert _age(page) >= 60
    assert page.locator(".lc-panel", has_text="Twins:").locator("td").first.inner_text() == "30"
    _above_the_fold(page)
    _screenshot(page, "dashboard-1280x720-age60")

    # the end: a message, not frozen buttons
    _play_until(page, 99)
    page.get_by_text("The end: the cohort has reached the state-pension (AOW) age").wait_for()
    assert page.get_by_role("button", name="Play", exact=True).is_disabled()
    ages = page.locator(".lc-panel", has_text="Twins:").locator("tbody td:first-child")
    assert ages.all_inner_texts() == ["30", "45", "60"]
    _check_layout(page)
    _above_the_fold(page)

    # the same in Dutch
    page.get_by_role("button", name="Nederlands", exact=True).click()
    page.get_by_text("Einde: het cohort heeft de AOW-leeftijd bereikt").wait_for()
    page.get_by_text("Opgestapelde achterstand").wait_for()
    _check_layout(page)
    _above_the_fold(page, "nl")


def test_settings_say_reset_and_twins_live_different_lives_at_1440(page, dashboard_url):
    page.set_default_timeout(60_000)
    page.set_viewport_size({"width": 1440, "height": 900})
    page.goto(dashboard_url)
    page.get_by_text(re.compile(r"^Age 12\.0: ")).wait_for()
    page.get_by_role("button", name="Settings ▾").click()
    page.get_by_text("Settings of the cohort").wait_for()

    def run_to_25() -> str:
        page.get_by_role("button", name="Reset", exact=True).click()
        page.get_by_text(re.compile(r"^Age 12\.0: ")).wait_for()
        for age in range(13, 26):
            page.get_by_role("button", name="Step", exact=True).click()
            page.get_by_text(re.compile(rf"^Age {age}\.0: ")).wait_for()
        return page.locator(".lc-status").inner_text()

    # a setting changed is not silently ignored: the page says Reset applies it
    _choose(page, "Policy", "all interventions together")
    page.get_by_text("Changed settings apply to a new cohort: press Reset").wait_for()
    with_interventions = run_to_25()
    assert page.get_by_text("Changed settings apply").count() == 0
    page.get_by_text("Interventions on").click()  # Vuetify's ripple covers the input itself
    expect(page.get_by_role("checkbox", name="Interventions on")).not_to_be_checked()
    without = run_to_25()
    assert with_interventions != without

    # the twins differ, and another pair that differs can be drawn
    story = page.locator(".lc-panel", has_text="A life story")
    for _ in range(2):
        story.get_by_role("button", name="Another pair that differs").click()
        time.sleep(1)
        mine, twin = (story.locator("ul").nth(k).inner_text() for k in (0, 1))
        assert mine.splitlines()[1:] != twin.splitlines()[1:]
    _check_layout(page)
    _screenshot(page, "dashboard-1440-age25-whole", whole=True)


def test_the_estimate_runs_in_the_background_while_the_page_goes_on(page, dashboard_url):
    page.set_default_timeout(60_000)
    page.set_viewport_size({"width": 1280, "height": 720})
    page.goto(dashboard_url)
    page.get_by_text(re.compile(r"^Age 12\.0: ")).wait_for()
    chance = page.locator(".lc-panel", has_text="Choice, fate or chance")
    estimate = chance.get_by_role("button", name="Estimate", exact=True)
    result = chance.get_by_text(re.compile(r"^Origin \d+%, chance \d+%"))
    estimate.click()
    # it says that it runs, and cannot be started a second time meanwhile
    chance.get_by_text("Estimating: re-running 1,000 lives 4 times").wait_for(timeout=10_000)
    expect(estimate).to_be_disabled()
    # the page answers meanwhile: a step of the cohort lands before the estimate is done (a
    # blocking estimate held every click until its end, 5-10 s)
    page.get_by_role("button", name="Step", exact=True).click()
    page.get_by_text(re.compile(r"^Age 13\.0: ")).wait_for(timeout=30_000)
    assert result.count() == 0 and chance.get_by_text("Estimating").count() == 1
    # and the result arrives, with its bar, and the button is free again
    result.wait_for(timeout=120_000)
    assert chance.locator("img").count() == 1
    expect(estimate).to_be_enabled()
    assert chance.get_by_text("Estimating").count() == 0
