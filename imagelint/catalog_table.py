"""What `imagelint catalog show` prints: the cache per API URL, or where a label boots."""

from __future__ import annotations

import textwrap
from dataclasses import dataclass
from typing import TYPE_CHECKING

from imagelint.catalog.cache_origins import age_text as age
from imagelint.catalog.interface import LOCAL, SBS, Answer, Found, LabelQuery, Miss, NotFound
from imagelint.reporters.escape import escape_controls as esc

if TYPE_CHECKING:
    from imagelint.catalog.cache import DiskCache
    from imagelint.catalog.snapshot import SnapshotCatalog

WIDTH = 100
HEADER = ("ZONE", "VOLUME TYPE", "ARCH", "SOURCE", "COMMERCIAL TYPES")


@dataclass(frozen=True)
class _Held:
    answer: Answer
    source: str  # where the answer comes from and how old it is, for the SOURCE column


def label_table(label: str, zone: str | None, cache: DiskCache, api_url: str) -> tuple[str, bool]:
    """The table, and whether anything is known about the label there."""
    from imagelint.catalog.snapshot import SnapshotCatalog
    from imagelint.catalog.zones import KNOWN_ZONES, normalise_zone

    snapshot = SnapshotCatalog()
    zones = (normalise_zone(zone),) if zone else KNOWN_ZONES
    held = {
        (z, t): _lookup(LabelQuery(label=label, zone=z, image_type=t), cache, api_url, snapshot)
        for z in zones
        for t in (LOCAL, SBS)
    }
    shown = esc(label)
    missing = [h for h in held.values() if isinstance(h.answer, NotFound)]
    if missing:
        return f"{shown} is no Marketplace label ({missing[0].source})\n", True
    rows: list[tuple[str, ...]] = []
    for (z, t), h in held.items():
        if isinstance(h.answer, Found):
            rows.extend(_rows(z, t, h))
    unanswered = sorted({z for (z, _), h in held.items() if isinstance(h.answer, Miss)})
    if not rows:
        where = esc(zone) if zone else "any zone"
        lines = [f"nothing is known about {shown} in {where}: the cache and the snapshot hold "]
        lines[0] += "no answer (imagelint catalog update --labels LABEL --zones ZONE fetches it)"
        return lines[0] + "\n", False
    booting = sorted({r[0] for r in rows if r[2] != "-"})
    zones_text = f"{len(booting)} zone{'' if len(booting) == 1 else 's'}"
    head = f"{shown} boots in {zones_text}: {', '.join(booting)}"
    lines = [head if booting else f"{shown} boots in none of the zones below", ""]
    lines.extend(_table(rows))
    if unanswered:
        lines += ["", f"no answer held for {', '.join(unanswered)}"]
    snapshot_source = snapshot.source()
    lines += [
        "",
        f"cache: {esc(str(cache.directory))}; snapshot: the bundled one as of "
        f"{esc(snapshot_source.as_of)}",
    ]
    return "\n".join(lines) + "\n", True


def _lookup(query: LabelQuery, cache: DiskCache, api_url: str, snapshot: SnapshotCatalog) -> _Held:
    hit = cache.get(query, api_url)
    if hit is None and query.zone is not None:
        every = cache.get(
            LabelQuery(label=query.label, zone=None, image_type=query.image_type), api_url
        )
        if every is not None and isinstance(every[0], Found):
            images = tuple(i for i in every[0].images if i.zone == query.zone)
            hit = (Found(images=images), every[1])
        elif every is not None:
            hit = every
    if hit is not None:
        answer, seconds = hit
        stale = "" if cache.is_fresh(answer, seconds) else ", stale"
        return _Held(answer, f"cache, {age(seconds)}{stale}")
    recorded = snapshot.answer([query])[query]
    day = recorded.recorded if isinstance(recorded, Found) else None
    as_of = day or snapshot.source().as_of
    return _Held(recorded, f"snapshot {esc(as_of[:10])}")


def _rows(zone: str, image_type: str, held: _Held) -> list[tuple[str, ...]]:
    assert isinstance(held.answer, Found)
    by_arch: dict[str, list[str]] = {}
    for image in held.answer.images:
        if image.zone != zone:
            continue  # a server that ignores the zone filter (Q5)
        types = by_arch.setdefault(image.arch or "unknown arch", [])
        types.extend(t for t in image.compatible_commercial_types if t not in types)
    if not by_arch:
        return [(esc(zone), image_type, "-", held.source, "(no image)")]
    return [
        (esc(zone), image_type, esc(arch), held.source, " ".join(esc(t) for t in types))
        for arch, types in by_arch.items()
    ]


def _table(rows: list[tuple[str, ...]]) -> list[str]:
    widths = [max(len(r[i]) for r in [HEADER, *rows]) for i in range(len(HEADER) - 1)]
    indent = sum(widths) + 2 * len(widths)
    lines = []
    for row in [HEADER, *rows]:
        lead = "".join(cell.ljust(w + 2) for cell, w in zip(row, widths, strict=False))
        wrapped = textwrap.wrap(row[-1], max(WIDTH - indent, 30)) or [""]
        lines.append(lead + wrapped[0])
        lines.extend(" " * indent + more for more in wrapped[1:])
    return lines


def cache_summary(cache: DiskCache) -> str:
    """Per API URL: how many entries, found or not, fresh or stale, and their ages."""
    from imagelint.catalog.redact import mask_userinfo

    by_url: dict[str, list[tuple[float, bool, bool]]] = {}
    for query, _fetched, url, answer in cache.entries():
        hit = cache.get(query, url)
        if hit is not None:
            seconds = hit[1]
            entry = (seconds, isinstance(answer, Found), cache.is_fresh(answer, seconds))
            by_url.setdefault(url, []).append(entry)
    lines = [f"catalog cache: {esc(str(cache.directory))}"]
    if not by_url:
        lines.append("  empty (imagelint catalog update fills it)")
    for url in sorted(by_url):
        held = by_url[url]
        ages = [seconds for seconds, _, _ in held]
        found = sum(1 for _, is_found, _ in held if is_found)
        fresh = sum(1 for _, _, is_fresh in held if is_fresh)
        lines.append(
            f"  {esc(mask_userinfo(url))}: {len(held)} entries ({found} found, "
            f"{len(held) - found} not found; {fresh} fresh, {len(held) - fresh} stale), "
            f"newest {age(min(ages))} old, oldest {age(max(ages))} old"
        )
    return "\n".join(lines) + "\n"
