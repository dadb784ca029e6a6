#!/usr/bin/env python3
"""Finds and removes PipelineSpecs stacks left behind by crashed or killed runs.

Two places can hold leftovers:

* this working copy's Terraform state (build/terraform/stacks/<prefix>/): a run killed before its teardown
  leaves its state here. If the stack's emulator is gone, so are its resources (the embedded emulator keeps
  them in memory and stops with the run), and only the stale state is removed; otherwise `stack.py destroy`
  removes the resources.
* an account or emulator reached without that state (a CI runner that died with its disk): resources are
  found by name prefix (`ps-` by default, what every run's prefix starts with) and age, and deleted with boto3.

Usage:
  python3 infra/janitor.py [--older-than MINUTES] [--endpoint URL] [--name-prefix ps-] [--remove]

Without --remove it only lists what it would remove. Logs go to stderr; stdout's last line is a JSON summary.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import logging
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path
from typing import Callable, Iterable

HERE = Path(__file__).resolve().parent
STACKS_DIR = HERE.parent / "build" / "terraform" / "stacks"
log = logging.getLogger("janitor")


def answers(endpoint: str) -> bool:
    try:
        urllib.request.urlopen(endpoint, timeout=2)
        return True
    except urllib.error.HTTPError:
        return True
    except (urllib.error.URLError, OSError):
        return False


def age_minutes(moment: dt.datetime) -> float:
    return (dt.datetime.now(dt.timezone.utc) - moment).total_seconds() / 60


KEPT_PREFIX = "ps-dev-"  # a developer's kept stack (PIPELINESPECS_KEEP_STACK): alive on purpose


def local_leftovers(older_than: float, include_kept: bool) -> list[dict[str, object]]:
    found = []
    for settings_file in sorted(STACKS_DIR.glob("*/stack.json")) if STACKS_DIR.is_dir() else []:
        settings = json.loads(settings_file.read_text(encoding="utf-8"))
        if settings["prefix"].startswith(KEPT_PREFIX) and not include_kept:
            continue
        modified = dt.datetime.fromtimestamp(settings_file.stat().st_mtime, dt.timezone.utc)
        if age_minutes(modified) < older_than:
            continue
        endpoint = settings.get("endpoint", "")
        stale = bool(endpoint) and not answers(endpoint)
        found.append({"prefix": settings["prefix"], "endpoint": endpoint or "aws",
                      "age_minutes": round(age_minutes(modified), 1), "stale_state": stale})
    return found


def remove_local(stack: dict[str, object]) -> None:
    prefix = str(stack["prefix"])
    if stack["stale_state"]:
        # The emulator that held the resources is gone, and with it the resources: only the state is left.
        log.info("%s: emulator %s no longer answers; removing its stale state", prefix, stack["endpoint"])
        subprocess.run(["rm", "-rf", str(STACKS_DIR / prefix)], check=True)
        return
    log.info("%s: destroying with Terraform", prefix)
    subprocess.run([sys.executable, str(HERE / "stack.py"), "destroy", "--prefix", prefix], check=True,
                   stdout=subprocess.DEVNULL)


class AccountScan:
    """Resources named with the prefix, found through the AWS APIs (boto3), each with its age and remover."""

    def __init__(self, endpoint: str | None, name_prefix: str) -> None:
        import boto3  # Only this mode needs it; the local mode runs on the standard library.

        session = boto3.session.Session()
        self._client: Callable[[str], object] = lambda service: session.client(service, endpoint_url=endpoint or None)
        self._prefix = name_prefix

    def find(self, older_than: float, include_kept: bool) -> list[tuple[str, Callable[[], None]]]:
        everything = [item for item in self._everything() if include_kept or KEPT_PREFIX not in item[0]]
        old = [item for item in everything if item[1] is not None and age_minutes(item[1]) >= older_than]
        # SNS keeps no creation date: a topic goes only with a stack whose buckets are old enough.
        old_stacks = {description.split()[-1].rsplit("-", 1)[0] for description, _, _ in old
                      if description.startswith("S3 bucket ")}
        topics = [item for item in everything
                  if item[1] is None and item[0].rsplit(":", 1)[-1].rsplit("-", 1)[0] in old_stacks]
        return [(description, remove) for description, _, remove in old + topics]

    def _everything(self) -> Iterable[tuple[str, dt.datetime | None, Callable[[], None]]]:
        yield from self._buckets()
        yield from self._functions()
        yield from self._topics()
        yield from self._roles()
        yield from self._log_groups()

    def _buckets(self):
        s3 = self._client("s3")
        for bucket in s3.list_buckets().get("Buckets", []):
            name = bucket["Name"]
            if name.startswith(self._prefix):
                yield f"S3 bucket {name}", bucket.get("CreationDate"), lambda name=name: self._empty_and_delete(s3, name)

    @staticmethod
    def _empty_and_delete(s3, name: str) -> None:
        for page in s3.get_paginator("list_objects_v2").paginate(Bucket=name):
            keys = [{"Key": item["Key"]} for item in page.get("Contents", [])]
            if keys:
                s3.delete_objects(Bucket=name, Delete={"Objects": keys})
        s3.delete_bucket(Bucket=name)

    def _functions(self):
        lam = self._client("lambda")
        for page in lam.get_paginator("list_functions").paginate():
            for function in page.get("Functions", []):
                name = function["FunctionName"]
                if name.startswith(self._prefix):
                    modified = dt.datetime.fromisoformat(function["LastModified"].replace("+0000", "+00:00"))
                    yield f"Lambda function {name}", modified, lambda name=name: lam.delete_function(FunctionName=name)

    def _topics(self):
        sns = self._client("sns")
        for page in sns.get_paginator("list_topics").paginate():
            for topic in page.get("Topics", []):
                arn = topic["TopicArn"]
                if arn.rsplit(":", 1)[-1].startswith(self._prefix):
                    yield f"SNS topic {arn}", None, lambda arn=arn: sns.delete_topic(TopicArn=arn)

    def _roles(self):
        iam = self._client("iam")
        for page in iam.get_paginator("list_roles").paginate():
            for role in page.get("Roles", []):
                name = role["RoleName"]
                if name.startswith(self._prefix):
                    yield f"IAM role {name}", role.get("CreateDate"), lambda name=name: self._delete_role(iam, name)

    @staticmethod
    def _delete_role(iam, name: str) -> None:
        for policy in iam.list_role_policies(RoleName=name).get("PolicyNames", []):
            iam.delete_role_policy(RoleName=name, PolicyName=policy)
        iam.delete_role(RoleName=name)

    def _log_groups(self):
        logs = self._client("logs")
        for page in logs.get_paginator("describe_log_groups").paginate(logGroupNamePrefix=f"/aws/lambda/{self._prefix}"):
            for group in page.get("logGroups", []):
                name = group["logGroupName"]
                created = dt.datetime.fromtimestamp(group.get("creationTime", 0) / 1000, dt.timezone.utc)
                yield f"CloudWatch Logs group {name}", created, lambda name=name: logs.delete_log_group(logGroupName=name)


def main(argv: list[str]) -> int:
    logging.basicConfig(level=logging.INFO, stream=sys.stderr, format="%(asctime)s %(levelname)s janitor: %(message)s")
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--older-than", type=float, default=60, help="minutes; younger stacks may still be running")
    parser.add_argument("--endpoint", help="also scan this emulator (or, with 'aws', the account) by name prefix")
    parser.add_argument("--name-prefix", default="ps-", help="what every run's prefix starts with (default ps-)")
    parser.add_argument("--remove", action="store_true", help="remove what was found; without it, only list")
    parser.add_argument("--include-kept", action="store_true", help=f"also {KEPT_PREFIX}* stacks, kept on purpose")
    args = parser.parse_args(argv)

    local = local_leftovers(args.older_than, args.include_kept)
    for stack in local:
        log.info("leftover state: %s", stack)
    scanned: list[tuple[str, Callable[[], None]]] = []
    if args.endpoint:
        scanned = AccountScan(None if args.endpoint == "aws" else args.endpoint, args.name_prefix).find(args.older_than, args.include_kept)
        for description, _ in scanned:
            log.info("leftover resource: %s", description)

    failed: list[str] = []
    if args.remove:
        # One stack or resource that cannot go must not keep the others: try each, report the failures at the end.
        for stack in local:
            attempt(str(stack["prefix"]), lambda stack=stack: remove_local(stack), failed)
        for description, remove in scanned:
            log.info("removing %s", description)
            attempt(description, remove, failed)

    print(json.dumps({"stacks": [s["prefix"] for s in local], "resources": [d for d, _ in scanned],
                      "removed": args.remove, "failed": failed}), flush=True)
    return 0 if not failed else 1


def attempt(what: str, remove: Callable[[], None], failed: list[str]) -> None:
    try:
        remove()
    except Exception as error:  # noqa: BLE001 - any failure of one removal is reported, and the rest go on
        log.error("could not remove %s: %s", what, error)
        failed.append(what)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
