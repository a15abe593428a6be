"""The run cache never serves a stale result: each kind of input a source reads, changed
after a cached run, changes the next run's report exactly as an uncached run sees it."""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from imagelint.app import Options, check
from imagelint.reporters.json import to_dict

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
OLD = time.time() - 3600  # older than any racy window: unchanged stats are trusted

TERRAFORM = {
    "live/main.tf": """
variable "image" { type = string }
variable "type" {
  type    = string
  default = "DEV1-S"
}
variable "zone" {
  type    = string
  default = "fr-par-1"
}

module "web" {
  source = "../modules/web"
  image  = var.image
  type   = var.type
  zone   = var.zone
}

resource "scaleway_instance_server" "db" {
  image = "ubuntu_jammy"
  type  = "DEV1-S"
}
""",
    "live/terraform.tfvars": 'image = "ubuntu_jammy"\n',
    "live/extra.tfvars": 'type = "DEV1-S"\n',
    "modules/web/main.tf": """
variable "image" { type = string }
variable "type" { type = string }
variable "zone" { type = string }

resource "scaleway_instance_server" "web" {
  image = var.image
  type  = var.type
  zone  = var.zone
}
""",
    "home/.config/scw/config.yaml": "default_zone: fr-par-2\n",
}
PROFILE = "home/.config/scw/config.yaml"
# A file only looked for (fileexists), in a directory no source lists.
LOOKED_FOR = {
    **TERRAFORM,
    "modules/web/main.tf": TERRAFORM["modules/web/main.tf"].replace(
        "type  = var.type", 'type  = fileexists("${path.module}/data/flag") ? "NOPE" : var.type'
    ),
    "modules/web/data/README": "flag: set to use another type\n",
}
UNKNOWN_ZONE = "nl-ams-9"


@dataclass(frozen=True)
class Case:
    name: str
    files: dict[str, str]
    paths: tuple[str, ...]
    change: Callable[[Path, dict[str, str]], None]  # edits the tree or the environment
    env: dict[str, str] = field(default_factory=dict)
    var_files: tuple[str, ...] = ()


def locate(root: Path, relative: str) -> Path:
    """home/... is the user's home directory, anything else is in the checked tree."""
    return root / relative if relative.startswith("home/") else root / "tree" / relative


def write(root: Path, relative: str, text: str) -> None:
    path = locate(root, relative)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def edit(relative: str, old: str, new: str) -> Callable[[Path, dict[str, str]], None]:
    def change(root: Path, env: dict[str, str]) -> None:
        path = locate(root, relative)
        text = path.read_text(encoding="utf-8")
        assert old in text, (relative, old)
        path.write_text(text.replace(old, new), encoding="utf-8")

    return change


def set_env(name: str, value: str) -> Callable[[Path, dict[str, str]], None]:
    def change(root: Path, env: dict[str, str]) -> None:
        env[name] = value

    return change


def remove(relative: str) -> Callable[[Path, dict[str, str]], None]:
    def change(root: Path, env: dict[str, str]) -> None:
        locate(root, relative).unlink()

    return change


def add(relative: str, text: str) -> Callable[[Path, dict[str, str]], None]:
    def change(root: Path, env: dict[str, str]) -> None:
        write(root, relative, text)

    return change


def sample(name: str) -> dict[str, str]:
    root = SAMPLES / name
    return {
        p.relative_to(root).as_posix(): p.read_text(encoding="utf-8")
        for p in root.rglob("*")
        if p.is_file() and p.name != "expected.json"
    }


