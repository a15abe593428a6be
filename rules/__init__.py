"""imagelint's first-party rules; each module is one rule, registered as an entry point."""
