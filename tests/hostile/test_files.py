"""A scanned repository cannot make a run hang, eat memory, crash, read outside it or skip a
file in silence: FIFOs, devices, symbolic links, unreadable files, huge or deeply nested
files, each through the real CLI on a real tree, and generated files through the pipeline."""

from __future__ import annotations

import json
import os
import re
import resource
import shutil
import socket
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from imagelint import app
from imagelint.catalog.snapshot import SnapshotCatalog
from imagelint.model import ParseError
from imagelint.parsers.hcl_scan import Bounds, check_bounds
from tests.terraform.test_module_fuzz import SAMPLE, mutations
from tests.test_cli import CLEAN, write

# A run that hangs or eats memory fails here, instead of stalling the suite or the machine.
TIMEOUT = 60
MEMORY = 4 << 30
OTHER = CLEAN.replace('"web"', '"other"')
MODULE_CALL = 'module "m" {\n  source = "./m1"\n}\n'


@dataclass(frozen=True)
class Run:
    code: int
    doc: dict[str, Any]
    stderr: str

    @property
    def summary(self) -> tuple[int, int, int]:
        s = self.doc["summary"]
        return s["files"], s["instances"], s["checked"]

    def errors(self) -> list[tuple[str, int, int, str]]:
        return [
            (f["path"], f["line"], f["column"], f["message"])
            for f in self.doc["findings"]
            if f["rule"] == "parse-error"
        ]


def check(
    cwd: Path,
    *args: str,
    paths: tuple[str, ...] = (".",),
    prefix: tuple[str, ...] = (),
    env: dict[str, str] | None = None,
    timeout: float = TIMEOUT,
) -> Run:
    command = [*prefix, sys.executable, "-m", "imagelint", "check", *paths]
    base = {k: v for k, v in os.environ.items() if not k.startswith(("SCW_", "TF_"))}
    result = subprocess.run(
        [*command, "--catalog", "offline", "--format", "json", *args],
        cwd=cwd,
        env={**base, **(env or {})},
        capture_output=True,
        text=True,
        timeout=timeout,
        preexec_fn=_bounded_memory,
    )
    assert "Traceback" not in result.stderr, result.stderr
    assert result.stdout, result.stderr
    return Run(result.returncode, json.loads(result.stdout), result.stderr)


def _bounded_memory() -> None:
    # A run that reads without limit fails fast instead of taking the machine's memory.
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))


def warnings_of(run: Run) -> list[str]:
    prefix = "imagelint: warning: "
    return [
        line.removeprefix(prefix) for line in run.stderr.splitlines() if line.startswith(prefix)
    ]


@dataclass(frozen=True)
class Case:
    """A repository with main.tf (a clean server) and one hostile thing besides it."""

    id: str
    make: Callable[[Path], None]
    code: int
    warnings: list[str] = field(default_factory=list)
    errors: list[tuple[str, int, int, str]] = field(default_factory=list)  # message prefixes
    summary: tuple[int, int, int] = (1, 1, 1)  # files, instances, checked
    args: tuple[str, ...] = ()
    paths: tuple[str, ...] = (".",)


def fifo(name: str) -> Callable[[Path], None]:
    def make(root: Path) -> None:
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        os.mkfifo(root / name)

    return make


def unix_socket(name: str) -> Callable[[Path], None]:
    def make(root: Path) -> None:
        with socket.socket(socket.AF_UNIX) as bound:
            bound.bind(str(root / name))

    return make


def links(targets: dict[str, str]) -> Callable[[Path], None]:
    def make(root: Path) -> None:
        for name, target in targets.items():
            (root / name).parent.mkdir(parents=True, exist_ok=True)
            (root / name).symlink_to(target)

    return make


def files(texts: dict[str, str]) -> Callable[[Path], None]:
    def make(root: Path) -> None:
        write(root, texts)

    return make


def both(*makers: Callable[[Path], None]) -> Callable[[Path], None]:
    def make(root: Path) -> None:
        for maker in makers:
            maker(root)

    return make


def locals_of(expression: str) -> str:
    return f"locals {{\n  x = {expression}\n}}\n"


def outside(root: Path) -> None:
    (root.parent / "secret.tf").write_text(OTHER)
    (root / "stolen.tf").symlink_to(root.parent / "secret.tf")


