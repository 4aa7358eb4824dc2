"""Effective profile settings per unit kind and their origins (reference 2.3-2.6, 3.4-3.5).

Order, lowest first: Cargo's built-in defaults; for each profile of the `inherits` chain from the
root down, the manifest's table with the config files' tables merged over it (config wins); then,
per unit kind, the host defaults and `build-override` (build scripts and proc-macros),
`package."*"` (non-members) and named package specs, which outrank everything before them.
"""

from __future__ import annotations

import enum
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from .cargo.profiles import BUILTIN_PARENTS, HOST_DEFAULTS, ROOT_DEFAULTS, debug_level
from .cargo.specs import spec_name
from .diagnostic import At, KeyPath
from .profile_data import ValidProfile
from .source import TomlDocument
from .toml_text import dotted


class UnitKind(enum.Enum):
    """What Cargo compiles a unit as, which decides the overrides it gets (reference 2.6)."""

    MEMBER = "member"  # a workspace crate
    DEPENDENCY = "dependency"  # a crate from a registry or git (`package."*"` applies)
    HOST_MEMBER = "host-member"  # a workspace crate's build script or proc-macro
    HOST_DEPENDENCY = "host-dependency"  # a dependency's build script or proc-macro

    @property
    def is_host(self) -> bool:
        """Built for the host: build scripts and proc-macros (`build-override` applies)."""
        return self in (UnitKind.HOST_MEMBER, UnitKind.HOST_DEPENDENCY)

    @property
    def is_dependency(self) -> bool:
        return self in (UnitKind.DEPENDENCY, UnitKind.HOST_DEPENDENCY)


STRIP_RESET_TEXT = "Cargo resets `strip` when an override table does not set it"


@dataclass(frozen=True)
class Origin:
    """A file and key, a variable of a CI job's environment (`location`, with `description`
    naming it), or one of Cargo's own rules when both are None."""

    document: TomlDocument | None
    key: KeyPath
    description: str
    location: At | None = None

    @property
    def is_default(self) -> bool:
        return self.document is None and self.location is None

    def __str__(self) -> str:
        if self.document is None:
            return self.description
        line = self.document.locate(self.key, "key").line
        return f"{self.document.display}:{line} `{dotted(self.key)}`"


@dataclass(frozen=True)
class Setting:
    """A resolved value and where it comes from."""

    value: object
    origin: Origin


STRIP_RESET = Origin(None, (), STRIP_RESET_TEXT)
STRIP_DEFERRED = Origin(
    None, (), "Cargo strips debug info when nothing is built with it (since Cargo 1.77)"
)


@dataclass(frozen=True)
class ProfileTable:
    """One `[profile.<name>]` table as one file wrote it, validated (`model`: None if no table)."""

    document: TomlDocument
    name: str
    model: ValidProfile | None

    @property
    def key(self) -> KeyPath:
        return ("profile", self.name)

    def sections(self) -> Iterator[ProfileSection]:
        """The profile table and each of its override tables, with the values as written and
        as validated (`model` is None where validation dropped the table)."""
        raw = self.document.get(self.key)
        if not isinstance(raw, dict):
            return
        yield ProfileSection(self, self.key, None, raw, self.model)
        packages = raw.get("package")
        models = self.model.package if self.model else {}
        for spec, table in packages.items() if isinstance(packages, dict) else ():
            if isinstance(table, dict):
                key = (*self.key, "package", spec)
                yield ProfileSection(self, key, "package", table, models.get(spec))
        build_override = raw.get("build-override")
        if isinstance(build_override, dict):
            model = self.model.build_override if self.model else None
            key = (*self.key, "build-override")
            yield ProfileSection(self, key, "build-override", build_override, model)


@dataclass(frozen=True)
class ProfileSection:
    """One table of a profile: the profile's own, a `package.<spec>` or its `build-override`."""

    profile: ProfileTable
    key: KeyPath
    override: str | None  # None for the profile's own table, else "package" or "build-override"
    raw: dict[str, Any]  # as the file wrote it
    model: ValidProfile | None  # as validated

    @property
    def document(self) -> TomlDocument:
        return self.profile.document


