#!/usr/bin/env python3
"""tests/lsp.py REMIT - `remit lsp` (SPEC 11.12) driven by a scripted
client, as an editor drives it: initialize; open a policy with a mistake
and get its diagnostics (code, place in UTF-16 units, hint); change it and
get none; hover over a role, a field, a constant, a module and an amount;
go to a definition in the same file and across `use` in the standard
library; complete names and words; format through remit fmt; close;
shutdown and exit (exit code 0).  Then the faults: a message that is not
JSON, an unknown method, a request before initialize, `exit` without
`shutdown` (exit code 1), a header without a Content-Length (exit code
1), the input ending.  And editors/: the VS Code extension's files are
JSON that says what it must, and its TextMate grammar and the Vim syntax
file name every word of Remit (lexer.l's keywords), as the server's
completion does.  Prints PASS/FAIL lines like the other suites."""
import json
import os
import re
import subprocess
import sys
import tempfile

from suite import ROOT, Suite
S = Suite("lsp")


def say(ok, what, detail=""):
    """A PASS or FAIL line; on a FAIL, what went wrong after it."""
    S.say(ok, what)
    if not ok and detail:
        print(str(detail)[-1500:])


def frame(obj):
    body = json.dumps(obj).encode("utf-8") if not isinstance(obj, bytes) else obj
    return b"Content-Length: %d\r\n\r\n" % len(body) + body


def parse(out):
    """The messages in the server's output, in order."""
    msgs, i = [], 0
    while i < len(out):
        j = out.index(b"\r\n\r\n", i)
        head = out[i:j].decode()
        n = int(re.search(r"Content-Length: (\d+)", head).group(1))
        msgs.append(json.loads(out[j + 4:j + 4 + n].decode("utf-8")))
        i = j + 4 + n
    return msgs


def session(remit, messages, extra=b""):
    data = b"".join(frame(m) for m in messages) + extra
    r = subprocess.run([remit, "lsp", "--stdlib", os.path.join(ROOT, "stdlib-policies")], input=data,
                       capture_output=True, timeout=120)
    return r.returncode, parse(r.stdout), r.stderr.decode("utf-8", "replace")


def by_id(msgs, i):
    return next((m for m in msgs if m.get("id") == i and "method" not in m), None)


def notes(msgs, method):
    return [m for m in msgs if m.get("method") == method]