NOT_REGULAR = "not a regular file: not read"
CASES = [
    Case("fifo-named-x.tf", fifo("bad/x.tf"), 0, [f"bad/x.tf: a FIFO, {NOT_REGULAR}"]),
    Case("fifo-plan-json", fifo("plan.json"), 0, [f"plan.json: a FIFO, {NOT_REGULAR}"]),
    Case(
        "fifo-beside-a-file-given-alone",  # the module and its callers are read, never the FIFO
        fifo("x.tf"),
        0,
        [f"x.tf: a FIFO, {NOT_REGULAR}"],
        paths=("main.tf",),
    ),
    Case(
        "fifo-given-alone",
        fifo("x.tf"),
        0,
        [f"x.tf: a FIFO, {NOT_REGULAR}"],
        paths=("main.tf", "x.tf"),
    ),
    Case("socket-named-s.tf", unix_socket("s.tf"), 0, [f"s.tf: a socket, {NOT_REGULAR}"]),
    Case(
        "fifo-as-var-file",  # named on the command line: an error, and no value is vouched for
        fifo("prod.tfvars"),
        2,
        [f"prod.tfvars: a FIFO, {NOT_REGULAR}"],  # met by the walk, too
        errors=[("prod.tfvars", 1, 1, f"a FIFO, {NOT_REGULAR}")],
        summary=(1, 1, 0),
        args=("--var-file", "prod.tfvars"),
    ),
    Case(
        "link-to-dev-zero",
        links({"zero.tf": "/dev/zero"}),
        0,
        [f"zero.tf: a symbolic link to /dev/zero, a character device, {NOT_REGULAR}"],
    ),
    Case(
        "link-to-dev-zero-as-tfvars",
        links({"terraform.tfvars": "/dev/zero"}),
        0,
        [f"terraform.tfvars: a symbolic link to /dev/zero, a character device, {NOT_REGULAR}"],
    ),
    Case(
        "link-outside-the-root",
        outside,
        0,
        ["stolen.tf: a symbolic link to {parent}/secret.tf, a file outside the scanned directory"],
    ),
    Case(
        "link-loop",
        links({"a.tf": "b.tf", "b.tf": "a.tf"}),
        0,
        [
            "a.tf: a symbolic link to b.tf, a loop: not read",
            "b.tf: a symbolic link to a.tf, a loop",
        ],
    ),
    Case(
        "directory-link-loop",
        both(files({"d/other.tf": ""}), links({"d/loop": ".."})),
        0,
        ["d/loop: a symbolic link to .., a directory that contains it (a loop): not followed"],
        summary=(2, 1, 1),
    ),
    Case(
        "dangling-link",
        links({"x.tf": "nowhere.tf"}),
        0,
        ["x.tf: a symbolic link to nowhere.tf, which does not exist: not read"],
    ),
    Case(
        "module-source-through-a-link-loop",  # Path.resolve() raised RuntimeError here
        both(files({"call.tf": MODULE_CALL}), links({"m1": "m2", "m2": "m1"})),
        0,
        summary=(2, 2, 1),
    ),
    Case(
        "tfvars-link-loop",  # a skipped variables file changes values: never silent
        links({"terraform.tfvars": "t2", "t2": "terraform.tfvars"}),
        0,
        ["terraform.tfvars: a symbolic link to t2, a loop: not read"],
    ),
    Case(
        "too-large",
        files({"big/x.tf": locals_of(f'"{"a" * 2000}"')}),
        2,
        errors=[("big/x.tf", 1, 1, "too large to check (2,020 bytes, limit 1,000;")],
        summary=(2, 1, 1),
        args=("--max-file-size", "1KB"),
    ),
    Case(
        "nested-too-deeply",
        files({"deep/x.tf": locals_of("[" * 100 + "]" * 100)}),
        2,
        errors=[("deep/x.tf", 2, 106, "nested too deeply (more than 100 levels")],
        summary=(2, 1, 1),
    ),
    Case(
        "nested-to-the-bound",  # 100 levels: the locals block and 99 brackets
        files({"deep/x.tf": locals_of("[" * 99 + "]" * 99)}),
        0,
        summary=(2, 1, 1),
    ),
    Case(
        "json-nested-too-deeply",
        files({"deep/x.tf.json": '{"locals": {"x": ' + "[" * 101 + "]" * 101 + "}}"}),
        2,
        errors=[("deep/x.tf.json", 1, 116, "nested too deeply (more than 100 levels")],
        summary=(2, 1, 1),
    ),
    Case(
        "too-many-blocks",  # 25 KB allow 100 blocks
        files({"many/x.tf": "b {}\n" * 101}),
        2,
        errors=[("many/x.tf", 101, 3, "too many blocks to check (more than 100;")],
        summary=(2, 1, 1),
        args=("--max-file-size", "25KB"),
    ),
    Case(
        "too-many-tokens",  # 1,000 bytes allow 50 tokens; main.tf holds 19
        files({"many/x.tf": locals_of("[" + "1," * 30 + "]")}),
        2,
        errors=[("many/x.tf", 2, 52, "too many tokens to check (more than 50;")],
        summary=(2, 1, 1),
        args=("--max-file-size", "1000"),
    ),
    Case(
        "link-inside-the-root-is-followed",
        both(files({"shared/other.tf": OTHER}), links({"other.tf": "shared/other.tf"})),
        0,
        summary=(3, 3, 3),  # shared/ is a root of its own, and main.tf's module reads the link
    ),
    Case(
        "directory-link-inside-the-root-is-walked-once",
        both(files({"real/other.tf": OTHER}), links({"alias": "real"})),
        0,
        summary=(2, 2, 2),
    ),
]


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_hostile_tree(case: Case, tmp_path: Path) -> None:
    root = tmp_path / "repo"
    write(root, {"main.tf": CLEAN})
    case.make(root)
    run = check(root, *case.args, paths=case.paths)
    expected = [w.format(parent=tmp_path) for w in case.warnings]
    for wanted in expected:
        assert any(w.startswith(wanted) for w in warnings_of(run)), (wanted, run.stderr)
    assert len(warnings_of(run)) == len(expected), run.stderr
    errors = run.errors()
    assert len(errors) == len(case.errors), errors
    for (path, line, column, message), error in zip(errors, case.errors, strict=True):
        assert (path, line, column) == error[:3] and message.startswith(error[3]), errors
    assert run.code == case.code, run.stderr
    assert run.summary == case.summary  # main.tf's server is checked but with --var-file


