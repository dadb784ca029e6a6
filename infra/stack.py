#!/usr/bin/env python3
"""The one place that knows how to run Terraform for PipelineSpecs.

    python3 infra/stack.py apply   --prefix P [--endpoint URL] [--region R] [--zip PATH] [--var k=v ...]
    python3 infra/stack.py destroy --prefix P [--endpoint URL] [--region R] [--zip PATH] [--var k=v ...]
    python3 infra/stack.py teardown --prefix P   (P and the stacks the suite derived from it, P-s1, ...)
    python3 infra/stack.py outputs --prefix P
    python3 infra/stack.py list

`apply` and `outputs` print the stack's outputs as one JSON object on the last line of stdout;
`list` prints a JSON array there; everything else (Terraform's own output included) goes to
stderr with timestamps. Exit status: 0 success, 1 Terraform failed, 2 bad usage or environment
(no Terraform, no provider mirror, no zip, unknown stack).

One Terraform state per prefix lives in build/terraform/stacks/<prefix>/ with the settings it was
applied with, so destroy and outputs need only the prefix. The provider is installed once per
working copy (a shared TF_DATA_DIR) from a local mirror, through a CLI configuration generated in
build/terraform/cli.tfrc; see discover_mirror for where the mirror is looked for.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import logging
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from dataclasses import asdict, dataclass, field
from pathlib import Path

INFRA_DIR = Path(__file__).resolve().parent
REPO_ROOT = INFRA_DIR.parent
WORK_DIR = REPO_ROOT / "build" / "terraform"
STACKS_DIR = WORK_DIR / "stacks"
DATA_DIR = WORK_DIR / "data"
CLI_CONFIG = WORK_DIR / "cli.tfrc"
DEFAULT_ZIP = REPO_ROOT / "build" / "lambda.zip"

MIRROR_ENV = "PIPELINESPECS_TF_MIRROR"
TERRAFORM_ENV = "PIPELINESPECS_TERRAFORM"
PROVIDER_DIR = Path("registry.terraform.io") / "hashicorp" / "aws"
PREFIX_PATTERN = re.compile(r"^[a-z0-9]([a-z0-9-]{0,38}[a-z0-9])?$")
LOCK_WAIT_SECONDS = 300.0

EXIT_OK, EXIT_TERRAFORM, EXIT_USAGE = 0, 1, 2

log = logging.getLogger("stack")


class StackError(Exception):
    """A problem of usage or environment, reported in one sentence with exit status 2."""


# ---------------------------------------------------------------------------------------------
# Provider mirror discovery and the generated CLI configuration
# ---------------------------------------------------------------------------------------------


def holds_provider(directory: Path) -> bool:
    return (directory / PROVIDER_DIR).is_dir()


def user_cli_configs() -> list[Path]:
    candidates = []
    configured = os.environ.get("TF_CLI_CONFIG_FILE")
    if configured:
        candidates.append(Path(configured).expanduser())
    if os.name == "nt" and os.environ.get("APPDATA"):
        candidates.append(Path(os.environ["APPDATA"]) / "terraform.rc")
    candidates.append(Path.home() / ".terraformrc")
    return candidates


def dirs_declared_in(config: Path) -> list[Path]:
    """plugin_cache_dir and filesystem_mirror paths of a CLI config; a light parse, not full HCL."""
    try:
        text = config.read_text(encoding="utf-8")
    except OSError:
        return []
    found = re.findall(r'plugin_cache_dir\s*=\s*"([^"]+)"', text)
    for block in re.findall(r"filesystem_mirror\s*\{([^}]*)\}", text):
        found += re.findall(r'path\s*=\s*"([^"]+)"', block)
    return [Path(os.path.expandvars(p)).expanduser() for p in found]


def well_known_dirs() -> list[Path]:
    home = Path.home()
    places = [home / ".terraform.d" / "plugins", home / ".local" / "share" / "terraform" / "plugins"]
    if os.name == "nt" and os.environ.get("APPDATA"):
        places.insert(0, Path(os.environ["APPDATA"]) / "terraform.d" / "plugins")
    xdg = os.environ.get("XDG_DATA_DIRS", "/usr/local/share:/usr/share")
    places += [Path(d) / "terraform" / "plugins" for d in xdg.split(os.pathsep) if d]
    places += [Path("/opt/tf-plugins"), Path("/opt/terraform/plugins")]
    return places


def discover_mirror() -> Path:
    """The setting first, then what the user's CLI config declares, then the usual places."""
    setting = os.environ.get(MIRROR_ENV)
    if setting:
        path = Path(setting).expanduser()
        if not holds_provider(path):
            raise StackError(f"{MIRROR_ENV}={setting} has no {PROVIDER_DIR.as_posix()} directory")
        return path
    looked: list[Path] = []
    for config in user_cli_configs():
        for path in dirs_declared_in(config):
            looked.append(path)
            if holds_provider(path):
                return path
    for path in well_known_dirs():
        looked.append(path)
        if holds_provider(path):
            return path
    places = "\n  ".join(str(p) for p in looked)
    raise StackError(
        f"no Terraform provider mirror holding {PROVIDER_DIR.as_posix()} was found; looked in:\n  {places}\n"
        f"set {MIRROR_ENV} to a directory laid out as <dir>/registry.terraform.io/hashicorp/aws/<version>/<os_arch>/"
    )


