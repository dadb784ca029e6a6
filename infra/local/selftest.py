#!/usr/bin/env python3
"""A by-hand check of the embedded emulator with a bash + curl `bootstrap` (no .NET needed).

    python3 infra/local/selftest.py

Starts the emulator on a free port, deploys a shell function, and checks: synchronous invoke
(cold, then warm on the same process), handled errors, the timeout, a crash and recovery, two
concurrent invokes on two instances, InvocationType=Event, S3 notifications (asynchronous,
suffix-filtered), CloudWatch Logs, and that SIGTERM leaves no function process behind.
Exit status 0 when every check passes.
"""

from __future__ import annotations

import io
import json
import logging
import os
import signal
import subprocess
import sys
import time
import zipfile
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Callable

import boto3

HERE = os.path.dirname(os.path.abspath(__file__))
REGION = "us-east-1"
log = logging.getLogger("selftest")

# The runtime loop in bash: it echoes the event and reacts to words in it, to exercise each path.
BOOTSTRAP = r"""#!/bin/bash
set -euo pipefail
API="http://${AWS_LAMBDA_RUNTIME_API}/2018-06-01/runtime"
echo "init pid $$ greeting=${GREETING:-unset}"
while true; do
  HEADERS="$(mktemp)"
  EVENT="$(curl -sS -D "$HEADERS" "$API/invocation/next")"
  REQUEST_ID="$(grep -i '^Lambda-Runtime-Aws-Request-Id:' "$HEADERS" | cut -d: -f2 | tr -d '[:space:]')"
  rm -f "$HEADERS"
  echo "event: $EVENT"
  case "$EVENT" in
    *hang*) sleep 60 ;;
    *slow*) sleep 2 ;;
    *crash*) echo "crashing on purpose" >&2; exit 3 ;;
    *fail*)
      curl -sS -X POST "$API/invocation/$REQUEST_ID/error" \
        -d '{"errorMessage":"asked to fail","errorType":"Test"}' >/dev/null
      continue ;;
  esac
  curl -sS -X POST "$API/invocation/$REQUEST_ID/response" -d "{\"pid\": $$, \"event\": $EVENT}" >/dev/null
done
"""


def build_zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        entry = zipfile.ZipInfo("bootstrap")
        entry.external_attr = 0o100755 << 16  # regular file, rwxr-xr-x: Lambda needs the exec bit
        archive.writestr(entry, BOOTSTRAP)
    return buffer.getvalue()


