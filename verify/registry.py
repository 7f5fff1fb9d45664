"""Finding claim modules and validating them at load time.

Claim packs are found through the ``verify.claims`` entry-point group (the project's own pack,
``lemmas``, is registered there by ``pyproject.toml``; a third party ships its own the same way)
and through extra directories of ``*.py`` files given with ``--path`` or ``VERIFY_CLAIM_PATH``.
A module contributes the claims in its module-level ``CLAIMS`` list; modules without one
(libraries of the pack) are imported and contribute nothing. A module that fails to
import, lacks a required field or repeats an id yields a :class:`~verify.errors.ClaimLoadError`
naming the file; the claims of every other module still load.
"""
from __future__ import annotations

import importlib
import importlib.util
import os
import pkgutil
import sys
from dataclasses import dataclass, field, replace
from importlib.metadata import entry_points
from pathlib import Path
from types import ModuleType

from .claim import Claim, validate_claim
from .errors import ClaimDefinitionError, ClaimLoadError

ENTRY_POINT_GROUP = "verify.claims"


@dataclass
class Registry:
    claims: dict[str, Claim] = field(default_factory=dict)
    errors: list[ClaimLoadError] = field(default_factory=list)

    def sorted_claims(self) -> list[Claim]:
        return [self.claims[k] for k in sorted(self.claims)]


def _module_file(mod: ModuleType) -> str:
    f = getattr(mod, "__file__", None) or mod.__name__
    try:
        return os.path.relpath(f)
    except ValueError:
        return f


def _add_module(reg: Registry, mod: ModuleType) -> None:
    src = _module_file(mod)
    claims = getattr(mod, "CLAIMS", None)
    if claims is None:
        return
    if not isinstance(claims, (list, tuple)):
        reg.errors.append(ClaimLoadError(src, "CLAIMS must be a list of verify.Claim"))
        return
    for i, c in enumerate(claims):
        try:
            validate_claim(c)
        except ClaimDefinitionError as exc:
            reg.errors.append(ClaimLoadError(src, f"CLAIMS[{i}]: {exc}"))
            continue
        if c.id in reg.claims:
            other = reg.claims[c.id].source
            reg.errors.append(ClaimLoadError(src, f"duplicate claim id {c.id!r} (already defined in {other})"))
            continue
        reg.claims[c.id] = replace(c, source=src)


def _walk_package(reg: Registry, package_name: str) -> None:
    try:
        pkg = importlib.import_module(package_name)
    except BaseException as exc:  # SystemExit / KeyboardInterrupt at import are load errors too
        reg.errors.append(ClaimLoadError(package_name, f"import failed: {type(exc).__name__}: {exc}"))
        return
    _add_module(reg, pkg)
    path = getattr(pkg, "__path__", None)
    if path is None:
        return
    for info in sorted(pkgutil.walk_packages(path, prefix=package_name + "."), key=lambda i: i.name):
        if info.name.endswith(".conftest"):
            continue
        try:
            mod = importlib.import_module(info.name)
        except BaseException as exc:  # SystemExit / KeyboardInterrupt at import are load errors too
            where = os.path.join(*info.name.split(".")) + (".py" if not info.ispkg else "/__init__.py")
            reg.errors.append(ClaimLoadError(where, f"import failed: {type(exc).__name__}: {exc}"))
            continue
        _add_module(reg, mod)


def _load_dir(reg: Registry, directory: Path) -> None:
    if not directory.is_dir():
        reg.errors.append(ClaimLoadError(str(directory), "claim path is not a directory"))
        return
    for f in sorted(directory.glob("*.py")):
        name = f"verify_claims_path_{abs(hash(str(f.resolve())))}_{f.stem}"
        try:
            spec = importlib.util.spec_from_file_location(name, f)
            assert spec and spec.loader
            mod = importlib.util.module_from_spec(spec)
            sys.modules[name] = mod
            spec.loader.exec_module(mod)
        except BaseException as exc:  # SystemExit / KeyboardInterrupt at import are load errors too
            reg.errors.append(ClaimLoadError(str(f), f"import failed: {type(exc).__name__}: {exc}"))
            continue
        _add_module(reg, mod)


def discover(paths: list[str] | None = None, use_entry_points: bool = True) -> Registry:
    """Load every claim pack: entry points first, then each extra directory."""
    reg = Registry()
    if use_entry_points:
        for ep in sorted(entry_points(group=ENTRY_POINT_GROUP), key=lambda e: e.name):
            _walk_package(reg, ep.value)
    extra = list(paths or [])
    env = os.environ.get("VERIFY_CLAIM_PATH")
    if env:
        extra += [p for p in env.split(os.pathsep) if p]
    for p in extra:
        _load_dir(reg, Path(p))
    return reg
