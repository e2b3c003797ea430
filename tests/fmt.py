#!/usr/bin/env python3
"""tests/fmt.py REMIT [--update] [--no-meaning] - `remit fmt` (SPEC 11.11).  Prints
PASS/FAIL lines like the other suites.

1. Goldens: for each tests/fmt/NAME.remit (a first line "# args: ..."
   gives options), what `remit fmt [args] FILE` writes to standard output
   and standard error, then "exit: N", must equal tests/fmt/NAME.out
   (--update rewrites them).
2. Every policy in the repository (every *.remit git tracks, or that is
   under examples, stdlib-policies and tests when git is not there):
   - one that does not parse is refused (exit 1, with its diagnostics),
     never laid out, and R0016 never arises;
   - one that parses is laid out once and for all (laying out the result
     changes nothing, through standard input) with every comment kept, in
     order;
   - formatting changes no meaning: the whole tree is copied with every
     policy laid out, and each policy checks there as it checks here:
     the JSON export (`remit check --emit json`, with the standard library
     laid out too) is the same but for where things are written (lines,
     files, the text of a rule's line), and so are the diagnostics, code
     for code and message for message (but for the numbers in them).
   (--no-meaning, for the sanitizer build: every policy laid out by one
   `remit fmt --write` over a copy of them all and checked again by one
   `remit fmt --check`, as a process costs most there; no comparison.)
3. The command: --check, --diff, --write (a file's permissions kept, a
   file not laid out rewritten, one laid out left alone), standard input,
   a folder, and each usage error, unreadable and unwritable file.
"""
import json
import os
import re
import shutil
import stat
import subprocess
import sys
import tempfile

from suite import ROOT, Suite
S = Suite("fmt")


def say(ok, what, detail=""):
    """A PASS or FAIL line; on a FAIL, what went wrong after it."""
    S.say(ok, what)
    if not ok and detail:
        print(str(detail)[-1500:])


def run(remit, args, stdin=None, cwd=ROOT):
    r = subprocess.run([remit] + args, input=stdin, capture_output=True, cwd=cwd, timeout=120)
    return r.returncode, r.stdout.decode("utf-8", "replace"), r.stderr.decode("utf-8", "replace")


def goldens(remit, update):
    d = os.path.join(ROOT, "tests", "fmt")
    for name in sorted(os.listdir(d)):
        if not name.endswith(".remit"):
            continue
        path = os.path.join("tests", "fmt", name)
        with open(os.path.join(ROOT, path), "rb") as f:
            first = f.readline().decode("utf-8", "replace")
        args = first[len("# args: "):].split() if first.startswith("# args: ") else []
        rc, out, err = run(remit, ["fmt"] + args + [path])
        got = out + ("-- standard error --\n" + err if err else "") + "exit: %d\n" % rc
        want_path = os.path.join(d, name[:-len(".remit")] + ".out")
        if update:
            with open(want_path, "w", encoding="utf-8") as f:
                f.write(got)
        try:
            with open(want_path, encoding="utf-8") as f:
                want = f.read()
        except OSError:
            want = None
        say(got == want, "golden %s" % path, "got:\n%s\nwanted:\n%s" % (got, want))


def policies():
    try:
        r = subprocess.run(["git", "ls-files", "*.remit"], cwd=ROOT, capture_output=True, text=True,
                           check=True)
        files = [f for f in r.stdout.split("\n") if f]
        if files:
            return files
    except (OSError, subprocess.CalledProcessError):
        pass
    files = []
    for top in ("examples", "stdlib-policies", "tests", "tools"):
        for dirpath, _, names in os.walk(os.path.join(ROOT, top)):
            files += [os.path.relpath(os.path.join(dirpath, n), ROOT) for n in names if n.endswith(".remit")]
    return sorted(files)