def write_cli_config(mirror: Path) -> Path:
    # Only the mirror, never the network: no Terraform registry is reachable from CI or the image.
    text = (
        "# Generated by infra/stack.py; do not edit (regenerated on every run).\n"
        "provider_installation {\n"
        "  filesystem_mirror {\n"
        f"    path    = {json.dumps(mirror.as_posix())}\n"
        '    include = ["registry.terraform.io/*/*"]\n'
        "  }\n"
        "  direct {\n"
        '    exclude = ["registry.terraform.io/*/*"]\n'
        "  }\n"
        "}\n"
    )
    CLI_CONFIG.parent.mkdir(parents=True, exist_ok=True)
    if not CLI_CONFIG.exists() or CLI_CONFIG.read_text(encoding="utf-8") != text:
        CLI_CONFIG.write_text(text, encoding="utf-8")
    return CLI_CONFIG


# ---------------------------------------------------------------------------------------------
# Running Terraform
# ---------------------------------------------------------------------------------------------


@dataclass
class StackSettings:
    """What a stack was applied with; saved next to its state so destroy needs only the prefix."""

    prefix: str
    endpoint: str = ""
    region: str = "us-east-1"
    zip_path: str = ""
    extra_vars: dict[str, str] = field(default_factory=dict)

    @property
    def directory(self) -> Path:
        return STACKS_DIR / self.prefix

    @property
    def state_file(self) -> Path:
        return self.directory / "terraform.tfstate"

    def save(self) -> None:
        self.directory.mkdir(parents=True, exist_ok=True)
        (self.directory / "stack.json").write_text(json.dumps(asdict(self), indent=2) + "\n", encoding="utf-8")

    @classmethod
    def load(cls, prefix: str) -> "StackSettings | None":
        path = STACKS_DIR / prefix / "stack.json"
        if not path.is_file():
            return None
        return cls(**json.loads(path.read_text(encoding="utf-8")))


def find_terraform() -> str:
    configured = os.environ.get(TERRAFORM_ENV)
    found = configured or shutil.which("terraform")
    if not found:
        raise StackError(f"terraform is not on PATH; install Terraform >= 1.5 or set {TERRAFORM_ENV}")
    return found


def child_environment(settings: StackSettings | None) -> dict[str, str]:
    env = dict(os.environ)
    env.update({
        "TF_CLI_CONFIG_FILE": str(write_cli_config(discover_mirror())),
        "TF_DATA_DIR": str(DATA_DIR),
        "TF_IN_AUTOMATION": "1",
        "CHECKPOINT_DISABLE": "1",
    })
    if settings is not None and settings.endpoint:
        # An emulator accepts any credentials; a developer's real profile must never reach it.
        for name in ("AWS_PROFILE", "AWS_SESSION_TOKEN", "AWS_SECURITY_TOKEN"):
            env.pop(name, None)
        env.update({"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing"})
    return env