# What the lexical pass counts, in-process: what stays within a bound and what goes past it.
BOUND_CASES = [  # id, text, bounds, expected message prefix (None: within the bounds)
    ("object-is-no-block", "locals {\n  x = {}\n  y = { a = {} }\n}\n", Bounds(max_blocks=1), None),
    ("nested-blocks", "a {\n  b {\n  }\n}\n", Bounds(max_blocks=1), "too many blocks"),
    ("labelled-block", 'a "x" "y" {\n}\nb "z" {\n}\n', Bounds(max_blocks=1), "too many blocks"),
    ("interpolations-in-strings", 'x = "${"${"${1}"}"}"\n', Bounds(max_depth=5), "nested too"),
    ("comments-are-one-token", "# " + "a b c " * 100 + "\n", Bounds(max_tokens=2), None),
    (
        "plain-heredoc-is-one-token",
        "x = <<EOT\n" + "a b\n" * 50 + "EOT\n",
        Bounds(max_tokens=5),
        None,
    ),
    (
        "heredoc-template-counts",
        "x = <<EOT\n" + "${a}\n" * 50 + "EOT\n",
        Bounds(max_tokens=50),
        "too many tokens",
    ),
    ("escaped-interpolation", 'x = "' + "$${" * 10 + '"\n', Bounds(max_depth=2), None),
]


@pytest.mark.parametrize(
    ("text", "bounds", "expected"), [c[1:] for c in BOUND_CASES], ids=[c[0] for c in BOUND_CASES]
)
def test_the_bounds_count_what_the_parser_pays_for(
    text: str, bounds: Bounds, expected: str | None
) -> None:
    if expected is None:
        check_bounds("x.tf", text, bounds)
    else:
        with pytest.raises(ParseError, match=expected):
            check_bounds("x.tf", text, bounds)


# -- unreadable files and directories: the permission bits must apply to the run ------------


