"""The HTML report: structure, exact offsets, the command, and the page as headless Chromium shows it."""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest

import measures
from measures.cli import main
from measures.commands.demo import sample_text
from measures.models import MODEL_BY_TYPE
from measures.render import render_page, type_color

DOC = "一、加强领导。\n一要严格落实“四早”要求，专业队伍要在2小时内到达现场。二要确保50人以上。\n　　三是<b>&“x”</b>。\n"
DOCS = [("sample_speech.txt", sample_text()), ("small & <odd>.txt", DOC)]


def _expected_spans(docs: list[tuple[str, str]]) -> int:
    return sum(1 for _, text in docs for r in measures.extract(text) if r.end > r.start)


@pytest.fixture(scope="module")
def page() -> str:
    return render_page(DOCS, title="Report <test>")


class _TextCollector(HTMLParser):
    """The shown text of each `.m-text` article (labels left out) and the characters of each highlighted token."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.texts: list[str] = []
        self.tokens: list[dict[int, str]] = []
        self._stack: list[str] = []
        self._in_text = 0
        self._skip = 0
        self._tok: list[int | None] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        cls = a.get("class") or ""
        if tag == "article" and "m-text" in cls:
            self._in_text += 1
            self.texts.append("")
            self.tokens.append({})
        if self._in_text and tag == "span":
            self._stack.append(cls)
            if cls == "m-label":
                self._skip += 1
            self._tok.append(int(a["data-i"]) if cls == "m-tok" and a.get("data-i") else None)

    def handle_endtag(self, tag: str) -> None:
        if tag == "article" and self._in_text:
            self._in_text -= 1
        if self._in_text and tag == "span" and self._stack:
            if self._stack.pop() == "m-label":
                self._skip -= 1
            self._tok.pop()

    def handle_data(self, data: str) -> None:
        if self._in_text and not self._skip:
            self.texts[-1] += data
            current = next((i for i in reversed(self._tok) if i is not None), None)
            if current is not None:
                self.tokens[-1][current] = self.tokens[-1].get(current, "") + data


def test_page_is_self_contained(page: str) -> None:
    assert page.startswith("<!DOCTYPE html>")
    assert "Content-Security-Policy" in page and "default-src 'none'" in page
    for bad in ("<link", "@import", "url(", "src=", "http://", "https://"):
        assert bad not in page
    assert not re.search("[\ue000-\uf8ff]", page)  # no sentinel left behind
    assert "<title>Report &lt;test&gt;</title>" in page
    assert "small &amp; &lt;odd&gt;.txt" in page


def test_one_labelled_span_per_record_coloured_by_type(page: str) -> None:
    labels = re.findall(r'<span class="m-label" data-r="(\d+)" style="background: ([^"]+)" title="[^"]*">([a-z_]+)</span>', page)
    assert len(labels) == page.count('class="m-label"') == _expected_spans(DOCS)
    for _, color, type_ in labels:
        assert type_ in MODEL_BY_TYPE and color == type_color(type_)


def test_text_and_offsets_are_exact(page: str) -> None:
    collector = _TextCollector()
    collector.feed(page)
    assert len(collector.texts) == len(DOCS)
    for (_, text), shown, tokens in zip(DOCS, collector.texts, collector.tokens):
        assert shown == text  # nothing added, nothing lost, escapes undone
        covered = {i for r in measures.extract(text) for i in range(r.start, r.end)}
        assert set(tokens) == covered  # highlighted characters are exactly the records' characters
        assert all(text[i] == c for i, c in tokens.items())


def test_outline_links_to_directive_positions(page: str) -> None:
    ids = set(re.findall(r' id="([^"]+)"', page))
    links = re.findall(r'href="#([^"]+)"', page)
    assert links and all(link in ids for link in links)
    result = measures.extract(DOC)
    toc = re.search(r'<section class="m-doc" id="d2".*?<nav class="m-toc"[^>]*>(.*?)</nav>', page, re.S)
    assert toc is not None
    items = re.findall(r'<a href="#(d2-r\d+)"[^>]*>([^<]*)</a>', toc.group(1))
    assert [html.unescape(t) for _, t in items] == [d.marker + d.headline for d in result.directives]
    for anchor, _ in items:
        rid = int(anchor.split("-r")[1])
        pos = page.index(f'id="{anchor}"')
        token = page.rfind('data-i="', 0, pos)
        assert int(page[token + 8:page.index('"', token + 8)]) == result.records[rid].start


def test_slogans_and_deadlines_beside_the_text(page: str) -> None:
    section = page[page.index('id="d2"'):]
    side = section[section.index('<aside class="m-side">'):section.index("</aside>")]
    assert "“四早”" in side and "2小时内" in side and "PT2H" in side


def test_overlapping_records_stack(page: str) -> None:
    result = measures.extract(DOC)
    slogan = result.slogans[0]
    outer = result.directive_of(slogan)
    assert outer is not None and outer.start <= slogan.start and slogan.end <= outer.end
    section = page[page.index('id="d2"'):]
    m = re.search(rf'<span class="m-tok" data-i="{slogan.start}"[^>]*>(.*?)</span></span></span>', section, re.S)
    assert m is not None and m.group(1).count('class="m-slice"') == 2


def test_render_command(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    a = tmp_path / "a.txt"
    a.write_text(DOC, encoding="utf-8")
    out = tmp_path / "report.html"
    assert main(["render", str(a), str(tmp_path / "missing.txt"), "--out", str(out), "--title", "T"]) == 1
    assert "missing.txt" in capsys.readouterr().err
    text = out.read_text(encoding="utf-8")
    assert "<title>T</title>" in text and text.count('class="m-label"') == _expected_spans([("a", DOC)])


def test_render_command_with_a_pack(tmp_path: Path) -> None:
    a = tmp_path / "a.txt"
    a.write_text("今年改造3栋楼。", encoding="utf-8")
    pack = Path(__file__).resolve().parents[1] / "docs" / "examples" / "custom_pack.toml"
    out = tmp_path / "r.html"
    assert main(["render", str(a), "--rules", str(pack), "--out", str(out)]) == 0
    assert "housing.count" in out.read_text(encoding="utf-8")
    bad = tmp_path / "bad.toml"
    bad.write_text("[pack\n", encoding="utf-8")
    assert main(["render", str(a), "--rules", str(bad), "--out", str(out)]) == 2


# -- in a browser -----------------------------------------------------------------
CHROMIUM = os.environ.get("MEASURES_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"

PROBE = """<script>
(function () {
  var errors = [];
  window.addEventListener("error", function (e) {
    errors.push(e.message || ("failed to load " + ((e.target && (e.target.src || e.target.href)) || "?")));
  }, true);
  window.addEventListener("unhandledrejection", function (e) { errors.push("unhandled rejection: " + e.reason); });
  document.addEventListener("securitypolicyviolation", function (e) { errors.push("CSP: " + e.violatedDirective + " " + e.blockedURI); });
  var consoleError = console.error;
  console.error = function () { errors.push(Array.prototype.join.call(arguments, " ")); return consoleError.apply(console, arguments); };
  window.addEventListener("load", function () {
    var labels = document.querySelectorAll(".m-text .m-label"), visible = 0, broken = [];
    labels.forEach(function (l) { var r = l.getBoundingClientRect(); if (r.width > 0 && r.height > 0) visible++; });
    document.querySelectorAll('a[href^="#"]').forEach(function (a) {
      if (!document.getElementById(a.getAttribute("href").slice(1))) broken.push(a.getAttribute("href"));
    });
    var tok = document.querySelector(".m-text .m-tok");
    if (tok) tok.dispatchEvent(new MouseEvent("mouseover", { bubbles: true }));
    var shown = document.querySelector(".m-details pre");
    var out = document.createElement("pre");
    out.id = "measures-probe";
    out.textContent = JSON.stringify({
      spans: labels.length, visible: visible, broken: broken, errors: errors,
      sections: document.querySelectorAll("section.m-doc").length,
      details: shown ? shown.textContent : null
    });
    document.body.appendChild(out);
  });
})();
</script>"""


def _chromium_or_skip() -> str:
    if Path(CHROMIUM).exists():
        return CHROMIUM
    message = f"chromium not found at {CHROMIUM} (.ci/run installs Debian's chromium)"
    if os.environ.get("CI") == "true":
        pytest.fail(message)
    pytest.skip(message)


def _load_in_chromium(page: str, tmp_path: Path) -> tuple[dict, list[str]]:
    """Open the page (with the probe) in headless Chromium; the probe's report and any console lines."""
    chromium = _chromium_or_skip()
    path = tmp_path / "page.html"
    path.write_text(page.replace("<head>", "<head>" + PROBE, 1), encoding="utf-8")
    cmd = [
        chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run", f"--user-data-dir={tmp_path / 'profile'}",
        "--host-resolver-rules=MAP * ~NOTFOUND", "--enable-logging=stderr", "--v=0",
        "--window-size=1400,1000", "--dump-dom", path.as_uri(),
    ]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=180)
    m = re.search(r'<pre id="measures-probe">(.*?)</pre>', proc.stdout, re.S)
    assert m, f"no probe report in the DOM (exit {proc.returncode}): {proc.stderr[-2000:]}"
    console = [line for line in proc.stderr.splitlines() if ":CONSOLE" in line]
    return json.loads(html.unescape(m.group(1))), console


def test_page_in_headless_chromium(page: str, tmp_path: Path) -> None:
    report, console = _load_in_chromium(page, tmp_path)
    assert report["errors"] == [] and console == []
    assert report["sections"] == len(DOCS)
    assert report["spans"] == report["visible"] == _expected_spans(DOCS)
    assert report["broken"] == []
    assert report["details"] and report["details"].split(" ")[0] in MODEL_BY_TYPE  # the hover panel works


def test_chromium_probe_catches_errors(tmp_path: Path) -> None:
    broken = "<!DOCTYPE html><html><head></head><body><script>console.error('boom'); missingFunction();</script></body></html>"
    report, console = _load_in_chromium(broken, tmp_path)
    assert any("missingFunction" in e for e in report["errors"]) and any("boom" in e for e in report["errors"])
    assert console
