"""A tree read in several processes is the sequential reading, exactly: instances and their
order, errors, warnings; a worker that fails fails the read."""

from __future__ import annotations

import multiprocessing
import os
import subprocess
import sys
import threading
from collections import Counter
from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest

from imagelint.files import Scope, discover
from imagelint.model import Instance, ParseError
from imagelint.terraform.parallel import WorkerDied, _context, read_parallel
from imagelint.terraform.reader import Inputs, Listener, Reader, Workspace
from imagelint.terraform.worker import FAIL_FOR_TESTS, fields
from tests.terraform.parallel_trees import MAX_FILE_BYTES, troubled_tree, write


@pytest.fixture(scope="module")
def tree(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return troubled_tree(tmp_path_factory.mktemp("parallel") / "repo", modules=40)


def read(
    root: Path, jobs: int, env: dict[str, str] | None = None, listener: Listener | None = None
) -> Workspace:
    """As read_terraform reads `root`, in this process (jobs=1) or in `jobs` processes
    whatever the tree's size."""
    scope = Scope([root], cwd=root, max_file_bytes=MAX_FILE_BYTES)
    errors: list[ParseError] = []
    walked = list(discover([root], scope, errors))
    reader = Reader(cwd=root, env=env or {}, home=None, inputs=Inputs(), scope=scope)
    if jobs == 1:
        return reader.read(walked, [], errors, listener)
    return read_parallel(reader, walked, errors, jobs=jobs, on_instances=listener)


@pytest.fixture(scope="module")
def sequential(tree: Path) -> Workspace:
    return read(tree, 1)


def test_the_tree_holds_every_trouble(sequential: Workspace) -> None:
    errors = "\n".join(f"{e.path}: {e.message}" for e in sequential.errors)
    warnings = "\n".join(sequential.warnings)
    addresses = {i.address for i in sequential.instances}
    for expected in ("broken.tf", "terraform.tfvars", "latin1.tf: not UTF-8", "too large"):
        assert expected in errors
    assert sum("broken.tf" in e.path for e in sequential.errors) == 2
    for expected in ("pipe.tf: a FIFO", "dangling.tf", "outside.tf"):
        assert expected in warnings
    for expected in ("scaleway_instance_server.lonely", "scaleway_instance_server.web"):
        assert expected in addresses
    assert any(a.endswith("module.down.scaleway_instance_server.deep") for a in addresses)
    assert len(sequential.instances) > 200


@pytest.mark.parametrize("jobs", [2, 3])
def test_several_processes_read_what_one_reads(
    tree: Path, sequential: Workspace, jobs: int
) -> None:
    parallel = read(tree, jobs)
    assert [i.address for i in parallel.instances] == [i.address for i in sequential.instances]
    assert parallel.instances == sequential.instances
    assert same(parallel, sequential)


def same(one: Workspace, other: Workspace) -> bool:
    """Field by field; errors by their fields (exceptions compare by identity)."""
    assert one.instances == other.instances
    assert fields(one.errors) == fields(other.errors)
    assert one.warnings == other.warnings
    assert (one.files, one.given) == (other.files, other.given)
    return True


@pytest.fixture
def a_thread() -> Iterator[None]:
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    yield
    stop.set()
    thread.join()


def test_fork_only_while_this_process_has_one_thread(a_thread: None) -> None:
    assert _context().get_start_method() == "forkserver"


def test_without_threads_workers_are_forked() -> None:
    # A fresh interpreter: this one may run threads other tests left behind (a thread pool's
    # idle workers), and then forkserver would be the right answer here.
    program = "from imagelint.terraform.parallel import _context\n"
    program += "print(_context().get_start_method())\n"
    done = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True)
    assert done.stdout.split() == ["fork"], done.stderr


def test_workers_from_a_forkserver_read_the_same(
    tree: Path, sequential: Workspace, a_thread: None
) -> None:
    assert same(read(tree, 2), sequential)


@pytest.mark.parametrize("jobs", [1, 2])
def test_every_instance_is_heard_once_in_this_process(
    tree: Path, sequential: Workspace, jobs: int
) -> None:
    heard: list[tuple[int, int, Sequence[Instance]]] = []
    read(tree, jobs, listener=lambda b: heard.append((os.getpid(), threading.get_ident(), b)))
    assert {(pid, ident) for pid, ident, _ in heard} == {(os.getpid(), threading.get_ident())}
    assert len(heard) > 10  # batch by batch, not all at the end
    every = Counter(i.address for _, _, batch in heard for i in batch)
    assert every == Counter(i.address for i in sequential.instances)


@pytest.mark.parametrize(("failure", "raised"), [("raise", RuntimeError), ("kill", WorkerDied)])
def test_a_failing_worker_fails_the_read(tree: Path, failure: str, raised: type) -> None:
    with pytest.raises(raised):
        read(tree, 2, env={FAIL_FOR_TESTS: failure})
    assert multiprocessing.active_children() == []  # no worker left behind


def test_the_failure_hook_is_read_by_workers_only(tree: Path, sequential: Workspace) -> None:
    assert same(read(tree, 1, env={FAIL_FOR_TESTS: "raise"}), sequential)


def test_one_root_module_is_read_in_this_process(tmp_path: Path) -> None:
    # Nothing to share out: a worker would raise (the hook), this process does not.
    write(tmp_path, {"main.tf": 'resource "scaleway_instance_server" "one" {\n}\n'})
    alone = read(tmp_path, 2, env={FAIL_FOR_TESTS: "raise"})
    assert same(alone, read(tmp_path, 1)) and len(alone.instances) == 1
