"""Issue 9's ratios on the synthetic monorepo, measured side by side in one run, each printed
with its bound and PASS or MISS. Caches live in a temporary IMAGELINT_CACHE_DIR; whatever
caches imagelint has (parse, grammar, catalog) are measured as they are, absent ones too."""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.loopback import REPO, served
from bench.monorepo import Tree, generate

LATENCY = 0.05
BARE_HCL2 = "import sys, hcl2\nfor p in sys.argv[1:]:\n    with open(p) as f: hcl2.load(f)\n"
BARE_PRECOMMIT = "import sys, click, httpx, yaml, hcl2\nwith open(sys.argv[1]) as f: hcl2.load(f)\n"
KEEP = ("catalog", "grammar")  # a cold run still has the catalog and the machine's grammar
# As on a user's machine: byte code written and reused (these sessions turn it off, which
# would make every measured process compile imagelint again).
USERS_ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def verdict(name: str, value: float, bound: float, shown: str, *, at_most: bool = True) -> None:
    ok = value <= bound if at_most else value >= bound
    sign = "<=" if at_most else ">="
    print(f"  {name:<64} {shown:<30} bound {sign} {bound:<5g} {'PASS' if ok else 'MISS'}")


def run(cmd: list[str], cache: Path, cwd: Path) -> tuple[float, float]:
    """Wall seconds and peak RSS (MiB, the largest process of the run) of one process."""
    env = {**USERS_ENV, "IMAGELINT_CACHE_DIR": str(cache), "SCW_DEFAULT_ZONE": ""}
    start = time.perf_counter()
    child = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=subprocess.DEVNULL)
    _, _, usage = os.wait4(child.pid, 0)  # maxrss: the child's, or a waited-for worker's
    return time.perf_counter() - start, usage.ru_maxrss / 1024


def parse_caches_cleared(cache: Path) -> Path:
    for entry in cache.iterdir() if cache.exists() else ():
        if entry.name not in KEEP:
            shutil.rmtree(entry) if entry.is_dir() else entry.unlink()
    return cache


def check_cmd(*args: str) -> list[str]:
    return [sys.executable, "-m", "imagelint", "check", *args]


def read_only_precommit(module: list[str], repeat: int) -> None:
    """The same pre-commit call, one file edited each time, on a read-only install as
    another user; against the bare baseline with the same interpreter on a normal install."""
    from bench.readonly import read_only_install

    with read_only_install() as install:
        if install is None:
            print("  read-only pre-commit: no Python the user nobody can run; not measured")
            return
        hook = ("check", *module, "--catalog", "offline")
        install.cli(*hook, read_only=True)  # the machine's first run keeps the grammar
        bares, times = [], []
        for n in range(max(repeat, 5)):
            bares.append(install.run(["-c", BARE_PRECOMMIT, module[0]], read_only=False))
            with open(module[0], "a", encoding="utf-8") as file:
                file.write(f"# read-only edit {n}\n")
            times.append(install.cli(*hook, read_only=True))
        bare = statistics.median(bares)
        seconds = statistics.median(times)
        verdict(
            f"pre-commit, one edited, read-only install {install.who} / bare",
            seconds / bare,
            1.3,
            f"{seconds:.2f} s / {bare:.2f} s = {seconds / bare:.2f}",
        )


def api_mode(tree: Tree, cache: Path) -> None:
    """Cold cache: requests vs distinct requests, and what the network adds to the run (the
    same run in process at 50 ms a request minus at 0 ms: queries go out while the tree is
    read, so the time they are in flight overlaps parsing) vs the serial time; then the
    warm cache, through the CLI, twice: the second run must send nothing."""
    from imagelint.app import Options, check
    from imagelint.catalog.http import HttpCatalog

    with served(LATENCY) as server:
        options = Options(
            paths=(str(tree.root),),
            catalog="api",
            api_url=server.url,
            env={"IMAGELINT_CACHE_DIR": str(cache / "in-process")},
            cwd=tree.root,
        )

        def in_process(latency: float) -> tuple[float, float, tuple[int, int]]:
            server.set_latency(latency)
            server.reset()
            catalog = HttpCatalog(base_url=server.url)
            start = time.perf_counter()
            check(options, catalog=catalog)
            wall = time.perf_counter() - start
            catalog.close()
            return wall, catalog.network_seconds, server.counts()

        in_process(0)  # imports and the grammar, paid once outside the timing
        # Alternated, best of two each: a noisy neighbour slows both alike.
        runs = [in_process(latency) for _ in range(2) for latency in (0, LATENCY)]
        without = min(r[0] for r in runs[0::2])
        wall, busy, (requests, distinct) = min(runs[1::2])
        serial = requests * LATENCY
        added = max(wall - without, 0.0)
        verdict(
            "API cold: requests / distinct requests",
            requests / max(distinct, 1),
            1.0,
            f"{requests} / {distinct} = {requests / max(distinct, 1):.2f}",
        )
        verdict(
            f"API cold: time the network adds / serial ({LATENCY * 1000:g} ms each)",
            added / serial,
            0.1,
            f"{added:.2f} s / {serial:.2f} s = {added / serial:.3f}",
        )
        print(
            f"    (run in process: {wall:.2f} s at {LATENCY * 1000:g} ms, {without:.2f} s at 0 ms; "
            f"requests in flight during {busy:.2f} s, overlapping the reading)"
        )
        server.set_latency(LATENCY)
        server.reset()
        api = ("--catalog", "auto", "--api-url", server.url, str(tree.root))
        run(check_cmd(*api), cache, tree.root)
        first, _ = server.counts()
        server.reset()
        run(check_cmd(*api), cache, tree.root)
        second, _ = server.counts()
    verdict("API warm cache: requests of a second run", second, 0, f"{second} (first run {first})")


