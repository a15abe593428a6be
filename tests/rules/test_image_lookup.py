"""Image lookups (`data "scaleway_marketplace_image"`) and the servers that boot their image,
as instance records: the real engine, rules and a catalog file."""

from __future__ import annotations

import pytest

from imagelint.model import Instance
from tests.rules.cases import JAMMY_LOCAL_X86
from tests.rules.conftest import LintInstances
from tests.rules.instances import LOOKUP, SERVER, lookup, server

Expected = list[tuple[str, str, str, int]]  # rule, resource, path, line

LOOKUP_CASES: list[tuple[str, Instance, Expected]] = [
    ("defaults", lookup(), []),
    ("instance-type-uppercased", lookup(instance_type="gp1-xs"), []),
    ("sbs-image-type", lookup(instance_type="POP2-2C-8G", image_type="instance_sbs"), []),
    ("unknown-label", lookup(label="ubuntu_jamy"), [("image-unknown", LOOKUP, "lookups.tf", 2)]),
    # Sent verbatim: the server's `-` -> `_` rewrite does not happen here.
    ("label-verbatim", lookup(label="ubuntu-jammy"), [("image-unknown", LOOKUP, "lookups.tf", 2)]),
    (
        "unknown-type",
        lookup(instance_type="DEV9-XXL"),
        [("commercial-type-unknown", LOOKUP, "lookups.tf", 3)],
    ),
    ("unknown-zone", lookup(zone="fr-par-7"), [("zone-unknown", LOOKUP, "lookups.tf", 4)]),
    (
        "other-image-type-boots-it",
        lookup(instance_type="POP2-2C-8G"),
        [("image-volume-type-mismatch", LOOKUP, "lookups.tf", 2)],
    ),
    (
        "written-image-type",
        lookup(instance_type="GP1-XS", image_type="instance_sbs"),
        [("image-volume-type-mismatch", LOOKUP, "lookups.tf", 5)],
    ),
    (
        "no-image-in-zone",
        lookup(zone="pl-waw-1"),
        [("image-zone-unavailable", LOOKUP, "lookups.tf", 2)],
    ),
    (
        "arch",
        lookup(
            label="windows_server_2022", instance_type="COPARM1-2C-8G", image_type="instance_sbs"
        ),
        [("image-arch-mismatch", LOOKUP, "lookups.tf", 3)],
    ),
    # Only instance_local and instance_sbs pass the provider's validation.
    (
        "invalid-image-type",
        lookup(image_type="unknown_type"),
        [("value-unresolved", LOOKUP, "lookups.tf", 5)],
    ),
]


@pytest.mark.parametrize(
    ("record", "expected"), [c[1:] for c in LOOKUP_CASES], ids=[c[0] for c in LOOKUP_CASES]
)
def test_lookup(engine: LintInstances, record: Instance, expected: Expected) -> None:
    findings = engine([record]).findings
    assert [(f.rule, f.resource, f.path, f.line) for f in findings] == expected


SERVER_CASES: list[tuple[str, Instance, Instance, Expected]] = [
    ("same-type-and-zone", lookup(), server(image_from=LOOKUP), []),
    # DEV1-M boots the DEV1-S image the lookup resolved.
    ("another-type-that-boots-it", lookup(), server(type_="DEV1-M", image_from=LOOKUP), []),
    (
        "arm64-server-gets-the-x86-image",
        lookup(),
        server(type_="COPARM1-2C-8G", image_from=LOOKUP),
        [("image-arch-mismatch", SERVER, "main.tf", 3)],
    ),
    # Another architecture is not fixed by a volume type: the arch mismatch is reported.
    (
        "arm64-server-with-an-sbs-volume-gets-the-local-x86-image",
        lookup(),
        server(type_="COPARM1-2C-8G", volume="sbs_volume", image_from=LOOKUP),
        [("image-arch-mismatch", SERVER, "main.tf", 3)],
    ),
    (
        "type-the-image-does-not-list",
        lookup(),
        server(type_="POP2-2C-8G", image_from=LOOKUP),
        [("commercial-type-incompatible", SERVER, "main.tf", 3)],
    ),
    (
        "server-in-another-zone",
        lookup(),
        server(zone="fr-par-2", image_from=LOOKUP),
        [("image-zone-mismatch", SERVER, "main.tf", 2)],
    ),
    (
        "written-volume-type-disagrees",
        lookup(),
        server(volume="sbs_volume", image_from=LOOKUP),
        [("image-volume-type-mismatch", SERVER, "main.tf", 5)],
    ),
    ("written-volume-type-agrees", lookup(), server(volume="l_ssd", image_from=LOOKUP), []),
    # With no volume type written, the image's type is not flagged.
    ("no-volume-type", lookup(), server(image_from=LOOKUP), []),
    (
        "lookup-failed",
        lookup(label="ubuntu_jamy"),
        server(image_from=LOOKUP),
        [
            ("image-unknown", LOOKUP, "lookups.tf", 2),
            ("value-unresolved", SERVER, "main.tf", 2),
        ],
    ),
    (
        "lookup-unresolved",
        lookup(image_type="instance_ssd"),
        server(image_from=LOOKUP),
        [
            ("value-unresolved", LOOKUP, "lookups.tf", 5),
            ("value-unresolved", SERVER, "main.tf", 2),
        ],
    ),
    # The server's own type is looked up before its image: that error stands on its own.
    (
        "server-type-unknown",
        lookup(label="ubuntu_jamy"),
        server(type_="dev1-s", image_from=LOOKUP),
        [
            ("image-unknown", LOOKUP, "lookups.tf", 2),
            ("commercial-type-unknown", SERVER, "main.tf", 3),
        ],
    ),
]


