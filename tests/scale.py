#!/usr/bin/env python3
"""tests/scale.py REMIT [--doc FILE] - the recipes of docs/scale.md
(sharded audits and stress tests, SPEC 7.18 and 7.19), exercised.

    python3 tests/scale.py build/remit

REMIT is the remit binary (a relative path is taken from the repository's
root). The blocks of the page marked `<!-- tested: NAME [FILE] -->` are
taken from it and run in a temporary folder laid out as the page says
(scheme.remit, strain.yaml, register.yaml, ledger.jsonl: the example ICB
scheme, its board-under-strain scenario naming register.yaml, its
register, and a ledger), `remit` on the PATH being REMIT, with smaller
numbers: --scenarios 40, and 4 shards for GNU parallel.

- parallel-stress, parallel-audit, parallel-ssh: run by bash with GNU
  parallel (Debian package `parallel`; a FAIL when it is missing), -S
  given `:` (this machine). The shard count of `seq N` and `{}/N` must
  agree; the merged reports (JSON, the format the recipe merges to, text)
  must be the bytes of the recipe's command run unsharded, and the exit
  code the recipe prints that run's (1: failures or breaches found). The
  audit recipe runs on the example ledger and on a generated one
  (tools/audit/genledger.py). A policy with errors stops parallel with
  code 2 and no report; a shard's report deleted makes the merge refuse
  (R0741, code 6); a shard without --scenarios, or without --format json,
  is refused with code 2 and the message the page quotes.
- k8s-shards, k8s-merge, k8s-run: read as YAML; an Indexed Job whose
  completions is the N of --shard "$((JOB_COMPLETION_INDEX + 1))/N", with
  restartPolicy Never, a podFailurePolicy failing the Job on 2 and 6, its
  claim, ConfigMap, Job and pod names agreeing with each other and with the
  kubectl commands; then each container's command run here by sh (once a
  completion index, the mounted folders in the temporary folder) and the
  merged reports compared with the unsharded run.
- slurm-shards, slurm-merge, slurm-submit: --array=1-N matching the N of
  --shard "$SLURM_ARRAY_TASK_ID/N"; the submit commands run by bash with a
  stand-in sbatch that runs each task of the array with its
  SLURM_ARRAY_TASK_ID, then the job that depends on it (afterany), and the
  merged report compared with the unsharded run.

PASS/FAIL lines, then "scale: N passed, N failed"; exit 1 on any FAIL.
Needs bash, GNU parallel and PyYAML (python3-yaml)."""
import glob
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile

import yaml

from suite import ROOT, Suite

S = Suite("scale")
say = S.say
DOC = os.path.join(ROOT, "docs", "scale.md")
POLICY = "examples/icb-scheme.remit"
SCENARIO = "examples/scenarios/board-under-strain.yaml"
REGISTER = "examples/registers/icb-scheme.yaml"
LEDGER = "examples/ledgers/icb-scheme.jsonl"
RUNS = 40
SHARDS = 4
NAMES = ["parallel-stress", "parallel-audit", "parallel-ssh", "k8s-shards", "k8s-merge", "k8s-run",
         "slurm-shards", "slurm-merge", "slurm-submit"]
MARK = re.compile(r"^<!-- tested: ([\w-]+)(?: (\S+))? -->\n```[\w-]*\n(.*?)^```$", re.M | re.S)

