"""One Terraform configuration file parsed, keeping only the blocks imagelint evaluates."""

from __future__ import annotations

from imagelint.parsers.hcl_scan import Bounds, check_bounds
from imagelint.parsers.hcl_syntax import Body
from imagelint.terraform.names import CHECKED_RESOURCES, MARKETPLACE_IMAGE, PROVIDER


def _is_read(type_: str, labels: tuple[str, ...]) -> bool:
    # Bodies of resources imagelint does not check are never evaluated: converting them
    # would cost more than parsing in a large configuration.
    if type_ == "resource":
        return bool(labels) and labels[0] in CHECKED_RESOURCES
    if type_ == "data":
        return labels[:1] == (MARKETPLACE_IMAGE,)
    if type_ == "provider":
        return labels[:1] == (PROVIDER,)
    return True


# Names what _is_read keeps: a parse cached under another set of checked types is not reused.
READ_NAME = "terraform:" + ",".join(
    [*sorted(CHECKED_RESOURCES), f"data.{MARKETPLACE_IMAGE}", f"provider.{PROVIDER}"]
)


def parse_config(shown: str, text: str, bounds: Bounds | None = None) -> Body:
    """One configuration file's body; a located ParseError past `bounds`, before parsing."""
    check_bounds(shown, text, bounds or Bounds(), json=shown.endswith(".json"))
    if shown.endswith(".json"):
        from imagelint.parse_cache import active
        from imagelint.parsers.hcl_json import parse_tf_json

        cache = active()
        if cache is None:
            return parse_tf_json(shown, text)
        parse = lambda: parse_tf_json(shown, text)  # noqa: E731
        return cache.parse(shown, text, "terraform-json", parse, whole_file=True)
    from imagelint.parsers.hcl_tree import parse_hcl

    return parse_hcl(shown, text, read=_is_read, cache_as=READ_NAME)
