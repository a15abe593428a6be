"""The real CLI in a subprocess, against real files and the loopback fake Marketplace."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.expected import LISTED_IDS, RULE_IDS
from tests.fakes.marketplace import FakeMarketplace

REPO = Path(__file__).resolve().parent.parent
SECRET = "0d2c5a1e-5e3b-4c8e-9f7a-secret-canary"
CLEAN = """\
resource "scaleway_instance_server" "web" {
  image = "ubuntu_jammy"
  type  = "DEV1-S"
}
"""


def imagelint(
    *args: str, cwd: Path, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    base = {k: v for k, v in os.environ.items() if not k.startswith("SCW_")}
    return subprocess.run(
        [sys.executable, "-m", "imagelint", *args],
        cwd=cwd,
        env={**base, **(env or {})},
        capture_output=True,
        text=True,
        timeout=120,
    )


def check_json(
    cwd: Path,
    *options: str,
    env: dict[str, str] | None = None,
    paths: tuple[str, ...] = (".",),
) -> tuple[subprocess.CompletedProcess[str], dict[str, Any]]:
    """`imagelint check PATHS --format json OPTIONS`, and the parsed report."""
    result = imagelint("check", *paths, "--format", "json", *options, cwd=cwd, env=env)
    assert result.stdout, result.stderr
    return result, json.loads(result.stdout)


def write(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    return root


def unused_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_version_and_rules(tmp_path: Path) -> None:
    version = imagelint("--version", cwd=tmp_path)
    assert version.returncode == 0 and "imagelint, version" in version.stdout
    rules = imagelint("rules", cwd=tmp_path)
    assert rules.returncode == 0
    ids = [line.split()[0] for line in rules.stdout.splitlines()]
    assert tuple(ids) == LISTED_IDS


def test_offline_samples_show_every_rule_with_catalog_date() -> None:
    result = imagelint("check", "samples", "--catalog", "offline", cwd=REPO)
    assert result.returncode == 1, result.stderr
    for rule in RULE_IDS:
        assert f"[{rule}]" in result.stdout
    assert "catalog: offline snapshot as of 20" in result.stdout


def test_json_shape_is_exactly_the_documented_one(tmp_path: Path) -> None:
    write(tmp_path, {"main.tf": CLEAN.replace("DEV1-S", "COPARM1-2C-8G") + ""})
    result = imagelint("check", ".", "--catalog", "offline", "--format", "json", cwd=tmp_path)
    doc = json.loads(result.stdout)
    assert set(doc) == {"version", "catalog", "summary", "findings", "warnings"}
    assert doc["version"] == 1
    assert set(doc["catalog"]) == {"source", "as_of", "api_url"}
    assert doc["catalog"]["source"] == "snapshot"
    assert set(doc["summary"]) == {
        "files",
        "skipped",
        "instances",
        "checked",
        "unresolved",
        "unresolved_by_kind",
        "suppressed",
        "baselined",
        "baseline_stale",
        "findings",
    }
    assert set(doc["summary"]["findings"]) == {"error", "warning", "notice"}
    assert doc["summary"]["files"] == 1 and doc["summary"]["instances"] == 1
    for finding in doc["findings"]:
        assert set(finding) == {
            "rule",
            "severity",
            "message",
            "hint",
            "path",
            "line",
            "column",
            "end_line",
            "end_column",
            "resource",
            "fingerprint",
        }


def test_broken_file_is_named_and_the_others_are_still_checked(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "good/main.tf": CLEAN.replace("ubuntu_jammy", "macos"),
            "bad/main.tf": 'resource "scaleway_instance_server" "x" {\n  image = "ubuntu_jammy"\n',
        },
    )
    result = imagelint("check", ".", "--catalog", "offline", cwd=tmp_path)
    assert result.returncode == 2
    assert "bad/main.tf:" in result.stdout and "[parse-error]" in result.stdout
    assert "good/main.tf:2:11: error [image-unknown]" in result.stdout


def test_api_mode_against_the_loopback_marketplace(
    tmp_path: Path, marketplace: FakeMarketplace
) -> None:
    write(
        tmp_path,
        {"main.tf": CLEAN.replace("DEV1-S", "COPARM1-2C-8G") + CLEAN.replace('"web"', '"b"')},
    )
    result, doc = check_json(tmp_path, "--catalog", "api", "--api-url", marketplace.url)
    assert result.returncode == 0, result.stdout + result.stderr
    assert doc["catalog"]["source"] == "api" and doc["catalog"]["api_url"] == marketplace.url
    assert doc["summary"]["checked"] == 2
    # Two instances, one distinct query: asked once.
    asked = [r for r in marketplace.requests if r.path.endswith("/local-images")]
    assert len(asked) == 1
    assert asked[0].query["image_label"] == "ubuntu_jammy"
    assert asked[0].query["type"] == "instance_sbs" and asked[0].query["page_size"] == "100"
    assert asked[0].headers["user-agent"].startswith("imagelint/")


def test_api_mode_retries_503_then_answers(tmp_path: Path, marketplace: FakeMarketplace) -> None:
    write(tmp_path, {"main.tf": CLEAN})
    marketplace.fail_next(status=503, times=2)
    result = imagelint("check", ".", "--catalog", "api", "--api-url", marketplace.url, cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert len(marketplace.requests) == 3


def test_api_unreachable_exits_3_in_api_mode(tmp_path: Path) -> None:
    write(tmp_path, {"main.tf": CLEAN})
    url = f"http://127.0.0.1:{unused_port()}"
    result = imagelint(
        "check", ".", "--catalog", "api", "--api-url", url, "--retries", "0", cwd=tmp_path
    )
    assert result.returncode == 3
    assert "unavailable" in result.stdout + result.stderr
    assert "1 NOT CHECKED" in result.stdout


def test_auto_mode_falls_back_to_the_snapshot_with_a_warning(tmp_path: Path) -> None:
    write(tmp_path, {"main.tf": CLEAN})
    url = f"http://127.0.0.1:{unused_port()}"
    result = imagelint(
        "check", ".", "--api-url", url, "--retries", "0", "--format", "json", cwd=tmp_path
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert json.loads(result.stdout)["catalog"]["source"] == "snapshot"
    assert "could not be reached" in result.stderr


def test_secret_key_is_sent_but_never_shown(tmp_path: Path, marketplace: FakeMarketplace) -> None:
    write(tmp_path, {"main.tf": CLEAN.replace("ubuntu_jammy", "ubuntu_jamy")})
    env = {"SCW_SECRET_KEY": SECRET, "SCW_API_URL": marketplace.url}
    ok = imagelint("check", ".", "--catalog", "api", "--format", "json", cwd=tmp_path, env=env)
    assert marketplace.requests[0].headers["x-auth-token"] == SECRET
    marketplace.fail_next(status=401, times=5)
    denied = imagelint("check", ".", "--catalog", "api", cwd=tmp_path, env=env)
    assert denied.returncode == 3
    for result in (ok, denied):
        assert SECRET not in result.stdout + result.stderr
    assert SECRET not in "".join(
        p.read_text(errors="replace") for p in tmp_path.rglob("*") if p.is_file()
    )


def test_no_token_header_without_a_secret(tmp_path: Path, marketplace: FakeMarketplace) -> None:
    write(tmp_path, {"main.tf": CLEAN})
    imagelint("check", ".", "--catalog", "api", "--api-url", marketplace.url, cwd=tmp_path)
    assert marketplace.requests and all(
        "x-auth-token" not in r.headers for r in marketplace.requests
    )


@pytest.mark.parametrize("args", [("check", "missing-dir"), ("check", "--catalog", "nope", ".")])
def test_usage_errors_exit_2(tmp_path: Path, args: tuple[str, ...]) -> None:
    assert imagelint(*args, cwd=tmp_path).returncode == 2


def test_offline_mode_opens_no_connection(tmp_path: Path, marketplace: FakeMarketplace) -> None:
    write(tmp_path, {"main.tf": CLEAN})
    env = {"SCW_API_URL": marketplace.url}
    result = imagelint("check", ".", "--catalog", "offline", cwd=tmp_path, env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert marketplace.requests == []


def test_auto_mode_falls_back_when_the_api_keeps_failing(
    tmp_path: Path, marketplace: FakeMarketplace
) -> None:
    write(tmp_path, {"main.tf": CLEAN})
    marketplace.fail_next(status=503, times=50)
    result, doc = check_json(tmp_path, "--api-url", marketplace.url, "--retries", "1")
    assert result.returncode == 0, result.stdout + result.stderr
    assert doc["catalog"]["source"] == "snapshot"
    assert "HTTP 503" in result.stderr


def test_an_empty_directory_is_not_a_silent_pass(tmp_path: Path) -> None:
    result = imagelint("check", ".", "--catalog", "offline", cwd=tmp_path)
    assert result.returncode == 0
    assert "warning: no file imagelint reads was found" in result.stdout


def test_sbs_default_and_zone_from_the_environment(tmp_path: Path) -> None:
    # No zone anywhere: SCW_DEFAULT_ZONE decides, and pl-waw-1 has only SBS ubuntu_jammy images.
    write(tmp_path, {"main.tf": CLEAN})
    env = {"SCW_DEFAULT_ZONE": "pl-waw-1"}
    _, doc = check_json(tmp_path, "--catalog", "offline", env=env)
    assert doc["summary"]["checked"] == 1
    local = CLEAN.replace("}", '  root_volume {\n    volume_type = "l_ssd"\n  }\n}')
    write(tmp_path, {"main.tf": local})
    _, doc = check_json(tmp_path, "--catalog", "offline", env=env)
    (finding,) = doc["findings"]
    assert finding["rule"] == "value-unresolved"  # the snapshot holds no local answer there


MODULE = {
    "main.tf": CLEAN.replace('"ubuntu_jammy"', "var.image").replace('"DEV1-S"', "var.type"),
    "variables.tf": 'variable "image" {\n  default = "macos"\n}\n'
    'variable "type" {\n  default = "DEV1-S"\n}\n',
    "other.tf": CLEAN.replace('"web"', '"other"').replace("ubuntu_jammy", "macos"),
}


def test_a_changed_default_is_reported_at_the_default_when_given_alone(tmp_path: Path) -> None:
    # pre-commit passes only variables.tf: the server in main.tf it breaks is reported, at
    # the default; other.tf's own bad literal is not this change's business.
    write(tmp_path, MODULE)
    result, doc = check_json(tmp_path, "--catalog", "offline", paths=("variables.tf",))
    assert result.returncode == 1, result.stderr
    assert doc["summary"]["files"] == 1 and doc["summary"]["instances"] == 1
    (finding,) = doc["findings"]
    assert (finding["rule"], finding["path"], finding["line"]) == (
        "image-unknown",
        "variables.tf",
        2,
    )
    assert [(r["path"], r["line"]) for r in finding["related"]] == [("main.tf", 2)]


def test_a_file_given_alone_is_read_with_its_whole_module(tmp_path: Path) -> None:
    write(tmp_path, MODULE)
    result, doc = check_json(tmp_path, "--catalog", "offline", paths=("main.tf",))
    assert result.returncode == 1, result.stderr
    assert [(f["rule"], f["path"], f["line"]) for f in doc["findings"]] == [
        ("image-unknown", "variables.tf", 2)
    ]


def test_a_broken_neighbour_leaves_the_given_file_unchecked_not_clean(tmp_path: Path) -> None:
    # The broken file may hold the provider block or a variable the server depends on.
    write(tmp_path, {**MODULE, "broken.tf": "resource {\n"})
    result, doc = check_json(tmp_path, "--catalog", "offline", paths=("main.tf",))
    assert result.returncode == 0, result.stderr
    assert doc["summary"]["unresolved"] == 1
    assert doc["summary"]["unresolved_by_kind"] == {"parse-error": 1}
    (finding,) = doc["findings"]
    assert finding["rule"] == "value-unresolved" and "broken.tf" in finding["message"]


def test_the_compatible_image_on_page_two_is_found_end_to_end(
    tmp_path: Path, make_marketplace: Callable[..., FakeMarketplace]
) -> None:
    # Synthetic catalog: 100 x86_64 SBS images that do not list COPARM1-2C-8G, then the one
    # arm64 image that does, on page 2 of page_size=100.
    def image(n: int, types: list[str], arch: str) -> dict[str, object]:
        return {
            "id": f"00000000-0000-4000-8000-{n:012d}",
            "label": "ubuntu_jammy",
            "zone": "fr-par-1",
            "arch": arch,
            "type": "instance_sbs",
            "compatible_commercial_types": types,
        }

    server = make_marketplace(
        [image(n, ["DEV1-S"], "x86_64") for n in range(100)]
        + [image(100, ["COPARM1-2C-8G"], "arm64")]
    )
    write(tmp_path, {"main.tf": CLEAN.replace("DEV1-S", "COPARM1-2C-8G")})
    result = imagelint("check", ".", "--catalog", "api", "--api-url", server.url, cwd=tmp_path)
    assert result.returncode == 0, result.stdout
    assert "1 checked" in result.stdout and "0 errors" in result.stdout
    assert [r.query["page"] for r in server.requests] == ["1", "2"]


def test_a_failed_follow_up_costs_a_hint_not_the_run(
    tmp_path: Path, marketplace: FakeMarketplace
) -> None:
    # ubuntu_bionic has no image of either type in fr-par-2: the rule then asks which zones
    # have one, a query without zone; that one keeps failing.
    write(
        tmp_path,
        {
            "main.tf": CLEAN.replace("ubuntu_jammy", "ubuntu_bionic").replace(
                '"DEV1-S"', '"DEV1-S"\n  zone  = "fr-par-2"'
            )
        },
    )
    marketplace.fail_next(status=503, times=20, when={"zone": None})
    result, doc = check_json(tmp_path, "--api-url", marketplace.url, "--retries", "1")
    assert result.returncode == 1, result.stderr
    assert doc["catalog"]["source"] == "api" and doc["summary"]["checked"] == 1
    (finding,) = doc["findings"]
    assert finding["rule"] == "image-zone-unavailable"
    assert "cannot list the zones" in finding["message"]
    assert any("zone" not in r.query for r in marketplace.requests)  # the follow-up was sent


VARIABLES = """\
variable "image" {
  type = string
}