def run_terraform(args: list[str], env: dict[str, str], capture: bool = False) -> subprocess.CompletedProcess[str]:
    command = [find_terraform(), f"-chdir={INFRA_DIR}", *args]
    log.info("terraform %s", " ".join(args))
    # Terraform's progress goes to our stderr: stdout's last line is reserved for the JSON result.
    return subprocess.run(
        command,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE if capture else sys.stderr,
        stderr=sys.stderr,
        text=True,
        check=False,
    )


class DirectoryLock:
    """A cross-process lock made of an atomic mkdir, so parallel stacks init the shared data dir once."""

    def __init__(self, path: Path) -> None:
        self._path = path

    def __enter__(self) -> "DirectoryLock":
        deadline = time.monotonic() + LOCK_WAIT_SECONDS
        delay = 0.05
        self._path.parent.mkdir(parents=True, exist_ok=True)
        while True:
            try:
                self._path.mkdir()
                return self
            except FileExistsError:
                if time.monotonic() > deadline:
                    raise StackError(f"waited {LOCK_WAIT_SECONDS:.0f}s for {self._path}; remove it if stale")
                time.sleep(delay)
                delay = min(delay * 2, 1.0)

    def __exit__(self, *_: object) -> None:
        self._path.rmdir()


def init_fingerprint(mirror: Path) -> str:
    versions = (INFRA_DIR / "versions.tf").read_bytes()
    return hashlib.sha256(versions + str(mirror).encode() + str(STACKS_DIR).encode()).hexdigest()


def ensure_initialised(env: dict[str, str]) -> None:
    """Runs `terraform init` once per working copy (the provider start is slow), not once per stack."""
    mirror = discover_mirror()
    stamp = DATA_DIR / "init.stamp"
    fingerprint = init_fingerprint(mirror)
    with DirectoryLock(WORK_DIR / "init.lock"):
        lock_file = INFRA_DIR / ".terraform.lock.hcl"
        if lock_file.is_file() and stamp.is_file() and stamp.read_text(encoding="utf-8") == fingerprint:
            return
        log.info("initialising Terraform from the provider mirror at %s", mirror)
        backend = [
            f"-backend-config=workspace_dir={STACKS_DIR.as_posix()}",
            f"-backend-config=path={(WORK_DIR / 'default.tfstate').as_posix()}",
        ]
        result = run_terraform(["init", "-input=false", "-no-color", "-reconfigure", *backend], env)
        if result.returncode != 0:
            raise TerraformFailed("init", result.returncode)
        stamp.write_text(fingerprint, encoding="utf-8")


class TerraformFailed(Exception):
    def __init__(self, step: str, code: int) -> None:
        super().__init__(f"terraform {step} failed with exit status {code}")


def stack_environment(settings: StackSettings) -> dict[str, str]:
    """The child environment for one stack; TF_WORKSPACE selects its state without touching shared files."""
    env = child_environment(settings)
    ensure_initialised(env)
    ensure_workspace(settings, env)
    env["TF_WORKSPACE"] = settings.prefix
    return env


def ensure_workspace(settings: StackSettings, env: dict[str, str]) -> None:
    if settings.state_file.is_file():
        return
    # `workspace new` records the new workspace as current in the shared data dir, which parallel stacks would race
    # on: so every Terraform command names its workspace in TF_WORKSPACE and never relies on the current one.
    command = [find_terraform(), f"-chdir={INFRA_DIR}", "workspace", "new", "-no-color", settings.prefix]
    env = {name: value for name, value in env.items() if name != "TF_WORKSPACE"}
    result = subprocess.run(command, env=env, stdin=subprocess.DEVNULL, capture_output=True, text=True, check=False)
    if result.returncode != 0 and "already exists" not in result.stderr + result.stdout:
        log.error("%s", (result.stderr + result.stdout).strip())
        raise TerraformFailed("workspace new", result.returncode)


def var_arguments(settings: StackSettings) -> list[str]:
    values = {
        "name_prefix": settings.prefix,
        "region": settings.region,
        "endpoint": settings.endpoint,
        "lambda_zip_path": settings.zip_path,
    }
    var_file = settings.directory / "stack.tfvars.json"
    var_file.write_text(json.dumps(values, indent=2) + "\n", encoding="utf-8")
    # --var values go through -var, where Terraform parses them by the variable's type (lists, numbers).
    extra = [f"-var={name}={value}" for name, value in settings.extra_vars.items()]
    return [f"-var-file={var_file}", *extra]


