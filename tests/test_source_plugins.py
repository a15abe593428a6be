"""Sources are plugins: a third-party source loads through the `imagelint.sources` entry
points exactly as the first-party ones do (a real dist-info on PYTHONPATH, the real CLI),
and the seam decides which files each source reads, which are skipped, and what a broken
or crashing source does to the run."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from tests.test_plugins import imagelint

# A source for a team's own format: one server a line, "name image type zone".
SOURCE = '''\
"""Servers listed one a line in *.servers.txt: name image type zone."""

from imagelint.model import Instance, ParseError, Span, Value
from imagelint.provider_models import CURRENT
from imagelint.source_api import SourceResult

NAME = "{name}"
SUMMARY = "a team's server lists (*.servers.txt)"


def wants(name):
    return name.endswith(".servers.txt")


def detect(file):
    {detect}


def read(files, context):
    instances, errors = [], []
    for file in files:
        for number, line in enumerate(file.text().splitlines(), start=1):
            fields = line.split()
            if len(fields) != 4:
                errors.append(ParseError(path=file.shown, line=number, column=1,
                                         message="expected: name image type zone"))
                continue
            values, column = {{}}, 1
            for key, text in zip(("name", "image", "type", "zone"), fields):
                column = line.index(text, column - 1) + 1
                span = Span(path=file.shown, line=number, column=column, end_line=number,
                            end_column=column + len(text))
                values[key] = Value.of(text, span)
            header = values.pop("name").span
            instances.append(Instance(source=NAME, address=fields[0], span=header,
                                      values=values, model=CURRENT))
    return SourceResult(instances=tuple(instances), errors=tuple(errors))
'''


def install_source(
    root: Path, *, name: str = "team-list", entry: str | None = None, detect: str = "return True"
) -> dict[str, str]:
    site = root / "site"
    (site / "team_source").mkdir(parents=True)
    (site / "team_source" / "__init__.py").write_text("")
    (site / "team_source" / "servers.py").write_text(SOURCE.format(name=name, detect=detect))
    info = site / "team_source-0.1.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: team-source\nVersion: 0.1\n")
    (info / "entry_points.txt").write_text(
        f"[imagelint.sources]\n{entry or name} = team_source.servers\n"
    )
    return {**os.environ, "PYTHONPATH": str(site)}


def project(root: Path, files: dict[str, str]) -> Path:
    where = root / "project"
    for name, text in files.items():
        (where / name).parent.mkdir(parents=True, exist_ok=True)
        (where / name).write_text(text)
    return where


def report(result: object) -> dict[str, object]:
    return json.loads(result.stdout)  # type: ignore[attr-defined]


def test_a_third_party_source_is_listed_and_its_instances_are_checked(tmp_path: Path) -> None:
    env = install_source(tmp_path)
    where = project(
        tmp_path,
        {"fleet.servers.txt": "web ubuntu_jammy DEV1-S fr-par-1\nmac macos DEV1-S fr-par-1\n"},
    )
    assert "team-list" in imagelint("sources", cwd=where, env=env).stdout
    result = imagelint("check", "--catalog", "offline", "--format", "json", cwd=where, env=env)
    doc = report(result)
    (finding,) = doc["findings"]  # type: ignore[misc]
    assert (finding["rule"], finding["path"], finding["line"], finding["column"]) == (
        "image-unknown",
        "fleet.servers.txt",
        2,
        5,
    )
    assert doc["summary"]["files"] == 1 and doc["summary"]["checked"] == 2  # type: ignore[index]
    assert result.returncode == 1


def test_a_crashing_source_stops_the_run_as_unchecked_without_a_traceback(
    tmp_path: Path,
) -> None:
    env = install_source(tmp_path, detect="raise RuntimeError('boom')")
    where = project(tmp_path, {"fleet.servers.txt": "web ubuntu_jammy DEV1-S fr-par-1\n"})
    result = imagelint("check", "--catalog", "offline", cwd=where, env=env)
    assert result.returncode == 3, result.stdout + result.stderr
    assert "source plugin team-list" in result.stderr and "boom" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_source_whose_name_does_not_match_its_entry_point_is_a_usage_error(
    tmp_path: Path,
) -> None:
    env = install_source(tmp_path, name="team-list", entry="other-name")
    where = project(tmp_path, {"main.tf": ""})
    result = imagelint("check", "--catalog", "offline", cwd=where, env=env)
    assert result.returncode == 2
    assert "declares NAME 'team-list'" in result.stderr


@pytest.mark.parametrize(
    ("args", "files", "code", "says"),
    [
        (["--source", "nope", "x.tf"], {"x.tf": ""}, 2, "unknown source 'nope'"),
        (["--default-zone", "fr-par-9", "."], {}, 2, "not a Scaleway zone"),
        (["README.md"], {"README.md": "# hi\n"}, 2, "not a file any imagelint source reads"),
        # Forced: the file is read as Terraform whatever its name, and its error is located.
        (
            ["--source", "terraform", "server.txt"],
            {"server.txt": 'resource "x" {\n'},
            2,
            "server.txt:",
        ),
    ],
    ids=["unknown-source", "bad-default-zone", "unread-file-given", "forced-source"],
)
def test_usage_and_forced_sources(
    tmp_path: Path, args: list[str], files: dict[str, str], code: int, says: str
) -> None:
    where = project(tmp_path, files or {"main.tf": ""})
    result = imagelint("check", "--catalog", "offline", *args, cwd=where, env=dict(os.environ))
    assert result.returncode == code, result.stdout + result.stderr
    assert says in result.stdout + result.stderr
    assert "Traceback" not in result.stderr


SERVER = (
    'resource "scaleway_instance_server" "web" {\n  image = "ubuntu_jammy"\n  type  = "DEV1-S"\n}\n'
)


def test_unrelated_yaml_and_json_are_skipped_and_counted_never_an_error(tmp_path: Path) -> None:
    where = project(
        tmp_path,
        {
            "main.tf": SERVER,
            "package.json": '{"name": "x"}\n',
            ".github/workflows/ci.yml": "on: push\n",  # hidden directory: never walked
            "k8s/deploy.yaml": "apiVersion: apps/v1\nkind: Deployment\n",
            "chart/templates/svc.yaml": "metadata:\n  name: {{ .Values.name }}\n  {{- if x }}\n",
            "notes.md": "# not counted: no source wants Markdown\n",
        },
    )
    result = imagelint(
        "check", "--catalog", "offline", "--format", "json", cwd=where, env=dict(os.environ)
    )
    doc = report(result)
    assert doc["findings"] == [] and result.returncode == 0, result.stdout + result.stderr
    assert doc["summary"]["files"] == 1  # type: ignore[index]
    assert doc["summary"]["skipped"] == 3  # type: ignore[index]


def test_a_given_file_of_no_format_is_skipped_and_the_run_says_nothing_was_read(
    tmp_path: Path,
) -> None:
    where = project(tmp_path, {"docker-compose.yml": "services:\n  web:\n    image: nginx\n"})
    result = imagelint(
        "check", "--catalog", "offline", "docker-compose.yml", cwd=where, env=dict(os.environ)
    )
    assert result.returncode == 0
    assert "no file imagelint reads was found" in result.stdout
    assert "1 other YAML/JSON skipped" in result.stdout