resource "scaleway_instance_server" "web" {
  image = var.image
  type  = "DEV1-S"
}
"""


def test_var_file_and_var_options_give_root_variables_their_values(tmp_path: Path) -> None:
    write(tmp_path, {"main.tf": VARIABLES, "prod.tfvars": 'image = "macos"\n'})
    result, doc = check_json(tmp_path, "--catalog", "offline", "--var-file", "prod.tfvars")
    assert result.returncode == 1, result.stderr
    (finding,) = doc["findings"]
    assert (finding["rule"], finding["path"], finding["line"]) == (
        "image-unknown",
        "prod.tfvars",
        1,
    )
    # --var wins over --var-file, as in terraform plan.
    args = ("--var-file", "prod.tfvars", "--var", "image=ubuntu_jammy")
    result, doc = check_json(tmp_path, "--catalog", "offline", *args)
    assert result.returncode == 0 and doc["summary"]["checked"] == 1, result.stdout


def test_a_var_option_without_a_name_is_a_usage_error(tmp_path: Path) -> None:
    write(tmp_path, {"main.tf": VARIABLES})
    result = imagelint("check", ".", "--var", "ubuntu_jammy", cwd=tmp_path)
    assert result.returncode == 2 and "NAME=VALUE" in result.stderr


def test_a_plan_json_found_in_a_walk_is_read_and_other_json_is_not(tmp_path: Path) -> None:
    plan = (REPO / "tests" / "terraform" / "plans" / "app.json").read_text()
    write(tmp_path, {"plans/app.json": plan, "package.json": '{"name": "web"}\n'})
    result, doc = check_json(tmp_path, "--catalog", "offline")
    assert doc["summary"]["files"] == 1, result.stdout
    resources = {f["resource"] for f in doc["findings"]}
    assert any(r and r.startswith('module.app["eu"]') for r in resources), resources
    assert all(f["path"] == "plans/app.json" for f in doc["findings"])