@dataclass
class Layer:
    """One profile's own settings: the manifest's table with config tables merged over it."""

    settings: dict[str, Setting] = field(default_factory=dict)
    packages: dict[str, dict[str, Setting]] = field(default_factory=dict)
    build_override: dict[str, Setting] = field(default_factory=dict)
    spec_origins: dict[str, Origin] = field(default_factory=dict)  # the table naming each spec
    has_build_override: bool = False  # an empty build-override table still counts for Cargo

    def merge(self, table: ProfileTable) -> None:
        if table.model is None:
            return
        self._merge_into(self.settings, table, table.model, table.key)
        for spec, override in (table.model.package or {}).items():
            self.spec_origins.setdefault(
                spec, Origin(table.document, (*table.key, "package", spec), "")
            )
            self._merge_into(
                self.packages.setdefault(spec, {}), table, override, (*table.key, "package", spec)
            )
        if table.model.build_override is not None:
            self.has_build_override = True
            key = (*table.key, "build-override")
            self._merge_into(self.build_override, table, table.model.build_override, key)

    @staticmethod
    def _merge_into(
        target: dict[str, Setting], table: ProfileTable, model: ValidProfile, prefix: KeyPath
    ) -> None:
        for key, value in model.settings.items():
            target[key] = Setting(value, Origin(table.document, (*prefix, key), ""))

    def over(self, parent: Layer) -> Layer:
        """This layer's settings merged over its parent's, override tables per spec and key."""
        merged = Layer(
            dict(parent.settings),
            {s: dict(v) for s, v in parent.packages.items()},
            dict(parent.build_override),
            dict(parent.spec_origins),
            parent.has_build_override or self.has_build_override,
        )
        merged.spec_origins.update(self.spec_origins)
        merged.settings.update(self.settings)
        for spec, settings in self.packages.items():
            merged.packages.setdefault(spec, {}).update(settings)
        merged.build_override.update(self.build_override)
        return merged