# A stand-in for Slurm's sbatch: runs the script at once (each task of an
# array, with SLURM_ARRAY_TASK_ID), in the folder it is called from, and
# logs each job (its id, script, dependency, the exit code of each task) to
# $SBATCH_LOG, one JSON object a line.
FAKE_SBATCH = r'''
import json, os, re, subprocess, sys
log = os.environ["SBATCH_LOG"]
jobs = [json.loads(l) for l in open(log)] if os.path.exists(log) else []
args, parsable, dep, array = sys.argv[1:], False, None, None
while args and args[0].startswith("-"):
    a = args.pop(0)
    if a == "--parsable":
        parsable = True
    elif a.startswith("--dependency="):
        dep = a.split("=", 1)[1]
    elif a.startswith("--array="):
        array = a.split("=", 1)[1]
    else:
        sys.exit("sbatch (stand-in): unknown option " + a)
if len(args) != 1:
    sys.exit("sbatch (stand-in): one script, please")
script = args[0]
text = open(script).read()
if dep is not None:
    m = re.fullmatch(r"afterany:(\d+)", dep)
    if not m or int(m.group(1)) not in [j["id"] for j in jobs]:
        sys.exit("sbatch: error: Batch job submission failed: Job dependency problem (%s)" % dep)
if array is None:
    m = re.search(r"^#SBATCH --array=(\S+)", text, re.M)
    array = m.group(1) if m else None
jid = 4242 + len(jobs)
tasks = {}
if array is None:
    ids = [None]
else:
    ids = []
    for part in array.split("%")[0].split(","):
        lo, _, hi = part.partition("-")
        ids += range(int(lo), int(hi or lo) + 1)
for i in ids:
    env = dict(os.environ, SLURM_JOB_ID=str(jid))
    if i is not None:
        env.update(SLURM_ARRAY_JOB_ID=str(jid), SLURM_ARRAY_TASK_ID=str(i))
    out = "slurm-%d%s.out" % (jid, "" if i is None else "_%d" % i)
    with open(out, "wb") as f:
        tasks[str(i)] = subprocess.run(["bash", script], env=env, stdout=f, stderr=subprocess.STDOUT).returncode
with open(log, "a") as f:
    f.write(json.dumps({"id": jid, "script": script, "dependency": dep, "parsable": parsable, "tasks": tasks}) + "\n")
print("%d;simcluster" % jid if parsable else "Submitted batch job %d" % jid)
'''


def sh(args, cwd, env):
    p = subprocess.run(args, cwd=cwd, env=env, capture_output=True, timeout=120)
    return p.returncode, p.stdout, p.stderr.decode("utf-8", "replace")


def read(path):
    with open(path, "rb") as f:
        return f.read()


def blocks(text):
    found = {}
    for m in MARK.finditer(text):
        name = m.group(1)
        say(name not in found, "block %s is marked once" % name)
        found[name] = (m.group(2), m.group(3))
    for name in NAMES:
        say(name in found, "docs/scale.md has a block marked <!-- tested: %s -->" % name)
    return found


class Env:
    """The temporary folder: bin/remit (the binary given), bin/sbatch (the
    stand-in) and a workspace for each recipe."""

    def __init__(self, tmp, remit):
        self.tmp, self.remit = tmp, remit
        self.bin = os.path.join(tmp, "bin")
        os.makedirs(self.bin)
        os.symlink(remit, os.path.join(self.bin, "remit"))
        with open(os.path.join(self.bin, "sbatch"), "w", encoding="utf-8") as f:
            f.write("#!%s\n%s" % (sys.executable, FAKE_SBATCH))
        os.chmod(os.path.join(self.bin, "sbatch"), 0o755)
        home = os.path.join(tmp, "home")
        os.makedirs(home)
        self.env = dict(os.environ, PATH=self.bin + os.pathsep + os.environ.get("PATH", ""), HOME=home,
                        SBATCH_LOG=os.path.join(tmp, "sbatch.log"))
        self.env.pop("PARALLEL_SHELL", None)

    def workspace(self, name, ledger=LEDGER, where=None):
        """A folder laid out as the page says; where: files named as a
        ConfigMap would hold them (the same four)."""
        ws = os.path.join(self.tmp, name)
        d = os.path.join(ws, where) if where else ws
        os.makedirs(d)
        shutil.copy(os.path.join(ROOT, POLICY), os.path.join(d, "scheme.remit"))
        shutil.copy(os.path.join(ROOT, REGISTER), os.path.join(d, "register.yaml"))
        shutil.copy(os.path.join(ROOT, ledger), os.path.join(d, "ledger.jsonl"))
        with open(os.path.join(ROOT, SCENARIO), encoding="utf-8") as f:
            scen = f.read()
        scen, n = re.subn(r"^register: .*$", "register: register.yaml", scen, flags=re.M)
        assert n == 1, "the example scenario names its register"
        with open(os.path.join(d, "strain.yaml"), "w", encoding="utf-8") as f:
            f.write(scen)
        return ws

    def remit_cmd(self, cmd, cwd, fmt=None):
        """Run a remit command line of a recipe (a string, without its
        redirection) unsharded: --shard dropped, --format fmt; returns
        (exit code, output bytes, errors)."""
        words = shlex.split(re.sub(r"""\s--shard\s+("[^"]*"|'[^']*'|\S+)""", "", cmd))
        assert words[0] == "remit", cmd
        if fmt:
            if "--format" in words:
                words[words.index("--format") + 1] = fmt
            else:
                words[2:2] = ["--format", fmt]
        return sh([self.remit] + words[1:], cwd, self.env)


