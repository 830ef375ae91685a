"""Build kam_core's optional C accelerator, ``kam_core._speedups``, into the wheel.

``src/kam_core/_speedups.c`` runs BANT's per-lead evaluation loop in C; everything else
(and BANT itself, when the extension is missing) is pure Python.  The environment
variable ``KAM_CORE_SPEEDUPS`` chooses:

- unset: build it if a C compiler works, else warn and build a pure-Python wheel;
- ``1``: build it or fail the build (CI sets this, so a broken build cannot pass silently);
- ``0``: do not build it.

An editable install (``pip install -e .``) compiles it next to the sources, where the
editable path finds it; re-run the install after changing the C file.
"""

from __future__ import annotations

import os
import shutil
import sysconfig
import tempfile
from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface

MODULE = "kam_core._speedups"
SOURCE = Path("src", "kam_core", "_speedups.c")


def _compile(root: Path, out_dir: Path, temp_dir: Path) -> Path:
    """Compile the extension with the compiler and flags this Python was built with."""
    from setuptools import Distribution, Extension  # a build requirement, never a runtime one

    extension = Extension(MODULE, [str(SOURCE)], extra_compile_args=_flags())
    distribution = Distribution({"name": "kam_core", "ext_modules": [extension]})
    command: Any = distribution.get_command_obj("build_ext")
    command.build_lib = str(out_dir)
    command.build_temp = str(temp_dir)
    here = Path.cwd()
    os.chdir(root)  # setuptools resolves the source path from the working directory
    try:
        command.ensure_finalized()
        command.run()
    finally:
        os.chdir(here)
    return Path(command.get_ext_fullpath(MODULE))


def _flags() -> list[str]:
    if sysconfig.get_platform().startswith("win"):
        return []
    return ["-O2", "-Wall", "-Wno-unused-parameter", "-Wno-missing-field-initializers"]


class SpeedupsHook(BuildHookInterface):
    """Compiles ``_speedups.c`` for wheels and editable installs; see the module docstring."""

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        if self.target_name != "wheel":
            return
        choice = os.environ.get("KAM_CORE_SPEEDUPS", "").strip()
        if choice == "0":
            return
        root = Path(self.root)
        editable = version == "editable"
        scratch = Path(tempfile.mkdtemp(prefix="kam_core_build_"))
        self._scratch = scratch  # removed in finalize(), after the wheel took the file
        out_dir = root / "src" if editable else scratch / "lib"
        try:
            built = _compile(root, out_dir, scratch / "temp")
        except Exception as error:  # no compiler, no headers: BANT falls back to Python
            if choice == "1":
                raise
            self.app.display_warning(
                f"kam_core: the C accelerator was not built ({error}); "
                "BANT qualification runs in pure Python"
            )
            return
        build_data["pure_python"] = False
        build_data["infer_tag"] = True
        if not editable:
            build_data["force_include"][str(built)] = f"kam_core/{built.name}"

    def finalize(self, version: str, build_data: dict[str, Any], artifact_path: str) -> None:
        scratch = getattr(self, "_scratch", None)
        if scratch is not None:
            shutil.rmtree(scratch, ignore_errors=True)