def read_outputs(settings: StackSettings, env: dict[str, str]) -> dict[str, object]:
    result = run_terraform(["output", "-json", "-no-color"], env, capture=True)
    if result.returncode != 0:
        raise TerraformFailed("output", result.returncode)
    return {name: item["value"] for name, item in json.loads(result.stdout or "{}").items()}


# ---------------------------------------------------------------------------------------------
# Subcommands
# ---------------------------------------------------------------------------------------------


def settings_from(args: argparse.Namespace, for_destroy: bool) -> StackSettings:
    if not PREFIX_PATTERN.match(args.prefix):
        raise StackError(f"--prefix {args.prefix!r}: use 1-40 lowercase letters, digits or dashes (S3 bucket rules)")
    saved = StackSettings.load(args.prefix) or StackSettings(prefix=args.prefix)
    if args.endpoint is not None:
        saved.endpoint = args.endpoint.rstrip("/")
    if args.region:
        saved.region = args.region
    if args.zip:
        saved.zip_path = str(Path(args.zip).resolve())
    elif not saved.zip_path:
        saved.zip_path = str(DEFAULT_ZIP)
    for item in args.var or []:
        name, sep, value = item.partition("=")
        if not sep or not name:
            raise StackError(f"--var {item!r}: expected name=value")
        saved.extra_vars[name] = value
    if not Path(saved.zip_path).is_file():
        if not for_destroy:
            raise StackError(f"the function zip {saved.zip_path} does not exist; publish it or pass --zip")
        # filebase64sha256 needs a file even to plan a destroy; any zip will do for deleting.
        saved.zip_path = str(placeholder_zip(saved.directory))
    return saved


def placeholder_zip(directory: Path) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / "placeholder.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("bootstrap", "#!/bin/sh\nexit 1\n")
    return path


def cmd_apply(args: argparse.Namespace) -> int:
    settings = settings_from(args, for_destroy=False)
    env = stack_environment(settings)
    settings.save()
    fingerprint = apply_fingerprint(settings)
    applied = settings.directory / "applied.sha256"
    if settings.state_file.is_file() and applied.is_file() and applied.read_text(encoding="utf-8") == fingerprint:
        outputs = read_outputs(settings, env)
        if stack_answers(settings, env, outputs):
            # A kept stack re-applied with nothing changed: Terraform would spend 20-30 s to change nothing.
            log.info("%s is unchanged since its last apply and answers: skipping terraform apply", settings.prefix)
            print(json.dumps(outputs), flush=True)
            return EXIT_OK
    applied.unlink(missing_ok=True)
    started = time.monotonic()
    apply = ["apply", "-auto-approve", "-input=false", "-no-color"]
    result = run_terraform(apply + var_arguments(settings), env)
    if result.returncode != 0:
        raise TerraformFailed("apply", result.returncode)
    applied.write_text(fingerprint, encoding="utf-8")
    log.info("applied %s in %.1fs", settings.prefix, time.monotonic() - started)
    print(json.dumps(read_outputs(settings, env)), flush=True)
    return EXIT_OK


