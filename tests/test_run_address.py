"""`make run` listens on loopback only unless HOST is given, and .streamlit/config.toml keeps the security settings."""
from __future__ import annotations

import json
import shlex
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import psutil

REPO = Path(__file__).resolve().parent.parent


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def run_command(*overrides: str) -> list[str]:
    """The command `make run` starts, read with `make -n` so the test follows the Makefile."""
    printed = subprocess.run(["make", "-n", "run", *overrides], cwd=REPO, capture_output=True, text=True, check=True).stdout
    return shlex.split(next(line for line in printed.splitlines() if " run app.py" in line))


def test_make_run_listens_on_loopback_only():
    port = free_port()
    command = run_command(f"PORT={port}")
    assert command[:3] == [".venv/bin/streamlit", "run", "app.py"]
    log = (REPO / "test-artifacts" / f"make-run-{port}.log")
    log.parent.mkdir(exist_ok=True)
    with log.open("w") as out:
        proc = subprocess.Popen(command, cwd=REPO, stdout=out, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 60
        while True:  # only ever asked on loopback: this workplace allows no traffic to other addresses
            try:
                if urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=1).read() == b"ok":
                    break
            except OSError:
                pass
            assert proc.poll() is None and time.monotonic() < deadline, log.read_text()
            time.sleep(0.2)
        server = psutil.Process(proc.pid)
        listening = {(c.laddr.ip, c.laddr.port) for process in [server, *server.children(recursive=True)]
                     for c in process.net_connections("inet") if c.status == psutil.CONN_LISTEN}
        # Bound to 127.0.0.1 alone: not 0.0.0.0 or :: (every address), nor any address of a network card.
        assert listening == {("127.0.0.1", port)}
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def test_make_run_host_serves_the_given_address():
    command = run_command("HOST=0.0.0.0", "PORT=8600")
    assert command[command.index("--server.address") + 1] == "0.0.0.0"
    assert command[command.index("--server.port") + 1] == "8600"


SETTINGS = ("server.address", "server.enableXsrfProtection", "server.enableCORS", "server.maxUploadSize",
            "server.enableStaticServing", "browser.gatherUsageStats")


def test_the_security_settings_are_the_ones_streamlit_reads_from_config_toml():
    # In a fresh interpreter: the options Streamlit reads from the repository's .streamlit/config.toml,
    # untouched by any test that set options in this one.
    script = ("import json; from streamlit import config; config.get_config_options(force_reparse=True); "
              f"print(json.dumps({{k: [config.get_option(k), config.get_where_defined(k)] for k in {SETTINGS!r}}}))")
    read = json.loads(subprocess.run([sys.executable, "-c", script], cwd=REPO, capture_output=True, text=True,
                                     check=True).stdout)
    where = str(REPO / ".streamlit" / "config.toml")
    assert read == {
        "server.address": ["127.0.0.1", where],
        "server.enableXsrfProtection": [True, where],
        "server.enableCORS": [True, where],
        "server.maxUploadSize": [0, where],
        "server.enableStaticServing": [False, where],
        "browser.gatherUsageStats": [False, where],
    }


def test_each_server_security_setting_says_why():
    lines = (REPO / ".streamlit" / "config.toml").read_text().splitlines()
    for name in ("address", "enableXsrfProtection", "enableCORS", "maxUploadSize", "enableStaticServing",
                 "gatherUsageStats"):
        at = next(i for i, line in enumerate(lines) if line.startswith(f"{name} = "))
        assert lines[at - 1].startswith("# "), f"{name} has no comment saying why"