def start_emulator() -> tuple[subprocess.Popen[str], str, float]:
    started = time.monotonic()
    process = subprocess.Popen(
        [sys.executable, os.path.join(HERE, "emulator.py"), "--port", "0", "--exit-on-stdin-eof"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    line = process.stdout.readline() if process.stdout else ""
    if "ready at " not in line:
        raise RuntimeError(f"emulator did not report ready; first stdout line: {line!r}")
    url = line.split("ready at ", 1)[1].split()[0]
    return process, url, time.monotonic() - started


def wait_for(what: str, probe: Callable[[], Any], seconds: float) -> Any:
    deadline = time.monotonic() + seconds
    delay, last = 0.05, None
    while time.monotonic() < deadline:
        last = probe()
        if last:
            return last
        time.sleep(delay)
        delay = min(delay * 2, 1.0)
    raise AssertionError(f"waited {seconds}s for {what}; last seen: {last!r}")


def check(condition: bool, message: str) -> None:
    if not condition:
        raise AssertionError(message)
    log.info("ok: %s", message)


class Checks:
    def __init__(self, url: str) -> None:
        session = boto3.Session(aws_access_key_id="testing", aws_secret_access_key="testing", region_name=REGION)
        self.lam = session.client("lambda", endpoint_url=url)
        self.s3 = session.client("s3", endpoint_url=url)
        self.logs = session.client("logs", endpoint_url=url)
        self.iam = session.client("iam", endpoint_url=url)
        self.pids: set[int] = set()

    def deploy(self, name: str, timeout: int) -> str:
        role = self.iam.create_role(RoleName=f"{name}-role", AssumeRolePolicyDocument=json.dumps({
            "Version": "2012-10-17",
            "Statement": [{"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"},
                           "Action": "sts:AssumeRole"}],
        }))["Role"]["Arn"]
        return self.lam.create_function(
            FunctionName=name, Runtime="provided.al2023", Handler="bootstrap", Role=role,
            Code={"ZipFile": build_zip()}, Timeout=timeout, MemorySize=256,
            Environment={"Variables": {"GREETING": "hello"}},
        )["FunctionArn"]

    def invoke(self, name: str, event: dict[str, Any], kind: str = "RequestResponse") -> tuple[float, dict[str, Any]]:
        started = time.monotonic()
        response = self.lam.invoke(FunctionName=name, InvocationType=kind, Payload=json.dumps(event))
        elapsed = time.monotonic() - started
        body = response["Payload"].read()
        result = {"status": response["StatusCode"], "error": response.get("FunctionError"),
                  "payload": json.loads(body) if body else None}
        if result["payload"] and isinstance(result["payload"], dict) and "pid" in result["payload"]:
            self.pids.add(result["payload"]["pid"])
        return elapsed, result

    def log_messages(self, name: str) -> list[str]:
        try:
            events = self.logs.filter_log_events(logGroupName=f"/aws/lambda/{name}")["events"]
        except self.logs.exceptions.ResourceNotFoundException:
            return []
        return [e["message"] for e in events]

    def run(self) -> None:
        self.deploy("selftest-echo", timeout=3)
        first = self.check_sync()
        self.check_faults(first)
        self.check_concurrency()
        self.check_event()
        self.check_s3_trigger()
        messages = self.log_messages("selftest-echo")
        check(any(m.startswith("REPORT RequestId:") for m in messages)
              and any("greeting=hello" in m for m in messages), "stdout and START/END/REPORT reach CloudWatch Logs")

    def check_sync(self) -> dict[str, Any]:
        cold, first = self.invoke("selftest-echo", {"n": 1})
        warm, second = self.invoke("selftest-echo", {"n": 2})
        log.info("cold invoke %.0f ms, warm invoke %.0f ms", cold * 1000, warm * 1000)
        check(first["payload"]["event"] == {"n": 1}, "synchronous invoke returns the function's payload")
        check(first["payload"]["pid"] == second["payload"]["pid"], "the second event reuses the warm instance")
        return first

    def check_faults(self, first: dict[str, Any]) -> None:
        _, failed = self.invoke("selftest-echo", {"x": "fail"})
        check(failed["error"] == "Handled" and failed["payload"]["errorType"] == "Test",
              "an invocation error is returned with X-Amz-Function-Error")
        _, timed_out = self.invoke("selftest-echo", {"x": "hang"})
        check("Task timed out after 3.00 seconds" in timed_out["payload"]["errorMessage"],
              "the function's Timeout is enforced")
        _, crashed = self.invoke("selftest-echo", {"x": "crash"})
        check(crashed["error"] is not None and "exit status 3" in crashed["payload"]["errorMessage"],
              "a crashing runtime yields an error result")
        check(any(m.startswith("RequestId: ") and "Runtime exited with error: exit status 3" in m
                  for m in self.log_messages("selftest-echo")),
              "the crash is written to the log stream under its request id, as Lambda does")
        _, recovered = self.invoke("selftest-echo", {"n": 3})
        check(recovered["error"] is None and recovered["payload"]["pid"] != first["payload"]["pid"],
              "after a timeout and a crash the next event succeeds on a fresh instance")

    def check_concurrency(self) -> None:
        with ThreadPoolExecutor(2) as pool:
            started = time.monotonic()
            results = list(pool.map(lambda n: self.invoke("selftest-echo", {"x": "slow", "n": n})[1], [1, 2]))
            both = time.monotonic() - started
        pids = {r["payload"]["pid"] for r in results}
        check(len(pids) == 2 and both < 3.9, f"two concurrent invokes run on two instances ({both:.1f}s)")

    def check_event(self) -> None:
        event_time, queued = self.invoke("selftest-echo", {"x": "slow", "async": "event"}, kind="Event")
        check(queued["status"] == 202 and event_time < 1.5,
              f"InvocationType=Event returns 202 at once ({event_time:.2f}s)")
        wait_for("the Event invocation's log line",
                 lambda: any('"async": "event"' in m for m in self.log_messages("selftest-echo")), 10)

    def check_s3_trigger(self) -> None:
        arn = self.deploy("selftest-s3", timeout=10)
        self.s3.create_bucket(Bucket="selftest-in")
        self.lam.add_permission(FunctionName="selftest-s3", StatementId="s3", Action="lambda:InvokeFunction",
                                Principal="s3.amazonaws.com", SourceArn="arn:aws:s3:::selftest-in")
        self.s3.put_bucket_notification_configuration(Bucket="selftest-in", NotificationConfiguration={
            "LambdaFunctionConfigurations": [
                {"LambdaFunctionArn": arn, "Events": ["s3:ObjectCreated:*"],
                 "Filter": {"Key": {"FilterRules": [{"Name": "suffix", "Value": suffix}]}}}
                for suffix in (".png", ".JPG")
            ]})
        started = time.monotonic()
        self.s3.put_object(Bucket="selftest-in", Key="slow photo.png", Body=b"x")
        put_time = time.monotonic() - started
        check(put_time < 1.5, f"PutObject returns before the 2 s function finishes ({put_time:.2f}s)")
        self.s3.put_object(Bucket="selftest-in", Key="IMG_0001.JPG", Body=b"x")
        self.s3.put_object(Bucket="selftest-in", Key="anim.gif", Body=b"x")
        messages = wait_for("both S3 events in the logs", lambda: (
            m := self.log_messages("selftest-s3"),
            m if sum(1 for x in m if x.startswith("END RequestId")) >= 2 else None)[1], 15)
        check(any("slow+photo.png" in m for m in messages), "the S3 event carries the quote_plus-encoded key")
        check(any("IMG_0001.JPG" in m for m in messages), "an upper-case .JPG suffix invokes")
        check(not any("anim.gif" in m for m in messages), "a .gif upload does not invoke")


def process_exists(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    # A zombie still answers kill(0); count it as gone.
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().split()[2] != "Z"
    except OSError:
        return True


def main() -> int:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s",
                        stream=sys.stderr)
    process, url, start_time = start_emulator()
    log.info("emulator ready at %s in %.0f ms", url, start_time * 1000)
    checks = Checks(url)
    try:
        checks.run()
    finally:
        process.send_signal(signal.SIGTERM)
        code = process.wait(timeout=30)
    check(code == 0, "SIGTERM stops the emulator with status 0")
    alive = [pid for pid in checks.pids if process_exists(pid)]
    check(not alive, f"no function process survives the emulator (checked {sorted(checks.pids)})")
    log.info("all checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
