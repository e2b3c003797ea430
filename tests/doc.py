#!/usr/bin/env python3
"""tests/doc.py REMIT [--update] - the published scheme, `remit doc`
(SPEC 11.13), checked as a board would read it: in a real browser.

For each policy (the examples, whose documents are committed under
docs/scheme/, and the small policies of the goldens tests/doc/NAME.html):
  - remit doc writes the same bytes as the committed document or golden
    (--update rewrites them), and the same bytes twice;
  - it is well-formed XHTML, self-contained (no script, nothing fetched);
  - against the policy's export (remit check --emit json, SPEC 11.9):
    every matter has its section, and a table with a row for each of its
    rules, citing each rule's file:line; every body a table citing its
    members and quorum; every crisis protocol a table; every conflicts
    block a section; every row of every table cites a file:line that is
    a line of that file; no condition or limit names a constant (they
    are given as figures);
  - loaded as XHTML by headless Chromium, no parse error; laid out at the
    width of an A4 page's print area upright (703 pixels; the PDF is
    landscape), every table is there with its rows, each row with its
    citation, nothing is wider than the page, nothing spills out of its
    cell and no error is raised; a screenshot is not blank;
  - printed to PDF (--format pdf, to standard output and with -o), A4
    landscape pages; without Chromium on PATH, the documented error (exit 2);
  - every policy of the standard library, tests/check and tests/graph
    that checks clean: a well-formed page with its tables and citations;
  - usage errors, a missing file, a policy with errors (exit 1 with its
    diagnostics), -o that cannot be written or is the policy or a file it
    uses.
Prints PASS/FAIL lines and ends with "doc: N passed, N failed".
"""
import glob
import importlib.util
import json
import os
import re
import subprocess
import time
import sys
import tempfile
import xml.etree.ElementTree as ET

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from suite import ROOT, Suite, run  # noqa: E402

# the headless Chromium of the stress report's test (tests/html.py), shared
_spec = importlib.util.spec_from_file_location("stress_html", os.path.join(ROOT, "tests", "html.py"))
_html = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_html)
chromium, browse, png_colours = _html.chromium, _html.browse, _html.png_colours

S = Suite("doc")
say = S.say
_html.say = say  # its static checks count here
X = "{http://www.w3.org/1999/xhtml}"
PAGE_WIDTH = 703  # A4 upright less 12 mm margins each side, in CSS pixels (96 an inch): the PDF is
                  # landscape (1,032 pixels), so this is the narrower test

# (policy, the document it must give)
GOLDENS = [("tests/doc/standing-orders.remit", "tests/doc/standing-orders.html"),
           ("tests/export/scheme.remit", "tests/doc/scheme.html"),
           ("tests/export/expressions.remit", "tests/doc/expressions.html")]
EXAMPLES = [(p, "docs/scheme/%s.html" % os.path.basename(p)[:-6])
            for p in sorted(glob.glob(os.path.join(ROOT, "examples", "*.remit")))]
EXAMPLES = [(os.path.relpath(p, ROOT), d) for p, d in EXAMPLES]

