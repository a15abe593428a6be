"""Source plugin: Scaleway machines of Cluster API manifests and clusterctl templates."""

from __future__ import annotations

import re
from collections.abc import Sequence

from imagelint.model import ParseError
from imagelint.source_api import Candidate, ReadContext, SourceResult, TemplateSkipped

NAME = "cluster-api"
SUMMARY = (
    "Cluster API ScalewayMachine(Template)s (cluster-api-provider-scaleway), clusterctl templates"
)

_GROUP = re.compile(r"infrastructure\.cluster\.x-k8s\.io")
_SCALEWAY_KIND = re.compile(r"""\bkind:\s*["']?Scaleway\w*""")


def wants(name: str) -> bool:
    return name.endswith((".yaml", ".yml"))


def detect(file: Candidate) -> bool:
    head = file.head(1 << 16)
    return bool(_GROUP.search(head) and _SCALEWAY_KIND.search(head))


def read(files: Sequence[Candidate], context: ReadContext) -> SourceResult:
    from imagelint.kube.cluster_api_files import Manifest, load
    from imagelint.kube.cluster_api_read import instances, involved
    from imagelint.kube.clusterctl_vars import Placeholders

    placeholders = Placeholders()  # one run: `${X}` in two files stays the same unknown
    manifests: list[Manifest] = []
    errors: list[ParseError] = []
    notices: list[str] = []
    for file in files:
        try:
            manifests.append(
                load(file, context.env, placeholders, max_nodes=context.scope.bounds.max_tokens)
            )
        except TemplateSkipped as skipped:
            notices.append(skipped.notice)
        except ParseError as error:
            errors.append(error)
    found = instances(manifests)
    return SourceResult(
        instances=tuple(found),
        errors=tuple(errors),
        notices=tuple(notices),
        not_mine=tuple(m.shown for m in manifests if not involved(m)),
    )