@pytest.fixture
def unprivileged(tmp_path: Path) -> tuple[str, ...]:
    """A command prefix under which permission bits bind the run. As root, that is root
    without the capabilities that bypass them (setpriv); else nothing is needed."""
    prefix: tuple[str, ...] = ()
    if os.geteuid() == 0:
        setpriv = shutil.which("setpriv")
        if setpriv is None:
            pytest.skip("running as root without setpriv: no file can be unreadable to the run")
        prefix = (setpriv, "--bounding-set=-dac_override,-dac_read_search", "--")
    probe = tmp_path / "probe"
    probe.write_text("")
    probe.chmod(0)
    code = "import sys\ntry: open(sys.argv[1])\nexcept PermissionError: print('denied')"
    result = subprocess.run(
        [*prefix, sys.executable, "-c", code, str(probe)], capture_output=True, text=True
    )
    if result.stdout.strip() != "denied":
        pytest.skip(f"could not drop the privileges that bypass file modes: {result.stderr}")
    return prefix


@pytest.fixture
def locked(tmp_path: Path) -> Iterator[list[Path]]:
    """Paths to make unreadable, made readable again for the clean-up."""
    paths: list[Path] = []
    yield paths
    for path in paths:
        path.chmod(0o700)


@pytest.mark.parametrize(
    ("make", "error"),
    [
        ("locked/x.tf", ("locked/x.tf", 1, 1, "cannot read: Permission denied")),
        ("locked", ("locked", 1, 1, "cannot list this directory: Permission denied")),
    ],
    ids=["unreadable-file", "unreadable-directory"],
)
def test_what_cannot_be_read_is_an_error_naming_it(
    make: str,
    error: tuple[str, int, int, str],
    tmp_path: Path,
    unprivileged: tuple[str, ...],
    locked: list[Path],
) -> None:
    root = write(tmp_path / "repo", {"main.tf": CLEAN, "locked/x.tf": OTHER})
    locked.append(root / make)
    (root / make).chmod(0)
    run = check(root, prefix=unprivileged)
    assert run.errors() == [error]
    assert run.code == app.Exit.USAGE
    # The clean server is checked; the file or directory that could not be read is counted.
    assert run.summary == (2, 1, 1)


def test_an_unreadable_directory_alone_is_no_pass(
    tmp_path: Path, unprivileged: tuple[str, ...], locked: list[Path]
) -> None:
    root = write(tmp_path / "repo", {"locked/x.tf": OTHER})
    locked.append(root / "locked")
    (root / "locked").chmod(0)
    run = check(root, prefix=unprivileged)
    assert run.errors() == [("locked", 1, 1, "cannot list this directory: Permission denied")]
    assert run.code == app.Exit.USAGE
    assert run.summary == (1, 0, 0)  # what could not be read counts: never "no files found"
    assert warnings_of(run) == []


def test_an_unreadable_directory_beside_a_file_given_alone_is_a_warning(
    tmp_path: Path, unprivileged: tuple[str, ...], locked: list[Path]
) -> None:
    # The scan for callers of main.tf's module cannot look inside: said, and main.tf checked.
    root = write(tmp_path / "repo", {"main.tf": CLEAN, "locked/x.tf": OTHER})
    locked.append(root / "locked")
    (root / "locked").chmod(0)
    run = check(root, paths=("main.tf",), prefix=unprivileged)
    assert run.code == 0 and run.summary == (1, 1, 1)
    assert warnings_of(run) == [
        "locked: cannot list this directory: Permission denied: not searched for module calls"
    ]


# -- reads outside imagelint/files.py that the FILES report asks to route through it -------

REMOTE_CALL = 'module "x" {\n  source = "hashicorp/foo/bar"\n}\n'
SHORT_TIMEOUT = 10
CANARY = "canary7f3a9c"  # no dash: the provider rewrites dashes in labels


def test_a_fifo_as_terraform_modules_json_does_not_hang(tmp_path: Path) -> None:
    root = write(tmp_path / "repo", {"main.tf": CLEAN + REMOTE_CALL})
    fifo(".terraform/modules/modules.json")(root)
    assert check(root, timeout=SHORT_TIMEOUT).summary[2] == 1


