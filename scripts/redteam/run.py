#!/usr/bin/env python3
"""Run kms-conformance through mutproxy.py, one mutation at a time, and tabulate what escaped.

    python3 scripts/redteam/run.py [--mode endpoint|proxy] [--out DIR] [MUTATION ...]

endpoint mode (the default, as a user runs the suite against an emulator or
a gateway): `kms-conformance stub` on a free port, the mutating proxy in
front of it, `kms-conformance --endpoint http://proxy` with default tags.
proxy mode: `kms-conformance proxy --endpoint http://proxy --upstream PORT`,
which serves the stub itself and judges both sides of the proxy.

Each run's output is kept in DIR/<mode>/<mutation>.out; DIR/<mode>.jsonl
holds one line per mutation: exit code, summary line, failing scenarios.
The binary is $KMS_CONFORMANCE, else target/debug/kms-conformance of the
worktree. Every process it starts it stops, by its own PID.
"""

import argparse
import json
import os
import re
import socket
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
TREE = HERE.parent.parent
BINARY = os.environ.get("KMS_CONFORMANCE", str(TREE / "target/debug/kms-conformance"))
sys.path.insert(0, str(HERE))
import mutations  # noqa: E402


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def wait_port(port, timeout=10):
    end = time.time() + timeout
    while time.time() < end:
        try:
            socket.create_connection(("127.0.0.1", port), 0.2).close()
            return True
        except OSError:
            time.sleep(0.05)
    return False


def stop(proc):
    if proc and proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(5)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def run_one(name, mode, outdir, timeout):
    stub = proxy = None
    stub_port, proxy_port = free_port(), free_port()
    workdir = outdir / "cwd"  # no snapshots folder here: nothing is written into the tree
    workdir.mkdir(parents=True, exist_ok=True)
    log = open(outdir / mode / f"{name}.proxy.log", "w")
    try:
        if mode == "endpoint":
            stub = subprocess.Popen(
                [BINARY, "stub", "--listen", f"127.0.0.1:{stub_port}"],
                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            )
            if not wait_port(stub_port):
                raise RuntimeError("the stub did not listen")
        proxy = subprocess.Popen(
            [sys.executable, str(HERE / "mutproxy.py"), "--listen", f"127.0.0.1:{proxy_port}",
             "--upstream", f"127.0.0.1:{stub_port}", "--mutation", name],
            stdout=log, stderr=log, cwd=HERE,
        )
        if not wait_port(proxy_port):
            raise RuntimeError("the proxy did not listen")
        if mode == "endpoint":
            cmd = [BINARY, "--endpoint", f"http://127.0.0.1:{proxy_port}"]
        else:
            cmd = [BINARY, "proxy", "--endpoint", f"http://127.0.0.1:{proxy_port}/",
                   "--upstream", f"127.0.0.1:{stub_port}"]
        env = {k: v for k, v in os.environ.items() if not k.startswith(("AWS_", "CUCUMBER_"))}
        env["AWS_SHARED_CREDENTIALS_FILE"] = "/nonexistent"
        env["AWS_CONFIG_FILE"] = "/nonexistent"
        started = time.time()
        try:
            done = subprocess.run(cmd, cwd=workdir, env=env, capture_output=True, text=True, timeout=timeout)
            rc, out = done.returncode, done.stdout + done.stderr
        except subprocess.TimeoutExpired as e:
            rc, out = "timeout", (e.stdout or b"").decode() if isinstance(e.stdout, bytes) else (e.stdout or "")
        seconds = round(time.time() - started, 1)
    finally:
        stop(proxy)
        stop(stub)
        log.close()
    (outdir / mode / f"{name}.out").write_text(out)
    lines = out.splitlines()
    summary = next((l for l in reversed(lines) if re.search(r"\d+ passed, \d+ failed", l)), "")
    fails = [re.sub(r"\s+\(.*$", "", l[6:]).strip() for l in lines if l.startswith("FAIL  ")]
    findings = [l for l in lines if l.startswith(("FAULT", "NOTE"))]
    last = next((l for l in reversed(lines) if l.startswith("kms-conformance:")), "")
    return {
        "mutation": name, "mode": mode, "kind": mutations.REGISTRY[name].kind if name in mutations.REGISTRY else "control",
        "what": (mutations.REGISTRY[name].__doc__ if name in mutations.REGISTRY else "the faithful proxy"),
        "rc": rc, "seconds": seconds, "summary": summary, "failed": fails,
        "findings": findings[:20], "last_message": last,
        "verdict": "ESCAPED" if rc == 0 else "caught",
    }


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--mode", choices=["endpoint", "proxy"], default="endpoint")
    p.add_argument("--out", default="/tmp/redteam")
    p.add_argument("--timeout", type=int, default=420)
    p.add_argument("names", nargs="*")
    a = p.parse_args()
    names = a.names or ["none"] + list(mutations.REGISTRY)
    outdir = Path(a.out)
    (outdir / a.mode).mkdir(parents=True, exist_ok=True)
    with open(outdir / f"{a.mode}.jsonl", "a") as results:
        for name in names:
            r = run_one(name, a.mode, outdir, a.timeout)
            results.write(json.dumps(r) + "\n")
            results.flush()
            print(f"{r['verdict']:8} rc={r['rc']!s:7} {r['seconds']:6}s {name:45} {r['summary']}  "
                  f"{'; '.join(r['failed'][:3])}{' ...' if len(r['failed']) > 3 else ''}", flush=True)


if __name__ == "__main__":
    main()
