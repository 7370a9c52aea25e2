"""`make serve` and `make stop`: N app processes on loopback ports, Debian's nginx in front, pids and logs in a run folder."""
from __future__ import annotations

import argparse
import json
import os
import re
import secrets
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import psutil

REPO = Path(__file__).resolve().parent.parent
TEMPLATE = Path(__file__).resolve().parent / "nginx.conf.template"
APP = REPO / "app.py"
NGINX = "/usr/sbin/nginx"
START_TIMEOUT_S = 90.0
STOP_TIMEOUT_S = 10.0


# --- the configuration -----------------------------------------------------------------------------------


def render(template: str, run_dir: Path, listen: str, app_ports: list[int]) -> str:
    """The nginx configuration: the template with the run folder, the proxy's address and one server line per port."""
    servers = "\n".join(f"        server 127.0.0.1:{port} max_fails=1 fail_timeout=5s;" for port in app_ports)
    text = template.replace("@RUN_DIR@", str(run_dir)).replace("@LISTEN@", listen).replace("@SERVERS@", servers)
    left = sorted(set(re.findall(r"@[A-Z_]+@", text)))
    if left:
        raise ValueError(f"{TEMPLATE}: placeholders with no value: {', '.join(left)}")
    return text


def listen_address(host: str, port: int) -> str:
    return f"[{host}]:{port}" if ":" in host else f"{host}:{port}"


# --- pid files: a pid and its process's start time, so a recycled pid is never taken for ours ------------------


def write_pid(path: Path, pid: int) -> None:
    path.write_text(f"{pid} {psutil.Process(pid).create_time()}\n")


def recorded_process(path: Path) -> psutil.Process | None:
    """The process a pid file names, if it still runs and is the one that was started (same start time)."""
    try:
        fields = path.read_text().split()
        process = psutil.Process(int(fields[0]))
        if len(fields) > 1 and abs(process.create_time() - float(fields[1])) > 0.01:
            return None
        return process if process.status() != psutil.STATUS_ZOMBIE else None
    except (OSError, ValueError, IndexError, psutil.Error):
        return None


def nginx_process(run_dir: Path) -> psutil.Process | None:
    """nginx's master, from the pid file nginx writes, checked to be running this run folder's configuration."""
    try:
        process = psutil.Process(int((run_dir / "nginx.pid").read_text().split()[0]))
        return process if str(run_dir / "nginx" / "nginx.conf") in process.cmdline() else None
    except (OSError, ValueError, IndexError, psutil.Error):
        return None


def app_pid_file(run_dir: Path, port: int) -> Path:
    return run_dir / f"app-{port}.pid"


# --- the app processes -------------------------------------------------------------------------------------


def cookie_secret(run_dir: Path) -> str:
    """One secret shared by every process: Streamlit signs its XSRF cookie with it, and a visitor moved to
    another process after a loss must still present a valid one (Streamlit's docs: the same cookieSecret
    on every replica)."""
    path = run_dir / "cookie-secret"
    if not path.exists():
        path.touch(mode=0o600)
        path.write_text(secrets.token_hex(32))
    return path.read_text().strip()


def start_app(run_dir: Path, port: int, secret: str, script: Path = APP) -> psutil.Process:
    env = dict(os.environ, STREAMLIT_SERVER_COOKIE_SECRET=secret)
    log = (run_dir / f"app-{port}.log").open("a")
    # Its own session: `make serve` returns, and a Ctrl-C in that terminal does not reach the servers.
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(script), "--server.address", "127.0.0.1",
         "--server.port", str(port), "--server.headless", "true", "--server.fileWatcherType", "none"],
        cwd=REPO, env=env, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, start_new_session=True,
    )
    log.close()
    write_pid(app_pid_file(run_dir, port), proc.pid)
    return psutil.Process(proc.pid)


def healthy(port: int) -> bool:
    """The active health check: Streamlit's /_stcore/health answers "ok" once the server takes sessions."""
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2) as answer:
            return answer.read() == b"ok"
    except OSError:
        return False


def wait_healthy(run_dir: Path, started: dict[int, psutil.Process]) -> None:
    deadline = time.monotonic() + START_TIMEOUT_S
    waiting = dict(started)
    while waiting:
        for port, process in list(waiting.items()):
            if healthy(port):
                del waiting[port]
            elif not process.is_running() or process.status() == psutil.STATUS_ZOMBIE:
                raise SystemExit(f"the app on port {port} exited; its log: {run_dir / f'app-{port}.log'}")
        if waiting and time.monotonic() > deadline:
            raise SystemExit(f"no answer from /_stcore/health on ports {sorted(waiting)} after {START_TIMEOUT_S:.0f} s; "
                             f"their logs: {run_dir}/app-<port>.log")
        time.sleep(0.2)


