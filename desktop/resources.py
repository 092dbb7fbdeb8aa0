"""Where the resources/ folder is: beside the package in a checkout, inside the bundle when frozen."""

from __future__ import annotations

import os
import sys
from pathlib import Path


def resources_dir() -> Path:
    """The resources/ folder (translations, rubrics, icons, styles, help)."""
    override = os.environ.get("REVIEWDESK_RESOURCES")
    if override:
        return Path(override)
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root:
        return Path(frozen_root) / "resources"
    return Path(__file__).resolve().parent.parent / "resources"


def resource_path(*parts: str) -> Path:
    """A file under resources/, e.g. ``resource_path("rubrics", "default.toml")``."""
    return resources_dir().joinpath(*parts)
