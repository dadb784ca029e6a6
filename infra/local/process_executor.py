"""Process executor for moto's Lambda: runs a deployed zip's `bootstrap` as a local process.

moto 5.2.1 keeps Lambda's control plane (functions, code bytes, configuration) and S3's notification
filters, and delegates the one step it would run in a container to
`LambdaFunction._invoke_lambda(self, event) -> (payload, errored, logs)`. This module replaces only
that step: it unpacks the zip, starts `bootstrap` against a Runtime API served here, keeps warm
instances, enforces the function's timeout and ships the process output to moto's CloudWatch Logs.

That method is not a public moto API, so `check_moto_version` refuses to run on any other version.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import io
import json
import logging
import os
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
import threading
import time
import uuid
import zipfile
from contextlib import contextmanager
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Callable, Iterator

EXPECTED_MOTO_VERSION = "5.2.1"
RUNTIME_API_PREFIX = "/2018-06-01/runtime"
# AWS gives a function's init phase (runtime start-up before the first `next`) 10 seconds of its own.
INIT_BUDGET_SECONDS = 10.0
MAX_INSTANCES_PER_FUNCTION = 4
# An idle instance is retired after this long, as Lambda recycles execution environments.
IDLE_TTL_SECONDS = float(os.environ.get("PIPELINESPECS_EMULATOR_IDLE_TTL", "600"))
LOG_TAIL_BYTES = 4096

# Every running instance, so shutting the emulator down leaves no process behind, busy or idle.
_LIVE_INSTANCES: "set[FunctionInstance]" = set()

log = logging.getLogger("pipelinespecs.executor")


class EmulatorSetupError(RuntimeError):
    """The Python environment cannot run the embedded emulator; the message says what to install."""


def check_moto_version() -> str:
    """Fail loudly unless the pinned moto is installed: the patched method is moto-internal."""
    try:
        found = importlib.metadata.version("moto")
    except importlib.metadata.PackageNotFoundError as error:
        raise EmulatorSetupError(
            f'moto is not installed; install it with: pip install "moto[server]=={EXPECTED_MOTO_VERSION}"'
        ) from error
    if found != EXPECTED_MOTO_VERSION:
        raise EmulatorSetupError(
            f"the embedded emulator patches moto internals and needs moto {EXPECTED_MOTO_VERSION}, "
            f'found moto {found}; install it with: pip install "moto[server]=={EXPECTED_MOTO_VERSION}"'
        )
    return found


# ---------------------------------------------------------------------------------------------
# Invocation bookkeeping
# ---------------------------------------------------------------------------------------------


@dataclass
class Invocation:
    """One event handed to one instance, and what came back."""

    request_id: str
    event: bytes
    function_arn: str
    timeout_seconds: float
    delivered: threading.Event = field(default_factory=threading.Event)
    done: threading.Event = field(default_factory=threading.Event)
    deadline_ms: int = 0
    payload: str = ""
    errored: bool = False
    log_lines: list[str] = field(default_factory=list)

    def complete(self, payload: str, errored: bool) -> None:
        if not self.done.is_set():
            self.payload = payload
            self.errored = errored
            self.done.set()
            # Completion also ends the wait for delivery (an init error or crash before `next`).
            self.delivered.set()

    def log_tail(self) -> str:
        text = "\n".join(self.log_lines)
        return text[-LOG_TAIL_BYTES:]


@dataclass(frozen=True)
class FunctionSpec:
    """What an instance needs from moto's LambdaFunction, copied so instances never touch moto's objects."""

    account_id: str
    region: str
    name: str
    arn: str
    version: str
    handler: str
    memory_size: int
    timeout_seconds: float
    environment: tuple[tuple[str, str], ...]
    code_sha: str
    log_group: str

    @property
    def pool_key(self) -> str:
        # Configuration is part of the key: a warm instance must never run with stale environment,
        # memory or timeout after UpdateFunctionConfiguration (Lambda starts fresh environments too).
        fingerprint = json.dumps([self.handler, self.memory_size, self.timeout_seconds, self.environment])
        digest = hashlib.sha256(fingerprint.encode()).hexdigest()[:16]
        return f"{self.arn}|{self.code_sha}|{digest}"


def spec_from_moto(fn: Any) -> FunctionSpec:
    return FunctionSpec(
        account_id=fn.account_id,
        region=fn.region,
        name=fn.function_name,
        arn=fn.function_arn,
        version=str(fn.version),
        handler=fn.handler or "bootstrap",
        memory_size=int(fn.memory_size or 128),
        timeout_seconds=float(fn.timeout or 3),
        environment=tuple(sorted((str(k), str(v)) for k, v in (fn.environment_vars or {}).items())),
        code_sha=fn.code_sha_256,
        log_group=fn.logs_group_name,
    )


# ---------------------------------------------------------------------------------------------
# CloudWatch Logs shipping (into moto's own logs backend, in-process)
# ---------------------------------------------------------------------------------------------


class LogShipper:
    """Writes one instance's lines to its stream in `/aws/lambda/<name>`, as Lambda's log agent does."""

    _lock = threading.Lock()

    def __init__(self, spec: FunctionSpec) -> None:
        from moto.logs.models import logs_backends

        self._backend = logs_backends[spec.account_id][spec.region]
        self._group = spec.log_group
        now = datetime.now(timezone.utc)
        self.stream = f"{now:%Y/%m/%d}/[{spec.version}]{uuid.uuid4().hex}"

    def ensure_group(self) -> None:
        # Lambda creates the group on first use when it is missing (moto does the same before a run).
        with self._lock:
            self._backend.ensure_log_group(self._group)

    def ship(self, message: str) -> None:
        with self._lock:
            # A destroyed stack deletes the group while an instance may still print: dropping the line
            # then is deliberate, recreating the group would leave a resource behind after destroy.
            if self._group not in self._backend.groups:
                return
            try:
                self._backend.ensure_log_stream(self._group, self.stream)
                event = {"timestamp": int(time.time() * 1000), "message": message}
                self._backend.put_log_events(self._group, self.stream, [event])
            except Exception as error:  # noqa: BLE001 - a log line must never break an invocation
                log.debug("dropped a log line for %s: %s", self._group, error)


# ---------------------------------------------------------------------------------------------
# The Runtime API, one small server per instance (so a request's instance is known by its port)
# ---------------------------------------------------------------------------------------------


class RuntimeApiServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, instance: "FunctionInstance") -> None:
        self.instance = instance
        super().__init__(("127.0.0.1", 0), RuntimeApiHandler)

    def handle_error(self, request: Any, client_address: Any) -> None:
        # The runtime disconnecting because its instance was killed (timeout, shutdown) is expected.
        log.debug("runtime api %s: connection from %s ended abruptly", self.instance.label, client_address)

    @property
    def address(self) -> str:
        host, port = self.server_address[:2]
        return f"{host}:{port}"


class RuntimeApiHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: RuntimeApiServer

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - signature of the base class
        log.debug("runtime api %s: " + format, self.server.instance.label, *args)

    def do_GET(self) -> None:  # noqa: N802 - http.server naming
        if self.path != f"{RUNTIME_API_PREFIX}/invocation/next":
            self._reply(404, {"errorMessage": f"unknown path {self.path}", "errorType": "NotFound"})
            return
        invocation = self.server.instance.next_invocation()
        if invocation is None:
            self._reply(410, {"errorMessage": "instance is shutting down", "errorType": "Gone"})
            return
        headers = {
            "Lambda-Runtime-Aws-Request-Id": invocation.request_id,
            "Lambda-Runtime-Deadline-Ms": str(invocation.deadline_ms),
            "Lambda-Runtime-Invoked-Function-Arn": invocation.function_arn,
            "Lambda-Runtime-Trace-Id": f"Root=1-{int(time.time()):08x}-{uuid.uuid4().hex[:24]};Sampled=0",
        }
        self._send(200, invocation.event, headers)

    def do_POST(self) -> None:  # noqa: N802 - http.server naming
        body = self._read_body()
        parts = self.path[len(RUNTIME_API_PREFIX):].strip("/").split("/")
        instance = self.server.instance
        if parts == ["init", "error"]:
            instance.init_failed(body.decode("utf-8", "replace"))
            self._reply(202, {"status": "OK"})
        elif len(parts) == 3 and parts[0] == "invocation" and parts[2] in ("response", "error"):
            accepted = instance.complete(parts[1], body.decode("utf-8", "replace"), parts[2] == "error")
            if accepted:
                self._reply(202, {"status": "OK"})
            else:
                self._reply(400, {"errorMessage": f"unknown request id {parts[1]}", "errorType": "InvalidRequestID"})
        else:
            self._reply(404, {"errorMessage": f"unknown path {self.path}", "errorType": "NotFound"})

    def _read_body(self) -> bytes:
        length = int(self.headers.get("Content-Length") or 0)
        if length:
            return self.rfile.read(length)
        if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
            return self._read_chunked()
        return b""

    def _read_chunked(self) -> bytes:
        chunks = []
        while True:
            size = int(self.rfile.readline().split(b";")[0].strip() or b"0", 16)
            if size == 0:
                self.rfile.readline()
                return b"".join(chunks)
            chunks.append(self.rfile.read(size))
            self.rfile.readline()

    def _reply(self, status: int, document: dict[str, Any]) -> None:
        self._send(status, json.dumps(document).encode(), {})

    def _send(self, status: int, body: bytes, headers: dict[str, str]) -> None:
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        for name, value in headers.items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)


# ---------------------------------------------------------------------------------------------
# One execution environment: a `bootstrap` process and its Runtime API
# ---------------------------------------------------------------------------------------------


class FunctionInstance:
    """A warm `bootstrap` process that serves one invocation at a time."""

    def __init__(self, spec: FunctionSpec, code_dir: str, moto_endpoint: str) -> None:
        self.spec = spec
        self.label = f"{spec.name}#{uuid.uuid4().hex[:6]}"
        self.logs = LogShipper(spec)
        self._cond = threading.Condition()
        self._current: Invocation | None = None
        self._stopping = False
        self._init_error: str | None = None
        self._first = True
        self.started_at = time.monotonic()
        self.last_used = time.monotonic()
        self._api = RuntimeApiServer(self)
        # The group must exist before the runtime's first line (its init output) is shipped.
        self.logs.ensure_group()
        # A short poll interval: stopping an instance waits for serve_forever to notice.
        threading.Thread(
            target=self._api.serve_forever, args=(0.05,), name=f"rapi-{self.label}", daemon=True
        ).start()
        try:
            self._process = self._spawn(code_dir, moto_endpoint)
        except OSError:
            # e.g. "Exec format error" for a bootstrap built for another architecture.
            self._api.shutdown()
            self._api.server_close()
            raise
        for pipe in (self._process.stdout, self._process.stderr):
            threading.Thread(target=self._pump, args=(pipe,), name=f"out-{self.label}", daemon=True).start()
        threading.Thread(target=self._watch_exit, name=f"wait-{self.label}", daemon=True).start()
        _LIVE_INSTANCES.add(self)
        log.info("started %s (pid %s) from %s", self.label, self._process.pid, code_dir)

    @property
    def alive(self) -> bool:
        return not self._stopping and self._process.poll() is None

    def _spawn(self, code_dir: str, moto_endpoint: str) -> subprocess.Popen[bytes]:
        env = self._environment(code_dir, moto_endpoint)
        # A session of its own, so stopping the instance also stops anything bootstrap forked.
        return subprocess.Popen(
            [os.path.join(code_dir, "bootstrap")],
            cwd=code_dir,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            start_new_session=(os.name == "posix"),
        )

    def _environment(self, code_dir: str, moto_endpoint: str) -> dict[str, str]:
        spec = self.spec
        # A clean environment, as in Lambda: only the host's PATH and locale leak in, so the
        # function cannot accidentally depend on the developer's shell (AWS_PROFILE and the like).
        env = {name: os.environ[name] for name in ("PATH", "LANG", "SYSTEMROOT") if name in os.environ}
        env.update(dict(spec.environment))
        env.update({
            "AWS_LAMBDA_RUNTIME_API": self._api.address,
            "AWS_ENDPOINT_URL": moto_endpoint,
            "AWS_ACCESS_KEY_ID": "testing",
            "AWS_SECRET_ACCESS_KEY": "testing",
            "AWS_SESSION_TOKEN": "testing",
            "AWS_REGION": spec.region,
            "AWS_DEFAULT_REGION": spec.region,
            "AWS_EXECUTION_ENV": "AWS_Lambda_provided.al2023",
            "AWS_LAMBDA_FUNCTION_NAME": spec.name,
            "AWS_LAMBDA_FUNCTION_MEMORY_SIZE": str(spec.memory_size),
            "AWS_LAMBDA_FUNCTION_VERSION": spec.version,
            "AWS_LAMBDA_LOG_GROUP_NAME": spec.log_group,
            "AWS_LAMBDA_LOG_STREAM_NAME": self.logs.stream,
            "_HANDLER": spec.handler,
            "LAMBDA_TASK_ROOT": code_dir,
            # Lambda's library path holds the task root (/var/task) and its lib/, so native libraries shipped in
            # the zip (libvips.so.42 for THUMBNAIL_ENGINE=libvips) load from there; the unpacked zip is the root here.
            "LD_LIBRARY_PATH": os.pathsep.join([code_dir, os.path.join(code_dir, "lib")]),
            "TZ": "UTC",
        })
        return env

    def _pump(self, pipe: Any) -> None:
        for raw in iter(pipe.readline, b""):
            line = raw.decode("utf-8", "replace").rstrip("\r\n")
            with self._cond:
                if self._current is not None:
                    self._current.log_lines.append(line)
            self.logs.ship(line)
        pipe.close()

    def _watch_exit(self) -> None:
        code = self._process.wait()
        with self._cond:
            current = self._current
            self._cond.notify_all()
        if self._stopping:
            return
        reason = self._init_error or _exit_reason(code)
        log.warning("%s exited: %s", self.label, reason)
        if current is not None:
            # Lambda writes the crash into the instance's log stream, under the request that was running.
            self.logs.ship(f"RequestId: {current.request_id} Error: {reason}\nRuntime.ExitError")
            message = json.dumps({"errorMessage": reason, "errorType": "Runtime.ExitError"})
            current.complete(message, errored=True)

    # --- called by the Runtime API threads ---

    def next_invocation(self) -> Invocation | None:
        with self._cond:
            while not self._stopping:
                current = self._current
                if current is not None and not current.delivered.is_set():
                    current.deadline_ms = int((time.time() + current.timeout_seconds) * 1000)
                    current.delivered.set()
                    return current
                self._cond.wait()
        return None

    def complete(self, request_id: str, payload: str, errored: bool) -> bool:
        with self._cond:
            current = self._current
        if current is None or current.request_id != request_id:
            return False
        current.complete(payload, errored)
        return True

    def init_failed(self, body: str) -> None:
        self._init_error = body
        self.logs.ship(f"INIT_REPORT Status: error {body}")
        with self._cond:
            current = self._current
        if current is not None:
            current.complete(body, errored=True)

    # --- called by the executor ---

    def invoke(self, event: bytes) -> Invocation:
        """Runs one event to completion, a timeout or a crash; never raises for the function's faults."""
        invocation = Invocation(
            request_id=str(uuid.uuid4()),
            event=event,
            function_arn=self.spec.arn,
            timeout_seconds=self.spec.timeout_seconds,
        )
        self.logs.ensure_group()
        self.logs.ship(f"START RequestId: {invocation.request_id} Version: {self.spec.version}")
        started = time.monotonic()
        with self._cond:
            self._current = invocation
            self._cond.notify_all()
        code = self._process.poll()
        if code is not None:
            # Died between being picked from the pool and now: the exit watcher has already run.
            reason = self._init_error or _exit_reason(code)
            invocation.complete(json.dumps({"errorMessage": reason, "errorType": "Runtime.ExitError"}), errored=True)
        self._await(invocation)
        duration_ms = (time.monotonic() - started) * 1000
        self._report(invocation, duration_ms)
        with self._cond:
            self._current = None
        self.last_used = time.monotonic()
        self._first = False
        return invocation

    def _await(self, invocation: Invocation) -> None:
        # The init phase has a budget of its own; the function's Timeout counts from delivery.
        init_budget = INIT_BUDGET_SECONDS if self._first else invocation.timeout_seconds
        if not invocation.delivered.wait(init_budget) and not invocation.done.is_set():
            self._time_out(invocation, init_budget)
            return
        if not invocation.done.wait(invocation.timeout_seconds) and not invocation.done.is_set():
            self._time_out(invocation, invocation.timeout_seconds)

    def _time_out(self, invocation: Invocation, seconds: float) -> None:
        message = f"{_stamp()} {invocation.request_id} Task timed out after {seconds:.2f} seconds"
        invocation.log_lines.append(message)
        self.logs.ship(message)
        # The environment is unusable after a timeout, as on Lambda: the next event gets a fresh one.
        self.stop()
        invocation.complete(json.dumps({"errorMessage": message, "errorType": "Sandbox.Timedout"}), errored=True)

    def _report(self, invocation: Invocation, duration_ms: float) -> None:
        init = ""
        if self._first:
            init = f"\tInit Duration: {(time.monotonic() - self.started_at) * 1000 - duration_ms:.2f} ms"
        end = f"END RequestId: {invocation.request_id}"
        report = (
            f"REPORT RequestId: {invocation.request_id}\tDuration: {duration_ms:.2f} ms\t"
            f"Billed Duration: {int(duration_ms) + 1} ms\tMemory Size: {self.spec.memory_size} MB{init}"
        )
        if invocation.errored and not self.alive:
            report += "\tStatus: error"
        for line in (end, report):
            invocation.log_lines.append(line)
            self.logs.ship(line)

    def stop(self) -> None:
        _LIVE_INSTANCES.discard(self)
        with self._cond:
            self._stopping = True
            self._cond.notify_all()
        _kill_tree(self._process)
        self._api.shutdown()
        self._api.server_close()