def tree_ratios(tree: Tree, repeat: int, cache: Path, *, memory: bool) -> None:
    files = sorted(str(p) for p in tree.root.rglob("*") if p.suffix in (".tf", ".tfvars"))
    print(
        f"  {tree.modules} modules, {len(files)} files, {tree.servers} servers, median of {repeat}:"
    )
    # Each measure alternates with its floor, round by round: the load of a shared machine
    # drifts over minutes, and then slows both alike instead of one of them.
    offline = check_cmd(".", "--catalog", "offline")
    run(offline, cache, tree.root)  # whatever a run leaves behind, the next one may use
    floors, colds, warms = [], [], []
    for _ in range(repeat):
        floors.append(run([sys.executable, "-c", BARE_HCL2, *files], cache, REPO))
        colds.append(run(offline, parse_caches_cleared(cache), tree.root))
        run(offline, cache, tree.root)  # the caches a cold run leaves, complete
        warms.append(run(offline, cache, tree.root))
    floor = statistics.median(t for t, _ in floors)
    cold, cold_rss = statistics.median(t for t, _ in colds), max(m for _, m in colds)
    warm = statistics.median(t for t, _ in warms)
    for name, seconds, bound in (
        ("cold run (warm catalog) / serial hcl2.load", cold, 0.35),
        ("repeat run / serial hcl2.load", warm, 0.05),
    ):
        shown = f"{seconds:.2f} s / {floor:.2f} s = {seconds / floor:.2f}"
        verdict(name, seconds / floor, bound, shown)
    module = [str(p) for p in tree.module_files()]
    hook = check_cmd(*module, "--catalog", "offline")
    bares, changed_runs, unchanged_runs = [], [], []
    for n in range(max(repeat, 5)):
        bares.append(run([sys.executable, "-c", BARE_PRECOMMIT, module[0]], cache, REPO)[0])
        # What a commit is: one of the files changed since the last run, so neither its
        # parse nor the last run's result can be reused; the others' parses can.
        with open(module[0], "a", encoding="utf-8") as file:
            file.write(f"# edit {n}\n")
        changed_runs.append(run(hook, cache, REPO)[0])
        unchanged_runs.append(run(hook, cache, REPO)[0])
    bare = statistics.median(bares)
    for name, seconds in (
        ("pre-commit, 3 files, one edited / python + imports + 1 hcl2.load", changed_runs),
        ("pre-commit, 3 files, unchanged / python + imports + 1 hcl2.load", unchanged_runs),
    ):
        median = statistics.median(seconds)
        verdict(name, median / bare, 1.3, f"{median:.2f} s / {bare:.2f} s = {median / bare:.2f}")
    read_only_precommit(module, repeat)
    if memory:
        verdict("peak memory of a cold run (MiB)", cold_rss, 150, f"{cold_rss:.0f} MiB")
    api_mode(tree, cache)


def issue9(quick: bool, repeat: int) -> None:
    print(f"load average before: {os.getloadavg()[0]:.1f}")
    sizes = (100,) if quick else (100, 1000)
    # Byte code for every module, readable by the read-only install's user too.
    subprocess.run(
        [sys.executable, "-m", "compileall", "-q", str(REPO / "imagelint"), str(REPO / "rules")],
        env=USERS_ENV,
        check=True,
    )
    print(f"issue 9 ratios ({os.cpu_count()} cores):")
    for modules in sizes:
        with tempfile.TemporaryDirectory() as tmp:
            Path(tmp).chmod(0o755)  # the read-only install's user reads the tree
            tree = generate(Path(tmp) / "repo", modules)
            tree_ratios(tree, repeat, Path(tmp) / "cache", memory=modules == 1000)
    if quick:
        print("  (--quick: the 1,000-module tree and its peak memory were not measured)")