class Profiles:
    """All profiles of a workspace: manifest tables first, config tables in rising priority.

    Merged layers are computed once per profile, each from its parent's, so that answering
    for every profile of a long `inherits` chain takes time linear in its length.
    """

    def __init__(
        self,
        tables: list[ProfileTable],
        build_incremental: Setting | None = None,
        strip_debuginfo_by_default: bool = True,
        environment: Mapping[str, Mapping[KeyPath, Setting]] | None = None,
    ):
        """`environment`: per profile, the keys `CARGO_PROFILE_*` variables set (above every
        file); `build_incremental`: what decides `incremental` above every profile."""
        self.tables = tables
        self.build_incremental = build_incremental
        self.strip_debuginfo_by_default = strip_debuginfo_by_default
        self.layers: dict[str, Layer] = {}
        for table in tables:
            self.layers.setdefault(table.name, Layer()).merge(table)
        for name, settings in (environment or {}).items():
            layer = self.layers.setdefault(name, Layer())
            for key, setting in settings.items():
                if key[:1] == ("build-override",):
                    layer.has_build_override = True
                    layer.build_override[str(key[-1])] = setting
                else:
                    layer.settings[str(key[-1])] = setting
        # profile -> (root whose defaults apply, merged layer, the dev/release the chain reaches)
        self._merged: dict[str, tuple[str, Layer, str | None]] = {}
        self._looping = self._find_loops()

    def names(self) -> list[str]:
        return list(dict.fromkeys(["dev", "release", "test", "bench", *self.layers]))

    def parent(self, name: str) -> str | None:
        inherits = self.layers.get(name, Layer()).settings.get("inherits")
        if inherits is not None and name not in ROOT_DEFAULTS:
            return str(inherits.value)
        return BUILTIN_PARENTS.get(name)

    def _defined_parent(self, name: str) -> str | None:
        parent = self.parent(name)
        # a built-in profile (`test`, `bench`, ...) is a parent without a table of its own
        return parent if parent is not None and self.is_defined(parent) else None

    def _find_loops(self) -> set[str]:
        """The profiles that are part of an `inherits` loop, in one pass over all of them."""
        looping: set[str] = set()
        finished: set[str] = set()
        for start in self.names():
            path: list[str] = []
            on_path: set[str] = set()
            node: str | None = start
            while node is not None and node not in finished and node not in on_path:
                path.append(node)
                on_path.add(node)
                node = self._defined_parent(node)
            if node is not None and node in on_path:
                looping.update(path[path.index(node) :])
            finished.update(path)
        return looping

    def chain(self, name: str) -> list[str]:
        """`name` and its ancestors, stopping before a loop or an undefined parent."""
        chain, seen = [name], {name}
        while (parent := self._defined_parent(chain[-1])) is not None and parent not in seen:
            chain.append(parent)
            seen.add(parent)
        return chain

    def in_loop(self, name: str) -> bool:
        """Whether `name` itself is part of an `inherits` loop (not only leads into one)."""
        return name in self._looping

    def is_defined(self, name: str) -> bool:
        return name in self.layers or name in ROOT_DEFAULTS or name in BUILTIN_PARENTS

    def merged(self, name: str) -> tuple[str, Layer]:
        """The root of the chain and every layer merged from that root down to `name`.

        Cargo refuses a profile in an `inherits` loop, so such a profile counts only its own
        settings (over `dev`'s defaults).
        """
        return self._merge(name)[:2]

    def reaches(self, name: str) -> str | None:
        """`dev` or `release` when `name`'s `inherits` chain ends there, else None."""
        return self._merge(name)[2]

    def _merge(self, name: str) -> tuple[str, Layer, str | None]:
        path: list[str] = []  # walked up to the first profile already merged
        node: str | None = name
        while node is not None and node not in self._merged:
            if node in self._looping:
                self._merged[node] = ("dev", self.layers.get(node, Layer()).over(Layer()), None)
                break
            path.append(node)
            node = self._defined_parent(node)
        if node is None:
            end = path[-1] if path[-1] in ROOT_DEFAULTS else None
            root, layer, reached = end or "dev", Layer(), end
        else:
            root, layer, reached = self._merged[node]
        for profile in reversed(path):
            layer = self.layers.get(profile, Layer()).over(layer)
            self._merged[profile] = (root, layer, reached)
        return self._merged[name]

    def resolve(
        self, name: str, unit: UnitKind = UnitKind.MEMBER, package: str | None = None
    ) -> dict[str, Setting]:
        """The effective value of every setting for one unit kind of one profile."""
        settings = self._resolve_unit(name, unit, package)
        strip = settings["strip"]
        if self.strip_debuginfo_by_default and strip.origin.is_default and strip.value == "none":
            # Cargo 1.77+ resolves an unset `strip` to `debuginfo` when neither the unit nor
            # anything it depends on is built with debug info (reference 2.5, #13257).
            dependencies = UnitKind.HOST_DEPENDENCY if unit.is_host else UnitKind.DEPENDENCY
            below = settings if unit == dependencies else self._resolve_unit(name, dependencies)
            if debug_level(settings["debug"].value) == debug_level(below["debug"].value) == "none":
                settings["strip"] = Setting("debuginfo", STRIP_DEFERRED)
        return settings

    def _resolve_unit(
        self, name: str, unit: UnitKind, package: str | None = None
    ) -> dict[str, Setting]:
        root, layer = self.merged(name)
        settings = {
            key: Setting(value, Origin(None, (), f"Cargo's default for `{root}`"))
            for key, value in ROOT_DEFAULTS[root].items()
        }
        settings.update(layer.settings)
        settings.pop("inherits", None)
        if self.build_incremental is not None:
            settings["incremental"] = self.build_incremental
        overrides: list[dict[str, Setting]] = []  # in Cargo's merge order
        if unit.is_host:
            host = Origin(None, (), "Cargo's default for build scripts and proc-macros")
            settings.update({key: Setting(value, host) for key, value in HOST_DEFAULTS.items()})
            if layer.has_build_override:
                overrides.append(layer.build_override)
        if unit.is_dependency and "*" in layer.packages:
            overrides.append(layer.packages["*"])
        if package is not None:
            named = [
                s
                for spec, s in layer.packages.items()
                if spec != "*" and spec_name(spec) == package
            ]
            overrides += named[:1]  # Cargo applies the first matching spec
        for override in overrides:
            settings.update(override)
            if "strip" not in override:
                # Cargo's merge_profile assigns `strip` from every table it merges, so an
                # override table that does not set it resets it (Cargo's own behaviour).
                settings["strip"] = Setting("none", STRIP_RESET)
        if unit.is_host or name in ("test", "bench"):
            reason = "build scripts and proc-macros" if unit.is_host else "tests"
            settings["panic"] = Setting(
                "unwind", Origin(None, (), f"Cargo always unwinds in {reason}")
            )
        if unit.is_dependency:
            never = Origin(
                None, (), "Cargo never builds registry or git dependencies incrementally"
            )
            settings["incremental"] = Setting(False, never)
        return settings

    def tables_named(self, name: str) -> Iterator[ProfileTable]:
        return (table for table in self.tables if table.name == name)
