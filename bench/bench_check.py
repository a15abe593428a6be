"""Benchmarks printed as ratios measured side by side in one run (machines here are noisy).

    python bench/bench_check.py [--copies N] [--repeat R] [--quick]

1. cold process: `imagelint check` (offline) vs a bare `python -c "import hcl2; hcl2.load…"`
   over the same files, and vs `python -c pass` (interpreter start-up);
2. in process: imagelint's HCL reader vs hcl2.loads on the same texts;
3. evaluation: reading the same tree into instances, today's Terraform component vs the one
   of a baseline commit (default d8e2fa4, the reader before module-aware evaluation), each in
   a fresh process, best of R;
4. API mode on the same tree against the loopback fake Marketplace (its own process, 50 ms
   a request): HTTP requests vs distinct queries, network phase vs the serial time;
5. a pre-commit call on one file, cold: one YAML file (an imagelint inventory, a Crossplane
   Server) vs one `.tf` file, vs `python -c pass`;
6. parse cache: cold vs warm: a whole offline run in a fresh process on bench/corpus and on
   samples/ copied 20 times, without the parse cache, with an empty one, with a warm one;
   and python-hcl2's grammar on a read-only install (run as another user when root), as
   python-hcl2 keeps it vs as imagelint does;
7. issue 9's ratios on the synthetic monorepo (bench/monorepo.py), 100 and 1,000 modules,
   each with its bound (bench/ratios.py); `--quick`: the 100-module tree only.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

BARE_HCL2 = "import sys, hcl2\nfor p in sys.argv[1:]:\n    with open(p) as f: hcl2.load(f)\n"


def corpus(copies: int, into: Path) -> list[Path]:
    """`copies` copies of every sample scenario, each in its own directory (module)."""
    for i in range(copies):
        for scenario in sorted((REPO / "samples").iterdir()):
            if scenario.is_dir():
                shutil.copytree(
                    scenario, into / f"{scenario.name}-{i}", ignore=shutil.ignore_patterns("*.json")
                )
    return sorted(into.rglob("*.tf"))


def timed(cmd: list[str], repeat: int, cwd: Path) -> tuple[float, float]:
    """Median wall seconds and median peak RSS (MiB) of `cmd`, each run its own process."""
    times, peaks = [], []
    env = {**os.environ, "SCW_DEFAULT_ZONE": ""}
    for _ in range(repeat):
        start = time.perf_counter()
        child = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=subprocess.DEVNULL)
        _, _, usage = os.wait4(child.pid, 0)  # this child's own rusage, not all children's
        times.append(time.perf_counter() - start)
        peaks.append(usage.ru_maxrss / 1024)
    return statistics.median(times), statistics.median(peaks)


def cold(files: list[Path], root: Path, repeat: int) -> None:
    py = sys.executable
    startup, startup_rss = timed([py, "-c", "pass"], repeat, root)
    bare, bare_rss = timed([py, "-c", BARE_HCL2, *map(str, files)], repeat, root)
    ours, our_rss = timed(
        [py, "-m", "imagelint", "check", ".", "--catalog", "offline"], repeat, root
    )
    print(f"cold process, {len(files)} files, median of {repeat}:")
    print(f"  python -c pass           {startup:6.3f} s  {startup_rss:5.0f} MiB")
    print(f"  bare hcl2.load           {bare:6.3f} s  {bare_rss:5.0f} MiB")
    print(
        f"  imagelint check offline  {ours:6.3f} s  {our_rss:5.0f} MiB   "
        f"ratio to bare hcl2: time {ours / bare:4.2f}, memory {our_rss / bare_rss:4.2f}"
    )


PRECOMMIT_FILES = {
    "main.tf": 'resource "scaleway_instance_server" "web" {\n  image = "ubuntu_jammy"\n'
    '  type  = "DEV1-S"\n  zone  = "fr-par-1"\n}\n',
    "fleet.imagelint.yaml": "imagelint: 1\ninstances:\n  - name: web\n    image: ubuntu_jammy\n"
    "    type: DEV1-S\n    zone: fr-par-1\n",
    "server.yaml": "apiVersion: instance.scaleway.upbound.io/v1alpha1\nkind: Server\n"
    "metadata:\n  name: web\nspec:\n  forProvider:\n    image: ubuntu_jammy\n"
    "    type: DEV1-S\n    zone: fr-par-1\n",
}


def precommit(repeat: int) -> None:
    """What a developer waits for on each commit: one file, a fresh process, offline."""
    py = sys.executable
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        for name, text in PRECOMMIT_FILES.items():
            (root / name).write_text(text, encoding="utf-8")
        startup, _ = timed([py, "-c", "pass"], repeat, root)
        times = {
            name: timed(
                [py, "-m", "imagelint", "check", name, "--catalog", "offline"], repeat, root
            )
            for name in PRECOMMIT_FILES
        }
    tf = times["main.tf"][0]
    print(f"pre-commit call on one file, cold, median of {repeat}:")
    print(f"  python -c pass          {startup:6.3f} s")
    for name, (seconds, rss) in times.items():
        print(
            f"  {name:<22}  {seconds:6.3f} s  {rss:5.0f} MiB   ratio to main.tf {seconds / tf:4.2f}"
        )


def in_process(files: list[Path], repeat: int) -> None:
    import hcl2

    from imagelint.terraform.load import parse_config as parse_terraform_file

    texts = [(str(p), p.read_text()) for p in files]
    hcl2.loads(texts[0][1])  # both pay for the grammar once, outside the timing

    def best(fn: object) -> float:
        runs = []
        for _ in range(repeat):
            start = time.perf_counter()
            for path, text in texts:
                fn(path, text)  # type: ignore[operator]
            runs.append(time.perf_counter() - start)
        return min(runs)

    theirs = best(lambda _p, t: hcl2.loads(t))
    ours = best(parse_terraform_file)
    print(f"in process, {len(texts)} files, best of {repeat}:")
    print(f"  hcl2.loads               {theirs:6.3f} s  ({len(texts) / theirs:5.0f} files/s)")
    print(
        f"  imagelint reader         {ours:6.3f} s  ({len(texts) / ours:5.0f} files/s)"
        f"   ratio: {ours / theirs:4.2f}"
    )


# Each driver reads the tree into instances `repeat` times in one process (the grammar is
# built once, outside the timing) and prints the best time and the instance count.
_TIMER = """
import sys, time
from pathlib import Path
sys.path.insert(0, sys.argv[1])
root, repeat = Path(sys.argv[2]), int(sys.argv[3])
import hcl2; hcl2.parses_to_tree("a = 1\\n")
{setup}
best = float("inf")
for _ in range(repeat):
    start = time.perf_counter()
    instances = {call}
    best = min(best, time.perf_counter() - start)