def comments(text):
    """The comments of a policy, in order, each without trailing blanks
    (a '#' inside quoted text is not one)."""
    found = []
    for line in text.split("\n"):
        quoted = False
        for i, ch in enumerate(line):
            if ch == '"' and (i == 0 or line[i - 1] != "\\"):
                quoted = not quoted
            elif ch == "#" and not quoted:
                found.append(line[i:].rstrip(" \t\r"))
                break
    return found


LOCATION_KEYS = {"line", "file", "declare_line", "declare_file", "ratify_line", "ratify_file"}


def without_places(v):
    """An export with where things are written taken out: lines, files, and
    the text of a rule's line (whose spaces the layout changes)."""
    if isinstance(v, dict):
        return {k: (re.sub(r"\s+", " ", x.split("#")[0]).strip() if k == "text" and isinstance(x, str)
                    else without_places(x))
                for k, x in v.items() if k not in LOCATION_KEYS}
    if isinstance(v, list):
        return [without_places(x) for x in v]
    return v


def diagnostics(remit, path, stdlib, cwd):
    rc, out, _ = run(remit, ["check", "--stdlib", stdlib, "--format", "json", path], cwd=cwd)
    try:
        doc = json.loads(out)
    except ValueError:
        return rc, out
    return rc, [(d.get("code"), re.sub(r"[0-9]+", "N", d.get("message", "")))
                for d in doc.get("diagnostics", [])]


def repository_at_once(remit, files):
    """For the sanitizer build (where a process costs most of the time):
    every policy laid out by one `remit fmt --write` over a copy of them
    all, then checked by one `remit fmt --check`: no sanitizer report, no
    R0016, and a second layout changes nothing."""
    with tempfile.TemporaryDirectory() as tmp:
        for path in files:
            dest = os.path.join(tmp, path)
            os.makedirs(os.path.dirname(dest), exist_ok=True)
            shutil.copyfile(os.path.join(ROOT, path), dest)
        rc, out, err = run(remit, ["fmt", "--write"] + files, cwd=tmp)
        laid = out.count(": laid out\n")
        say(rc == 1 and "R0016" not in err and "Sanitizer" not in err and "runtime error" not in err and laid > 0,
            "%d policies laid out at once (the rest refused or laid out already), nothing else said" % laid,
            err[-1500:])
        rc, out, err = run(remit, ["fmt", "--check"] + files, cwd=tmp)
        say(rc == 1 and out == "" and "R0016" not in err and "Sanitizer" not in err,
            "laid out again at once: nothing changes", out[-1500:] + err[-500:])