def test_a_module_directory_through_a_link_loop_is_no_crash(tmp_path: Path) -> None:
    modules = '{"Modules": [{"Key": "x", "Dir": ".terraform/modules/l1"}]}'
    root = write(
        tmp_path / "repo",
        {"main.tf": CLEAN + REMOTE_CALL, ".terraform/modules/modules.json": modules},
    )
    links({".terraform/modules/l1": "l2", ".terraform/modules/l2": "l1"})(root)
    assert check(root, timeout=SHORT_TIMEOUT).summary[2] == 1


@pytest.mark.parametrize("target", ["fifo", "/dev/zero", "/proc/self/environ", "../secret.txt"])
def test_the_file_function_reads_only_regular_files_in_the_root(
    target: str, tmp_path: Path
) -> None:
    # file() feeding an image label would print what it read in a finding: a secret from
    # the environment or from outside the repository must never be read.
    (tmp_path / "secret.txt").write_text(CANARY)
    image = CLEAN.replace('"ubuntu_jammy"', f'file("{target}")').replace('"web"', '"from_file"')
    root = write(tmp_path / "repo", {"main.tf": CLEAN, "image.tf": image})
    if target == "fifo":
        os.mkfifo(root / "fifo")
    run = check(root, env={"IMAGELINT_CANARY": CANARY}, timeout=SHORT_TIMEOUT)
    assert CANARY not in json.dumps(run.doc) + run.stderr
    assert run.summary == (2, 2, 1)  # from_file is not checked: its image was not read


# -- generated files through the whole pipeline ----------------------------------------------

# CI runs 2,000 (.ci/run sets IMAGELINT_FUZZ_EXAMPLES); a local run stays within seconds.
FUZZ = settings(
    max_examples=int(os.environ.get("IMAGELINT_FUZZ_EXAMPLES", "300")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
SIBLINGS = {
    "variables.tf": 'variable "image" {\n  default = "ubuntu_jammy"\n}\n',
    "servers.tf": CLEAN.replace('"ubuntu_jammy"', "var.image"),
}
TOKENS = [
    'resource "scaleway_instance_server" "s" {',
    "}",
    "{",
    "[",
    "]",
    "(",
    ")",
    '"',
    "${",
    "%{",
    "image = ",
    "var.image",
    " = ",
    "\n",
    "<<EOT\n",
    "\nEOT\n",
    "# c\n",
    "/*",
    "*/",
    "locals ",
    "module ",
    '"./m"',
    "1",
    ",",
    "for x in [1] : ",
    "? ",
    ": ",
    "\\",
    "\ufeff",
    "\x00",
]
FILES = st.sampled_from(["main.tf", "main.tf.json", "terraform.tfvars", "plan.json"])
TEXTS = (
    st.text()
    | st.lists(st.sampled_from(TOKENS), max_size=60).map("".join)
    | mutations()
    | st.sampled_from([SAMPLE, json.dumps({"resource": {}}), "image = 1\n"])
)
CATALOG = SnapshotCatalog()
GIST = re.compile(r"[(:'\d]")  # a message up to its details, for the statistics


# The default limit, and small ones that generated files reach: every bound gets hit.
LIMITS = st.sampled_from([app.Options.max_file_size, 2000, 200])


@FUZZ
@given(
    name=FILES,
    data=TEXTS.map(lambda t: t.encode("utf-8", "surrogatepass")) | st.binary(),
    limit=LIMITS,
)
def test_any_file_is_read_or_refused_with_a_located_error(
    name: str, data: bytes, limit: int, tmp_path: Path
) -> None:
    root = tmp_path / "fuzz"
    shutil.rmtree(root, ignore_errors=True)
    write(root, SIBLINGS)
    (root / name).write_bytes(data)
    options = app.Options(paths=(".",), catalog="offline", cwd=root, env={}, max_file_size=limit)
    outcome = app.check(options, catalog=CATALOG)
    assert outcome.report is not None, outcome.messages
    assert outcome.exit_code in (app.Exit.CLEAN, app.Exit.FINDINGS, app.Exit.USAGE)
    # Inside the file: up to the end of the text, after a final newline included.
    widths = [len(line) for line in data.decode("utf-8", "replace").split("\n")]
    for finding in outcome.report.findings:
        if finding.path == name:
            event(f"{name}: {finding.rule}: {GIST.split(finding.message)[0]}")
            assert 1 <= finding.line <= len(widths), finding
            assert 1 <= finding.column <= widths[finding.line - 1] + 1, finding
