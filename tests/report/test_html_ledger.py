"""The HTML ledger: structure and escaping (no browser), then the page in headless Chromium."""
from __future__ import annotations

import importlib.util
import os
import shutil
import sys
from html.parser import HTMLParser
from types import SimpleNamespace

import pytest
from ledger_pack import ledger_run

from verify.report import html as ledger

HAVE_LATEX2MATHML = importlib.util.find_spec("latex2mathml") is not None


@pytest.fixture(scope="module")
def result():
    return ledger_run()[1]


@pytest.fixture(scope="module")
def page(result) -> str:
    return ledger.render_html(result)


class Parsed(HTMLParser):
    """Every start tag with its attributes, the ids, and the text inside <script> elements."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.ids: set[str] = set()
        self.scripts: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.tags.append((tag, a))
        if a.get("id"):
            self.ids.add(a["id"])
        if tag == "script":
            self._in_script = True
            self.scripts.append("")

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag == "script":
            self._in_script = False

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = False

    def handle_data(self, data):
        if self._in_script:
            self.scripts[-1] += data

    def with_attr(self, tag: str, **want: str) -> list[dict[str, str | None]]:
        return [a for t, a in self.tags if t == tag and all(a.get(k) == v for k, v in want.items())]


@pytest.fixture(scope="module")
def parsed(page) -> Parsed:
    p = Parsed()
    p.feed(page)
    p.close()
    return p


# --------------------------------------------------------------------- without a browser

def test_statement_with_script_is_escaped(page, parsed):
    assert len(parsed.scripts) == 1, "only the ledger's own script"
    assert "alert" not in parsed.scripts[0]
    assert "<script>alert(" not in page
    assert "&lt;script&gt;alert(&#x27;pwned&#x27;)&lt;/script&gt; &amp; &quot;doubling&quot;" in page
    # the plain-language explanation is shown, escaped like every other text
    assert "what was found" in page and "Doubling 2 gives 4 &lt;b&gt;exactly&lt;/b&gt;." in page
    # latex2mathml copies \text{...} verbatim: the sanitiser must refuse it and show the source.
    assert not any(t in ("script", "mtext") and "alert" in str(a) for t, a in parsed.tags)


def test_every_claim_has_an_anchored_section_and_a_row(result, parsed):
    sections = {a["id"] for a in parsed.with_attr("section") if a.get("class") == "claim"}
    for c in result.claims:
        aid = ledger.anchor(c.claim.id)
        assert aid in sections
        assert parsed.with_attr("tr", **{"data-verdict": c.verdict})
        assert parsed.with_attr("a", href=f"#{aid}"), f"no link to {c.claim.id}"
    for c in result.claims:
        for o in c.obligations:
            assert ledger.obligation_anchor(c.claim.id, o.obligation.id) in parsed.ids


def test_internal_links_resolve_and_nothing_is_fetched(page, parsed):
    for tag, a in parsed.tags:
        for attr in ("src", "href", "action", "data", "xlink:href", "srcset", "poster"):
            v = (a.get(attr) or "").strip().lower()
            assert not v.startswith(("http:", "https:", "//", "ftp:")), f"<{tag} {attr}={v}> fetches"
            if attr == "href" and v.startswith("#") and v != "#top":
                assert v[1:] in {i.lower() for i in parsed.ids}, f"dangling link {v}"
        assert tag not in ("link", "iframe", "object", "embed", "img")
    assert "url(" not in page and "@import" not in page
    assert "top" in parsed.ids
    csp = parsed.with_attr("meta", **{"http-equiv": "Content-Security-Policy"})
    assert csp and "default-src 'none'" in csp[0]["content"]


def test_table_has_verdict_badges_readings_and_filters(result, parsed, page):
    rows = [a for a in parsed.with_attr("tr") if a.get("data-verdict")]
    assert [r["data-verdict"] for r in rows] == [c.verdict for c in result.claims]
    assert {c.verdict for c in result.claims} >= {"proved", "refuted", "witnessed", "not-formal", "error"}
    for v in ledger.VERDICT_COLOURS:
        assert f".v-{v}{{background:{ledger.VERDICT_COLOURS[v]}}}" in page
    assert [r["data-paper"] for r in rows] == [c.claim.paper for c in result.claims]
    assert {"f-verdict", "f-paper", "f-text"} <= parsed.ids
    assert "<td>as-stated</td>" in page and f"<td>{ledger.ABSENT}</td>" in page
    assert ledger.reading_of(SimpleNamespace()) == ledger.ABSENT  # a Claim without the field


def test_evidence_and_summary_are_shown(result, page):
    assert "x_positive" in page and "x_small" in page
    assert "used hypotheses" in page and "redundant" in page and "vacuity" in page
    assert "counterexample" in page and "lhs_minus_rhs" in page
    assert "this check breaks on purpose" in page and "traceback" in page
    sm = result.summary()
    assert f"cvc5 confirmed <b>{sm['smt_goals_confirmed']}</b> of <b>{sm['smt_goals_deciding']}</b>" in page
    if result.settings.second_solver:
        assert "second solver" in page and "answered <code>unsat</code>" in page


def test_dependency_graph(result, parsed):
    assert "graph" in parsed.ids
    nodes = [a for t, a in parsed.tags if t == "a" and "gclaim" in (a.get("class") or "")]
    assert [n["data-claim"] for n in nodes] == [c.claim.id for c in result.claims]
    sub = [a for t, a in parsed.tags if t == "path" and "edge-sub" in (a.get("class") or "")]
    assert [e["data-claim"] for e in sub] == ["ledger.beta.story.core"]
    model = {(a["data-claim"], a["data-model"]) for t, a in parsed.tags
             if t == "path" and "edge-model" in (a.get("class") or "")}
    assert ("ledger.beta.doubles", "ledgerpack/models/toy.py") in model
    assert not any(c.startswith("ledger.alpha.") for c, _ in model), "alpha imports no model"


def test_mathml_or_latex_source(page, parsed, monkeypatch, result):
    if HAVE_LATEX2MATHML:
        maths = [a for t, a in parsed.tags if t == "math"]
        assert maths and maths[0].get("display") == "block"
        assert "<mo>⇒</mo>" in page  # \Rightarrow of ledger.alpha.shift, re-serialised by the sanitiser
    monkeypatch.setitem(sys.modules, "latex2mathml.converter", None)
    monkeypatch.setitem(sys.modules, "latex2mathml", None)
    plain = ledger.render_html(result)
    assert "<math" not in plain
    assert '<code class="latex">x &gt; 0 \\Rightarrow x + 1 &gt; 1</code>' in plain


def test_write_html(result, tmp_path):
    out = tmp_path / "ledger.html"
    ledger.write_html(result, out)
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


# ------------------------------------------------------------------------- in a browser

def _browser(monkeypatch):
    """A headless Chromium through Selenium, with the Debian chromedriver (never downloaded)."""
    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service
    except ImportError:
        pytest.skip("no chromium/chromedriver: selenium is not installed (pip install selenium)")
    chromium = next((p for p in (shutil.which("chromium"), shutil.which("chromium-browser"),
                                 shutil.which("google-chrome")) if p), None)
    driver = shutil.which("chromedriver") or ("/usr/bin/chromedriver" if os.path.exists("/usr/bin/chromedriver")
                                              else None)
    if not chromium or not driver:
        pytest.skip(f"no chromium/chromedriver: browser {chromium or 'missing'}, driver {driver or 'missing'} "
                    "(apt-get install chromium chromium-driver)")
    monkeypatch.setenv("SE_OFFLINE", "true")  # Selenium Manager, if ever consulted, must not download
    opts = webdriver.ChromeOptions()
    opts.binary_location = chromium
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--window-size=1400,1000", "--disable-extensions", "--no-first-run"):
        opts.add_argument(arg)
    opts.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    try:
        return webdriver.Chrome(service=Service(executable_path=driver), options=opts)
    except Exception as exc:  # a browser that does not start is an environment problem, said plainly
        pytest.skip(f"no chromium/chromedriver: could not start {chromium} with {driver}: {exc}")


def test_ledger_in_headless_chromium(result, tmp_path, monkeypatch):
    drv = _browser(monkeypatch)  # skips, saying why, without selenium, chromium or chromedriver
    from selenium.common.exceptions import NoAlertPresentException
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    path = tmp_path / "ledger.html"
    ledger.write_html(result, path)
    try:
        drv.get(path.as_uri())
        severe = [e for e in drv.get_log("browser") if e.get("level") == "SEVERE"]
        assert not severe, f"console errors: {severe}"
        with pytest.raises(NoAlertPresentException):
            drv.switch_to.alert  # the <script> in a statement did not run
        for c in result.claims:
            assert drv.find_element(By.ID, ledger.anchor(c.claim.id)).is_displayed()

        rows = drv.find_elements(By.CSS_SELECTOR, "#claims tbody tr")
        assert len(rows) == len(result.claims) and all(r.is_displayed() for r in rows)

        def shown() -> list[str]:  # verdicts of the rows the page shows (one round trip)
            return drv.execute_script(
                "return Array.from(document.querySelectorAll('#claims tbody tr'))"
                ".filter(function (r) { return r.offsetParent !== null; })"
                ".map(function (r) { return r.getAttribute('data-verdict'); });")

        Select(drv.find_element(By.ID, "f-verdict")).select_by_value("refuted")
        assert shown() == [c.verdict for c in result.claims if c.verdict == "refuted"] == ["refuted"]
        assert not drv.find_element(By.ID, ledger.anchor("ledger.alpha.shift")).is_displayed()
        assert drv.find_element(By.ID, "f-count").text == f"1 of {len(result.claims)} claims"
        Select(drv.find_element(By.ID, "f-verdict")).select_by_value("witnessed")
        assert shown() == ["witnessed", "witnessed"]
        drv.find_element(By.ID, "f-reset").click()
        assert len(shown()) == len(result.claims)

        drv.find_element(By.ID, "f-text").send_keys("toy model")
        assert [r.find_element(By.TAG_NAME, "code").text for r in rows if r.is_displayed()] == \
            ["ledger.beta.story.core"]
        assert shown() == ["witnessed"]
        drv.find_element(By.ID, "f-reset").click()
        Select(drv.find_element(By.ID, "f-paper")).select_by_value("Paper C")
        assert shown() == ["error"]
        drv.find_element(By.ID, "f-reset").click()

        # A link from the graph reaches its section even while a filter hides it.
        Select(drv.find_element(By.ID, "f-verdict")).select_by_value("refuted")
        drv.execute_script("location.hash = arguments[0]", ledger.anchor("ledger.alpha.shift"))
        assert drv.find_element(By.ID, ledger.anchor("ledger.alpha.shift")).is_displayed()

        maths = drv.find_elements(By.TAG_NAME, "math")
        if HAVE_LATEX2MATHML:
            assert maths, "latex2mathml is installed but no <math> element is in the page"
            box = drv.execute_script("var r = arguments[0].getBoundingClientRect(); return [r.width, r.height];",
                                     maths[0])
            assert box[0] > 0 and box[1] > 0, "MathML is not rendered"
        else:
            assert drv.find_elements(By.CSS_SELECTOR, "code.latex")
        assert len(drv.find_elements(By.CSS_SELECTOR, "#graph a.gclaim")) == len(result.claims)
        severe = [e for e in drv.get_log("browser") if e.get("level") == "SEVERE"]
        assert not severe, f"console errors: {severe}"
    finally:
        drv.quit()
