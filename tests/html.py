#!/usr/bin/env python3
"""tests/html.py REMIT - the HTML report of remit stress (SPEC 7.19),
checked as a reader would see it: in a real browser.

For each report (the example with random runs, three files at once, one
file as written, and the merge of four shards, which must be the bytes
of the run unsharded):
  - it is well-formed XHTML (a stray byte shows), self-contained (no
    script, no fetched font, picture or style sheet);
  - loaded as XHTML by headless Chromium (Debian's), it has no parse
    error;
  - a copy with a measuring script added is laid out by Chromium, and
    the script finds every chart, bar, table and row the report's JSON
    says there must be, each drawn with a size, inside its chart, and no
    two labels of a chart overlapping; no error is raised;
  - a screenshot of it is not blank.
Prints PASS/FAIL lines and ends with "html: N passed, N failed".
"""
import json
import os
import re
import shutil
import struct
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
import zlib

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from suite import Suite, run  # noqa: E402

S = Suite("html")
say = S.say
POLICY = "examples/icb-scheme.remit"
EXAMPLE = "examples/scenarios/board-under-strain.yaml"
XHTML = "{http://www.w3.org/1999/xhtml}"

# Added to a copy of the report: measures what Chromium laid out and
# writes it, as JSON, into the page for --dump-dom to carry out.
MEASURE = """<script>//<![CDATA[
(function () {
  var out = {errors: [], charts: {}, tables: {}};
  window.addEventListener('error', function (e) { out.errors.push(String(e.message)); });
  function box(e) { var b = e.getBoundingClientRect(); return [b.left, b.top, b.right, b.bottom]; }
  function inside(a, b) { return a[0] >= b[0] - 0.5 && a[1] >= b[1] - 0.5 && a[2] <= b[2] + 0.5 && a[3] <= b[3] + 0.5; }
  function meets(a, b) { return a[0] < b[2] - 0.5 && b[0] < a[2] - 0.5 && a[1] < b[3] - 0.5 && b[1] < a[3] - 0.5; }
  try {
    document.querySelectorAll('svg.chart').forEach(function (svg) {
      var s = box(svg), c = {width: s[2] - s[0], height: s[3] - s[1], bars: 0, empty: 0, outside: 0,
                              texts: 0, overlaps: [], labels: []};
      svg.querySelectorAll('rect.bar').forEach(function (r) {
        var b = box(r);
        c.bars++;
        if (b[2] - b[0] < 0.5 || b[3] - b[1] < 0.5) c.empty++;
        if (!inside(b, s)) c.outside++;
      });
      var texts = Array.prototype.slice.call(svg.querySelectorAll('text'));
      texts.forEach(function (t, i) {
        var b = box(t);
        c.texts++;
        c.labels.push(t.textContent);
        if (!inside(b, s)) c.outside++;
        for (var j = 0; j < i; j++)
          if (meets(b, box(texts[j]))) c.overlaps.push(texts[j].textContent + ' / ' + t.textContent);
      });
      out.charts[svg.id] = c;
    });
    document.querySelectorAll('table').forEach(function (t, i) {
      var b = box(t);
      out.tables[t.id || ('table-' + i)] = {rows: t.tBodies[0] ? t.tBodies[0].rows.length : 0,
                                            width: b[2] - b[0], height: b[3] - b[1],
                                            failed: t.querySelectorAll('tr.failed').length};
    });
    out.sections = document.querySelectorAll('section.file').length;
    out.footer = (document.querySelector('footer') || {textContent: ''}).textContent;
    out.width = document.documentElement.scrollWidth;
    out.viewport = window.innerWidth;
  } catch (e) { out.errors.push(String(e)); }
  var pre = document.createElement('pre');
  pre.id = 'measured';
  pre.textContent = JSON.stringify(out);
  document.body.appendChild(pre);
})();
//]]></script>
"""


def chromium():
    for name in ("chromium", "chromium-browser"):
        path = shutil.which(name)
        if path:
            return path
    return None


