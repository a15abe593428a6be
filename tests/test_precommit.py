"""The hooks of .pre-commit-hooks.yaml, installed and run by the real pre-commit on commits."""

from __future__ import annotations

import importlib.util
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import yaml

from tests.fakes.marketplace import FakeMarketplace

ROOT = Path(__file__).resolve().parent.parent
REQUIRE_VARIABLE = "IMAGELINT_REQUIRE_PRECOMMIT"
HOOK_IDS = ("imagelint", "imagelint-offline")
# The first hook run builds pre-commit's environment: a virtualenv and `pip install` of
# imagelint with its dependencies, from the package index pip is configured with.
FIRST_RUN_TIMEOUT = 900.0
RUN_TIMEOUT = 120.0
# The lines the tests point at in LAYOUT below.
WORKER_IMAGE = "modules/web/main.tf:16:11"
SERVER_TYPE_DEFAULT = "modules/web/variables.tf:14:13"
SERVER_TYPE_USE = "modules/web/main.tf:4:11"

_ROOT_MODULE = """\
terraform {{
  required_providers {{
    scaleway = {{
      source  = "scaleway/scaleway"
      version = ">= 2.50"
    }}
  }}
}}

provider "scaleway" {{
  zone = "fr-par-1"
}}

module "web" {{
  source   = "../../modules/web"
  replicas = {replicas}
}}
"""

# Two root modules calling one shared module, as infrastructure repositories are laid out.
LAYOUT: Mapping[str, str] = {
    "live/prod/main.tf": _ROOT_MODULE.format(replicas=2),
    "live/staging/main.tf": _ROOT_MODULE.format(replicas=1),
    "modules/web/variables.tf": """\
variable "replicas" {
  type    = number
  default = 1
}

variable "image" {
  type        = string
  description = "Marketplace image label of the web servers"
  default     = "ubuntu_jammy"
}

variable "server_type" {
  type    = string
  default = "DEV1-S"
}
""",
    "modules/web/main.tf": """\
resource "scaleway_instance_server" "web" {
  count = var.replicas
  name  = "web-${count.index}"
  type  = var.server_type
  image = var.image

  root_volume {
    size_in_gb  = 20
    volume_type = "sbs_volume"
  }
}

resource "scaleway_instance_server" "worker" {
  name  = "worker"
  type  = "COPARM1-2C-8G"
  image = "ubuntu_noble"
}
""",
    # Staged with every commit that touches it: the hook must skip it without a word.
    ".github/workflows/plan.yml": "on: pull_request\njobs:\n  plan:\n    runs-on: ubuntu-latest\n",
}


def _require_pre_commit() -> None:
    missing = [
        name
        for name, present in (
            ("the pre_commit package", importlib.util.find_spec("pre_commit") is not None),
            ("git", shutil.which("git") is not None),
        )
        if not present
    ]
    if not missing:
        return
    reason = f"not installed: {' and '.join(missing)}, which the pre-commit hook tests need"
    if os.environ.get(REQUIRE_VARIABLE) == "1":
        pytest.fail(f"{reason} ({REQUIRE_VARIABLE}=1)")
    pytest.skip(reason)


def _run(
    args: list[str], cwd: Path, env: Mapping[str, str], timeout: float = RUN_TIMEOUT
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        args,
        cwd=cwd,
        env=dict(env),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        timeout=timeout,
        check=False,
    )


def _checked(args: list[str], cwd: Path, env: Mapping[str, str]) -> str:
    done = _run(args, cwd, env)
    assert done.returncode == 0, f"{' '.join(args)} failed:\n{done.stdout}"
    return done.stdout


def _pre_commit(*args: str) -> list[str]:
    return [sys.executable, "-m", "pre_commit", *args]


@pytest.fixture(scope="module")
def env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """One PRE_COMMIT_HOME for the module (the hook environment is built once), and nothing
    of the user's git, Scaleway or Terraform settings."""
    _require_pre_commit()
    home = tmp_path_factory.mktemp("pre-commit-home")
    git_config = home / "gitconfig"
    git_config.write_text("", encoding="utf-8")
    kept = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(("GIT_", "SCW_", "TF_", "PRE_COMMIT", "IMAGELINT_"))
    }
    return {
        **kept,
        "PRE_COMMIT_HOME": str(home / "cache"),
        "GIT_CONFIG_GLOBAL": str(git_config),
        "GIT_CONFIG_NOSYSTEM": "1",
        "SCW_CONFIG_PATH": str(home / "no-scw-config.yaml"),
        "NO_COLOR": "1",
    }


@pytest.fixture(scope="module")
def hook_repo(tmp_path_factory: pytest.TempPathFactory, env: Mapping[str, str]) -> Path:
    """This working tree, committed as it is, as a hook repository: pre-commit clones a
    commit, and try-repo on the working tree itself would leave out untracked files."""
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT,
        env=dict(env),
        capture_output=True,
        check=True,
    ).stdout.decode()
    repo = tmp_path_factory.mktemp("hook-repo")
    for name in filter(None, listed.split("\0")):
        source = ROOT / name
        if source.is_file():  # a tracked file deleted in the working tree is not part of it
            (repo / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, repo / name)
    assert (repo / ".pre-commit-hooks.yaml").is_file()
    _init_git(repo, env)
    _checked(["git", "add", "--all"], repo, env)
    _checked(["git", "commit", "--quiet", "--message", "imagelint under test"], repo, env)
    return repo


