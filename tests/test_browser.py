"""A real browser on the real page: `diplo app` on a local port, loaded by headless Chromium.

Needs Debian's chromium and chromium-driver (.ci/run installs them). Without them the test is
skipped, unless DIPLO_REQUIRE_BROWSER=1 (set by .ci/run), where their absence is a failure.
The screenshot goes to $DIPLO_SCREENSHOT when set (that is how docs/timeline.png is made).
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from diplo.endpoint import free_port
from diplo.writer import ingest
from tests.conftest import write_article
from tests.test_app import HOSTILE_ARTICLE

CHROMIUM, CHROMEDRIVER = shutil.which("chromium"), shutil.which("chromedriver")
if not (CHROMIUM and CHROMEDRIVER):
    if os.environ.get("DIPLO_REQUIRE_BROWSER") == "1":
        raise RuntimeError("DIPLO_REQUIRE_BROWSER=1 but chromium or chromedriver is missing "
                           "(apt-get install chromium chromium-driver)")
    pytest.skip("headless Chromium is not installed (apt-get install chromium chromium-driver)",
                allow_module_level=True)

from selenium import webdriver  # noqa: E402
from selenium.webdriver import ActionChains  # noqa: E402
from selenium.webdriver.chrome.service import Service  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support import expected_conditions as expected  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402


@pytest.fixture
def sample_page(sample_store):
    yield from serve(sample_store)


@pytest.fixture
def hostile_page(tmp_path):
    """The app over a store holding an article that carries a script tag."""
    ingest([write_article(tmp_path, "hostile.txt", HOSTILE_ARTICLE)], tmp_path / "store", progress=False)
    yield from serve(tmp_path / "store")


def serve(store: Path):
    """`diplo app` on a free local port, until the test ends."""
    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "diplo.cli", "app", "--store", str(store), "--port", str(port)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            break
        except OSError:
            time.sleep(0.3)
    else:
        server.kill()
        pytest.fail(f"the app did not start: {server.stderr.read()}")
    yield f"http://127.0.0.1:{port}"
    server.terminate()
    server.wait(10)


@pytest.fixture
def browser(tmp_path):
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--window-size=1400,1000", f"--user-data-dir={tmp_path / 'profile'}"):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    yield driver
    driver.quit()


def test_the_page_renders_the_timeline_in_chromium(sample_page, browser, tmp_path):
    browser.get(sample_page)
    wait = WebDriverWait(browser, 90)
    wait.until(expected.presence_of_element_located((By.CSS_SELECTOR, ".js-plotly-plot .barlayer")))
    wait.until(lambda driver: "Sergey Lavrov" in driver.find_element(By.CSS_SELECTOR, ".js-plotly-plot").text)
    axis = browser.find_element(By.CSS_SELECTOR, ".js-plotly-plot").text
    for row in ("Antony Blinken — Sergey Lavrov", "Sergei Shoigu — Sébastien Lecornu", "Emmanuel Macron — Vladimir Putin"):
        assert row in axis
    assert not browser.find_elements(By.CSS_SELECTOR, '[data-testid="stException"]')
    screenshot = Path(os.environ.get("DIPLO_SCREENSHOT", tmp_path / "timeline.png"))
    browser.save_screenshot(str(screenshot))
    assert screenshot.stat().st_size > 10_000
    # a click on a bar opens that event's sources, and the URL keeps it
    bar = browser.find_element(By.CSS_SELECTOR, ".js-plotly-plot .barlayer .point path")
    ActionChains(browser).move_to_element(bar).click().perform()
    wait.until(lambda driver: "Sources" in driver.find_element(By.TAG_NAME, "body").text)
    assert "event=" in browser.current_url


def test_a_script_in_an_article_is_not_executed(hostile_page, browser):
    browser.get(hostile_page)
    wait = WebDriverWait(browser, 90)
    wait.until(expected.presence_of_element_located((By.CSS_SELECTOR, ".js-plotly-plot")))
    # open the detail of the contact whose sentence carries the script
    wait.until(expected.element_to_be_clickable((By.CSS_SELECTOR, '[data-testid="stSelectbox"]'))).click()
    wait.until(expected.element_to_be_clickable((By.CSS_SELECTOR, '[role="option"]'))).click()
    wait.until(lambda driver: "window.diploXss" in driver.find_element(By.TAG_NAME, "body").text)
    time.sleep(1)
    assert browser.execute_script("return window.diploXss") is None
    assert not browser.find_elements(By.CSS_SELECTOR, '[data-testid="stException"]')
