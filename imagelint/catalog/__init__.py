"""The Marketplace catalog: one interface, several layers (live API, bundled snapshot)."""