def start():
    return [{"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"capabilities": {}}},
            {"jsonrpc": "2.0", "method": "initialized", "params": {}}]


def end(i):
    return [{"jsonrpc": "2.0", "id": i, "method": "shutdown"}, {"jsonrpc": "2.0", "method": "exit"}]


POLICY = """policy "Tour" version "1"
use nhs.icb_board
# £ before the mistake, so that its place is counted in UTF-16 units
const board_threshold = £5m
matter spend "Expenditure" {
    amount: money
}
delegate spend from board to cfo up to board_threshold report to board within 30 days
reserve spend to board when amount > £5m
delegate spend from board to coo up to £1m report to board within 30 days
"""


def pos(text, line, word):
    """(line, UTF-16 character) of the first `word` on 0-based `line`."""
    ln = text.split("\n")[line]
    k = ln.index(word)
    return {"line": line, "character": len(ln[:k].encode("utf-16-le")) // 2}


def main_session(remit, tmp):
    path = os.path.join(tmp, "tour.remit")
    with open(path, "w") as f:
        f.write(POLICY)
    uri = "file://" + path
    fixed = POLICY.replace("board to coo", "board to ceo")
    messy = fixed.replace("amount > £5m", "amount>£5m")
    msgs = start() + [
        {"jsonrpc": "2.0", "method": "textDocument/didOpen",
         "params": {"textDocument": {"uri": uri, "languageId": "remit", "version": 1, "text": POLICY}}},
        {"jsonrpc": "2.0", "id": 2, "method": "textDocument/hover",
         "params": {"textDocument": {"uri": uri}, "position": pos(POLICY, 7, "cfo")}},
        {"jsonrpc": "2.0", "id": 3, "method": "textDocument/hover",
         "params": {"textDocument": {"uri": uri}, "position": pos(POLICY, 8, "amount")}},
        {"jsonrpc": "2.0", "id": 4, "method": "textDocument/hover",
         "params": {"textDocument": {"uri": uri}, "position": pos(POLICY, 7, "board_threshold")}},
        {"jsonrpc": "2.0", "id": 5, "method": "textDocument/hover",
         "params": {"textDocument": {"uri": uri}, "position": pos(POLICY, 8, "£5m")}},
        {"jsonrpc": "2.0", "id": 6, "method": "textDocument/definition",
         "params": {"textDocument": {"uri": uri}, "position": pos(POLICY, 7, "board_threshold")}},
        {"jsonrpc": "2.0", "id": 7, "method": "textDocument/definition",
         "params": {"textDocument": {"uri": uri}, "position": pos(POLICY, 7, "cfo")}},
        {"jsonrpc": "2.0", "id": 8, "method": "textDocument/definition",
         "params": {"textDocument": {"uri": uri}, "position": pos(POLICY, 1, "icb_board")}},
        {"jsonrpc": "2.0", "id": 9, "method": "textDocument/completion",
         "params": {"textDocument": {"uri": uri}, "position": {"line": 9, "character": 0}}},
        {"jsonrpc": "2.0", "id": 10, "method": "textDocument/hover",
         "params": {"textDocument": {"uri": uri}, "position": pos(POLICY, 2, "mistake")}},
        {"jsonrpc": "2.0", "method": "textDocument/didChange",
         "params": {"textDocument": {"uri": uri, "version": 2}, "contentChanges": [{"text": messy}]}},
        {"jsonrpc": "2.0", "id": 11, "method": "textDocument/formatting",
         "params": {"textDocument": {"uri": uri}, "options": {"tabSize": 4, "insertSpaces": True}}},
        {"jsonrpc": "2.0", "id": 12, "method": "textDocument/bogus", "params": {}},
        {"jsonrpc": "2.0", "method": "$/cancelRequest", "params": {"id": 99}},
        {"jsonrpc": "2.0", "method": "textDocument/didClose", "params": {"textDocument": {"uri": uri}}},
    ] + end(13)
    rc, out, err = session(remit, msgs, b"")
    say(rc == 0, "shutdown then exit: exit code 0", err)
    init = by_id(out, 1)
    caps = (init or {}).get("result", {}).get("capabilities", {})
    say(caps.get("hoverProvider") and caps.get("definitionProvider") and caps.get("documentFormattingProvider")
        and caps.get("textDocumentSync", {}).get("change") == 1 and "completionProvider" in caps,
        "initialize: hover, definition, completion, formatting, full sync", init)
    pubs = notes(out, "textDocument/publishDiagnostics")
    say(len(pubs) == 3, "diagnostics on open, on change and on close (%d)" % len(pubs), pubs)
    if len(pubs) == 3:
        d = pubs[0]["params"]["diagnostics"]
        bad = [x for x in d if x.get("code") == "R0201"]
        want = pos(POLICY, 9, "coo")
        say(len(bad) == 1 and bad[0]["range"]["start"] == want and
            bad[0]["range"]["end"] == {"line": 9, "character": want["character"] + 3} and
            bad[0]["severity"] == 1 and "hint: did you mean" in bad[0]["message"] and
            pubs[0]["params"]["uri"] == uri,
            "the unknown role: R0201 at its place, an error, with its hint", d)
        say(pubs[1]["params"]["diagnostics"] == [], "after the fix: no diagnostics", pubs[1])
        say(pubs[2]["params"]["diagnostics"] == [], "on close: the diagnostics cleared", pubs[2])

    def hover(i):
        r = (by_id(out, i) or {}).get("result") or {}
        return r.get("contents", {}).get("value", "")
    h = hover(2)
    say(h.startswith("**role** `cfo`") and "Director of Finance" in h and "icb_roles.remit" in h,
        "hover on a role from the standard library: what it is, its title, where", h)
    h = hover(3)
    say("**field** `amount`" in h and "matter `spend`" in h and "amount: money" in h and "tour.remit:6" in h,
        "hover on a field: its matter and its line", h)
    h = hover(4)
    say("**constant** `board_threshold`" in h and "£5m" in h and "tour.remit:4" in h,
        "hover on a constant: its line with its value", h)
    h = hover(5)
    say(h == "an amount of money: £5,000,000", "hover on an amount: its value", h)
    say((by_id(out, 10) or {}).get("result", "x") is None, "hover in a comment: nothing", by_id(out, 10))
    d = (by_id(out, 6) or {}).get("result") or []
    say(len(d) == 1 and d[0]["uri"] == uri and d[0]["range"]["start"] == pos(POLICY, 3, "board_threshold"),
        "definition of a constant in the same file", d)
    d = (by_id(out, 7) or {}).get("result") or []
    say(len(d) == 1 and d[0]["uri"].startswith("file:///") and d[0]["uri"].endswith("/nhs/icb_roles.remit"),
        "definition of a role across `use`, in the standard library", d)
    if len(d) == 1:
        with open(d[0]["uri"][len("file://"):], encoding="utf-8") as f:
            line = f.read().split("\n")[d[0]["range"]["start"]["line"]]
        say(re.match(r"\s*role cfo\b", line) is not None, "...at the line that declares it", line)
    d = (by_id(out, 8) or {}).get("result") or []
    say(len(d) == 1 and d[0]["uri"].endswith("/nhs/icb_board.remit"), "definition of a module: its file", d)
    items = ((by_id(out, 9) or {}).get("result") or {}).get("items", [])
    labels = {x["label"]: x for x in items}
    say("delegate" in labels and "board_threshold" in labels and "cfo" in labels and "amount" in labels
        and "spend" in labels and labels["cfo"].get("detail", "").startswith("role"),
        "completion: words and the names declared, the standard library's too (%d)" % len(items))
    edits = (by_id(out, 11) or {}).get("result")
    want = subprocess.run([remit, "fmt", "-"], input=messy.encode(), capture_output=True).stdout.decode()
    say(isinstance(edits, list) and len(edits) == 1 and edits[0]["newText"] == want and
        edits[0]["range"]["start"] == {"line": 0, "character": 0},
        "formatting: one edit, the text remit fmt makes", edits)
    e = by_id(out, 12) or {}
    say(e.get("error", {}).get("code") == -32601, "an unknown request: -32601", e)
    say(by_id(out, 13) == {"jsonrpc": "2.0", "id": 13, "result": None}, "shutdown: null", by_id(out, 13))


def faults(remit):
    rc, out, err = session(remit, [b"{not json", {"jsonrpc": "2.0", "id": 1, "method": "textDocument/hover",
                                                   "params": {}}] + start() + end(2))
    say(rc == 0 and out and out[0].get("error", {}).get("code") == -32700 and out[0].get("id") is None,
        "a message that is not JSON: -32700, and the server goes on", out[:1])
    say(len(out) > 1 and out[1].get("error", {}).get("code") == -32002 and out[1].get("id") == 1,
        "a request before initialize: -32002", out[1:2])
    rc, out, err = session(remit, start() + [{"jsonrpc": "2.0", "method": "exit"}])
    say(rc == 1, "exit without shutdown: exit code 1", err)
    rc, out, err = session(remit, start(), b"Content-Type: x\r\n\r\n{}")
    say(rc == 1 and "Content-Length" in err, "a header without a Content-Length: said, exit code 1", err)
    rc, out, err = session(remit, start())
    say(rc == 1, "the input ends without exit: exit code 1", err)
    rc, out, err = session(remit, start() + [{"jsonrpc": "2.0", "id": 5, "method": "textDocument/formatting",
                                              "params": {"textDocument": {"uri": "file:///none.remit"}}}] + end(6))
    say(by_id(out, 5) and by_id(out, 5).get("error", {}).get("code") == -32602,
        "formatting a document that is not open: an error", by_id(out, 5))
    long_header = b"Content-Length: 2\r\nX-Long: " + b"a" * 1019 + b"\r\n\r\n{}"
    rc, out, err = session(remit, start(), long_header + b"".join(frame(m) for m in end(7)))
    say(rc == 0 and by_id(out, 7) == {"jsonrpc": "2.0", "id": 7, "result": None},
        "a header line longer than the server's buffer: the message after it read as it should", (out, err))
    rc, out, err = session(remit, start(), b"Content-Length: 99999999999999999999999\r\n\r\n{}")
    say(rc == 1 and "Content-Length" in err, "a Content-Length too large to be a length: said, exit code 1", err)
    rc, out, err = session(remit, start() + [{"jsonrpc": "2.0", "id": 8, "method": "shutdown"},
                                             {"jsonrpc": "2.0", "id": 9, "method": "initialize", "params": {}},
                                             {"jsonrpc": "2.0", "method": "exit"}])
    say(rc == 0 and (by_id(out, 9) or {}).get("error", {}).get("code") == -32600,
        "initialize after shutdown: -32600", by_id(out, 9))
    # a title cut for the completion's detail stays UTF-8
    title = "a" * 199 + "\u00e9"
    text = 'policy "T" version "1"\nkind k "%s"\n' % title
    rc, out, err = session(remit, start() + [
        {"jsonrpc": "2.0", "method": "textDocument/didOpen",
         "params": {"textDocument": {"uri": "file:///t.remit", "languageId": "remit", "version": 1, "text": text}}},
        {"jsonrpc": "2.0", "id": 10, "method": "textDocument/completion",
         "params": {"textDocument": {"uri": "file:///t.remit"}, "position": {"line": 1, "character": 0}}}] + end(11))
    items = ((by_id(out, 10) or {}).get("result") or {}).get("items", [])
    k = [x for x in items if x["label"] == "k"]
    say(rc == 0 and k and k[0]["detail"] == "kind: " + "a" * 199,
        "a long title in a completion's detail: cut before the character that does not fit", k)
    r = subprocess.run([remit, "lsp", "extra"], capture_output=True, text=True)
    say(r.returncode == 2 and "unexpected" in r.stderr, "remit lsp FILE: a usage error", r.stderr)


def keywords():
    with open(os.path.join(ROOT, "grammar", "lexer.l"), encoding="utf-8") as f:
        lex = f.read()
    words = set(re.findall(r'^"([a-z]+)"\s+TOK\(KW_', lex, re.M))
    words.add("no limit") if re.search(r'^"no"\[ \\t\]\+"limit"', lex, re.M) else None
    return words


def editors(remit):
    words = keywords()
    say(len(words) > 50, "lexer.l's words read (%d)" % len(words))
    with open(os.path.join(ROOT, "compiler", "lsp.c"), encoding="utf-8") as f:
        src = f.read()
    table = src[src.index("ls_keywords[] = {"):]
    table = set(re.findall(r'"([a-z ]+)"', table[:table.index("};")]))
    say(table == words, "the server completes every word of Remit, and no other",
        sorted(words ^ table))
    d = os.path.join(ROOT, "editors", "vscode")
    try:
        with open(os.path.join(d, "package.json"), encoding="utf-8") as f:
            pkg = json.load(f)
        langs = pkg["contributes"]["languages"]
        grams = pkg["contributes"]["grammars"]
        say(any(".remit" in x.get("extensions", []) for x in langs) and grams[0]["scopeName"] == "source.remit"
            and pkg.get("main") and "vscode-languageclient" in pkg.get("dependencies", {}),
            "the VS Code extension: the language, its grammar and the client", pkg.get("contributes"))
        with open(os.path.join(d, grams[0]["path"]), encoding="utf-8") as f:
            gram = json.load(f)
        pats = []
        for rule in gram.get("repository", {}).values():
            for p in rule.get("patterns", [rule]):
                pats += [p[k] for k in ("match", "begin", "end") if k in p]
        text = "\n".join(pats)
        missing = [w for w in words if not re.search(re.escape(w).replace("\\ ", r"\\s\+") if " " in w
                                                     else r"\b%s\b" % w, text)]
        say(not missing, "its TextMate grammar names every word of Remit", missing)
        for rule in gram.get("repository", {}).values():
            for p in rule.get("patterns", [rule]):
                for k in ("match", "begin", "end"):
                    if k in p:
                        re.compile(p[k].replace("(?x)", ""))
        say(True, "its TextMate grammar's patterns are regular expressions")
        with open(os.path.join(d, "language-configuration.json"), encoding="utf-8") as f:
            conf = json.load(f)
        say(conf.get("comments", {}).get("lineComment") == "#", "its language configuration: # comments")
        with open(os.path.join(d, pkg["main"].lstrip("./")), encoding="utf-8") as f:
            js = f.read()
        say("remit" in js and "'lsp'" in js or '"lsp"' in js, "its client starts `remit lsp`")
    except (OSError, ValueError, KeyError, IndexError, re.error) as e:
        say(False, "the VS Code extension", repr(e))
    try:
        with open(os.path.join(ROOT, "editors", "vim", "syntax", "remit.vim"), encoding="utf-8") as f:
            vim = f.read()
        vwords = set()
        for line in vim.split("\n"):
            if line.startswith("syn keyword"):
                vwords.update(line.split()[3:])
        missing = [w for w in words if " " not in w and w not in vwords]
        say(not missing, "the Vim syntax file names every word of Remit", missing)
        with open(os.path.join(ROOT, "editors", "vim", "ftdetect", "remit.vim"), encoding="utf-8") as f:
            say("*.remit" in f.read(), "Vim knows *.remit files as Remit")
    except OSError as e:
        say(False, "the Vim files", repr(e))


def main():
    remit = os.path.abspath(sys.argv[1])
    try:
        with tempfile.TemporaryDirectory() as tmp:
            main_session(remit, tmp)
        faults(remit)
        editors(remit)
    except Exception as e:  # a fault of the test itself is a failure, said
        say(False, "the suite stopped: %r" % e)
    return S.end()


if __name__ == "__main__":
    sys.exit(main())
