"""A pre-commit call on one YAML file must not pay for python-hcl2 (lark builds its grammar
on import), and one on a `.tf` file must not pay for the YAML readers: each source imports
its parser inside `read`, so only the formats present are imported. Run in a fresh
interpreter: this process has imported everything already."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

PROBE = """
import json, sys
from pathlib import Path
from imagelint.app import Options, check
outcome = check(Options(paths=(sys.argv[1],), catalog="offline", env={}, cwd=Path(sys.argv[2])))
assert outcome.report is not None, outcome.messages
loaded = [m for m in sys.modules if m.split(".")[0] in ("hcl2", "lark", "imagelint", "httpx")]
print(json.dumps({"modules": sorted(loaded), "instances": outcome.report.summary.instances}))
"""

HCL_STACK = ("hcl2", "lark", "imagelint.parsers.hcl_tree", "imagelint.terraform.load")
YAML_READERS = ("imagelint.parsers.yaml_tree",)

CASES = {
    "inventory": (
        "fleet.imagelint.yaml",
        "imagelint: 1\ninstances:\n  - name: web\n    image: ubuntu_jammy\n"
        "    type: DEV1-S\n    zone: fr-par-1\n",
    ),
    "crossplane": (
        "server.yaml",
        "apiVersion: instance.scaleway.upbound.io/v1alpha1\nkind: Server\n"
        "metadata:\n  name: web\nspec:\n  forProvider:\n    image: ubuntu_jammy\n"
        "    type: DEV1-S\n    zone: fr-par-1\n",
    ),
    "ansible": (
        "site.yml",
        "- hosts: localhost\n  tasks:\n    - name: web\n      community.general.scaleway_compute:\n"
        "        image: 6ad071ec-5be2-4963-b203-085582d8d060\n        commercial_type: DEV1-S\n"
        "        region: par1\n        organization: x\n",
    ),
    "unrelated": ("docker-compose.yml", "services:\n  web:\n    image: nginx\n"),
}


def probe(tmp_path: Path, name: str, text: str) -> dict[str, object]:
    (tmp_path / name).write_text(text, encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-c", PROBE, name, str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    result: dict[str, object] = json.loads(done.stdout)
    return result


@pytest.mark.parametrize("case", sorted(CASES))
def test_a_yaml_file_alone_never_imports_the_hcl_parser(tmp_path: Path, case: str) -> None:
    name, text = CASES[case]
    result = probe(tmp_path, name, text)
    modules = result["modules"]
    assert isinstance(modules, list)
    assert not [m for m in modules if m.startswith(HCL_STACK)]
    # The file was read, not silently dropped: the probe is not vacuous.
    assert result["instances"] == (0 if case == "unrelated" else 1)


TF_TEXT = (
    'resource "scaleway_instance_server" "web" {\n  image = "ubuntu_jammy"\n'
    '  type  = "DEV1-S"\n  zone  = "fr-par-1"\n}\n'
)


def test_a_tf_file_alone_never_imports_the_yaml_readers(tmp_path: Path) -> None:
    result = probe(tmp_path, "main.tf", TF_TEXT)
    modules = result["modules"]
    assert isinstance(modules, list)
    assert "hcl2" in modules and result["instances"] == 1
    assert not [m for m in modules if m.startswith(YAML_READERS)]


# The command itself, not only the library call: what a run of `imagelint check` imports.
CLI_PROBE = """
import json, sys
from imagelint.cli import main
try:
    main(sys.argv[1:])
except SystemExit as exit:
    code = exit.code
print("\\n" + json.dumps({"code": code, "modules": sorted(sys.modules)}))
"""


def cli_modules(where: Path, *args: str) -> set[str]:
    done = subprocess.run(
        [sys.executable, "-c", CLI_PROBE, "check", *args, "--catalog", "offline"],
        cwd=where,
        capture_output=True,
        text=True,
        timeout=120,
    )
    *_, last = done.stdout.splitlines()
    result = json.loads(last)
    assert result["code"] in (0, 1), done.stderr  # checked (findings or none), not a usage error
    modules: set[str] = set(result["modules"])
    return modules


@pytest.mark.parametrize("case", ["main.tf", *sorted(CASES)])
def test_an_offline_run_never_imports_the_http_client(tmp_path: Path, case: str) -> None:
    name, text = CASES.get(case) or ("main.tf", TF_TEXT)
    result = probe(tmp_path, name, text)
    modules = result["modules"]
    assert isinstance(modules, list) and modules  # the probe saw imagelint's own modules
    assert not [m for m in modules if m.split(".")[0] == "httpx"]
    assert not [m for m in cli_modules(tmp_path, name) if m.split(".")[0] == "httpx"]


# Paid only by the runs that use them. The plugin scan reads entry_points.txt files itself:
# importlib.metadata would parse the METADATA of every installed distribution.
FORMATS = ("text", "json", "sarif", "junit", "github", "gitlab", "checkstyle")
ON_DEMAND = (
    *(f"imagelint.reporters.{m}" for m in FORMATS),
    "xml.etree.ElementTree",
    "importlib.metadata",
    "imagelint.baseline",
    "imagelint.config_file",
    "imagelint.suppress_directive",
    "imagelint.suppress_match",
    "imagelint.suppress_hcl",
    "imagelint.suppress_yaml",
)
TEXT = "imagelint.reporters.text"
SUPPRESSED = TF_TEXT.replace(
    '"DEV1-S"', '"DEV1-S" # imagelint:ignore[commercial-type-unknown] demo'
)
DIRECTIVES = {"imagelint.suppress_directive", "imagelint.suppress_match", "imagelint.suppress_hcl"}
CLI_CASES = [  # id, extra arguments, files besides main.tf, modules imported, of ON_DEMAND
    ("text", (), {}, {TEXT}),
    ("compact", ("--format", "compact"), {}, {TEXT}),
    # SARIF builds on the JSON document and names imagelint's home page, from its metadata.
    (
        "sarif",
        ("--format", "sarif"),
        {},
        {"imagelint.reporters.sarif", "imagelint.reporters.json", "importlib.metadata"},
    ),
    (
        "junit file beside text",
        ("--output", "junit:junit.xml"),
        {},
        # JUnit's summary is the text one.
        {TEXT, "imagelint.reporters.junit", "xml.etree.ElementTree"},
    ),
    ("a suppression", (), {"main.tf": SUPPRESSED}, {TEXT, *DIRECTIVES}),
    ("a baseline written", ("--write-baseline", "baseline.json"), {}, {TEXT, "imagelint.baseline"}),
    (
        "a configuration file",
        (),
        {".imagelint.yaml": "fail-on: error\n"},
        {TEXT, "imagelint.config_file"},
    ),
]


@pytest.mark.parametrize(
    ("args", "files", "needed"), [c[1:] for c in CLI_CASES], ids=[c[0] for c in CLI_CASES]
)
def test_a_run_imports_only_what_it_uses(
    tmp_path: Path, args: tuple[str, ...], files: dict[str, str], needed: set[str]
) -> None:
    for name, text in {"main.tf": TF_TEXT, **files}.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    modules = cli_modules(tmp_path, ".", *args)
    assert {m for m in ON_DEMAND if m in modules} == needed
