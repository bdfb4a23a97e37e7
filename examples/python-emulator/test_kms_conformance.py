"""The CI job of a Python KMS emulator, gated by kms-conformance.

The emulator here is moto (`moto[server]`); yours goes in its place. The job
needs no Rust: `pip install kms-conformance pytest` puts the suite's binary on
PATH. The test starts the emulator on a free port, runs every scenario
against it with the emulator's known failures (each with its reason), and
fails when the binary's exit code says so: 0 every scenario passed or failed
as expected, 1 one did not, 2 the run could not judge the emulator. The JUnit
report lands in pytest's temporary folder, or where KMS_CONFORMANCE_JUNIT says.

    pip install kms-conformance pytest 'moto[server]==5.2.1'
    pytest examples/python-emulator

`.ci/run` runs it with the wheel it builds (docs/python.md).
"""

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

# The emulator's known failures. Yours is a file of your project's; this one
# is the suite's own list for moto 5.2.1.
EXPECTATIONS = Path(__file__).resolve().parents[2] / "expectations" / "moto.toml"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def emulator():
    """The emulator under test, serving KMS on a free port until the test ends."""
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                reset = urllib.request.Request(f"{url}/moto-api/reset", method="POST")
                urllib.request.urlopen(reset, timeout=1)
                break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    pytest.fail("the emulator did not start")
                time.sleep(0.2)
        yield url
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_the_emulator_conforms_to_kms_untag_resource(emulator, tmp_path):
    binary = shutil.which("kms-conformance")
    assert binary, "kms-conformance is not on PATH: pip install kms-conformance"
    junit = Path(os.environ.get("KMS_CONFORMANCE_JUNIT", tmp_path / "kms-conformance.xml"))

    run = subprocess.run(
        [
            binary,
            "--endpoint", emulator,
            "--expectations", str(EXPECTATIONS),
            "--junit", str(junit),
            "--run-dir", str(tmp_path / "runs"),
        ],
        capture_output=True,
        text=True,
        timeout=600,
    )

    assert run.returncode == 0, f"exit code {run.returncode}\n{run.stdout[-6000:]}{run.stderr}"
    assert junit.is_file()