NEW_SERVER = (
    'resource "scaleway_instance_server" "more" {\n  image = "ubuntu_jammy"\n  type  = "GP1-S"\n}\n'
)
CASES = [
    Case("module outside the walked path", TERRAFORM, ("live",),
         edit("modules/web/main.tf", "type  = var.type", 'type  = "NOT-A-TYPE"')),
    Case("tfvars", TERRAFORM, ("live",),
         edit("live/terraform.tfvars", "ubuntu_jammy", "no_such_label")),
    Case("var file", TERRAFORM, ("live",),
         edit("live/extra.tfvars", "DEV1-S", "NOT-A-TYPE"), var_files=("live/extra.tfvars",)),
    Case("TF_VAR_x", TERRAFORM, ("live",), set_env("TF_VAR_zone", UNKNOWN_ZONE)),
    Case("SCW_DEFAULT_ZONE", TERRAFORM, ("live",), set_env("SCW_DEFAULT_ZONE", UNKNOWN_ZONE)),
    Case("scw profile in the home directory", TERRAFORM, ("live",),
         edit(PROFILE, "fr-par-2", UNKNOWN_ZONE)),
    Case("scw profile written later", {k: v for k, v in TERRAFORM.items() if k != PROFILE},
         ("live",), add(PROFILE, f"default_zone: {UNKNOWN_ZONE}\n")),
    Case("new file in a walked directory", TERRAFORM, ("live",), add("live/more.tf", NEW_SERVER)),
    Case("file looked for", LOOKED_FOR, ("live",), add("modules/web/data/flag", "")),
    Case("deleted file", TERRAFORM, ("live",), remove("live/terraform.tfvars")),
    Case("file given one by one", TERRAFORM, ("live/main.tf",),
         edit("modules/web/main.tf", "type  = var.type", 'type  = "NOT-A-TYPE"')),
    Case("Ansible role default", sample("ansible-fleet"), (".",),
         edit("roles/scaleway_server/defaults/main.yml", "DEV1-M", "NOT-A-TYPE")),
    Case("Ansible group_vars", sample("ansible-fleet"), (".",),
         edit("group_vars/all.yml", "web_type: DEV1-S", "web_type: NOT-A-TYPE")),
    Case("Packer pkrvars", sample("packer-images"), (".",),
         edit("images/prod.auto.pkrvars.hcl", "PRO2-S", "NOT-A-TYPE")),
    Case("PKR_VAR_x", sample("packer-images"), (".",), set_env("PKR_VAR_image", "no_such_label")),
]  # fmt: skip


def age(root: Path) -> None:
    for directory, _, names in os.walk(root):
        for name in (*names, "."):
            os.utime(os.path.join(directory, name), (OLD, OLD))


class Runner:
    def __init__(self, root: Path, case: Case) -> None:
        self.root = root
        self.case = case
        self.cache = root / "cache"
        self.env = {"HOME": str(root / "home"), "IMAGELINT_CACHE_DIR": str(self.cache)}
        self.env.update(case.env)

    def report(self, *, use_cache: bool) -> dict[str, object]:
        options = Options(
            paths=self.case.paths,
            catalog="offline",
            var_files=self.case.var_files,
            env=dict(self.env),
            cwd=self.root / "tree",
            use_cache=use_cache,
        )
        outcome = check(options)
        assert outcome.report is not None, outcome.messages
        return to_dict(outcome.report)

    def entries(self) -> dict[str, int]:
        """Each entry's inode: an entry rewritten (a miss) gets a new one."""
        runs = self.cache / "runs"
        return {p.name: p.stat().st_ino for p in runs.iterdir()} if runs.is_dir() else {}


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_a_changed_input_is_seen_by_the_repeat_run(tmp_path: Path, case: Case) -> None:
    for relative, text in case.files.items():
        write(tmp_path, relative, text)
    (tmp_path / "home").mkdir(exist_ok=True)
    age(tmp_path)
    run = Runner(tmp_path, case)
    cold = run.report(use_cache=True)
    stored = run.entries()
    assert len(stored) == 1
    assert run.report(use_cache=True) == cold == run.report(use_cache=False)
    assert run.entries() == stored  # a hit: the entry was read, not rewritten

    case.change(tmp_path, run.env)
    expected = run.report(use_cache=False)
    assert expected != cold, "the change must matter, or this test proves nothing"
    assert run.report(use_cache=True) == expected
    assert run.entries() != stored


def test_a_file_changed_in_place_is_read_again_while_its_mtime_is_recent(tmp_path: Path) -> None:
    """Same size, same mtime, same inode: only a recent mtime makes the content be compared
    (git's racy entries). Once the mtime is old, the stat alone is trusted (not re-hashed)."""
    tree = tmp_path / "tree"
    for relative, text in TERRAFORM.items():
        write(tmp_path, relative, text)
    case = Case("in place", TERRAFORM, ("live",), edit("", "", ""))
    run = Runner(tmp_path, case)
    tfvars = tree / "live" / "terraform.tfvars"
    cold = run.report(use_cache=True)

    recent = tfvars.stat()
    with open(tfvars, "r+b") as handle:  # same length, same inode
        handle.write(b'image = "ubuntu_jamm_"\n')
    os.utime(tfvars, ns=(recent.st_atime_ns, recent.st_mtime_ns))
    changed = run.report(use_cache=False)
    assert changed != cold
    assert run.report(use_cache=True) == changed

    shutil.rmtree(tmp_path / "cache")
    age(tree)
    assert run.report(use_cache=True) == changed
    stored = run.entries()
    with open(tfvars, "r+b") as handle:
        handle.write(b'image = "ubuntu_jammy"\n')
    os.utime(tfvars, (OLD, OLD))
    run.report(use_cache=True)
    assert run.entries() == stored  # a hit on the stat alone: git's limit, and its speed