@pytest.mark.parametrize(
    ("source", "record", "expected"),
    [c[1:] for c in SERVER_CASES],
    ids=[c[0] for c in SERVER_CASES],
)
def test_server_booting_a_lookup_image(
    engine: LintInstances, source: Instance, record: Instance, expected: Expected
) -> None:
    # The server first: the engine resolves image lookups before the servers using them.
    # Findings come sorted by path: lookups.tf before main.tf.
    findings = engine([record, source]).findings
    assert [(f.rule, f.resource, f.path, f.line) for f in findings] == expected


def test_arch_message_explains_the_trap(engine: LintInstances) -> None:
    result = engine([server(type_="COPARM1-2C-8G", image_from=LOOKUP), lookup()])
    (finding,) = result.findings
    assert finding.message == (
        f"COPARM1-2C-8G is arm64, but {LOOKUP} resolved ubuntu_jammy to local image "
        f"{JAMMY_LOCAL_X86} (x86_64, instance_local, fr-par-1) for its own instance_type "
        "DEV1-S, zone fr-par-1 and image_type instance_local"
    )
    assert finding.hint == (
        f'set instance_type = "COPARM1-2C-8G" on {LOOKUP}, so that it resolves an image this '
        "server boots"
    )
    # The lookup's instance_type was not written: the related location is its block.
    assert [(r.path, r.line, r.message) for r in finding.related] == [
        ("lookups.tf", 1, f"{LOOKUP} chooses its image for this type (its default)")
    ]
    assert result.checked == 2


def test_volume_type_message_names_both_fixes(engine: LintInstances) -> None:
    records = [server(volume="sbs_volume", image_from=LOOKUP), lookup(image_type="instance_local")]
    (finding,) = engine(records).findings
    assert finding.message.startswith("the root volume asks for an instance_sbs image, but ")
    assert finding.hint == (
        f'set image_type = "instance_sbs" on {LOOKUP}, or write '
        'root_volume { volume_type = "l_ssd" }'
    )
    assert [(r.path, r.line) for r in finding.related] == [("lookups.tf", 5)]


def test_zone_message_and_hint(engine: LintInstances) -> None:
    (finding,) = engine([server(zone="fr-par-2", image_from=LOOKUP), lookup()]).findings
    assert finding.message.startswith(f"the server is in fr-par-2, but {LOOKUP} resolved")
    assert finding.message.endswith("; the provider drops the zone of the id")
    assert finding.hint == f'set zone = "fr-par-2" on {LOOKUP}, or move the server'
    assert [(r.path, r.line) for r in finding.related] == [("lookups.tf", 4)]


def test_failed_lookup_is_not_repeated_on_the_server(engine: LintInstances) -> None:
    result = engine([server(image_from=LOOKUP), lookup(label="ubuntu_jamy")])
    notice = next(f for f in result.findings if f.resource == SERVER)
    assert notice.message == (
        f"image is not resolved: its image comes from {LOOKUP}, which did not resolve; "
        "this instance was not checked"
    )
    assert (result.checked, result.unresolved) == (1, 1)
    assert result.unresolved_by_kind == (("data-source", 1),)


def test_lookup_that_was_not_read(engine: LintInstances) -> None:
    (finding,) = engine([server(image_from=LOOKUP)]).findings
    assert finding.rule == "value-unresolved"
    assert f"its image comes from {LOOKUP}, which imagelint did not read" in finding.message


def test_invalid_image_type_says_why(engine: LintInstances) -> None:
    result = engine([lookup(image_type="unknown_type")])
    (finding,) = result.findings
    assert finding.message == (
        'image_type is not resolved: image_type "unknown_type" is neither instance_local nor '
        "instance_sbs, which the provider rejects at plan; this instance was not checked"
    )
    assert result.unresolved_by_kind == (("invalid", 1),)


def test_lookup_volume_type_hint_is_its_image_type(engine: LintInstances) -> None:
    (finding,) = engine([lookup(instance_type="POP2-2C-8G")]).findings
    assert finding.hint is not None and finding.hint.startswith('set image_type = "instance_sbs"')
    assert finding.message.endswith(
        "; with no image_type, the scaleway_marketplace_image data source asks for an "
        "instance_local image"
    )
