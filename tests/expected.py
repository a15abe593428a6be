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
