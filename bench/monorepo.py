"""A synthetic Terraform monorepo for benchmarks: child modules under modules/, roots under
live/<env>/<region>/, three files each, servers with literal, variable, count and module values.

    python bench/monorepo.py DIR [--modules 1000] [--seed 0]
"""

from __future__ import annotations

import argparse
import random
from dataclasses import dataclass
from pathlib import Path

ENVS = ("prod", "staging", "dev")
REGIONS = {
    "fr-par": ("fr-par-1", "fr-par-2", "fr-par-3"),
    "nl-ams": ("nl-ams-1", "nl-ams-2", "nl-ams-3"),
    "pl-waw": ("pl-waw-1", "pl-waw-2", "pl-waw-3"),
}
# Weighted toward what teams run; a typo now and then, as in real trees.
LABELS = (
    *("ubuntu_jammy",) * 6,
    *("ubuntu_noble",) * 5,
    *("debian_bookworm",) * 4,
    *("ubuntu_focal",) * 2,
    *("debian_bullseye", "rockylinux_9", "almalinux_9", "centos_stream_9", "fedora_40"),
    *("ubuntu_jammy_gpu_os_12", "docker", "gitlab", "windows_server_2022", "openvpn"),
    "ubuntu_jamy",
)
TYPES = (
    *("DEV1-S", "DEV1-M", "GP1-XS", "PLAY2-NANO", "PRO2-XS", "PRO2-S") * 3,
    "COPARM1-2C-8G",
    "POP2-2C-8G",
)
VOLUME_TYPES = (None, None, "sbs_volume", "l_ssd")
STACKS = ("web", "api", "worker", "batch", "cache", "edge", "tools", "ci")
CHILD_KINDS = ("instance", "fleet", "pool")
FILES_PER_MODULE = 3


@dataclass(frozen=True)
class Tree:
    root: Path
    modules: int
    files: int
    servers: int  # instances Terraform would create (count and module calls expanded)

    def module_files(self) -> list[Path]:
        """The files of one root module, for a pre-commit call."""
        first = sorted((self.root / "live").glob("*/*/*"))[0]
        return sorted(p for p in first.iterdir() if p.is_file())