def repository(remit, meaning):
    files = policies()
    if not meaning:
        repository_at_once(remit, files)
        return
    laid = {}
    refused = 0
    for path in files:
        with open(os.path.join(ROOT, path), "rb") as f:
            original = f.read()
        rc, out, err = run(remit, ["fmt", path])
        if "R0016" in err:
            say(False, "%s: R0016" % path, err)
            continue
        if rc == 1:
            refused += 1
            say("error[" in err and not out, "%s: a policy that does not parse is refused" % path, err)
            continue
        if rc != 0:
            say(False, "%s: exit %d" % (path, rc), err)
            continue
        rc2, out2, err2 = run(remit, ["fmt", "-"], stdin=out.encode("utf-8"))
        say(rc2 == 0 and out2 == out, "%s: laid out once and for all" % path, err2 + out2)
        before = comments(original.decode("utf-8", "replace"))
        say(before == comments(out), "%s: its %d comments kept, in order" % (path, len(before)))
        laid[path] = out
    say(len(laid) > 200 and refused < len(files), "%d policies laid out, %d refused (they do not parse)"
        % (len(laid), refused))
    if not meaning:
        return
    # the meaning: the tree copied with every policy laid out
    with tempfile.TemporaryDirectory() as tmp:
        for path in files:
            dest = os.path.join(tmp, path)
            os.makedirs(os.path.dirname(dest), exist_ok=True)
            if path in laid:
                with open(dest, "w", encoding="utf-8") as f:
                    f.write(laid[path])
            else:
                shutil.copyfile(os.path.join(ROOT, path), dest)
        # what the tests read beside the policies (registers, used files not
        # named .remit, the Makefile one of them names) is copied as it is
        for n in os.listdir(ROOT):
            if os.path.isfile(os.path.join(ROOT, n)):
                shutil.copyfile(os.path.join(ROOT, n), os.path.join(tmp, n))
        for top in ("tests", "examples", "stdlib-policies", "tools"):
            src = os.path.join(ROOT, top)
            for dirpath, _, names in os.walk(src):
                for n in names:
                    rel = os.path.relpath(os.path.join(dirpath, n), ROOT)
                    dest = os.path.join(tmp, rel)
                    if not os.path.exists(dest) and not n.endswith(".remit"):
                        os.makedirs(os.path.dirname(dest), exist_ok=True)
                        shutil.copyfile(os.path.join(dirpath, n), dest)
        same_export = same_diags = 0
        for path in files:
            a_rc, a_out, _ = run(remit, ["check", "--emit", "json", "--stdlib",
                                         os.path.join(ROOT, "stdlib-policies"), path])
            b_rc, b_out, _ = run(remit, ["check", "--emit", "json", "--stdlib",
                                         os.path.join(tmp, "stdlib-policies"), path], cwd=tmp)
            if a_rc == 0 or b_rc == 0:
                try:
                    same = a_rc == b_rc and without_places(json.loads(a_out)) == without_places(json.loads(b_out))
                except ValueError:
                    same = False
                say(same, "%s: the same export laid out" % path)
                same_export += same
            da = diagnostics(remit, path, os.path.join(ROOT, "stdlib-policies"), ROOT)
            db = diagnostics(remit, path, os.path.join(tmp, "stdlib-policies"), tmp)
            say(da == db, "%s: the same diagnostics laid out" % path, "%r\n%r" % (da, db))
            same_diags += da == db
        say(same_export > 100 and same_diags == len(files),
            "%d exports and %d lists of diagnostics compared" % (same_export, same_diags))