def shrink_scenarios(text, what):
    text, n = re.subn(r"--scenarios \d+", "--scenarios %d" % RUNS, text)
    if "remit stress" in text:
        say(n > 0, "%s: its stress command gives --scenarios" % what)
    return text


def shard_counts(text, patterns):
    counts = set()
    for p in patterns:
        counts |= {int(x) for x in re.findall(p, text)}
    return counts


def compare(what, got, want):
    ok = got == want
    say(ok, "%s: %d bytes, the same as the unsharded run's%s" %
        (what, len(got), "" if ok else " (%d bytes)" % len(want)))


def exit_printed(out):
    m = re.search(rb"^exit (\d+)\s*\Z", out, re.M)
    return int(m.group(1)) if m else None


# ------------------------------------------------------------ GNU parallel


def parallel_ok():
    path = shutil.which("parallel")
    if not path:
        say(False, "GNU parallel is not on the PATH: install the Debian package `parallel` (apt-get install parallel)")
        return False
    p = subprocess.run([path, "--version"], capture_output=True, text=True)
    ok = p.returncode == 0 and "GNU parallel" in p.stdout
    say(ok, "%s is GNU parallel%s" % (path, "" if ok else " (it is another program: install the Debian package "
                                      "`parallel`, not moreutils' parallel)"))
    return ok


def parallel_parts(body, what):
    """The recipe's shard command (inside the quotes given to parallel,
    up to its redirection) and its merge: (command, format, pattern, out)."""
    quoted = re.search(r"'([^']*\bremit (?:stress|audit) [^']*)'", body)
    merge = re.search(r"\bremit merge (?:--format (\w+) )?(\S+) > (\S+)", body)
    say(quoted is not None and merge is not None, "%s: a shard command for parallel and a remit merge" % what)
    if not quoted or not merge:
        return None
    cmd = re.search(r"\bremit (?:stress|audit) [^>;]*", quoted.group(1)).group(0).strip()
    say("--format json" in cmd and re.search(r"--shard \{\}/\d+", cmd) is not None,
        "%s: each shard is --format json --shard {}/N" % what)
    wrapped = re.search(r"rc=\$\?; \[ \$rc -le 1 \] \|\| exit \$rc", quoted.group(1)) is not None
    say(wrapped and "--halt now,fail=1" in body,
        "%s: exit 1 (found failures) counts as success, any other code stops parallel (--halt now,fail=1)" % what)
    return cmd, merge.group(1) or "json", merge.group(2), merge.group(3)


def shrink_parallel(body, what):
    counts = shard_counts(body, [r"\bseq (\d+)", r"\{\}/(\d+)"])
    say(len(counts) == 1, "%s: `seq N` and `{}/N` give one shard count (%s)" % (what, sorted(counts)))
    body = re.sub(r"\bseq \d+", "seq %d" % SHARDS, body)
    body = re.sub(r"\{\}/\d+", "{}/%d" % SHARDS, body)
    return shrink_scenarios(body, what)