def _init_git(directory: Path, env: Mapping[str, str]) -> None:
    _checked(["git", "init", "--quiet", "--initial-branch", "main"], directory, env)
    _checked(["git", "config", "user.name", "Imagelint Test"], directory, env)
    _checked(["git", "config", "user.email", "test@imagelint.invalid"], directory, env)
    _checked(["git", "config", "commit.gpgsign", "false"], directory, env)


def _head(directory: Path, env: Mapping[str, str]) -> str:
    return _checked(["git", "rev-parse", "HEAD"], directory, env).strip()


def _write(directory: Path, files: Mapping[str, str]) -> None:
    for name, text in files.items():
        (directory / name).parent.mkdir(parents=True, exist_ok=True)
        (directory / name).write_text(text, encoding="utf-8")


@pytest.fixture
def project(tmp_path: Path, env: Mapping[str, str], hook_repo: Path) -> Iterator[Path]:
    """A Terraform repository with the offline hook installed, its first commit made through
    the hook (a clean layout passes)."""
    _init_git(tmp_path, env)
    _write(tmp_path, LAYOUT)
    config = {
        "repos": [
            {
                "repo": str(hook_repo),
                "rev": _head(hook_repo, env),
                "hooks": [{"id": "imagelint-offline"}],
            }
        ]
    }
    (tmp_path / ".pre-commit-config.yaml").write_text(yaml.safe_dump(config), encoding="utf-8")
    _checked(_pre_commit("install"), tmp_path, env)
    _checked(["git", "add", "--all"], tmp_path, env)
    first = _run(["git", "commit", "--message", "web servers"], tmp_path, env, FIRST_RUN_TIMEOUT)
    assert first.returncode == 0, first.stdout
    assert re.search(r"imagelint \(offline catalog\)\.+Passed", first.stdout), first.stdout
    yield tmp_path


DEV_ENVIRONMENT: Mapping[str, str] = {
    "live/dev/versions.tf": _ROOT_MODULE.format(replicas=1).split("\n\n")[0] + "\n",
    "live/dev/providers.tf": 'provider "scaleway" {\n  zone = "fr-par-1"\n}\n',
    "live/dev/variables.tf": 'variable "web_replicas" {\n  type = number\n}\n',
    "live/dev/terraform.tfvars": "web_replicas = 1\n",
    "live/dev/main.tf": (
        'module "web" {\n  source   = "../../modules/web"\n  replicas = var.web_replicas\n}\n'
    ),
    "live/dev/outputs.tf": 'output "environment" {\n  value = "dev"\n}\n',
}


@dataclass(frozen=True)
class Commit:
    name: str
    # path -> (old text, new text), each replaced once
    edits: Mapping[str, tuple[str, str]]
    passes: bool
    shown: tuple[str, ...] = ()
    created: Mapping[str, str] = field(default_factory=dict)


COMMITS = (
    Commit(
        "a clean change passes",
        {"modules/web/main.tf": ('image = "ubuntu_noble"', 'image = "ubuntu_jammy"')},
        passes=True,
    ),
    Commit(
        "a server broken in the committed file fails at the value",
        {"modules/web/main.tf": ('image = "ubuntu_noble"', 'image = "ubuntu_bionic"')},
        passes=False,
        shown=(f"{WORKER_IMAGE}: error [image-zone-unavailable] ubuntu_bionic",),
    ),
    Commit(
        # Only variables.tf is staged: imagelint evaluates the module it belongs to, through
        # both root modules, and reports at the default the commit changed.
        "a variable default that breaks a server in main.tf fails at the default",
        {"modules/web/variables.tf": ('default = "DEV1-S"', 'default = "H100-1-80G"')},
        passes=False,
        shown=(
            f"{SERVER_TYPE_DEFAULT}: error [commercial-type-incompatible] H100-1-80G",
            f"via: {SERVER_TYPE_USE}: var.server_type",
            "findings: 3 errors",  # web[0], web[1] of prod and web[0] of staging
        ),
    ),
    Commit(
        # A new environment and two changed ones: nine files, which pre-commit would split
        # over parallel runs (at least 4 files each, as many runs as CPUs) without
        # require_serial, each printing a summary (on one CPU, one run either way).
        "files in several directories are checked by one run with one summary",
        {
            "live/prod/main.tf": ("replicas = 2", 'replicas    = 2\n  server_type = "DEV1-SS"'),
            "live/staging/main.tf": (
                "replicas = 1",
                'replicas    = 1\n  server_type = "GPU-3070-S"',
            ),
            ".github/workflows/plan.yml": ("pull_request", "[pull_request]"),
        },
        passes=False,
        shown=(
            'live/prod/main.tf:17:17: error [commercial-type-unknown] commercial type "DEV1-SS"',
            "live/staging/main.tf:17:17: error [commercial-type-incompatible] GPU-3070-S",
            "8 files (1 other YAML/JSON skipped)",
            "findings: 3 errors",
        ),
        created=DEV_ENVIRONMENT,
    ),
)


