"""Where the shipped templates and static files are, and the package version."""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path


def package_dir(name: str) -> Path:
    return Path(str(files("newsdigest.serve") / name))


def version() -> str:
    try:
        from importlib.metadata import version as _v

        return _v("newsdigest")
    except Exception:
        return "0"