def run_parallel(E, name, body, ledger_what="the example ledger", ledger=LEDGER, failures=True):
    """Run one GNU parallel recipe in a new workspace; returns the workspace
    and its parts, for the checks that break it."""
    what = "%s (%s)" % (name, ledger_what) if "audit" in name else name
    body = shrink_parallel(body, what)
    if name == "parallel-ssh":
        body, n = re.subn(r"(-S|--sshlogin) \S+", r"\1 :", body)
        say(n == 1, "%s: the machines are given with -S (run here as -S :)" % what)
    parts = parallel_parts(body, what)
    if not parts:
        return None
    cmd, fmt, pattern, out = parts
    ext = {"json": ".json", "text": ".txt", "html": ".html"}[fmt]
    say(out.endswith(ext), "%s: the merge writes %s as %s" % (what, out, fmt))
    ws = E.workspace(re.sub(r"\W+", "-", what), ledger)
    rc, stdout, err = sh(["bash", "-c", body], ws, E.env)
    printed = exit_printed(stdout)
    wrc, _, _ = E.remit_cmd(cmd, ws, "json")
    shards = sorted(glob.glob(os.path.join(ws, pattern)))
    marks = sorted(re.findall(rb'^\{"schema":"remit\.\w+/1","shard":\{"index":(\d+),"count":(\d+)[,}]', read(p))
                   for p in shards)
    say(rc == 0 and printed == wrc and (wrc == 1) == failures and
        marks == [[(b"%d" % i, b"%d" % SHARDS)] for i in range(1, SHARDS + 1)],
        "%s: %d shard reports (1/%d to %d/%d), merged; it prints exit %s, the unsharded run's %d%s" %
        (what, len(shards), SHARDS, SHARDS, SHARDS, printed, wrc,
         "" if rc == 0 and printed is not None else ": " + err.strip()[-400:]))
    if not os.path.exists(os.path.join(ws, out)):
        say(False, "%s: the merge wrote no %s" % (what, out))
        return None
    compare("%s: the merged %s (%s)" % (what, out, fmt), read(os.path.join(ws, out)), E.remit_cmd(cmd, ws, fmt)[1])
    files = [os.path.relpath(p, ws) for p in shards]
    formats = ["json", "text"] if "stress" in cmd else ["json"]
    for f in formats:
        if f != fmt:
            mrc, merged, merr = sh([E.remit, "merge", "--format", f] + files, ws, E.env)
            compare("%s: remit merge --format %s of its shards (exit %d)" % (what, f, mrc), merged,
                    E.remit_cmd(cmd, ws, f)[1])
    return ws, body, cmd, pattern, out


def parallel_broken(E, ws, body, cmd, pattern, out, doc):
    """The recipe run with a policy with errors: parallel stops with 2, no
    report; a shard's report removed: the merge refuses (R0741, 6); a
    shard without --scenarios or --format json: refused with 2."""
    bad = E.workspace("parallel-broken")
    with open(os.path.join(bad, "scheme.remit"), "w", encoding="utf-8") as f:
        f.write("policy broken\n  this is not a rule\n")
    rc, stdout, err = sh(["bash", "-c", body], bad, E.env)
    say(exit_printed(stdout) == 2 and not os.path.exists(os.path.join(bad, out)) and "error[" in err,
        "a policy with errors: parallel stops with the shard's exit 2 and the merge does not run (printed exit %s)" %
        exit_printed(stdout))
    shards = sorted(glob.glob(os.path.join(ws, pattern)))
    os.remove(shards[1])
    merge = re.search(r"\bremit merge [^\n]*", body).group(0)
    rc, _, err = sh(["bash", "-c", merge], ws, E.env)
    say(rc == 6 and "R0741" in err, "a shard's report missing: remit merge refuses with R0741, exit %d" % rc)
    one = cmd.replace("{}", "1")
    quotes = re.findall(r'"(--[^"]+)"', doc)
    for drop, flag in ((r"\s--(scenarios|seed) \d+", "--scenarios"), (r"\s--format json", "--format json")):
        words = shlex.split(re.sub(drop, "", one))
        rc, _, err = sh([E.remit] + words[1:], ws, E.env)
        msg = err.splitlines()[0].replace("remit: ", "") if err else ""
        said = [q for q in quotes if flag in q and msg.startswith(q)]
        say(rc == 2 and said, "a stress shard without %s is refused with exit %d, as the page says: %s" %
            (flag, rc, msg))


def parallel_recipes(E, found, doc):
    if not parallel_ok():
        return
    if "parallel-stress" in found:
        got = run_parallel(E, "parallel-stress", found["parallel-stress"][1])
        if got:
            parallel_broken(E, *got, doc)
    if "parallel-ssh" in found:
        run_parallel(E, "parallel-ssh", found["parallel-ssh"][1])
    if "parallel-audit" in found:
        body = found["parallel-audit"][1]
        run_parallel(E, "parallel-audit", body)
        led = os.path.join(E.tmp, "generated.jsonl")
        subprocess.run([sys.executable, os.path.join(ROOT, "tools", "audit", "genledger.py"), "--lines", "20000",
                        "--seed", "9", "--out", led, "--expect", os.path.join(E.tmp, "generated.json")], check=True)
        run_parallel(E, "parallel-audit", body, "a generated ledger of 20,000 lines", led)
        ws = E.workspace("audit-no-format")
        cmd = re.search(r"\bremit audit [^>;']*", body).group(0).replace("{}", "1")
        words = shlex.split(re.sub(r"\s--format json", "", cmd))
        rc, _, err = sh([E.remit] + words[1:], ws, E.env)
        say(rc == 2 and "--format json" in err, "an audit shard without --format json is refused (exit %d)" % rc)