def apply_fingerprint(settings: StackSettings) -> str:
    """Everything an apply depends on: the configuration, the function's bytes and every variable."""
    digest = hashlib.sha256()
    for path in sorted(INFRA_DIR.glob("*.tf")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    digest.update(Path(settings.zip_path).read_bytes())
    digest.update(json.dumps([settings.endpoint, settings.region, settings.zip_path, sorted(settings.extra_vars.items())])
                  .encode())
    return digest.hexdigest()


def stack_answers(settings: StackSettings, env: dict[str, str], outputs: dict[str, object]) -> bool:
    """Whether the stack's buckets and function still exist: an emulator restarted since the apply has none."""
    try:
        s3 = stack_client("s3", settings, env)
        s3.head_bucket(Bucket=str(outputs["incoming_bucket"]))
        s3.head_bucket(Bucket=str(outputs["processed_bucket"]))
        stack_client("lambda", settings, env).get_function(FunctionName=str(outputs["function_name"]))
        return True
    except Exception as error:  # noqa: BLE001 - any doubt means: let Terraform look
        log.info("%s does not answer as applied (%s): applying", settings.prefix, type(error).__name__)
        return False


def stack_client(service: str, settings: StackSettings, env: dict[str, str]) -> object:
    """A boto3 client with the credentials Terraform gets: dummy ones for an emulator, the default chain for AWS."""
    import boto3

    return boto3.client(
        service,
        endpoint_url=settings.endpoint or None,
        region_name=settings.region,
        aws_access_key_id=env.get("AWS_ACCESS_KEY_ID"),
        aws_secret_access_key=env.get("AWS_SECRET_ACCESS_KEY"),
        aws_session_token=env.get("AWS_SESSION_TOKEN"),
    )


def empty_buckets(settings: StackSettings, env: dict[str, str]) -> None:
    """Deletes every object of the stack's buckets before Terraform destroys them.

    The buckets have force_destroy, but the AWS provider empties them through ListObjectVersions, and moto 5.2.1
    ignores its URL encoding there: keys with '%' or '+' are missed, and the provider then retries the bucket
    deletion for up to an hour. Listing with ListObjectsV2 and deleting in batches works on AWS and emulators alike.
    """
    try:
        import boto3
    except ImportError:
        log.warning("boto3 is missing: Terraform empties the buckets itself (slow or stuck on moto)")
        return
    outputs = read_outputs(settings, env)
    s3 = stack_client("s3", settings, env)
    for output in ("incoming_bucket", "processed_bucket"):
        bucket = outputs.get(output)
        if not bucket:
            continue
        try:
            deleted = 0
            for page in s3.get_paginator("list_objects_v2").paginate(Bucket=bucket):
                keys = [{"Key": item["Key"]} for item in page.get("Contents", [])]
                if keys:
                    s3.delete_objects(Bucket=bucket, Delete={"Objects": keys, "Quiet": True})
                    deleted += len(keys)
            log.info("emptied %s (%d objects)", bucket, deleted)
        except s3.exceptions.NoSuchBucket:
            log.info("bucket %s is already gone", bucket)
        except Exception as error:  # noqa: BLE001 - Terraform's destroy still runs, and says what it cannot do
            # An endpoint that is gone or is no S3 (a failed apply against the wrong URL) must not stop the destroy.
            log.warning("could not empty %s (%s: %s); Terraform's destroy will try", bucket, type(error).__name__, error)


def cmd_destroy(args: argparse.Namespace) -> int:
    settings = settings_from(args, for_destroy=True)
    if not settings.state_file.is_file():
        # Idempotent, so a teardown hook may call it after an apply that never got as far as state.
        log.info("no state for %s under %s: nothing to destroy", settings.prefix, STACKS_DIR)
        shutil.rmtree(settings.directory, ignore_errors=True)
        print(json.dumps({"destroyed": settings.prefix}), flush=True)
        return EXIT_OK
    env = stack_environment(settings)
    empty_buckets(settings, env)
    started = time.monotonic()
    destroy = ["destroy", "-auto-approve", "-input=false", "-no-color"]
    result = run_terraform(destroy + var_arguments(settings), env)
    if result.returncode != 0:
        raise TerraformFailed("destroy", result.returncode)
    log.info("destroyed %s in %.1fs", settings.prefix, time.monotonic() - started)
    # Removing the directory is deleting the workspace: the local backend lists workspaces by directory.
    shutil.rmtree(settings.directory, ignore_errors=True)
    print(json.dumps({"destroyed": settings.prefix}), flush=True)
    return EXIT_OK


DERIVED_SUFFIX = re.compile(r"-s\d+$")
MAX_PREFIX_LENGTH = 24  # the suite's prefix rule; a derived stack cuts the run's prefix to fit its suffix


def derived_from(run_prefix: str, prefix: str) -> bool:
    """Whether `prefix` names the run's own stack or one the suite derived from it (`<run>-s1`, a feature's)."""
    if prefix == run_prefix:
        return True
    suffix = DERIVED_SUFFIX.search(prefix)
    if suffix is None:
        return False
    base = prefix[:suffix.start()]
    return base == run_prefix[:MAX_PREFIX_LENGTH - len(suffix.group())]


def cmd_teardown(args: argparse.Namespace) -> int:
    """Teardown only: destroys a run's stack and every stack derived from it, as the run's own end would."""
    if not PREFIX_PATTERN.match(args.prefix):
        raise StackError(f"--prefix {args.prefix!r}: use 1-40 lowercase letters, digits or dashes (S3 bucket rules)")
    prefixes = [directory.name for directory in sorted(STACKS_DIR.glob("*")) if STACKS_DIR.is_dir()
                and StackSettings.load(directory.name) is not None and derived_from(args.prefix, directory.name)]
    if not prefixes:
        log.info("no stack of run %s under %s: nothing to tear down", args.prefix, STACKS_DIR)
    failed = []
    for prefix in prefixes:
        try:
            cmd_destroy(argparse.Namespace(prefix=prefix, endpoint=None, region=None, zip=None, var=None))
        except (StackError, TerraformFailed) as error:
            # Go on with the others: one stuck stack must not keep the rest of the run's resources alive.
            log.error("%s: %s", prefix, error)
            failed.append(prefix)
    print(json.dumps({"torn_down": [prefix for prefix in prefixes if prefix not in failed], "failed": failed}),
          flush=True)
    return EXIT_OK if not failed else EXIT_TERRAFORM


def cmd_outputs(args: argparse.Namespace) -> int:
    settings = StackSettings.load(args.prefix)
    if settings is None or not settings.state_file.is_file():
        raise StackError(f"no stack {args.prefix!r} under {STACKS_DIR}; apply it first")
    print(json.dumps(read_outputs(settings, stack_environment(settings))), flush=True)
    return EXIT_OK


def cmd_validate(_: argparse.Namespace) -> int:
    """Offline check of the configuration: init from the mirror, then `terraform validate`."""
    env = child_environment(None)
    ensure_initialised(env)
    result = run_terraform(["validate", "-no-color"], env)
    if result.returncode != 0:
        raise TerraformFailed("validate", result.returncode)
    print(json.dumps({"valid": True}), flush=True)
    return EXIT_OK


def offline_plan(label: str, endpoint: str, work: Path) -> dict[str, object]:
    """Plans a fresh stack with dummy credentials and no network; returns `terraform show -json` of the plan."""
    settings = StackSettings(prefix=f"plan-{label}", endpoint=endpoint, region="eu-west-1",
                             zip_path=str(placeholder_zip(work)), extra_vars={"offline_plan": "true"})
    env = child_environment(settings)
    ensure_initialised(env)
    env.update({"AWS_ACCESS_KEY_ID": "offline", "AWS_SECRET_ACCESS_KEY": "offline", "AWS_EC2_METADATA_DISABLED": "true"})
    for name in ("AWS_PROFILE", "AWS_SESSION_TOKEN"):
        env.pop(name, None)
    # The default workspace, which no stack uses: its state is empty, so the plan creates everything, whatever
    # stacks this working copy holds (the shared data dir remembers the last workspace created as current).
    env["TF_WORKSPACE"] = "default"
    values = {"name_prefix": settings.prefix, "region": settings.region, "endpoint": endpoint,
              "lambda_zip_path": settings.zip_path, "offline_plan": True}
    var_file = work / f"{label}.tfvars.json"
    var_file.write_text(json.dumps(values), encoding="utf-8")
    plan_file = work / f"{label}.tfplan"
    plan = ["plan", "-input=false", "-no-color", "-refresh=false", "-lock=false", f"-var-file={var_file}",
            f"-out={plan_file}"]
    if run_terraform(plan, env).returncode != 0:
        raise TerraformFailed(f"plan ({label})", 1)
    shown = run_terraform(["show", "-json", "-no-color", str(plan_file)], env, capture=True)
    if shown.returncode != 0:
        raise TerraformFailed(f"show ({label})", shown.returncode)
    return json.loads(shown.stdout)


def planned_resources(plan: dict[str, object]) -> set[str]:
    return {change["address"] for change in plan.get("resource_changes", []) if "create" in change["change"]["actions"]}


def endpoint_overrides(plan: dict[str, object]) -> dict[str, str]:
    # The provider's endpoints come from one local, exposed as an output (providers.tf): a dynamic block does not
    # show in the plan's configuration, its value does.
    return plan.get("planned_values", {}).get("outputs", {}).get("endpoint_overrides", {}).get("value") or {}


def cmd_plan_check(_: argparse.Namespace) -> int:
    """Offline: the AWS plan creates the same resources as an emulator plan, with no endpoint overrides."""
    with tempfile.TemporaryDirectory(prefix="stack-plan-") as folder:
        work = Path(folder)
        aws = offline_plan("aws", "", work)
        emulator = offline_plan("emulator", "http://127.0.0.1:4566", work)
    aws_resources, emulator_resources = planned_resources(aws), planned_resources(emulator)
    problems = []
    if aws_resources != emulator_resources:
        problems.append(f"resources differ: only aws {sorted(aws_resources - emulator_resources)}, "
                        f"only emulator {sorted(emulator_resources - aws_resources)}")
    if endpoint_overrides(aws):
        problems.append(f"the AWS plan overrides endpoints: {endpoint_overrides(aws)}")
    if not endpoint_overrides(emulator):
        # Proves the check reads the overrides at all: the emulator's plan must show them.
        problems.append("the emulator plan shows no endpoint overrides: the check cannot see them")
    for problem in problems:
        log.error("%s", problem)
    print(json.dumps({"resources": sorted(aws_resources), "same_as_emulator": aws_resources == emulator_resources,
                      "aws_endpoint_overrides": endpoint_overrides(aws),
                      "emulator_endpoint_overrides": sorted(endpoint_overrides(emulator))}), flush=True)
    return EXIT_OK if not problems else EXIT_TERRAFORM


def cmd_list(_: argparse.Namespace) -> int:
    stacks = []
    for directory in sorted(STACKS_DIR.glob("*")) if STACKS_DIR.is_dir() else []:
        settings = StackSettings.load(directory.name)
        if settings is not None:
            stacks.append({
                "prefix": settings.prefix,
                "endpoint": settings.endpoint,
                "region": settings.region,
                "applied": settings.state_file.is_file(),
            })
    print(json.dumps(stacks), flush=True)
    return EXIT_OK


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="stack.py", description="Apply, inspect and destroy PipelineSpecs stacks.")
    commands = parser.add_subparsers(dest="command", required=True)
    for name, handler in (("apply", cmd_apply), ("destroy", cmd_destroy)):
        sub = commands.add_parser(name)
        sub.set_defaults(handler=handler)
        sub.add_argument("--prefix", required=True, help="name prefix of every resource; also names the state")
        sub.add_argument("--endpoint", help="emulator URL; omit (or pass '') for real AWS")
        sub.add_argument("--region", help="AWS region (default us-east-1, or what the stack was applied with)")
        sub.add_argument("--zip", help=f"function zip (default {DEFAULT_ZIP.relative_to(REPO_ROOT).as_posix()})")
        sub.add_argument("--var", action="append", metavar="NAME=VALUE", help="any other Terraform variable")
    outputs = commands.add_parser("outputs")
    outputs.set_defaults(handler=cmd_outputs)
    outputs.add_argument("--prefix", required=True)
    teardown = commands.add_parser(
        "teardown", help="teardown only: destroy a run's stack and the stacks derived from it (<prefix>-sN)")
    teardown.set_defaults(handler=cmd_teardown)
    teardown.add_argument("--prefix", required=True, help="the run's prefix (PIPELINESPECS_STACK_PREFIX)")
    commands.add_parser("list").set_defaults(handler=cmd_list)
    commands.add_parser("validate", help="terraform validate, offline").set_defaults(handler=cmd_validate)
    commands.add_parser(
        "plan-check", help="offline plans of the AWS and the emulator configuration; they must create the same resources"
    ).set_defaults(handler=cmd_plan_check)
    return parser.parse_args(argv)


def main(argv: list[str]) -> int:
    logging.basicConfig(level=logging.INFO, stream=sys.stderr, format="%(asctime)s %(levelname)s stack: %(message)s")
    args = parse_args(argv)
    try:
        return args.handler(args)
    except StackError as error:
        log.error("%s", error)
        return EXIT_USAGE
    except TerraformFailed as error:
        log.error("%s", error)
        return EXIT_TERRAFORM


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
