"""Facts several tests assert: rule ids are a public interface."""

RULE_IDS = (
    "commercial-type-incompatible",
    "image-arch-mismatch",
    "image-unknown",
    "image-zone-mismatch",
    "image-zone-unavailable",
    "value-unresolved",
)