def command(remit):
    with tempfile.TemporaryDirectory() as tmp:
        messy = 'policy "T" version "1"\nrole  ceo "Chief Executive"\n'
        clean = 'policy "T" version "1"\nrole ceo "Chief Executive"\n'
        p = os.path.join(tmp, "messy.remit")
        q = os.path.join(tmp, "clean.remit")
        for path, text in ((p, messy), (q, clean)):
            with open(path, "w") as f:
                f.write(text)
        os.chmod(p, 0o640)
        rc, out, err = run(remit, ["fmt", "--check", tmp])
        say(rc == 1 and out == "%s: not laid out as remit fmt lays it out\n" % p,
            "--check on a folder names the one file not laid out, exit 1", out + err)
        rc, out, err = run(remit, ["fmt", "--diff", q])
        say(rc == 0 and out == "" and err == "", "--diff of a file laid out: nothing, exit 0", out + err)
        rc, out, err = run(remit, ["fmt", "--write", tmp])
        with open(p) as f:
            now = f.read()
        say(rc == 0 and now == clean and out == "%s: laid out\n" % p,
            "--write rewrites the file not laid out, and says so", out + err)
        say(stat.S_IMODE(os.stat(p).st_mode) == 0o640, "--write keeps the file's permissions")
        rc, out, err = run(remit, ["fmt", "--write", tmp])
        say(rc == 0 and out == "", "--write again: nothing to do", out + err)
        # a name as long as a folder allows: the new file beside it still fits
        long = os.path.join(tmp, "p" * 240 + ".remit")
        with open(long, "w") as f:
            f.write(messy)
        rc, out, err = run(remit, ["fmt", "--write", long])
        with open(long) as f:
            say(rc == 0 and f.read() == clean, "--write on a file with a long name", out + err)
        # a write that fails (a file size limit) leaves the file as it was
        big = os.path.join(tmp, "big.remit")
        text = messy + "".join("role  r%d \"Role %d\"\n" % (i, i) for i in range(400))
        with open(big, "w") as f:
            f.write(text)
        r = subprocess.run(["sh", "-c", 'ulimit -f 4; exec "$0" fmt --write "$1"', remit, big],
                           capture_output=True, text=True, timeout=60)
        with open(big) as f:
            kept = f.read()
        say(r.returncode == 2 and "cannot rewrite" in r.stderr and kept == text and
            not [n for n in os.listdir(tmp) if n.startswith(".remit-fmt-")],
            "--write that cannot be finished: exit 2, the file as it was, nothing left beside it",
            r.stderr)
        fifo = os.path.join(tmp, "pipe.remit")
        os.mkfifo(fifo)
        rc, out, err = run(remit, ["fmt", "--write", fifo])
        say(rc == 2 and "not a regular file" in err, "--write on a pipe: refused at once", out + err)
        os.remove(fifo)
        rc, out, err = run(remit, ["fmt", "-"], stdin=messy.encode())
        say(rc == 0 and out == clean, "- reads standard input and writes the layout", out + err)
        rc, out, err = run(remit, ["fmt", "--check", "-"], stdin=messy.encode())
        say(rc == 1 and out == "<stdin>: not laid out as remit fmt lays it out\n", "--check -", out + err)
        rc, out, err = run(remit, ["fmt", "-"], stdin=b"policy \"T\" version \"1\"\nrole ceo \"C\" is\n")
        say(rc == 1 and "<stdin>:2:" in err and "error[R0001]" in err and out == "",
            "a fault of syntax in standard input: its diagnostic, exit 1", out + err)
        rc, out, err = run(remit, ["fmt", os.path.join(tmp, "none.remit")])
        say(rc == 2 and "R0301" in err and out == "", "a file that does not exist: exit 2", out + err)
        # unwritable: a folder that may not be written (not as root, who may)
        if os.geteuid() != 0:
            ro = os.path.join(tmp, "ro")
            os.mkdir(ro)
            r = os.path.join(ro, "p.remit")
            with open(r, "w") as f:
                f.write(messy)
            os.chmod(r, 0o444)
            os.chmod(ro, 0o555)
            rc, out, err = run(remit, ["fmt", "--write", r])
            say(rc == 2 and "cannot write" in err, "--write to a file that cannot be written: exit 2", out + err)
            os.chmod(ro, 0o755)
        else:
            full = "/dev/full"
            if os.path.exists(full):
                rc, out, err = subprocess.run([remit, "fmt", p], stdout=open(full, "w"), stderr=subprocess.PIPE,
                                              timeout=60).returncode, "", ""
                say(rc == 2, "a layout that cannot be written to standard output: exit 2")
        for args, why in ((["fmt"], "needs a policy file"),
                          (["fmt", "--check", "--diff", q], "go alone"),
                          (["fmt", "--write", "--write", q], "given twice"),
                          (["fmt", "--bogus", q], "unknown option"),
                          (["fmt", p, q], "give one file"),
                          (["fmt", tmp], "give one file"),
                          (["fmt", "-", q], "goes alone"),
                          (["fmt", "--write", "-"], "standard input has none")):
            rc, out, err = run(remit, args)
            say(rc == 2 and why in err and out == "", "usage: remit %s" % " ".join(args[1:]), out + err)
        rc, out, err = run(remit, ["fmt", "--check", "examples", "stdlib-policies"])
        say(rc == 0 and out == "", "the examples and the standard library are laid out as remit fmt lays them out",
            out + err)
        rc, out, err = run(remit, ["help", "fmt"])
        say(rc == 0 and out.startswith("usage: remit fmt"), "remit help fmt")


def main():
    remit = os.path.abspath(sys.argv[1])
    update = "--update" in sys.argv[2:]
    try:
        goldens(remit, update)
        command(remit)
        repository(remit, "--no-meaning" not in sys.argv[2:])
    except Exception as e:  # a fault of the test itself is a failure, said
        say(False, "the suite stopped: %r" % e)
    return S.end()


if __name__ == "__main__":
    sys.exit(main())