# The finding points at main.tf's volume_type and its chain leaves out the image, yet the
# image default changed in variables.tf is what breaks the server: every finding of an
# instance the given file touches is reported (this passed, wrongly, before app._reported
# said so).
IMAGE_DEFAULT = Commit(
    "an image default that breaks a server in main.tf fails",
    {"modules/web/variables.tf": ('default     = "ubuntu_jammy"', 'default     = "ubuntu_bionic"')},
    passes=False,
    shown=("modules/web/main.tf:9:19: error [image-volume-type-mismatch] DEV1-S",),
)


@pytest.mark.parametrize(
    "commit",
    [
        *COMMITS,
        IMAGE_DEFAULT,
    ],
    ids=lambda commit: commit.name,
)
def test_commit_through_the_hook(project: Path, env: Mapping[str, str], commit: Commit) -> None:
    for name, (old, new) in commit.edits.items():
        path = project / name
        text = path.read_text(encoding="utf-8")
        assert text.count(old) == 1, f"{old!r} is not once in {name}"
        path.write_text(text.replace(old, new), encoding="utf-8")
    _write(project, commit.created)
    before = _head(project, env)
    _checked(["git", "add", *commit.edits, *commit.created], project, env)

    done = _run(["git", "commit", "--message", commit.name], project, env)

    output = done.stdout
    assert (done.returncode == 0) is commit.passes, output
    assert (_head(project, env) != before) is commit.passes, output
    verdict = "Passed" if commit.passes else "Failed"
    assert re.search(rf"imagelint \(offline catalog\)\.+{verdict}", output), output
    for expected in commit.shown:
        assert expected in output, output
    if not commit.passes:
        assert "- exit code: 1" in output, output
        assert output.count("findings:") == 1, output  # one run, one summary


def test_try_repo_runs_the_default_hook_against_the_api(
    project: Path, env: Mapping[str, str], hook_repo: Path, marketplace: FakeMarketplace
) -> None:
    # The way the pre-commit documentation says to try a hook before adopting it: on the
    # staged files, with the default hook asking the (loopback) Marketplace API.
    main = project / "modules/web/main.tf"
    main.write_text(
        main.read_text(encoding="utf-8").replace('"ubuntu_noble"', '"ubuntu_bionic"'),
        encoding="utf-8",
    )
    _checked(["git", "add", "modules/web/main.tf"], project, env)
    api_env = {**env, "SCW_API_URL": marketplace.url}

    done = _run(
        _pre_commit("try-repo", str(hook_repo), "imagelint", "--ref", _head(hook_repo, env)),
        project,
        api_env,
    )

    assert done.returncode == 1, done.stdout
    assert re.search(r"imagelint\.+Failed", done.stdout), done.stdout
    assert f"{WORKER_IMAGE}: error [image-zone-unavailable] ubuntu_bionic" in done.stdout
    assert "snapshot" not in done.stdout, done.stdout  # the API answered, not the fallback
    assert marketplace.requests, "the hook never asked the Marketplace API"


def _manifest() -> list[dict[str, object]]:
    loaded = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert isinstance(loaded, list)
    return loaded


def test_the_manifest_is_valid_for_pre_commit(env: Mapping[str, str]) -> None:
    _checked(_pre_commit("validate-manifest", str(ROOT / ".pre-commit-hooks.yaml")), ROOT, env)
    hooks = {hook["id"]: hook for hook in _manifest()}
    assert tuple(hooks) == HOOK_IDS
    for hook in hooks.values():
        assert hook["language"] == "python"
        assert hook["require_serial"] is True and hook["pass_filenames"] is True
        assert hook["files"] == hooks["imagelint"]["files"]
    assert hooks["imagelint-offline"]["entry"] == "imagelint check --catalog offline"


# Names pre-commit would pass (it matches `files` with re.search on the repository path).
PASSED = (
    "main.tf",
    "live/prod/main.tf.json",
    "terraform.tfvars",
    "prod.auto.tfvars.json",
    "images/web.pkr.hcl",
    "images/web.pkr.json",
    "images/prod.pkrvars.hcl",
    "images/prod.pkrvars.json",
    "playbooks/site.yml",
    "clusters/machines.yaml",
    "Pulumi.yaml",
    "Pulumi.prod.yaml",
    "fleet.imagelint.yaml",
)
NOT_PASSED = (
    "package.json",  # plain JSON: see the comment in .pre-commit-hooks.yaml
    "plan.json",
    "main.tf.bak",
    "README.md",
    "variables.tfstate",
    "tests/web.tftest.hcl",
    "scripts/yaml.py",
)


@pytest.mark.parametrize(
    ("name", "passed"), [(n, True) for n in PASSED] + [(n, False) for n in NOT_PASSED]
)
def test_files_pattern(name: str, passed: bool) -> None:
    pattern = _manifest()[0]["files"]
    assert isinstance(pattern, str)
    assert (re.search(pattern, name) is not None) is passed
