"""What a run reads: the Terraform component's instances for the paths the user gave."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the readers, and hcl2 behind them, load only when a file is read
    from imagelint.app import Options
    from imagelint.terraform.load import Workspace


def read(options: Options) -> Workspace:
    from imagelint.terraform.load import Inputs, read_terraform

    # The environment is the run's whole environment (tests pass their own): without HOME,
    # no scw CLI profile is read, rather than the developer's own.
    home = Path(options.env["HOME"]) if options.env.get("HOME") else None
    inputs = Inputs(
        var_files=tuple(options.cwd / f for f in options.var_files),
        var_args=options.var_args,
    )
    return read_terraform(
        options.paths,
        cwd=options.cwd,
        env=options.env,
        home=home,
        inputs=inputs,
        max_file_bytes=options.max_file_size,
    )
