"""Trees for the parallel reader's tests: a generated monorepo (bench/monorepo.py) with the
samples and every kind of trouble a large repository holds added to it."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from bench.monorepo import generate

REPO = Path(__file__).resolve().parents[2]
MAX_FILE_BYTES = 200_000  # low, so that one file of the tree is too large
BROKEN = 'resource "scaleway_instance_server" "broken" {\n  image = \n'


def write(root: Path, files: dict[str, str | bytes]) -> None:
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")


def troubled_tree(root: Path, modules: int) -> Path:
    """`modules` generated modules, the samples, parse errors (in a root, in a module many
    roots call, in a variables file), a file that is not UTF-8, one too large, a FIFO, a
    dangling link, a link out of the tree, a plan, a module whose only caller is commented
    out, and a chain of modules twelve deep."""
    tree = generate(root, modules=modules)
    for sample in sorted((REPO / "samples").iterdir()):
        if sample.is_dir():
            shutil.copytree(sample, root / "samples" / sample.name)
    live = sorted(p.parent for p in (root / "live").rglob("main.tf"))
    shared = sorted(p for p in (root / "modules").iterdir())[0]
    assert len(live) > 10 and tree.servers > 0
    write(
        root,
        {
            f"{live[0].relative_to(root)}/broken.tf": BROKEN,
            f"{shared.relative_to(root)}/broken.tf": BROKEN,
            f"{live[1].relative_to(root)}/terraform.tfvars": "zone = \n",
            f"{live[2].relative_to(root)}/latin1.tf": b"# caf\xe9\n",
            f"{live[3].relative_to(root)}/huge.tf": "# padding\n" * (MAX_FILE_BYTES // 10 + 1),
            "plans/app.json": (REPO / "tests/terraform/plans/app.json").read_text(),
            "orphan/caller/main.tf": '# module "l" {\n#   source = "../lonely"\n# }\n',
            "orphan/lonely/main.tf": _server("lonely", '"ubuntu_jammy"'),
        },
    )
    os.mkfifo(live[4] / "pipe.tf")
    (live[5] / "dangling.tf").symlink_to(live[5] / "nowhere.tf")
    outside = root.parent / f"{root.name}-outside.tf"
    outside.write_text(_server("outside", '"debian_bookworm"'), encoding="utf-8")
    (live[6] / "outside.tf").symlink_to(outside)
    for level in range(12):
        call = f'module "down" {{\n  source = "../l{level + 1:02d}"\n  image = var.image\n}}\n'
        body = call if level < 11 else _server("deep", "var.image")
        default = '  default = "ubuntu_noble"\n' if level == 0 else ""
        write(root, {f"chain/l{level:02d}/main.tf": f'variable "image" {{\n{default}}}\n{body}'})
    return root


def _server(name: str, image: str) -> str:
    return (
        f'resource "scaleway_instance_server" "{name}" {{\n'
        f'  image = {image}\n  type  = "DEV1-S"\n  zone  = "fr-par-1"\n}}\n'
    )
