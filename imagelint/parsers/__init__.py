"""Parsers: source text in, located records out; they know the model and nothing else."""