def browse(browser, tmp, *args):
    """Run headless Chromium; its standard output."""
    profile = tempfile.mkdtemp(dir=tmp)
    p = subprocess.run([browser, "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                        "--no-first-run", "--disable-extensions", "--user-data-dir=" + profile,
                        "--allow-file-access-from-files", "--window-size=1100,1400",
                        "--virtual-time-budget=5000"] + list(args),
                       capture_output=True, timeout=120)
    return p.returncode, p.stdout.decode("utf-8", "replace")


def png_colours(path):
    """The number of distinct colours in a PNG screenshot (8-bit RGB or
    RGBA, not interlaced, as Chromium writes them)."""
    with open(path, "rb") as f:
        data = f.read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        return 0
    pos, idat, width, height, kind = 8, b"", 0, 0, 0
    while pos < len(data):
        n, tag = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + n]
        if tag == b"IHDR":
            width, height, depth, kind = struct.unpack(">IIBB", body[:10])
            if depth != 8 or kind not in (2, 6) or body[12]:
                return 0
        elif tag == b"IDAT":
            idat += body
        pos += 12 + n
    raw, bpp = zlib.decompress(idat), 3 if kind == 2 else 4
    stride, prev, colours = width * bpp, bytearray(width * bpp), set()
    for y in range(height):
        f, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):
            a = line[i - bpp] if i >= bpp else 0
            b, c = prev[i], prev[i - bpp] if i >= bpp else 0
            if f == 1:
                line[i] = (line[i] + a) & 255
            elif f == 2:
                line[i] = (line[i] + b) & 255
            elif f == 3:
                line[i] = (line[i] + (a + b) // 2) & 255
            elif f == 4:
                pa, pb, pc = abs(b - c), abs(a - c), abs(a + b - 2 * c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        if y % 8 == 0:
            for x in range(0, stride, bpp * 4):
                colours.add(bytes(line[x:x + 3]))
        prev = line
    return len(colours)


def static_checks(name, html):
    try:
        root = ET.fromstring(html)
    except ET.ParseError as e:
        say(False, "%s: well-formed XHTML (%s)" % (name, e))
        return None
    say(root.tag == XHTML + "html", "%s: well-formed XHTML, one html element" % name)
    fetched = re.findall(r'(?:src|href)\s*=|url\(|@import|<script|<link|<img|<iframe|<object', html)
    say(not fetched, "%s: self-contained: no script, link, picture or url() (%s)" % (name, fetched[:3]))
    return root


def expect_of(doc):
    """What the page must hold, from the same run's JSON report."""
    files = []
    for i, f in enumerate(doc["files"], 1):
        files.append({
            "quorum-%d" % i: len(f["quorum"]),
            "matters-%d" % i: sum(1 for m in f["by_matter"]
                                  for k in ("permitted", "refused", "undetermined", "no_route", "undecided")
                                  if m[k]),
            "days-%d" % i: f["days_to_decision"]["decided"] and 1,
            "run-%d" % i: len(f["decisions_shown"]),
        })
    return files


def rendered(browser, tmp, name, html, doc):
    # as XHTML: a parse error replaces the page
    path = os.path.join(tmp, name + ".xhtml")
    with open(path, "w", encoding="utf-8") as f:
        f.write(html)
    rc, dom = browse(browser, tmp, "--dump-dom", "file://" + path)
    say(rc == 0 and "parsererror" not in dom and "<svg" in dom,
        "%s: Chromium reads it as XHTML without a parse error (exit %d)" % (name, rc))
    # laid out and measured
    path = os.path.join(tmp, name + ".html")
    with open(path, "w", encoding="utf-8") as f:
        f.write(html.replace("</body>", MEASURE + "</body>"))
    rc, dom = browse(browser, tmp, "--dump-dom", "file://" + path)
    m = re.search(r'<pre id="measured">(.*?)</pre>', dom, re.S)
    if not m:
        say(False, "%s: Chromium laid it out and the measuring script ran (exit %d)" % (name, rc))
        return
    got = json.loads(m.group(1).replace("&quot;", '"').replace("&lt;", "<").replace("&gt;", ">")
                     .replace("&amp;", "&"))
    say(not got["errors"], "%s: no error raised while it was laid out %s" % (name, got["errors"][:2]))
    say(got["sections"] == len(doc["files"]), "%s: a section for each of its %d files" % (name, len(doc["files"])))
    say(str(doc["summary"]["failures"]) in got["footer"] and got["footer"].strip().endswith("."),
        "%s: the footer gives the failures (%d)" % (name, doc["summary"]["failures"]))
    say(got["width"] <= got["viewport"], "%s: nothing wider than the window (%d of %d pixels)"
        % (name, got["width"], got["viewport"]))
    for i, want in enumerate(expect_of(doc), 1):
        for cid, n in want.items():
            if cid.startswith("run-"):
                t = got["tables"].get(cid)
                say((t is not None and t["rows"] == n and t["width"] > 100 and t["height"] > 10) if n else t is None,
                    "%s: table %s has a row for each of the %d decisions of the run shown" % (name, cid, n))
                continue
            c = got["charts"].get(cid)
            if not n:
                say(c is None, "%s: no chart %s, as there is nothing to draw" % (name, cid))
                continue
            ok = (c is not None and c["width"] > 300 and c["height"] > 20 and c["bars"] >= n and not c["empty"]
                  and not c["outside"] and not c["overlaps"])
            say(ok, "%s: chart %s drawn (%s bars, at least %d), every bar and label inside it, no label on "
                "another%s" % (name, cid, c and c["bars"], n, ": %s" % {k: c[k] for k in ("width", "height", "empty",
                                                                                       "outside", "overlaps")}
                               if c and not ok else ""))
    # a picture, not a blank page
    png = os.path.join(tmp, name + ".png")
    rc, _ = browse(browser, tmp, "--hide-scrollbars", "--screenshot=" + png, "file://" + path)
    colours = png_colours(png) if os.path.exists(png) else 0
    say(colours >= 8, "%s: its screenshot is a picture, not a blank page (%d colours)" % (name, colours))


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: html.py REMIT")
    remit = os.path.abspath(sys.argv[1])
    browser = chromium()
    say(browser is not None, "headless Chromium is installed (make deps installs Debian's chromium)")
    cases = [("example", ["--scenarios", "40", "--seed", "7", POLICY, EXAMPLE]),
             ("three-files", ["--scenarios", "5", "--seed", "3", POLICY, EXAMPLE,
                              "tests/stress/quorum-absences.yaml", "tests/stress/crisis.yaml"]),
             ("as-written", [POLICY, "tests/stress/no-route.yaml"])]
    with tempfile.TemporaryDirectory() as tmp:
        for name, args in cases:
            rc, html, err = run([remit, "stress", "--format", "html"] + args)
            jrc, js, _ = run([remit, "stress", "--format", "json"] + args)
            say(rc == jrc and not err and html.startswith("<!DOCTYPE html>\n"),
                "%s: remit stress --format html writes a page and exits as with --format json (%d)" % (name, rc))
            again = run([remit, "stress", "--format", "html"] + args)
            say(again == (rc, html, err), "%s: the same page twice, byte for byte" % name)
            if static_checks(name, html) is None or browser is None:
                continue
            rendered(browser, tmp, name, html, json.loads(js))
        # the merge of shards writes the same page
        args = cases[0][1]
        paths = []
        for i in range(1, 5):
            paths.append(os.path.join(tmp, "shard%d.json" % i))
            with open(paths[-1], "w", encoding="utf-8") as f:
                f.write(run([remit, "stress", "--format", "json", "--shard", "%d/4" % i] + args)[1])
        whole = run([remit, "stress", "--format", "html"] + args)
        merged = run([remit, "merge", "--format", "html"] + paths[::-1])
        say(merged[1] == whole[1] and merged[0] == whole[0],
            "four shards merged with --format html: the bytes of the page of the whole run")
        rc, out, err = run([remit, "stress", "--format", "html", "--scenarios", "4", "--shard", "1/2", POLICY,
                            EXAMPLE])
        say(rc == 2 and "--format json" in err and not out, "--shard with --format html is a usage error")
    sys.exit(S.end())


if __name__ == "__main__":
    main()