# --- start and stop --------------------------------------------------------------------------------------


def start(run_dir: Path, host: str, port: int, app_ports: list[int], script: Path = APP) -> None:
    if not Path(NGINX).exists():
        raise SystemExit(f"{NGINX} is missing: `make nginx` installs Debian's nginx")
    run_dir = run_dir.resolve()
    (run_dir / "nginx" / "tmp").mkdir(parents=True, exist_ok=True)
    secret = cookie_secret(run_dir)
    started = {}
    for app_port in app_ports:
        if recorded_process(app_pid_file(run_dir, app_port)) is None:
            started[app_port] = start_app(run_dir, app_port, secret, script)
    wait_healthy(run_dir, started)

    conf = run_dir / "nginx" / "nginx.conf"
    try:
        conf.write_text(render(TEMPLATE.read_text(), run_dir, listen_address(host, port), app_ports))
    except ValueError as error:
        raise SystemExit(str(error)) from None
    command = [NGINX, "-p", str(run_dir / "nginx"), "-c", str(conf), "-e", str(run_dir / "nginx" / "error.log")]
    checked = subprocess.run([*command, "-t", "-q"], capture_output=True, text=True)
    if checked.returncode != 0:
        raise SystemExit(f"nginx refused {conf}:\n{checked.stderr.strip()}")
    master = nginx_process(run_dir)
    if master is None:
        subprocess.run(command, check=True)  # `daemon on`: the master detaches and writes nginx.pid
    else:
        master.send_signal(signal.SIGHUP)  # already running: read the configuration again
    print(f"serving http://{listen_address(host, port)} with {len(app_ports)} app processes on ports "
          f"{', '.join(map(str, app_ports))} (started now: {', '.join(map(str, started)) or 'none'}); "
          f"`make stop` ends them; logs in {run_dir}")


def stop(run_dir: Path) -> list[int]:
    """End nginx and every app process the run folder's pid files name; returns the pids ended."""
    run_dir = run_dir.resolve()
    processes = [p for p in [nginx_process(run_dir)] if p is not None]
    pid_files = sorted(run_dir.glob("app-*.pid"))
    processes += [p for p in map(recorded_process, pid_files) if p is not None]
    for process in processes:
        process.terminate()
    _, alive = psutil.wait_procs(processes, timeout=STOP_TIMEOUT_S)
    for process in alive:
        process.kill()
    psutil.wait_procs(alive, timeout=STOP_TIMEOUT_S)
    for path in [*pid_files, run_dir / "nginx.pid"]:
        path.unlink(missing_ok=True)
    print(f"stopped {len(processes)} processes: {' '.join(str(p.pid) for p in processes) or 'none were running'}")
    return [p.pid for p in processes]


def status(run_dir: Path) -> dict:
    """What runs: nginx's pid and each app port's pid and health, as JSON (tests and the benchmark read it)."""
    run_dir = run_dir.resolve()
    master = nginx_process(run_dir)
    apps = {}
    for path in sorted(run_dir.glob("app-*.pid")):
        port = int(path.stem.split("-")[1])
        process = recorded_process(path)
        apps[port] = {"pid": process.pid if process else None, "healthy": bool(process) and healthy(port)}
    return {"nginx": master.pid if master else None, "apps": apps}


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="deploy/serve.py", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    for name in ("start", "stop", "status"):
        command = commands.add_parser(name)
        command.add_argument("--run-dir", type=Path, default=REPO / ".run")
    begin = commands.choices["start"]
    begin.add_argument("--host", default="127.0.0.1", help="the proxy's address (default: loopback only)")
    begin.add_argument("--port", type=int, default=8080)
    begin.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    begin.add_argument("--app-port-base", type=int, default=8601, help="the app processes take the ports from here up")
    begin.add_argument("--app-ports", help="comma-separated ports instead of --workers and --app-port-base")
    # The benchmark serves its bare Streamlit app the same way, to compare memory per process like for like.
    begin.add_argument("--script", type=Path, default=APP, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.command == "stop":
        stop(args.run_dir)
        return 0
    if args.command == "status":
        print(json.dumps(status(args.run_dir)))
        return 0
    if args.app_ports:
        app_ports = [int(p) for p in args.app_ports.split(",")]
    else:
        if args.workers < 1:
            parser.error("--workers must be 1 or more")
        app_ports = list(range(args.app_port_base, args.app_port_base + args.workers))
    start(args.run_dir, args.host, args.port, app_ports, args.script.resolve())
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
