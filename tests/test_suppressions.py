"""Inline suppressions applied to real findings in files on disk: placement, blocks, files,
expiry, reasons and the notices about the suppressions themselves."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from textwrap import dedent

import pytest

from imagelint.findings import UNUSED_SUPPRESSION, Finding, Severity
from imagelint.suppressions import Suppressed, apply

TODAY = date(2026, 6, 15)
KNOWN = frozenset(
    {"image-unknown", "zone-unknown", "commercial-type-incompatible", "setting-rejected"}
)
UNSUPPRESSIBLE = frozenset({"setting-rejected"})


def finding(path: str, rule: str, line: int) -> Finding:
    return Finding(
        rule=rule,
        severity=Severity.ERROR,
        message=f"{rule} here",
        hint=None,
        path=path,
        line=line,
        column=3,
        end_line=line,
        end_column=9,
        resource="scaleway_instance_server.web",
    )


def run(tmp_path: Path, files: dict[str, str], findings: list[Finding]) -> Suppressed:
    for name, text in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text)

    def read(shown: str) -> str | None:
        path = tmp_path / shown
        return path.read_text() if path.is_file() else None

    return apply(
        findings,
        files=list(files),
        read=read,
        today=TODAY,
        unsuppressible=UNSUPPRESSIBLE,
        known_rules=KNOWN,
    )


def text(source: str) -> str:
    return dedent(source).lstrip("\n")


IU, ZU, CT, SR = "image-unknown", "zone-unknown", "commercial-type-incompatible", "setting-rejected"

SERVER = text("""
    resource "scaleway_instance_server" "web" {
      type  = "DEV1-S"
      image = "ubuntu_jamy" %s
      zone  = "fr-par-1"
    }
    """)

# id, file, text, findings (rule, line), kept (rule, line), notices (line, part of message)
Case = tuple[str, str, str, list[tuple[str, int]], list[tuple[str, int]], list[tuple[int, str]]]
# fmt: off
CASES: list[Case] = [
    # --- comment syntaxes, at the end of the line
    ("hash-eol", "main.tf", SERVER % "# imagelint:ignore[image-unknown] demo label",
     [(IU, 3)], [], []),
    ("slashes-eol", "main.tf", SERVER % "// imagelint:ignore[image-unknown] demo label",
     [(IU, 3)], [], []),
    ("block-comment-eol", "main.tf", SERVER % "/* imagelint:ignore[image-unknown] demo */",
     [(IU, 3)], [], []),
    ("dash-dash-reason", "main.tf", SERVER % "# imagelint:ignore[image-unknown] -- demo",
     [(IU, 3)], [], []),
    ("other-line-not-covered", "main.tf", SERVER % "# imagelint:ignore[image-unknown] demo",
     [(IU, 3), (IU, 4)], [(IU, 4)], []),
    ("other-rule-not-covered", "main.tf", SERVER % "# imagelint:ignore[image-unknown] demo",
     [(IU, 3), (ZU, 3)], [(ZU, 3)], []),
    ("several-rules", "main.tf", SERVER % "# imagelint:ignore[image-unknown,zone-unknown] demo",
     [(IU, 3), (ZU, 3)], [], []),
    ("several-rules-one-unused", "main.tf",
     SERVER % "# imagelint:ignore[image-unknown, zone-unknown] demo",
     [(IU, 3)], [], [(3, "suppression of zone-unknown suppressed nothing on line 3")]),
    # --- alone on the line above
    ("hash-above", "main.tf",
     'locals {\n  # imagelint:ignore[image-unknown] demo\n  image = "ubuntu_jamy"\n}\n',
     [(IU, 3)], [], []),
    ("block-comment-above-spanning-lines", "main.tf",
     'locals {\n  /* imagelint:ignore[image-unknown] kept for\n     the demo */\n'
     '  image = "x"\n}\n',
     [(IU, 4)], [], []),
    ("stacked-above", "main.tf",
     "locals {\n  # imagelint:ignore[image-unknown] demo\n"
     '  // imagelint:ignore[zone-unknown] demo\n  image = "x"\n}\n',
     [(IU, 4), (ZU, 4)], [], []),
    ("blank-line-between", "main.tf",
     'locals {\n  # imagelint:ignore[image-unknown] demo\n\n  image = "x"\n}\n',
     [(IU, 4)], [(IU, 4)], [(2, "suppressed nothing on line 3")]),
    # --- HCL blocks
    ("resource-header-covers-block", "main.tf",
     "# imagelint:ignore[image-unknown] legacy fleet\n" + SERVER % "" + SERVER % "",
     [(IU, 4), (IU, 9)], [(IU, 9)], []),
    ("resource-header-eol", "main.tf",
     SERVER.replace("{", "{ # imagelint:ignore[image-unknown] legacy", 1) % "",
     [(IU, 3), (IU, 1)], [], []),
    ("module-call", "main.tf", text("""
        # imagelint:ignore[zone-unknown] zone comes from a wrapper
        module "fleet" {
          source = "./fleet"
          zone   = "xx-par-9"
        }
        locals { zone = "xx-par-9" }
        """), [(ZU, 4), (ZU, 6)], [(ZU, 6)], []),
    ("nested-block", "main.tf", text("""
        resource "scaleway_instance_server" "web" {
          image = "ubuntu_jamy"
          root_volume { # imagelint:ignore[image-unknown] volume only
            volume_type = "l_ssd"
          }
          type = "DEV1-S"
        }
        """), [(IU, 2), (IU, 4), (IU, 6)], [(IU, 2), (IU, 6)], []),
    ("heredoc-with-brace-and-hash", "main.tf", text("""
        # imagelint:ignore[image-unknown] demo server
        resource "scaleway_instance_server" "web" {
          user_data = <<-EOT
            }
            # imagelint:ignore[zone-unknown] inside the heredoc, not a comment
          EOT
          image = "ubuntu_jamy"
        }
        resource "scaleway_instance_server" "db" {
          image = "ubuntu_jamy"
        }
        """), [(IU, 7), (IU, 10), (ZU, 6)], [(IU, 10), (ZU, 6)], []),
    ("heredoc-line-covers-heredoc", "main.tf", text("""
        locals {
          # imagelint:ignore[image-unknown] templated
          script = <<EOT
        ubuntu_jamy
        EOT
          image = "x"
        }
        """), [(IU, 3), (IU, 4), (IU, 6)], [(IU, 6)], []),
    ("object-value", "main.tf", text("""
        locals {
          images = { # imagelint:ignore[image-unknown] test images
            a = "ubuntu_jamy"
          }
          b = "ubuntu_jamy"
        }
        """), [(IU, 3), (IU, 5)], [(IU, 5)], []),
    # --- never inside a string
    ("hash-in-string", "main.tf",
     'locals {\n  image = "ubuntu_jamy # imagelint:ignore[image-unknown] no"\n}\n',
     [(IU, 2)], [(IU, 2)], []),
    ("slashes-in-interpolated-string", "main.tf",
     'locals {\n  image = "${"//"} // imagelint:ignore[image-unknown] no"\n}\n',
     [(IU, 2)], [(IU, 2)], []),
    ("escaped-interpolation-in-string", "main.tf",
     'locals {\n  image = "$${ # imagelint:ignore[image-unknown] no"\n}\n',
     [(IU, 2)], [(IU, 2)], []),
    ("prose-mention-is-no-directive", "main.tf",
     '# write imagelint:ignore[image-unknown] reason to hide one\nlocals { image = "x" }\n',
     [(IU, 2)], [(IU, 2)], []),
    # --- the whole file
    ("ignore-file", "main.tf",
     "# Demo fleet.\n# imagelint:ignore-file[image-unknown] demo labels\n\n" + SERVER % "",
     [(IU, 6), (ZU, 6)], [(ZU, 6)], []),
    ("ignore-file-after-code", "main.tf",
     SERVER % "" + "# imagelint:ignore-file[image-unknown] demo labels\n",
     [(IU, 3)], [(IU, 3)], [(6, "counts only in the comments before the first code (line 1)")]),
    ("ignore-file-unused", "main.tf", "# imagelint:ignore-file[image-unknown] demo\n" + SERVER % "",
     [], [], [(1, "suppressed nothing in this file")]),
    ("ignore-file-unsuppressible", "main.tf",
     "# imagelint:ignore-file[setting-rejected,image-unknown] demo\n" + SERVER % "",
     [(SR, 4), (IU, 4)], [(SR, 4)], [(1, "setting-rejected is configured as not suppressible")]),
    # --- expiry: the date itself still applies
    ("until-later", "main.tf", SERVER % "# imagelint:ignore[image-unknown] until=2026-06-16 x",
     [(IU, 3)], [], []),
    ("until-today", "main.tf", SERVER % "# imagelint:ignore[image-unknown] until=2026-06-15 x",
     [(IU, 3)], [], []),
    ("until-yesterday", "main.tf", SERVER % "# imagelint:ignore[image-unknown] until=2026-06-14 x",
     [(IU, 3)], [(IU, 3)], [(3, "expired on 2026-06-14 and no longer applies")]),
    ("expired-and-unused", "main.tf",
     SERVER % "# imagelint:ignore[zone-unknown] until=2020-01-01 x",
     [], [], [(3, "expired on 2020-01-01")]),
    ("until-not-a-date", "main.tf", SERVER % "# imagelint:ignore[image-unknown] until=2026-02-30 x",
     [(IU, 3)], [(IU, 3)], [(3, "until=2026-02-30 is not a date")]),
    # --- reason, rule ids, configuration
    ("no-reason", "main.tf", SERVER % "# imagelint:ignore[image-unknown]",
     [(IU, 3)], [(IU, 3)], [(3, "gives no reason, so it does not apply")]),
    ("only-until-no-reason", "main.tf",
     SERVER % "# imagelint:ignore[image-unknown] until=2027-01-01",
     [(IU, 3)], [(IU, 3)], [(3, "gives no reason")]),
    ("unknown-rule", "main.tf", SERVER % "# imagelint:ignore[image-unknwn,zone-unknown] x",
     [(ZU, 3), (IU, 3)], [(IU, 3)], [(3, "unknown rule id 'image-unknwn'")]),
    ("unsuppressible", "main.tf", SERVER % "# imagelint:ignore[setting-rejected] x",
     [(SR, 3)], [(SR, 3)], [(3, "setting-rejected is configured as not suppressible")]),
    ("wildcard-refused", "main.tf", SERVER % "# imagelint:ignore[*] everything",
     [(IU, 3)], [(IU, 3)], [(3, "must name its rules")]),
    ("malformed", "main.tf", SERVER % "# imagelint:ignore image-unknown demo",
     [(IU, 3)], [(IU, 3)], [(3, "malformed suppression")]),
    ("no-blank-before-reason", "main.tf", SERVER % "# imagelint:ignore[image-unknown]:demo",
     [(IU, 3)], [(IU, 3)], [(3, "malformed suppression")]),
    ("empty-rule-list", "main.tf", SERVER % "# imagelint:ignore[] demo",
     [(IU, 3)], [(IU, 3)], [(3, "an empty rule list")]),
    # --- other HCL kinds
    ("tfvars", "prod.tfvars", 'image = "ubuntu_jamy" # imagelint:ignore[image-unknown] x\n',
     [(IU, 1)], [], []),
    ("packer", "web.pkr.hcl", text("""
        source "scaleway" "web" { // imagelint:ignore[image-unknown] built from a private image
          image = "ubuntu_jamy"
        }
        """), [(IU, 2)], [], []),
    # --- YAML
    ("yaml-key-covers-deeper", "claims.yaml", text("""
        spec:  # imagelint:ignore[image-unknown] staging claims
          forProvider:
            image: ubuntu_jamy
            zone: fr-par-1
        other:
          image: ubuntu_jamy
        """), [(IU, 3), (IU, 6)], [(IU, 6)], []),
    ("yaml-nested-key", "claims.yaml", text("""
        spec:
          forProvider:
            # imagelint:ignore[image-unknown] staging
            image: ubuntu_jamy
            type: DEV1-S
        """), [(IU, 4), (IU, 5)], [(IU, 5)], []),
    ("yaml-list-item", "playbook.yml", text("""
        servers:
          # imagelint:ignore[image-unknown] lab machine
          - name: lab
            image: ubuntu_jamy
          - name: web
            image: ubuntu_jamy
        """), [(IU, 4), (IU, 6)], [(IU, 6)], []),
    ("yaml-bare-key-with-items", "playbook.yml", text("""
        servers: # imagelint:ignore[image-unknown] lab machines
        - name: lab
          image: ubuntu_jamy
        after: 1
        """), [(IU, 3), (IU, 4)], [(IU, 4)], []),
    ("yaml-quotes", "claims.yaml", text("""
        a: "x # imagelint:ignore[image-unknown] no"
        b: 'it''s # imagelint:ignore[image-unknown] no'
        c: "multi
          # imagelint:ignore[image-unknown] still the string"
        d: x#imagelint:ignore[image-unknown] no blank before
        e: plain 'quote # imagelint:ignore[image-unknown] yes
        """), [(IU, 1), (IU, 2), (IU, 4), (IU, 5), (IU, 6)],
     [(IU, 1), (IU, 2), (IU, 4), (IU, 5)], []),
    ("yaml-block-scalar", "cloud-init.yaml", text("""
        user_data: |
          # imagelint:ignore[image-unknown] part of the script
          echo ubuntu_jamy
        image: ubuntu_jamy
        """), [(IU, 3), (IU, 4)], [(IU, 3), (IU, 4)], []),
    ("yaml-ignore-file-after-document-marker", "claims.yaml",
     "---\n# imagelint:ignore-file[image-unknown] staging\nimage: ubuntu_jamy\n",
     [(IU, 3)], [], []),
    ("yaml-comment-after-block-scalar", "claims.yaml", text("""
        script: >-
          echo hi
        # imagelint:ignore[image-unknown] staging
        image: ubuntu_jamy
        """), [(IU, 4)], [], []),
    # --- Windows line ends
    ("crlf-hcl", "main.tf", (SERVER % "# imagelint:ignore[image-unknown] x").replace("\n", "\r\n"),
     [(IU, 3)], [], []),
    ("crlf-yaml", "claims.yaml", "spec: # imagelint:ignore[image-unknown] x\r\n  image: a\r\n",
     [(IU, 2)], [], []),
    # --- JSON has no comments
    ("json-untouched", "main.tf.json",
     '{"locals": {"image": "ubuntu_jamy", "//": "imagelint:ignore[image-unknown] no"}}\n',
     [(IU, 1)], [(IU, 1)], []),
]
# fmt: on


@pytest.mark.parametrize(
    ("name", "path", "source", "given", "kept", "notices"), CASES, ids=[c[0] for c in CASES]
)
def test_suppressions(
    tmp_path: Path,
    name: str,
    path: str,
    source: str,
    given: list[tuple[str, int]],
    kept: list[tuple[str, int]],
    notices: list[tuple[int, str]],
) -> None:
    result = run(tmp_path, {path: source}, [finding(path, rule, line) for rule, line in given])
    assert sorted((f.rule, f.line) for f in result.kept) == sorted(kept)
    assert result.suppressed == len(given) - len(kept)
    got = [(n.line, n.message) for n in result.notices]
    assert len(got) == len(notices), got
    for (line, part), (got_line, message) in zip(sorted(notices), sorted(got), strict=True):
        assert (got_line, part in message) == (line, True), (got_line, message)


def test_notice_is_a_finding_at_the_comment(tmp_path: Path) -> None:
    result = run(tmp_path, {"main.tf": SERVER % "# imagelint:ignore[zone-unknown] legacy"}, [])
    assert result.notices == (
        Finding(
            rule=UNUSED_SUPPRESSION.id,
            severity=Severity.NOTICE,
            message="the suppression of zone-unknown suppressed nothing on line 3",
            hint="remove it",
            path="main.tf",
            line=3,
            column=25,
            end_line=3,
            end_column=64,  # `# imagelint:ignore[zone-unknown] legacy` is 39 long
            resource=None,
        ),
    )


def test_files_without_findings_and_findings_outside_the_files(tmp_path: Path) -> None:
    files = {
        "a.tf": SERVER % "# imagelint:ignore[image-unknown] demo",
        "b/c.yaml": "image: x # imagelint:ignore[image-unknown] demo\n",
        "d.tf": SERVER % "",
    }
    # Not among the files given, as in a pre-commit run that reports a finding at a
    # variable default in another file of the module: its suppressions still count.
    (tmp_path / "variables.tf").write_text(
        'variable "image" {\n  default = "macos" # imagelint:ignore[image-unknown] demo\n}\n'
    )
    outside = [finding("variables.tf", IU, 2), finding("gone.tf", IU, 3)]
    result = run(tmp_path, files, [finding("a.tf", IU, 3), finding("d.tf", IU, 3), *outside])
    assert [(f.path, f.line) for f in result.kept] == [("d.tf", 3), ("gone.tf", 3)]
    assert result.suppressed == 2
    assert [(n.path, n.line) for n in result.notices] == [("b/c.yaml", 1)]


def test_kept_findings_keep_their_order_and_identity(tmp_path: Path) -> None:
    findings = [finding("main.tf", ZU, 4), finding("main.tf", IU, 3), finding("main.tf", CT, 2)]
    result = run(tmp_path, {"main.tf": SERVER % "# imagelint:ignore[image-unknown] x"}, findings)
    assert result.kept == (findings[0], findings[2])


def test_unreadable_file_is_skipped(tmp_path: Path) -> None:
    given = [finding("missing.tf", IU, 1)]
    result = apply(
        given,
        files=["missing.tf"],
        read=lambda shown: None,
        today=TODAY,
        unsuppressible=frozenset(),
        known_rules=KNOWN,
    )
    assert result == Suppressed(kept=tuple(given), suppressed=0, notices=())
