"""``akhbar serve`` in a real headless browser: Chromium from the distribution, driven by Selenium.

Loads the sample pages, starts ``akhbar serve``, searches الأخير in the home
page's form, opens the NadorCity article and checks what a reader sees: the
headline, right-to-left layout, the reply inside its thread. A screenshot of
the article page is kept in ``test-artifacts/`` (its path is printed) for a
person to look at.

Skipped only when Chromium or its driver is not installed (``apt-get install
chromium chromium-driver`` on Debian); ``AKHBAR_REQUIRE_BROWSER=1`` turns that
skip into a failure, for CI. Selenium is given both paths, so Selenium Manager
never tries to download a browser or a driver.
"""
from __future__ import annotations

import json
import os
import shutil

import pytest
from serve_helpers import NADORCITY_PAGE, REMOVED_AUTHOR, REPO, make_archive, served

pytest.importorskip("datasette", reason="akhbar serve needs the web extra: pip install 'akhbar[web]'")
webdriver = pytest.importorskip("selenium.webdriver", reason="the browser test needs selenium")

ARTIFACTS = REPO / "test-artifacts"
NADORCITY = json.loads(NADORCITY_PAGE.with_suffix(".json").read_text("utf-8"))
REPLY = next(c for c in NADORCITY["comments"] if c["parent"] is not None)
PARENT = NADORCITY["comments"][REPLY["parent"]]


def browser_paths() -> tuple[str, str]:
    chromium = next(filter(None, (shutil.which(n) for n in ("chromium", "chromium-browser"))), None)
    driver = shutil.which("chromedriver")
    if chromium and driver:
        return chromium, driver
    reason = ("Chromium and chromedriver are not installed "
              "(Debian: apt-get install -y chromium chromium-driver)")
    if os.environ.get("AKHBAR_REQUIRE_BROWSER"):
        pytest.fail(reason)
    pytest.skip(reason)


@pytest.fixture
def browser():
    from selenium.webdriver.chrome.service import Service

    chromium, driver_path = browser_paths()
    os.environ.setdefault("SE_OFFLINE", "true")  # Selenium Manager: never reach out
    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--window-size=1100,1500", "--lang=en"):
        options.add_argument(arg)
    driver = webdriver.Chrome(service=Service(executable_path=driver_path), options=options)
    driver.set_page_load_timeout(60)
    try:
        yield driver
    finally:
        driver.quit()


def test_search_and_read_the_nadorcity_article(browser, tmp_path, capsys):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    db = make_archive(tmp_path)
    with served(db, tmp_path / "serve.log") as base:
        browser.get(base + "/")
        box = browser.find_element(By.CSS_SELECTOR, 'input[type="search"]')
        box.send_keys("الأخير", Keys.ENTER)
        hits = browser.find_elements(By.CSS_SELECTOR, ".akhbar-hits > li")
        assert hits, browser.page_source[:2000]
        nadorcity = next(h for h in hits if "www.nadorcity.com" in h.text)
        nadorcity.find_element(By.CSS_SELECTOR, "h3 a").click()

        headline = browser.find_element(By.CSS_SELECTOR, "h1.akhbar-headline")
        assert headline.text == NADORCITY["headline"]
        article = browser.find_element(By.CSS_SELECTOR, "article.akhbar-article")
        assert article.get_attribute("dir") == "rtl" and article.get_attribute("lang") == "ar"
        styles = "return getComputedStyle(arguments[0])"
        assert browser.execute_script(styles + ".direction", headline) == "rtl"
        body = browser.find_element(By.CSS_SELECTOR, ".akhbar-body p")
        assert browser.execute_script(styles + ".direction", body) == "rtl"
        # Right-to-left text starts at the right: the first paragraph's right edge is the column's.
        edges = browser.execute_script(
            "const a = arguments[0].getBoundingClientRect(), b = arguments[1].getBoundingClientRect();"
            "return [a.right, b.right, b.left - a.left];", article, body)
        assert abs(edges[0] - edges[1]) < 2

        # The reply is shown inside the thread of the comment it answers, indented.
        parent = next(c for c in browser.find_elements(By.CSS_SELECTOR, ".akhbar-thread > li")
                      if PARENT["text"] in c.text)
        reply = parent.find_element(By.CSS_SELECTOR, ".akhbar-replies > li")
        assert REPLY["text"] in reply.text and REPLY["author"] in reply.text
        reply_text = reply.find_element(By.CSS_SELECTOR, ".akhbar-comment-text")
        parent_text = parent.find_element(By.CSS_SELECTOR, ".akhbar-comment-text")
        right = lambda e: e.rect["x"] + e.rect["width"]  # noqa: E731
        assert right(reply_text) < right(parent_text)  # indented from the right: RTL
        removed = browser.find_element(By.CSS_SELECTOR, ".akhbar-removed")
        assert REMOVED_AUTHOR in removed.text and "removed" in removed.text

        ARTIFACTS.mkdir(exist_ok=True)
        shot = ARTIFACTS / "serve-nadorcity-article.png"
        height = browser.execute_script("return document.documentElement.scrollHeight")
        browser.set_window_size(1100, min(int(height) + 100, 6000))
        assert browser.save_screenshot(str(shot))
        assert shot.stat().st_size > 10_000
        browser.get(base + "/-/search?q=" + "الأخير")
        assert browser.save_screenshot(str(ARTIFACTS / "serve-search.png"))
    with capsys.disabled():
        print(f"\nscreenshots: {shot} and {ARTIFACTS / 'serve-search.png'}")