print(best, len(instances))
"""
_BASELINE = _TIMER.format(
    setup="from imagelint.model import Value\nfrom imagelint.workspace import read_terraform\n"
    "zone = Value.of('fr-par-1', None, origin='provider default')",
    call="read_terraform(('.',), cwd=root, default_zone=zone).instances",
)
_CURRENT = _TIMER.format(
    setup="from imagelint.terraform.load import read_terraform",
    call="read_terraform(('.',), cwd=root, env={}, home=None).instances",
)


def evaluation(root: Path, repeat: int, baseline: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        archive = subprocess.run(
            ["git", "archive", baseline, "imagelint"], cwd=REPO, capture_output=True, check=True
        )
        subprocess.run(["tar", "-x", "-C", tmp], input=archive.stdout, check=True)
        runs: dict[str, tuple[float, int]] = {}
        # Alternate the two, several rounds, and keep each one's best: a noisy neighbour
        # then slows both alike instead of one of them.
        for _ in range(3):
            for name, program, tree in (("baseline", _BASELINE, tmp), ("today", _CURRENT, REPO)):
                done = subprocess.run(
                    [sys.executable, "-c", program, str(tree), str(root), str(repeat)],
                    capture_output=True,
                    text=True,
                )
                if done.returncode != 0:
                    sys.exit(f"the {name} evaluation failed:\n{done.stderr}")
                seconds, instances = done.stdout.split()
                best = min(float(seconds), runs.get(name, (float("inf"), 0))[0])
                runs[name] = (best, int(instances))
    (old, old_n), (new, new_n) = runs["baseline"], runs["today"]
    print(f"evaluation of the same tree into instances, best of 3 x {repeat}, alternating:")
    print(f"  reader of {baseline:<14} {old:6.3f} s  {old_n:4d} instances")
    print(
        f"  today's evaluator        {new:6.3f} s  {new_n:4d} instances   ratio: {new / old:4.2f}"
    )


def api_requests(root: Path, copies: int) -> None:
    """Every query of a run through one pool: requests vs distinct queries, and the time
    queries were in flight vs the same requests one after the other, at 50 ms each."""
    from bench.loopback import served
    from imagelint.app import Options, check
    from imagelint.catalog.http import HttpCatalog
    from imagelint.plugins import discover
    from imagelint.resolve import plan
    from imagelint.workspace import read

    latency = 0.05
    options = Options(paths=(".",), catalog="offline", env={}, cwd=root)
    instances = read(options, discover(untrusted=(root,)).sources).instances
    planned = {p.target.query for p in map(plan, instances) if p.target and p.target.query}
    with served(latency) as server:
        catalog = HttpCatalog(base_url=server.url)
        options = Options(paths=(".",), catalog="api", api_url=server.url, env={}, cwd=root)
        outcome = check(options, catalog=catalog)
        catalog.close()
        requests, distinct = server.counts()
    assert outcome.report is not None
    serial = requests * latency
    print(f"API mode on samples/ x {copies} (loopback fake Marketplace, {latency * 1000:g} ms):")
    print(
        f"  instances {outcome.report.summary.instances}, distinct instance queries "
        f"{len(planned)}, HTTP requests {requests} (follow-ups and label list included), "
        f"distinct requests {distinct}, requests per distinct request "
        f"{requests / max(distinct, 1):.2f}"
    )
    print(
        f"  network phase {catalog.network_seconds:.3f} s, serial {serial:.2f} s "
        f"({requests} x {latency * 1000:g} ms): ratio {catalog.network_seconds / serial:.3f}"
    )


# One offline run in a fresh process; argv: tree, cache directory ("" for none).
_CACHED_RUN = """
import json, sys
from pathlib import Path
from imagelint import parse_cache
from imagelint.app import Options, check
cache = parse_cache.activate(Path(sys.argv[2])) if sys.argv[2] else None
outcome = check(Options(paths=(".",), catalog="offline", env={}, cwd=Path(sys.argv[1])))
assert outcome.report is not None, outcome.messages
print(json.dumps({
    "instances": outcome.report.summary.instances,
    "parsed": cache.misses if cache else None,
    "from_cache": cache.hits if cache else None,
    "hcl2_imported": "hcl2" in sys.modules,
}))
"""


def _cached_run(tree: Path, cache: str) -> tuple[float, dict[str, object]]:
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", _CACHED_RUN, str(tree), cache],
        capture_output=True,
        text=True,
        env={**os.environ, "SCW_DEFAULT_ZONE": ""},
    )
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        sys.exit(f"the parse cache run failed:\n{done.stderr}")
    result: dict[str, object] = json.loads(done.stdout)
    return seconds, result


def parse_cache_runs(repeat: int) -> None:
    """A repeat run on an unchanged tree must parse nothing, and cost a fraction of a cold one."""
    print(f"parse cache: cold vs warm (whole offline run, fresh process, median of {repeat}):")
    with tempfile.TemporaryDirectory() as tmp:
        copies = Path(tmp) / "samples-x20"
        copies.mkdir()
        corpus(20, copies)
        for name, tree in (("bench/corpus", REPO / "bench" / "corpus"), ("samples x20", copies)):
            files = sum(1 for p in tree.rglob("*") if p.suffix in (".tf", ".hcl"))
            none, cold, warm = [], [], []
            for round_ in range(repeat):
                cache = Path(tmp) / f"cache-{name.replace('/', '-')}-{round_}"
                none.append(_cached_run(tree, "")[0])
                cold.append(_cached_run(tree, str(cache)))
                warm.append(_cached_run(tree, str(cache)))
            t_none = statistics.median(none)
            t_cold = statistics.median(t for t, _ in cold)
            t_warm = statistics.median(t for t, _ in warm)
            last = warm[-1][1]
            print(f"  {name}: {files} HCL files, {last['instances']} instances")
            print(f"    no parse cache   {t_none:6.3f} s")
            print(f"    cold cache       {t_cold:6.3f} s   parsed {cold[-1][1]['parsed']}")
            print(
                f"    warm cache       {t_warm:6.3f} s   parsed {last['parsed']}, "
                f"from cache {last['from_cache']}, hcl2 imported: {last['hcl2_imported']}"
            )
            print(
                f"    warm / cold {t_warm / t_cold:4.2f}   warm / no cache {t_warm / t_none:4.2f}"
            )
            parse_only(tree, Path(tmp) / f"parse-only-{name.replace('/', '-')}", repeat)
    read_only_grammar(repeat)


def parse_only(tree: Path, cache: Path, repeat: int) -> None:
    """The parsing alone, in this process: every Terraform file through parse_config."""
    from imagelint.parse_cache import activated
    from imagelint.terraform.load import parse_config

    texts = [(str(p), p.read_text(encoding="utf-8")) for p in sorted(tree.rglob("*.tf"))]
    parse_config("warm-up.tf", "a = 1\n")  # the grammar, once, outside the timing

    def best() -> float:
        runs = []
        for _ in range(repeat):
            start = time.perf_counter()
            for shown, text in texts:
                parse_config(shown, text)
            runs.append(time.perf_counter() - start)
        return min(runs)

    uncached = best()
    with activated(cache):
        for shown, text in texts:
            parse_config(shown, text)
        warm = best()
    print(
        f"    parsing alone, {len(texts)} .tf files in process, best of {repeat}: "
        f"no cache {uncached:6.3f} s, warm cache {warm:6.3f} s, ratio {warm / uncached:5.3f}"
    )


_GRAMMAR_THEIRS = "import hcl2; hcl2.parses_to_tree('a = 1\\n')"
_GRAMMAR_OURS = "from imagelint.parsers.hcl_tree import parse_hcl; parse_hcl('m.tf', 'a = 1\\n')"


def read_only_grammar(repeat: int) -> None:
    """python-hcl2 on a read-only install: its grammar as it keeps it (rebuilt every run) vs
    as imagelint keeps it (built once into the cache directory)."""
    from bench.readonly import read_only_install

    with read_only_install() as install:
        if install is None:
            print("read-only grammar: no Python the user nobody can run; not measured")
            return

        def run(program: str, read_only: bool) -> float:
            return install.run(["-c", program], read_only=read_only)

        first = run(_GRAMMAR_OURS, True)  # builds imagelint's grammar entry once
        times = {
            "normal install, python-hcl2's own cache": [
                run(_GRAMMAR_THEIRS, False) for _ in range(repeat)
            ],
            "read-only, python-hcl2 as is (before)": [
                run(_GRAMMAR_THEIRS, True) for _ in range(repeat)
            ],
            "read-only, imagelint's cache (after)": [
                run(_GRAMMAR_OURS, True) for _ in range(repeat)
            ],
        }
        print(
            f"read-only site-packages, first call of the parser, fresh process {install.who}, "
            f"median of {repeat}:"
        )
        print(f"  first run with imagelint's cache (builds it once)  {first:6.3f} s")
        base = statistics.median(times["normal install, python-hcl2's own cache"])
        for label, runs in times.items():
            median = statistics.median(runs)
            print(f"  {label:<42} {median:6.3f} s   ratio to normal install {median / base:4.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--copies", type=int, default=10, help="copies of samples/ (default 10)")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--baseline", default="d8e2fa4", help="commit to compare evaluation with")
    parser.add_argument(
        "--only", choices=["parse-cache"], help="run one section (parse cache: cold vs warm)"
    )
    parser.add_argument(
        "--quick", action="store_true", help="issue 9's ratios on the 100-module tree only"
    )
    args = parser.parse_args()
    from bench.ratios import issue9

    if args.quick:
        issue9(quick=True, repeat=min(args.repeat, 3))
        return
    if args.only == "parse-cache":
        parse_cache_runs(args.repeat)
        return
    with tempfile.TemporaryDirectory() as tmp:
        files = corpus(args.copies, Path(tmp))
        cold(files, Path(tmp), args.repeat)
        in_process(files, args.repeat)
        evaluation(Path(tmp), args.repeat, args.baseline)
        api_requests(Path(tmp), args.copies)
    precommit(args.repeat)
    parse_cache_runs(args.repeat)
    issue9(quick=False, repeat=args.repeat)


if __name__ == "__main__":
    main()