def generate(root: Path, modules: int = 1000, seed: int = 0) -> Tree:
    """Write the tree under `root` (which must be empty or absent); the same arguments always
    write the same tree."""
    rng = random.Random(seed)
    children = max(modules // 10, 3)
    servers = 0
    for i in range(children):
        _child(root / "modules" / f"{CHILD_KINDS[i % len(CHILD_KINDS)]}-{i:03d}", i)
    for i in range(modules - children):
        env, region = ENVS[i % len(ENVS)], list(REGIONS)[(i // len(ENVS)) % len(REGIONS)]
        stack = f"{STACKS[i % len(STACKS)]}-{i:04d}"
        child = f"{CHILD_KINDS[i % children % len(CHILD_KINDS)]}-{i % children:03d}"
        servers += _root(root / "live" / env / region / stack, rng, env, region, child)
    return Tree(root=root, modules=modules, files=modules * FILES_PER_MODULE, servers=servers)


def _write(directory: Path, files: dict[str, str]) -> None:
    directory.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (directory / name).write_text(text, encoding="utf-8")


def _child(directory: Path, n: int) -> None:
    volume = "\n  root_volume {\n    volume_type = var.volume_type\n  }\n" if n % 2 else ""
    _write(
        directory,
        {
            "main.tf": (
                'resource "scaleway_instance_server" "this" {\n'
                "  count = var.replicas\n\n"
                '  name  = "${var.name}-${count.index}"\n'
                "  type  = var.type\n"
                "  image = var.image\n"
                "  zone  = var.zone\n"
                '  tags  = concat(var.tags, ["managed-by:terraform"])\n'
                f"{volume}"
                "}\n"
            ),
            "variables.tf": "".join(
                _variable(name, kind, default)
                for name, kind, default in (
                    ("name", "string", None),
                    ("type", "string", '"DEV1-S"'),
                    ("image", "string", '"ubuntu_jammy"'),
                    ("zone", "string", "null"),
                    ("replicas", "number", "1"),
                    ("volume_type", "string", '"sbs_volume"'),
                    ("tags", "list(string)", "[]"),
                )
            ),
            "outputs.tf": (
                'output "ids" {\n  value = scaleway_instance_server.this[*].id\n}\n\n'
                'output "private_ips" {\n'
                "  value = scaleway_instance_server.this[*].private_ip\n}\n"
            ),
        },
    )


def _variable(name: str, kind: str, default: str | None) -> str:
    if default is None:  # terraform fmt aligns the `=` of neighbouring lines only
        return f'variable "{name}" {{\n  type = {kind}\n}}\n\n'
    return f'variable "{name}" {{\n  type    = {kind}\n  default = {default}\n}}\n\n'


def _root(directory: Path, rng: random.Random, env: str, region: str, child: str) -> int:
    zones = REGIONS[region]
    zone = rng.choice(zones)
    servers: list[str] = []
    count = 0
    for n in range(rng.choice((1, 1, 2))):  # literal values, the zone the provider's or written
        written = f'  zone  = "{rng.choice(zones)}"\n' if rng.random() < 0.5 else ""
        literal_volume = rng.choice(VOLUME_TYPES)
        if literal_volume:
            written += f'\n  root_volume {{\n    volume_type = "{literal_volume}"\n  }}\n'
        servers.append(_server(f"literal_{n}", rng.choice(TYPES), rng.choice(LABELS), written))
        count += 1
    volume = rng.choice(VOLUME_TYPES)
    root_volume = "\n  root_volume {\n    volume_type = var.volume_type\n  }\n" if volume else ""
    servers.append(
        _server("from_vars", "var.type", "var.image", "  zone  = var.zone\n" + root_volume)
    )
    count += 1
    replicas = rng.choice((1, 2, 2, 3, 4))
    servers.append(
        _server(
            "counted",
            "local.sizes[var.environment]",
            "var.image",
            "",
            f"  count = {replicas}\n\n",
        )
    )
    count += replicas
    module_replicas = rng.choice((1, 2, 3))
    module = (
        f'module "{child.split("-")[0]}" {{\n'
        f'  source = "../../../../modules/{child}"\n\n'
        f'  name     = "{directory.name}"\n'
        f'  type     = "{rng.choice(TYPES)}"\n'
        f'  image    = "{rng.choice(LABELS)}"\n'
        f'  zone     = "{rng.choice(zones)}"\n'
        f"  replicas = {module_replicas}\n"
        f'  tags     = ["env:{env}"]\n'
        "}\n"
    )
    count += module_replicas
    _write(
        directory,
        {
            "main.tf": (
                f'provider "scaleway" {{\n  zone   = "{zone}"\n  region = "{region}"\n}}\n\n'
                "locals {\n  sizes = {\n"
                '    prod    = "PRO2-S"\n    staging = "DEV1-M"\n    dev     = "DEV1-S"\n'
                "  }\n}\n\n" + "\n".join(servers) + "\n" + module
            ),
            "variables.tf": "".join(
                _variable(name, "string", default)
                for name, default in (
                    ("environment", f'"{env}"'),
                    ("type", '"DEV1-S"'),
                    ("image", '"ubuntu_jammy"'),
                    ("zone", f'"{zone}"'),
                    ("volume_type", f'"{volume}"' if volume else "null"),
                )
            ),
            "terraform.tfvars": (
                f'type  = "{rng.choice(TYPES)}"\nimage = "{rng.choice(LABELS)}"\n'
                f'zone  = "{rng.choice(zones)}"\n'
            ),
        },
    )
    return count


def _server(name: str, type_: str, image: str, zone: str, count: str = "") -> str:
    def value(text: str) -> str:
        return text if text.startswith(("var.", "local.")) else f'"{text}"'

    return (
        f'resource "scaleway_instance_server" "{name}" {{\n{count}'
        f"  type  = {value(type_)}\n  image = {value(image)}\n{zone}}}\n"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("directory", type=Path)
    parser.add_argument("--modules", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    tree = generate(args.directory, args.modules, args.seed)
    print(f"{tree.root}: {tree.modules} modules, {tree.files} files, {tree.servers} servers")


if __name__ == "__main__":
    main()