# ------------------------------------------------------------ Kubernetes


def container_script(job, what):
    c = job["spec"]["template"]["spec"]["containers"][0]
    argv = list(c.get("command", [])) + list(c.get("args", []))
    ok = len(argv) == 3 and argv[0] in ("/bin/sh", "sh") and argv[1] == "-c"
    say(ok, "%s: its container runs a script with /bin/sh -c" % what)
    return c, argv[2] if ok else ""


def mounts(obj, container):
    """{mountPath: ("configMap" or "claim", name)} of a container of a Job
    or a Pod."""
    spec = obj["spec"]["template"]["spec"] if obj["kind"] == "Job" else obj["spec"]
    vols = {v["name"]: v for v in spec.get("volumes", [])}
    got = {}
    for m in container.get("volumeMounts", []):
        v = vols.get(m["name"], {})
        if "configMap" in v:
            got[m["mountPath"]] = ("configMap", v["configMap"]["name"])
        elif "persistentVolumeClaim" in v:
            got[m["mountPath"]] = ("claim", v["persistentVolumeClaim"]["claimName"])
        else:
            got[m["mountPath"]] = (None, m["name"])
    return got


def localise(script, where):
    for path, local in where.items():
        script = re.sub(re.escape(path) + r"(?=[/\s\"']|$)", local, script)
    return script


