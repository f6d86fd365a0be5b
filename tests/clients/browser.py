"""Drives the web page in headless Chromium (through chromedriver): runs a query, opens an
entity and a document, and saves a screenshot. Usage: browser.py BASE_URL SCREENSHOT.png"""

import sys

from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as ready
from selenium.webdriver.support.ui import Select, WebDriverWait

BASE, SHOT = sys.argv[1], sys.argv[2]

options = Options()
options.binary_location = "/usr/bin/chromium"
for flag in [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--window-size=1280,1600",
]:
    options.add_argument(flag)
driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
wait = WebDriverWait(driver, 20)
try:
    driver.get(BASE + "/")
    Select(driver.find_element(By.ID, "examples")).select_by_visible_text(
        "Who supplies what to whom, and who says so"
    )
    driver.find_element(By.ID, "run").click()
    wait.until(ready.presence_of_element_located((By.ID, "row-count")))
    cells = [c.text for c in driver.find_elements(By.CSS_SELECTOR, "#results td")]
    assert "Iran" in cells, cells  # IRIs are shown by their labels
    assert "Russia" in cells, cells

    # search an entity by name and open it
    box = driver.find_element(By.ID, "search")
    box.send_keys("Ryabkov")
    driver.find_element(By.ID, "search-button").click()
    wait.until(ready.presence_of_element_located((By.CSS_SELECTOR, "#entity-list a")))
    driver.find_element(By.CSS_SELECTOR, "#entity-list a").click()
    wait.until(ready.text_to_be_present_in_element((By.ID, "entity-name"), "Sergei Ryabkov"))
    wait.until(lambda d: len(d.find_elements(By.CSS_SELECTOR, "#entity-events tr")) > 1)
    events = driver.find_element(By.ID, "entity-events").text
    # his statements, with the sentences that report them
    assert "Statement" in events and "RIA" in events, events
    wait.until(
        lambda d: d.execute_script(
            "const i = document.querySelector('#entity-diagram img'); return i && i.complete && i.naturalWidth > 0"
        )
    )

    # the document behind a fact, with its mentions highlighted
    driver.find_element(By.CSS_SELECTOR, "#entity-events td a").click()
    wait.until(lambda d: len(d.find_elements(By.CSS_SELECTOR, "#document-text .mention")) > 5)
    text = driver.find_element(By.ID, "document-text").text
    assert "Ryabkov" in text, text[:200]
    marked = [m.text for m in driver.find_elements(By.CSS_SELECTOR, "#document-text .mention")]
    assert "Iran" in marked or "Teheran" in marked, marked
    wait.until(lambda d: len(d.find_elements(By.CSS_SELECTOR, "#document-events tr")) > 3)
    driver.save_screenshot(SHOT)
    print("browser: ok")
finally:
    driver.quit()