# Added to a copy of the page: what Chromium laid out, as JSON in the page
MEASURE = """<script>//<![CDATA[
(function () {
  var out = {errors: [], tables: {}};
  window.addEventListener('error', function (e) { out.errors.push(String(e.message)); });
  try {
    document.querySelectorAll('table').forEach(function (t) {
      var b = t.getBoundingClientRect(), rows = t.tBodies[0] ? t.tBodies[0].rows : [], cited = 0, spill = [];
      t.querySelectorAll('td, th').forEach(function (c) {
        if (c.scrollWidth > c.clientWidth + 1) spill.push(c.textContent.slice(0, 40));
      });
      for (var i = 0; i < rows.length; i++) {
        var src = rows[i].querySelector('td.src');
        if (src && /^\\S+:[0-9]+$/.test(src.textContent) && src.getBoundingClientRect().width > 10) cited++;
      }
      out.tables[t.id] = {rows: rows.length, cited: cited, right: b.right, width: b.width, spill: spill};
    });
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


def text_of(e, skip_because=False):
    """An element's text, as a reader sees it (a break's place a space);
    with skip_because, without the `because` and the names in brackets."""
    parts = [e.text or ""]
    for c in e:
        if c.tag == X + "br":
            parts.append(" ")
        elif not (skip_because and c.get("class") in ("because", "id")):  # a because; a name or label in brackets
            parts.append(text_of(c, skip_because))
        parts.append(c.tail or "")
    return "".join(parts)


def src_path(path):
    return os.path.join(ROOT, "stdlib-policies", path[len("<stdlib>/"):]) if path.startswith("<stdlib>/") \
        else os.path.join(ROOT, path)


def constants(policy, export):
    """The constants of the policy's files and of every module of the
    standard library (some hold only constants, which no rule cites)."""
    names, files = set(), {policy} | {r["file"] for r in export["rules"]} | \
        {h["quorum"]["file"] for h in export["holders"] if h.get("quorum")} | \
        {"<stdlib>/" + os.path.relpath(f, os.path.join(ROOT, "stdlib-policies"))
         for f in glob.glob(os.path.join(ROOT, "stdlib-policies", "*", "*.remit"))}
    for f in files:
        with open(src_path(f), encoding="utf-8") as fh:
            names |= set(re.findall(r"^\s*const\s+([A-Za-z_][A-Za-z0-9_]*)\s*=", fh.read(), re.M))
    return names


def structure(name, policy, page, export):
    root = ET.fromstring(page)
    tables = {t.get("id"): t for t in root.iter(X + "table")}
    sections = {s.get("id"): s for s in root.iter(X + "section") if s.get("id")}

    def rows(t):
        body = t.find(X + "tbody")
        return [] if body is None else body.findall(X + "tr")

    def cites(t):
        return [text_of(r.find(X + "td[@class='src']")) if r.find(X + "td[@class='src']") is not None else None
                for r in rows(t)]

    # every matter: its section, and a row for each of its rules at their places
    ok_m, bad = True, []
    for m in export["matters"]:
        want = sorted("%s:%d" % (r["file"], r["line"]) for r in export["rules"] if r["matter"] == m["name"])
        t = tables.get("table-matter-" + m["name"])
        got = sorted(cites(t)) if t is not None else []
        if "matter-" + m["name"] not in sections or got != want:
            ok_m = False
            bad.append(m["name"])
    say(ok_m, "%s: each of the %d matters has its section and a row for each of its rules, at its file:line %s"
        % (name, len(export["matters"]), bad[:3]))
    # every body: membership and quorum, each cited
    ok_b, bad = True, []
    for h in export["holders"]:
        if h["is"] != "body":
            continue
        t = tables.get("table-body-" + h["name"])
        c = cites(t) if t is not None else []
        n = 1 + len(h["members"]) + (h["quorum"] is not None) + bool(h["chaired_by"]) + bool(h["never_chaired_by"])
        q = h["quorum"] and "%s:%d" % (h["quorum"]["file"], h["quorum"]["line"])
        if t is None or len(c) != n or (q and q not in c):
            ok_b = False
            bad.append(h["name"])
    nb = sum(1 for h in export["holders"] if h["is"] == "body")
    say(ok_b, "%s: each of the %d bodies has a table of its membership and quorum, cited %s" % (name, nb, bad[:3]))
    # crisis protocols and conflicts
    ok_p, bad = True, []
    for p in export["protocols"]:
        t = tables.get("table-protocol-" + p["name"])
        grants = sum(1 for r in export["rules"] if r["kind"] == "grant" and r["protocol"] == p["name"])
        n = (p["active_when"] is not None) + grants + len(p["never_grant"]) + (p["ratify_by"] is not None) \
            + (p["expires_after"] is not None)
        c = cites(t) if t is not None else []
        if len(c) != n or (p["ratify_file"] and "%s:%d" % (p["ratify_file"], p["ratify_line"]) not in c):
            ok_p = False
            bad.append(p["name"])
    say(ok_p, "%s: each of the %d crisis protocols has a table of what it grants, cited %s"
        % (name, len(export["protocols"]), bad[:3]))
    conf = [s for s in root.iter(X + "section") if s.get("class") == "conflicts"]
    ok_c = len(conf) == len(export["conflicts"]) and all(
        len(rows(s.find(X + "table"))) == len(c["categories"]) + (c["declare_file"] is not None)
        + (c["quorum_lost_refer_to"] is not None) for s, c in zip(conf, export["conflicts"]))
    say(ok_c, "%s: each of the %d conflicts blocks has its section, a row for each category and rule"
        % (name, len(export["conflicts"])))
    # every row of every table cites a line of a file
    lines, all_rows, bad = {}, 0, []
    for tid, t in tables.items():
        for c in cites(t):
            all_rows += 1
            m = re.fullmatch(r"(\S+):([0-9]+)", c or "")
            if not m:
                bad.append((tid, c))
                continue
            f = m.group(1)
            if f not in lines:
                try:
                    with open(src_path(f), encoding="utf-8") as fh:
                        lines[f] = fh.read().count("\n")
                except OSError:
                    lines[f] = 0
            if not 1 <= int(m.group(2)) <= lines[f]:
                bad.append((tid, c))
    anything = export["rules"] or export["holders"] or export["protocols"] or export["conflicts"]
    say(bool(all_rows) == bool(anything) and not bad, "%s: every one of the %d rows cites a file:line of the policy %s"
        % (name, all_rows, bad[:3]))
    # conditions and limits as figures, never a constant's name
    consts, named = constants(policy, export), []
    for t in tables.values():
        if t.get("class") not in ("scheme", "protocol"):
            continue
        for r in rows(t):
            words = set(re.findall(r"[A-Za-z_][A-Za-z0-9_]*", text_of(r, skip_because=True)))
            named += sorted(words & consts)
    say(not named, "%s: no condition or limit names a constant (%d constants), figures instead %s"
        % (name, len(consts), named[:3]))
    return {tid: len(rows(t)) for tid, t in tables.items()}


def rendered(browser, tmp, name, page, want, shot):
    path = os.path.join(tmp, name + ".xhtml")
    with open(path, "w", encoding="utf-8") as f:
        f.write(page)
    rc, dom = browse(browser, tmp, "--dump-dom", "file://" + path)
    say(rc == 0 and "parsererror" not in dom and "<table" in dom,
        "%s: Chromium reads it as XHTML without a parse error (exit %d)" % (name, rc))
    path = os.path.join(tmp, name + ".html")
    with open(path, "w", encoding="utf-8") as f:
        f.write(page.replace("</body>", MEASURE + "</body>"))
    rc, dom = browse(browser, tmp, "--window-size=%d,1000" % PAGE_WIDTH, "--dump-dom", "file://" + path)
    m = re.search(r'<pre id="measured">(.*?)</pre>', dom, re.S)
    if not m:
        say(False, "%s: Chromium laid it out and the measuring script ran (exit %d)" % (name, rc))
        return
    got = json.loads(m.group(1).replace("&quot;", '"').replace("&lt;", "<").replace("&gt;", ">")
                     .replace("&amp;", "&"))
    say(not got["errors"], "%s: no error raised while it was laid out %s" % (name, got["errors"][:2]))
    say(got["viewport"] == PAGE_WIDTH and got["width"] <= got["viewport"] and
        all(t["right"] <= got["viewport"] + 0.5 for t in got["tables"].values()),
        "%s: nothing wider than an A4 page upright (%d of %d pixels)" % (name, got["width"], got["viewport"]))
    spill = [c for t in got["tables"].values() for c in t["spill"]]
    say(not spill, "%s: nothing spills out of its cell %s" % (name, spill[:3]))
    short = {tid: (n, got["tables"].get(tid)) for tid, n in want.items()
             if got["tables"].get(tid, {}).get("rows") != n or got["tables"][tid]["cited"] != n}
    say(not short and len(got["tables"]) == len(want),
        "%s: in the browser, each of the %d tables with each of its rows, each row's file:line shown %s"
        % (name, len(want), list(short.items())[:2]))
    if shot:
        png = os.path.join(tmp, name + ".png")
        browse(browser, tmp, "--hide-scrollbars", "--screenshot=" + png, "file://" + path)
        colours = png_colours(png) if os.path.exists(png) else 0
        say(colours >= 8, "%s: its screenshot is a picture, not a blank page (%d colours)" % (name, colours))


def pdf_pages(data):
    return len(re.findall(rb"/Type\s*/Page[^s]", data)), re.findall(rb"/MediaBox\s*\[([^\]]*)\]", data)


def check_pdf(remit, browser, tmp):
    policy = "examples/icb-scheme.remit"
    if browser:
        env = dict(os.environ, TMPDIR=tmp)
        p = subprocess.run([remit, "doc", "--format", "pdf", policy], cwd=ROOT, capture_output=True, timeout=300,
                           env=env)
        n, boxes = pdf_pages(p.stdout)
        a4 = all(abs(float(b.split()[2]) - 842) < 2 and abs(float(b.split()[3]) - 595) < 2 for b in boxes)
        say(p.returncode == 0 and p.stdout.startswith(b"%PDF") and n >= 2 and boxes and a4 and not p.stderr,
            "--format pdf prints the scheme to PDF through Chromium: %d A4 pages, landscape (exit %d)" % (n, p.returncode))
        out = os.path.join(tmp, "scheme.pdf")
        q = subprocess.run([remit, "doc", "--format", "pdf", "-o", out, policy], cwd=ROOT, capture_output=True,
                           timeout=300, env=env)
        rc, err = q.returncode, q.stderr
        with open(out, "rb") as f:
            data = f.read()
        say(rc == 0 and data.startswith(b"%PDF") and pdf_pages(data)[0] == n and not err,
            "--format pdf -o FILE writes the PDF to FILE (exit %d)" % rc)
        left = [d for d in os.listdir(tmp) if d.startswith("remit-doc-")]
        say(not left, "the folder Chromium printed in is removed %s" % left)
        # a TMPDIR whose name a URL must escape, and a reader that stops early
        odd = os.path.join(tmp, "a b#c%d")
        os.makedirs(odd)
        q = subprocess.Popen([remit, "doc", "--format", "pdf", policy], cwd=ROOT, stdout=subprocess.PIPE,
                             stderr=subprocess.DEVNULL, env=dict(os.environ, TMPDIR=odd))
        head = q.stdout.read(4)
        q.stdout.close()
        q.wait(timeout=300)
        say(head == b"%PDF" and not os.listdir(odd),
            "in a TMPDIR named 'a b#c%%d', read 4 bytes and left: a PDF, and nothing left behind %s"
            % os.listdir(odd))
    else:
        say(False, "headless Chromium is installed (make deps installs Debian's chromium)")
    # no Chromium on PATH: said, exit 2, nothing written
    bare = os.path.join(tmp, "bin")
    os.makedirs(bare, exist_ok=True)
    out = os.path.join(tmp, "none.pdf")
    p = subprocess.run([remit, "doc", "--format", "pdf", "-o", out, policy], cwd=ROOT, capture_output=True,
                       env=dict(os.environ, PATH=bare, TMPDIR=tmp), timeout=60)
    err = p.stderr.decode()
    say(p.returncode == 2 and "needs Chromium, which is not on PATH" in err and "apt-get install chromium" in err
        and not os.path.exists(out) and not p.stdout,
        "without Chromium on PATH, --format pdf says so and exits 2, writing nothing (exit %d)" % p.returncode)
    # a Chromium that fails is said, exit 2
    fake = os.path.join(bare, "chromium")
    with open(fake, "w") as f:
        f.write("#!/bin/sh\nexit 3\n")
    os.chmod(fake, 0o755)
    p = subprocess.run([remit, "doc", "--format", "pdf", "-o", out, policy], cwd=ROOT, capture_output=True,
                       env=dict(os.environ, PATH=bare, TMPDIR=tmp), timeout=60)
    say(p.returncode == 2 and "failed (exit status 3) printing the PDF" in p.stderr.decode()
        and not os.path.exists(out),
        "a Chromium that fails is said, exit 2, nothing written (exit %d)" % p.returncode)
    with open(fake, "w") as f:
        f.write("#!/bin/sh\nexit 0\n")
    p = subprocess.run([remit, "doc", "--format", "pdf", policy], cwd=ROOT, capture_output=True,
                       env=dict(os.environ, PATH=bare, TMPDIR=tmp), timeout=60)
    say(p.returncode == 2 and "printed no PDF" in p.stderr.decode() and not p.stdout,
        "a Chromium that prints nothing is said, exit 2 (exit %d)" % p.returncode)
    # a Chromium that hangs (and a helper it started) is stopped at the
    # timeout: said, exit 2, nothing written, nothing left running
    with open(fake, "w") as f:
        f.write("#!/bin/sh\nsleep 300 &\nsleep 300\n")
    t = time.time()
    p = subprocess.run([remit, "doc", "--format", "pdf", "-o", out, policy], cwd=ROOT, capture_output=True,
                       env=dict(os.environ, PATH=bare + os.pathsep + os.environ.get("PATH", ""), TMPDIR=tmp,
                                REMIT_PDF_TIMEOUT="2"), timeout=60)
    took = time.time() - t
    left = subprocess.run(["pgrep", "-f", "sleep 300"], capture_output=True, text=True).stdout.split()
    say(p.returncode == 2 and "did not finish printing the PDF within 2 seconds" in p.stderr.decode()
        and not os.path.exists(out) and took < 30 and not left,
        "a Chromium that hangs is stopped after REMIT_PDF_TIMEOUT seconds, with what it started: exit 2 "
        "(exit %d, %.1f s, %d left)" % (p.returncode, took, len(left)))
    for bad in ("0", "soon", "86401"):
        p = subprocess.run([remit, "doc", "--format", "pdf", policy], cwd=ROOT, capture_output=True,
                           env=dict(os.environ, PATH=bare, TMPDIR=tmp, REMIT_PDF_TIMEOUT=bad), timeout=60)
        say(p.returncode == 2 and "REMIT_PDF_TIMEOUT is '%s'" % bad in p.stderr.decode() and not p.stdout,
            "REMIT_PDF_TIMEOUT=%s: said, exit 2" % bad)


def check_usage(remit, tmp):
    policy = "examples/icb-scheme.remit"
    cases = [(["--bogus", policy], "unknown option '--bogus'"),
             (["--format", "xml", policy], "unknown format 'xml': use html or pdf"),
             (["--format", "html", "--format", "html", policy], "--format is given twice"),
             ([policy, "-o"], "-o needs a value"),
             ([], "doc needs a policy file"),
             ([policy, policy], "unexpected"),
             (["--stdlib", "no-such-folder", policy], "is not a folder")]
    for args, said in cases:
        rc, out, err = run([remit, "doc"] + args)
        say(rc == 2 and said in err and "remit doc --help" in err and not out,
            "usage error %s: exit 2, '%s' (exit %d)" % (args, said, rc))
    rc, out, err = run([remit, "doc", "no-such-policy.remit"])
    say(rc == 2 and "R0301" in err and "no-such-policy.remit" in err and not out,
        "a policy that cannot be read: R0301, exit 2 (exit %d)" % rc)
    bad = os.path.join(tmp, "bad.remit")
    with open(bad, "w") as f:
        f.write('policy "Bad"\nmatter spend { amount: money }\nreserve spend to bord\n')
    rc, out, err = run([remit, "doc", bad])
    say(rc == 1 and "error[" in err and "bad.remit:3:" in err and "no scheme can be written" in err and not out,
        "a policy with errors: its diagnostics at file:line, exit 1, nothing written (exit %d)" % rc)
    for args, said in ((["-o", os.path.join(tmp, "no", "such", "folder.html")], "cannot write"),
                       (["-o", tmp], "it is a folder")):
        rc, out, err = run([remit, "doc", policy] + args)
        say(rc == 2 and said in err and not out, "-o that cannot be written: '%s', exit 2 (exit %d)" % (said, rc))
    copy = os.path.join(tmp, "uses")
    os.makedirs(copy, exist_ok=True)
    with open(os.path.join(copy, "lib.remit"), "w") as f:
        f.write('policy "Lib"\nrole ceo\n')
    with open(os.path.join(copy, "main.remit"), "w") as f:
        f.write('policy "Main"\nuse "lib.remit"\nbody board\nmatter spend { amount: money }\n'
                'delegate spend from board to ceo up to £1m\n')
    for target, said in (("main.remit", "is the policy being written up"), ("lib.remit", "is a file the policy uses")):
        path = os.path.join(copy, target)
        before = open(path).read()
        rc, out, err = run([remit, "doc", os.path.join(copy, "main.remit"), "-o", path])
        say(rc == 2 and said in err and open(path).read() == before,
            "-o naming %s: '%s', exit 2, the file untouched (exit %d)" % (target, said, rc))
    out = os.path.join(copy, "scheme.html")
    rc, _, err = run([remit, "doc", "-o", out, os.path.join(copy, "main.remit")])
    say(rc == 0 and not err and open(out).read().startswith("<!DOCTYPE html>"), "-o FILE writes the page (exit %d)"
        % rc)
    if os.path.exists("/dev/full"):  # a full disk: said, exit 2, for standard output and for -o
        for args in ([policy], [policy, "-o", "/dev/full"]):
            with open("/dev/full", "w") as full:
                p = subprocess.run([remit, "doc"] + args, cwd=ROOT, stdout=full, stderr=subprocess.PIPE, timeout=60)
            err = p.stderr.decode()
            say(p.returncode == 2 and "cannot write" in err and "No space left" in err,
                "a failed write %s is said, exit 2 (exit %d: %s)" % (args[1:], p.returncode, err.strip()[:80]))
    rc, out, _ = run([remit, "doc", "--help"])
    rc2, out2, _ = run([remit, "help", "doc"])
    say(rc == 0 and rc2 == 0 and out == out2 and "--format html|pdf" in out, "remit doc --help and remit help doc")


def sweep(remit):
    """Every policy of the standard library, tests/check and tests/graph
    that checks clean: a well-formed page with its tables and citations
    (one line for them all)."""
    global say
    fails, n, orig = [], 0, say

    def collect(ok, what):
        if not ok:
            fails.append(what)
    say = _html.say = collect
    try:
        for policy in sorted(glob.glob(os.path.join(ROOT, "stdlib-policies", "*", "*.remit")) +
                             glob.glob(os.path.join(ROOT, "tests", "check", "*.remit")) +
                             glob.glob(os.path.join(ROOT, "tests", "graph", "*.remit"))):
            policy = os.path.relpath(policy, ROOT)
            rc, js, _ = run([remit, "check", "--emit", "json", policy])
            if rc != 0:
                continue
            n += 1
            rc, page, err = run([remit, "doc", policy])
            collect(rc == 0 and not err, "%s: exit %d %s" % (policy, rc, err[:80]))
            if rc == 0 and _html.static_checks(policy, page.replace('href="#', 'data-to="#')) is not None:
                structure(policy, policy, page, json.loads(js))
    finally:
        say = _html.say = orig
    say(n > 50 and not fails, "the %d policies of stdlib-policies/, tests/check/ and tests/graph/ that check clean: "
        "each a well-formed page, every matter, body, protocol and conflicts block with its table, every row "
        "cited %s" % (n, fails[:3]))


def main():
    args = sys.argv[1:]
    update = "--update" in args
    args = [a for a in args if a != "--update"]
    if len(args) != 1:
        sys.exit("usage: doc.py REMIT [--update]")
    remit = os.path.abspath(args[0])
    browser = chromium()
    with tempfile.TemporaryDirectory() as tmp:
        for i, (policy, doc) in enumerate(EXAMPLES + GOLDENS):
            name = os.path.basename(policy)[:-6]
            rc, page, err = run([remit, "doc", policy])
            again = run([remit, "doc", policy])
            say(rc == 0 and not err and page.startswith("<!DOCTYPE html>\n") and again == (rc, page, err),
                "%s: remit doc writes a page, the same bytes twice (exit %d)" % (name, rc))
            if update:
                os.makedirs(os.path.dirname(os.path.join(ROOT, doc)), exist_ok=True)
                with open(os.path.join(ROOT, doc), "w", encoding="utf-8") as f:
                    f.write(page)
            try:
                with open(os.path.join(ROOT, doc), encoding="utf-8") as f:
                    want = f.read()
            except OSError:
                want = None
            say(want == page, "%s: the page is %s, as committed (regenerate: python3 tests/doc.py %s --update)"
                % (name, doc, args[0]))
            root = _html.static_checks(name, page.replace('href="#', 'data-to="#'))  # links within the page
            if root is None:
                continue
            _, js, _ = run([remit, "check", "--emit", "json", policy])
            want_rows = structure(name, policy, page, json.loads(js))
            if browser:
                rendered(browser, tmp, name, page, want_rows, shot=i == 0)
        sweep(remit)
        check_pdf(remit, browser, tmp)
        check_usage(remit, tmp)
    sys.exit(S.end())


if __name__ == "__main__":
    main()