def kubernetes(E, found):
    if not all(n in found for n in ("k8s-shards", "k8s-merge", "k8s-run")):
        return
    docs = {}
    for name in ("k8s-shards", "k8s-merge"):
        try:
            docs[name] = [d for d in yaml.safe_load_all(found[name][1]) if d]
            ok = all(isinstance(d, dict) and d.get("apiVersion") and d.get("kind") and d.get("metadata", {}).get("name")
                     for d in docs[name])
        except yaml.YAMLError as e:
            ok, docs[name] = False, []
            print(e)
        say(ok and docs[name], "%s (%s) is YAML: %s" % (name, found[name][0],
                                                       ", ".join("%s %s" % (d["kind"], d["metadata"]["name"])
                                                                 for d in docs[name]) if ok else "not valid"))
    alldocs = docs["k8s-shards"] + docs["k8s-merge"]
    pvcs = {d["metadata"]["name"]: d for d in alldocs if d["kind"] == "PersistentVolumeClaim"}
    indexed = [d for d in docs["k8s-shards"] if d["kind"] == "Job" and d["spec"].get("completionMode") == "Indexed"]
    mjobs = [d for d in docs["k8s-merge"] if d["kind"] == "Job"]
    pods = [d for d in docs["k8s-merge"] if d["kind"] == "Pod"]
    say(len(indexed) == 1 and len(mjobs) == 1, "the shards are one Job with completionMode: Indexed, the merge a Job")
    say(all("ReadWriteMany" in p["spec"].get("accessModes", []) for p in pvcs.values()) and pvcs,
        "the reports' volume is a PersistentVolumeClaim, ReadWriteMany (%s)" % ", ".join(pvcs))
    if len(indexed) != 1 or len(mjobs) != 1:
        return
    job, mjob = indexed[0], mjobs[0]
    spec, pod = job["spec"], job["spec"]["template"]["spec"]
    c, script = container_script(job, "the shards' Job")
    n = spec.get("completions")
    shard = re.findall(r'--shard\s+"?\$\(\(JOB_COMPLETION_INDEX \+ 1\)\)/(\d+)"?', script)
    say("JOB_COMPLETION_INDEX + 1" in script and "--format json" in script and len(set(shard)) == 1 and
        int(shard[0]) == n, "the shard is --shard \"$((JOB_COMPLETION_INDEX + 1))/N\" with N %s, completions %s" %
        (shard, n))
    say(isinstance(spec.get("parallelism"), int) and 1 <= spec["parallelism"] <= n,
        "parallelism %s of %s completions" % (spec.get("parallelism"), n))
    rules = spec.get("podFailurePolicy", {}).get("rules", [])
    fail = [r for r in rules if r.get("action") == "FailJob" and r.get("onExitCodes", {}).get("operator") == "In"]
    say(pod.get("restartPolicy") == "Never" and fail and {2, 6} <= set(fail[0]["onExitCodes"]["values"]) and
        1 not in fail[0]["onExitCodes"]["values"] and fail[0]["onExitCodes"].get("containerName") == c["name"],
        "restartPolicy Never, and a podFailurePolicy failing the Job on exit 2 and 6 of container %s" % c["name"])
    say(re.search(r'rc=\$\?\s+\[ "\$rc" -le 1 \] \|\| exit "\$rc"', script) is not None,
        "the shard's exit 1 (failures found) ends the pod as a success, 2 and 6 as a failure")
    m_c, m_script = container_script(mjob, "the merge Job")
    sm, mm = mounts(job, c), mounts(mjob, m_c)
    fetch = [mounts(p, p["spec"]["containers"][0]) for p in pods]
    claims = {v[1] for m in [sm, mm] + fetch for v in m.values() if v[0] == "claim"}
    say(claims and claims <= set(pvcs), "every claim mounted is the manifest's PersistentVolumeClaim (%s)" %
        ", ".join(sorted(claims)))
    run = found["k8s-run"][1]
    cm = re.search(r"kubectl create configmap (\S+)((?: --from-file=\S+)+)", run)
    cms = [v[1] for v in sm.values() if v[0] == "configMap"]
    files = re.findall(r"--from-file=(\S+)", cm.group(2)) if cm else []
    say(cm is not None and cms == [cm.group(1)] and {"scheme.remit", "strain.yaml"} <= set(files),
        "the ConfigMap mounted (%s) is the one kubectl creates from the inputs (%s)" % (cms, files))
    order = re.findall(r"kubectl apply -f (\S+)", run)
    waits = re.findall(r"kubectl wait --for=condition=complete --timeout=\S+ job/(\S+)", run)
    say(order == [found["k8s-shards"][0], found["k8s-merge"][0]] and
        waits == [job["metadata"]["name"], mjob["metadata"]["name"]] and
        run.index("job/" + job["metadata"]["name"]) < run.index("apply -f " + found["k8s-merge"][0]),
        "kubectl applies %s, waits for Job %s to complete, then applies %s" % (order[:1], waits[:1], order[1:]))
    # the containers' commands, run here
    ws = E.workspace("k8s", where="inputs")
    where = {}
    for path, (kind, _) in list(sm.items()) + list(mm.items()):
        where[path] = os.path.join(ws, "inputs" if kind == "configMap" else "volume")
    os.makedirs(os.path.join(ws, "volume"), exist_ok=True)
    script = shrink_scenarios(localise(script, where), "the shards' Job")
    codes = []
    for i in range(n or 0):
        rc, _, err = sh(["sh", "-c", script], ws, dict(E.env, JOB_COMPLETION_INDEX=str(i)))
        codes.append(rc)
    say(codes and all(rc == 0 for rc in codes), "the shards' container run here by sh, JOB_COMPLETION_INDEX 0 to %d: "
        "each exits 0 %s" % ((n or 0) - 1, codes))
    rc, text, err = sh(["sh", "-c", localise(m_script, where)], ws, E.env)
    joined = re.sub(r"\\\n\s*", " ", script)
    cmd = re.search(r"^\s*(remit stress [^>\n]*)", joined, re.M)
    if not cmd:
        say(False, "the shards' container runs remit stress")
        return
    cmd = cmd.group(1)
    wrc, wtext, _ = E.remit_cmd(cmd, ws, "text")
    say(rc == 0 and wrc == 1, "the merge's container exits %d: 0, since the failures found (remit's exit %d) are a "
        "result%s" % (rc, wrc, "" if rc == 0 else ": " + err[-300:]))
    compare("the merge's log (remit merge --format text)", text, wtext)
    outs = re.findall(r"remit merge --format (\w+) \S+ > (\S+)", m_script)
    cd = re.search(r"^\s*cd (\S+)", localise(m_script, where), re.M)
    for fmt, out in outs:
        path = os.path.join(cd.group(1) if cd else ws, out)
        got = read(path) if os.path.exists(path) else b""
        compare("the merge's %s (%s)" % (out, fmt), got, E.remit_cmd(cmd, ws, fmt)[1])
    cp = re.search(r"kubectl cp (\S+):(\S+) (\S+)", run)
    say(cp is not None and [p["metadata"]["name"] for p in pods] == [cp.group(1)] and
        os.path.exists(localise(cp.group(2), where)),
        "kubectl cp copies %s from pod %s, which mounts the volume" % (cp.group(2) if cp else None,
                                                                          cp.group(1) if cp else None))


