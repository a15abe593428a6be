"""Facts several tests assert: rule ids are a public interface."""

RULE_IDS = (
    "commercial-type-incompatible",
    "commercial-type-unknown",
    "image-arch-mismatch",
    "image-label-unsupported",
    "image-unknown",
    "image-volume-type-mismatch",
    "image-zone-mismatch",
    "image-zone-unavailable",
    "resource-deprecated",
    "setting-rejected",
    "value-unresolved",
    "zone-unknown",
)
# Findings imagelint itself makes: `imagelint rules` lists them beside the plugins' rules.
BUILTIN_IDS = ("parse-error", "unused-suppression")
# What `imagelint rules` lists, in its order.
LISTED_IDS = tuple(sorted((*RULE_IDS, *BUILTIN_IDS)))