def _exit_reason(code: int) -> str:
    """Lambda's wording for a runtime that exited: 'exit status 3', or 'signal: aborted' for SIGABRT."""
    if code >= 0:
        return f"Runtime exited with error: exit status {code}"
    names = {signal.SIGABRT: "aborted", signal.SIGKILL: "killed", signal.SIGSEGV: "segmentation fault"}
    number = -code
    name = names.get(number) or (signal.Signals(number).name if number in signal.valid_signals() else str(number))
    return f"Runtime exited with error: signal: {name}"


def _kill_tree(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is not None:
        return
    try:
        if os.name == "posix":
            os.killpg(process.pid, signal.SIGKILL)
        else:
            process.kill()
    except (ProcessLookupError, PermissionError):
        pass
    try:
        process.wait(timeout=5)
    except subprocess.TimeoutExpired:
        log.error("pid %s did not exit after SIGKILL", process.pid)


def _stamp() -> str:
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")[:-4] + "Z"


# ---------------------------------------------------------------------------------------------
# Warm pools and the executor
# ---------------------------------------------------------------------------------------------


class InstancePool:
    """Instances of one function, code version and configuration; at most MAX_INSTANCES_PER_FUNCTION."""

    def __init__(self, spec: FunctionSpec, start: Callable[[FunctionSpec], FunctionInstance]) -> None:
        self.spec = spec
        self._start = start
        self._cond = threading.Condition()
        self._idle: list[FunctionInstance] = []
        self._count = 0
        self.retired = False

    def acquire(self, wait_seconds: float) -> FunctionInstance | None:
        deadline = time.monotonic() + wait_seconds
        with self._cond:
            while True:
                while self._idle:
                    instance = self._idle.pop()
                    if instance.alive:
                        return instance
                    self._count -= 1
                if self._count < MAX_INSTANCES_PER_FUNCTION:
                    self._count += 1
                    break
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    return None
                self._cond.wait(remaining)
        try:
            return self._start(self.spec)
        except BaseException:
            self.release(None)
            raise

    def release(self, instance: FunctionInstance | None) -> None:
        with self._cond:
            if instance is not None and instance.alive and not self.retired:
                self._idle.append(instance)
            else:
                self._count -= 1
                if instance is not None:
                    instance.stop()
            self._cond.notify()

    def stop_idle(self, older_than: float = 0.0) -> None:
        now = time.monotonic()
        with self._cond:
            keep = [i for i in self._idle if i.alive and now - i.last_used < older_than]
            drop = [i for i in self._idle if i not in keep]
            self._idle = keep
            self._count -= len(drop)
            self._cond.notify_all()
        for instance in drop:
            instance.stop()

    @property
    def empty(self) -> bool:
        with self._cond:
            return self._count == 0


_context = threading.local()


@contextmanager
def asynchronous_invocation() -> Iterator[None]:
    """Marks invocations made in this block (on this thread) as asynchronous, e.g. S3 notifications."""
    previous = getattr(_context, "asynchronous", False)
    _context.asynchronous = True
    try:
        yield
    finally:
        _context.asynchronous = previous


class ProcessExecutor:
    """Runs moto's Lambda invocations as local processes; one per emulator."""

    def __init__(self, moto_endpoint: str = "") -> None:
        self.moto_endpoint = moto_endpoint
        self._root = tempfile.mkdtemp(prefix="pipelinespecs-lambda-")
        self._lock = threading.Lock()
        self._pools: dict[str, InstancePool] = {}
        self._code_dirs: dict[str, str] = {}
        # Asynchronous events (S3 notifications, InvocationType=Event) run here, off the request thread.
        self._async = ThreadPoolExecutor(max_workers=16, thread_name_prefix="lambda-async")
        self._stopped = threading.Event()
        threading.Thread(target=self._reap, name="lambda-reaper", daemon=True).start()

    # --- entry point from moto ---

    def invoke(self, fn: Any, event: Any) -> tuple[str, bool, str]:
        spec = spec_from_moto(fn)
        code = bytes(fn.code_bytes)
        body = _event_bytes(event)
        if getattr(_context, "asynchronous", False):
            self._async.submit(self._run_async, spec, code, body)
            return "", False, ""
        result = self.run(spec, code, body, wait_seconds=60.0)
        return result.payload, result.errored, result.log_tail()

    def _run_async(self, spec: FunctionSpec, code: bytes, body: bytes) -> None:
        try:
            result = self.run(spec, code, body, wait_seconds=900.0)
            log.info("async %s finished, errored=%s", spec.name, result.errored)
        except Exception:  # noqa: BLE001 - a failing event must not kill the worker
            log.exception("async invocation of %s failed", spec.name)

    def run(self, spec: FunctionSpec, code: bytes, body: bytes, wait_seconds: float) -> Invocation:
        pool = self._pool(spec)
        try:
            self._code_dir(spec.code_sha, code)
            instance = pool.acquire(wait_seconds)
        except Exception as error:  # noqa: BLE001 - e.g. a zip without bootstrap
            message = f"could not start the function: {error}"
            # Lambda reports a broken entrypoint in the function's log group; so do we.
            shipper = LogShipper(spec)
            shipper.ensure_group()
            shipper.ship(message)
            log.error("%s: %s", spec.name, message)
            return _failed(message, "Runtime.InvalidEntrypoint")
        if instance is None:
            return _failed("Rate Exceeded.", "TooManyRequestsException")
        try:
            return instance.invoke(body)
        finally:
            pool.release(instance)

    # --- pools and code ---

    def _pool(self, spec: FunctionSpec) -> InstancePool:
        with self._lock:
            pool = self._pools.get(spec.pool_key)
            if pool is not None:
                return pool
            pool = InstancePool(spec, self._start_instance)
            stale = [p for p in self._pools.values() if p.spec.arn == spec.arn]
            self._pools[spec.pool_key] = pool
        # New code or configuration: instances of the old one must not serve another event.
        for old in stale:
            old.retired = True
            old.stop_idle()
        return pool

    def _start_instance(self, spec: FunctionSpec) -> FunctionInstance:
        if self._stopped.is_set():
            raise RuntimeError("the executor is shutting down")
        with self._lock:
            code_dir = self._code_dirs[spec.code_sha]
        return FunctionInstance(spec, code_dir, self.moto_endpoint)

    def _code_dir(self, code_sha: str, code: bytes) -> str:
        """Unpacks a zip once per code sha; warm and new instances of that code share the directory."""
        with self._lock:
            existing = self._code_dirs.get(code_sha)
            if existing:
                return existing
            target = os.path.join(self._root, hashlib.sha256(code_sha.encode()).hexdigest()[:16])
            _unpack(code, target)
            self._code_dirs[code_sha] = target
            return target

    # --- housekeeping ---

    def _reap(self) -> None:
        while not self._stopped.wait(2.0):
            for key, pool in list(self._pools.items()):
                gone = not _function_exists(pool.spec)
                if gone:
                    pool.retired = True
                pool.stop_idle(0.0 if gone or pool.retired else IDLE_TTL_SECONDS)
                if pool.retired and pool.empty:
                    with self._lock:
                        self._pools.pop(key, None)

    def shutdown(self) -> None:
        self._stopped.set()
        with self._lock:
            pools = list(self._pools.values())
        for pool in pools:
            pool.retired = True
            pool.stop_idle()
        # Busy instances are stopped too: the emulator is going away and must leave no process behind.
        for instance in list(_LIVE_INSTANCES):
            instance.stop()
        self._async.shutdown(wait=False, cancel_futures=True)
        shutil.rmtree(self._root, ignore_errors=True)


def _failed(message: str, error_type: str) -> Invocation:
    invocation = Invocation(request_id=str(uuid.uuid4()), event=b"", function_arn="", timeout_seconds=0)
    invocation.complete(json.dumps({"errorMessage": message, "errorType": error_type}), errored=True)
    invocation.log_lines.append(message)
    return invocation


def _function_exists(spec: FunctionSpec) -> bool:
    from moto.awslambda.utils import get_backend

    try:
        get_backend(spec.account_id, spec.region).get_function(spec.name)
        return True
    except Exception:  # noqa: BLE001 - moto raises several not-found types
        return False


def _event_bytes(event: Any) -> bytes:
    if event is None:
        return b"{}"
    if isinstance(event, bytes):
        return event
    if isinstance(event, str):
        return event.encode()
    return json.dumps(event).encode()


def _unpack(code: bytes, target: str) -> None:
    staging = tempfile.mkdtemp(dir=os.path.dirname(target))
    with zipfile.ZipFile(io.BytesIO(code)) as archive:
        for member in archive.infolist():
            path = archive.extract(member, staging)
            # zipfile drops Unix modes; the exec bit of bootstrap and its helpers lives in external_attr.
            mode = (member.external_attr >> 16) & 0o7777
            if mode and not member.is_dir():
                os.chmod(path, mode)
    bootstrap = os.path.join(staging, "bootstrap")
    if not os.path.isfile(bootstrap):
        shutil.rmtree(staging, ignore_errors=True)
        raise FileNotFoundError("the deployment package has no file named bootstrap at its root")
    os.chmod(bootstrap, os.stat(bootstrap).st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
    if os.path.isdir(target):
        shutil.rmtree(staging, ignore_errors=True)
        return
    os.rename(staging, target)


# ---------------------------------------------------------------------------------------------
# Wiring into moto
# ---------------------------------------------------------------------------------------------


def keep_slashes_in_event_keys(event_body: Any) -> None:
    """moto form-encodes the whole key (quote_plus), so `a/b c.png` arrives as `a%2Fb+c.png`; S3 leaves the
    folder separators of a key readable in its events (`a/b+c.png`). A literal `%2F` in a key is encoded as
    `%252F`, so turning every `%2F` back into `/` is exact."""
    for record in (event_body or {}).get("Records", []):
        s3_object = record.get("s3", {}).get("object", {})
        if isinstance(s3_object.get("key"), str):
            s3_object["key"] = s3_object["key"].replace("%2F", "/")


def install(executor: ProcessExecutor) -> None:
    """Routes moto's Lambda execution step to `executor`; S3 notifications and Event invokes go async."""
    check_moto_version()
    from moto.awslambda import models as lambda_models
    from moto.s3 import notifications

    function_class = lambda_models.LambdaFunction
    for name in ("_invoke_lambda", "invoke"):
        if not callable(getattr(function_class, name, None)):
            raise EmulatorSetupError(f"moto.awslambda.models.LambdaFunction.{name} is missing: moto changed")
    if not callable(getattr(notifications, "_invoke_awslambda", None)):
        raise EmulatorSetupError("moto.s3.notifications._invoke_awslambda is missing: moto changed")

    original_invoke = function_class.invoke
    original_s3_invoke = notifications._invoke_awslambda

    def run_in_process(fn: Any, event: Any = None) -> tuple[str, bool, str]:
        return executor.invoke(fn, event)

    def invoke(fn: Any, body: str, request_headers: Any, response_headers: Any) -> str | bytes:
        invocation_type = (request_headers or {}).get("x-amz-invocation-type", "RequestResponse")
        if invocation_type == "DryRun":
            # DryRun only validates parameters and permissions; Lambda runs nothing.
            return ""
        if invocation_type == "Event":
            with asynchronous_invocation():
                return original_invoke(fn, body, request_headers, response_headers)
        return original_invoke(fn, body, request_headers, response_headers)

    def s3_invoke(account_id: str, event_body: Any, fn_arn: str, region_name: str) -> None:
        keep_slashes_in_event_keys(event_body)
        # S3 invokes Lambda asynchronously: PutObject must return before the function runs.
        with asynchronous_invocation():
            original_s3_invoke(account_id, event_body, fn_arn, region_name)

    function_class._invoke_lambda = run_in_process  # type: ignore[method-assign]
    function_class.invoke = invoke  # type: ignore[method-assign]
    notifications._invoke_awslambda = s3_invoke
    log.info("moto %s Lambda execution routed to the process executor", EXPECTED_MOTO_VERSION)


def configure_logging(level: int = logging.INFO, log_file: str | None = None) -> None:
    handler: logging.Handler = logging.FileHandler(log_file) if log_file else logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger("pipelinespecs")
    root.addHandler(handler)
    root.setLevel(level)