# ------------------------------------------------------------ Slurm


def slurm(E, found):
    if not all(n in found for n in ("slurm-shards", "slurm-merge", "slurm-submit")):
        return
    sname, shards = found["slurm-shards"]
    mname, merge = found["slurm-merge"]
    submit = found["slurm-submit"][1]
    arr = re.search(r"^#SBATCH --array=1-(\d+)(?:%\d+)?$", shards, re.M)
    counts = shard_counts(shards, [r'--shard\s+"?\$\{?SLURM_ARRAY_TASK_ID\}?/(\d+)"?'])
    say(arr is not None and counts == {int(arr.group(1))},
        "%s: --array=1-N and --shard \"$SLURM_ARRAY_TASK_ID/N\" give one N (%s, %s)" %
        (sname, arr.group(1) if arr else None, sorted(counts)))
    say("--format json" in shards and re.search(r'\[ "\$rc" -le 1 \] \|\| exit "\$rc"', shards) is not None,
        "%s: each task writes JSON; exit 1 (failures found) ends it as a success" % sname)
    say(re.search(r"sbatch --parsable %s\b" % re.escape(sname), submit) is not None and
        re.search(r'sbatch --dependency=afterany:"?\$\{?jobid\}?"? %s\b' % re.escape(mname), submit) is not None,
        "the submit commands run %s, then %s with --dependency=afterany on its job" % (sname, mname))
    ws = E.workspace("slurm")
    shards = shrink_scenarios(shards, sname)
    for name, text in ((sname, shards), (mname, merge)):
        with open(os.path.join(ws, name), "w", encoding="utf-8") as f:
            f.write(text)
    rc, out, err = sh(["bash", "-c", submit], ws, E.env)
    try:
        with open(E.env["SBATCH_LOG"], encoding="utf-8") as f:
            jobs = [json.loads(line) for line in f]
    except OSError:
        jobs = []
    n = int(arr.group(1)) if arr else 0
    ok = (rc == 0 and len(jobs) == 2 and jobs[0]["script"] == sname and
          sorted(jobs[0]["tasks"], key=int) == [str(i) for i in range(1, n + 1)] and
          set(jobs[0]["tasks"].values()) == {0} and jobs[1]["script"] == mname and
          jobs[1]["dependency"] == "afterany:%d" % jobs[0]["id"] and jobs[1]["tasks"] == {"None": 0})
    say(ok, "with a stand-in sbatch: %d tasks of the array, each exit 0, then the merge after them, exit 0%s" %
        (n, "" if ok else ": %s %s" % (jobs, err[-300:])))
    cmd = re.search(r"^\s*(remit stress [^>\n]*)", re.sub(r"\\\n\s*", " ", shards), re.M)
    if not cmd or len(jobs) != 2:
        return
    outs = re.findall(r"remit merge --format (\w+) \S+ > (\S+)", merge)
    for fmt, out in outs:
        path = os.path.join(ws, out)
        compare("slurm: the merge's %s (%s)" % (out, fmt), read(path) if os.path.exists(path) else b"",
                E.remit_cmd(cmd.group(1), ws, fmt)[1])
    log = os.path.join(ws, "slurm-%d.out" % jobs[1]["id"])
    if re.search(r"remit merge --format text \S+\s*(#.*)?$", merge, re.M):
        compare("slurm: the merge job's output (text)", read(log), E.remit_cmd(cmd.group(1), ws, "text")[1])


def main():
    argv = sys.argv[1:]
    doc_path = DOC
    if len(argv) == 3 and argv[1] == "--doc":
        doc_path = os.path.abspath(argv[2])
    elif len(argv) != 1:
        sys.exit("usage: scale.py REMIT [--doc FILE]")
    remit = os.path.join(ROOT, argv[0])
    if not os.access(remit, os.X_OK):
        sys.exit("scale.py: %s is not a program" % remit)
    with open(doc_path, encoding="utf-8") as f:
        doc = f.read()
    found = blocks(doc)
    with tempfile.TemporaryDirectory() as tmp:
        E = Env(tmp, remit)
        parallel_recipes(E, found, doc)
        kubernetes(E, found)
        slurm(E, found)
    sys.exit(S.end())


if __name__ == "__main__":
    main()
