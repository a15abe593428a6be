"""imagelint: lint Scaleway instance definitions against the Marketplace catalog."""

__version__ = "0.1.0"
