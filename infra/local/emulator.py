#!/usr/bin/env python3
"""The embedded target: moto server on loopback plus the process executor for Lambda.

    python3 infra/local/emulator.py --port 4566 [--host 127.0.0.1] [--exit-on-stdin-eof]

Prints exactly one line on stdout once the endpoint answers:

    embedded emulator ready at http://127.0.0.1:4566 (moto 5.2.1, pid 1234)

and everything else (timestamped) on stderr. SIGTERM or SIGINT stop it, and with every function
process it started; so does end-of-file on stdin with --exit-on-stdin-eof (a parent that dies
without signalling closes the pipe, which is the portable way to never leave an orphan behind).
"""

from __future__ import annotations

import argparse
import logging
import os
import signal
import sys
import threading
import time
import urllib.error
import urllib.request
from typing import Any

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import process_executor  # noqa: E402 - the path line above makes the sibling module importable

log = logging.getLogger("pipelinespecs.emulator")
READY_TIMEOUT_SECONDS = 30.0


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=4566, help="port to listen on; 0 picks a free one")
    parser.add_argument("--exit-on-stdin-eof", action="store_true", help="stop when stdin reaches end-of-file")
    parser.add_argument("--verbose", action="store_true", help="debug logging on stderr")
    parser.add_argument(
        "--log-file",
        help="append the log to this file instead of stderr, and point stdout and stderr at it once ready, so an "
        "emulator that outlives the program that started it never writes into a closed pipe",
    )
    return parser.parse_args(argv)


def moto_app() -> Any:
    """moto's WSGI application, the one `moto_server` serves."""
    process_executor.check_moto_version()
    try:
        import flask  # noqa: F401 - moto's server needs it; import here to name it in the error
        from moto.moto_server.werkzeug_app import DomainDispatcherApplication, create_backend_app
    except ImportError as error:
        raise process_executor.EmulatorSetupError(
            f"moto's server pieces are missing ({error.name}); install them with: "
            f'pip install "moto[server]=={process_executor.EXPECTED_MOTO_VERSION}" '
            "(or the Debian packages python3-flask python3-flask-cors python3-werkzeug python3-boto3 "
            "plus moto from pip, since Debian ships a different moto version)"
        ) from error
    return DomainDispatcherApplication(create_backend_app)


def listen(host: str, port: int, app: Any) -> Any:
    # Bound here, in the main thread, rather than via moto's ThreadedMotoServer: werkzeug answers a
    # busy port with sys.exit inside the server thread, and ThreadedMotoServer would then wait forever.
    from werkzeug.serving import make_server  # present once moto_app() succeeded

    try:
        return make_server(host, port, app, threaded=True)
    except (OSError, SystemExit) as error:
        raise OSError(f"cannot listen on {host}:{port} (is another emulator running?)") from error


def client_host(host: str) -> str:
    # Functions and the ready line need an address to connect to, not a wildcard to bind.
    return "127.0.0.1" if host in ("0.0.0.0", "", "::") else host


def wait_until_answering(url: str, deadline: float) -> None:
    delay = 0.02
    last_error: Exception | None = None
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{url}/moto-api/data.json", timeout=2) as response:
                response.read()
                return
        except (urllib.error.URLError, OSError) as error:
            last_error = error
            time.sleep(delay)
            delay = min(delay * 2, 0.5)
    raise TimeoutError(f"moto did not answer at {url} within {READY_TIMEOUT_SECONDS}s; last error: {last_error}")


def watch_stdin(stop: threading.Event) -> None:
    # os.read, not sys.stdin: a daemon thread blocked inside a buffered reader aborts interpreter exit.
    try:
        while os.read(sys.stdin.fileno(), 4096):
            pass
    except (OSError, ValueError):
        pass
    log.info("stdin closed, stopping")
    stop.set()


def detach_standard_streams(log_file: str) -> None:
    # After the ready line nothing needs the starter's pipes; writing into them once it exits would raise EPIPE.
    target = os.open(log_file, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
    for stream in (sys.stdout, sys.stderr):
        stream.flush()
        os.dup2(target, stream.fileno())
    os.close(target)


def main(argv: list[str]) -> int:
    args = parse_args(argv)
    process_executor.configure_logging(logging.DEBUG if args.verbose else logging.INFO, args.log_file)
    # One line per HTTP request drowns the lifecycle messages; --verbose brings them back.
    logging.getLogger("werkzeug").setLevel(logging.DEBUG if args.verbose else logging.WARNING)
    started = time.monotonic()
    try:
        app = moto_app()
    except process_executor.EmulatorSetupError as error:
        log.error("%s", error)
        return 2
    try:
        server = listen(args.host, args.port, app)
    except OSError as error:
        log.error("%s", error)
        return 3
    port = server.server_address[1]
    url = f"http://{client_host(args.host)}:{port}"
    executor = process_executor.ProcessExecutor(url)
    process_executor.install(executor)
    threading.Thread(target=server.serve_forever, name="moto-server", daemon=True).start()

    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    # Started by the suite (--exit-on-stdin-eof), the emulator shares the terminal's process group: a Ctrl+C meant
    # for the test run must not take it down before the run has destroyed its stack. Its parent stops it.
    signal.signal(signal.SIGINT, signal.SIG_IGN if args.exit_on_stdin_eof else (lambda *_: stop.set()))
    if args.exit_on_stdin_eof:
        threading.Thread(target=watch_stdin, args=(stop,), name="stdin-watch", daemon=True).start()

    try:
        wait_until_answering(url, time.monotonic() + READY_TIMEOUT_SECONDS)
        log.info("started in %.0f ms", (time.monotonic() - started) * 1000)
        print(
            f"embedded emulator ready at {url} (moto {process_executor.EXPECTED_MOTO_VERSION}, pid {os.getpid()})",
            flush=True,
        )
        if args.log_file:
            detach_standard_streams(args.log_file)
        while not stop.wait(1.0):
            pass
    finally:
        log.info("stopping: function processes first, then moto")
        executor.shutdown()
        server.shutdown()
        server.server_close()
    log.info("stopped")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
