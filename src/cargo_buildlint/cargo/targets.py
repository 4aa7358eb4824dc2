"""Which `[target.<triple>]` and `[target.'cfg(...)']` config tables apply to which target,
and which rustflags and linker each target ends up with (reference 4.1, 4.2).

Cargo takes the first rustflags source present: `RUSTFLAGS` and friends (the environment,
which buildlint cannot see), then every matching `target.<triple>` and `target.<cfg>` entry
joined, then `build.rustflags`. So one matching target table silently drops `build.rustflags`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, NamedTuple

from ..diagnostic import KeyPath
from ..source import TomlDocument

# The targets most people build for; rules that must guess "where will this run" check these.
COMMON_TARGETS = (
    "x86_64-unknown-linux-gnu",
    "aarch64-unknown-linux-gnu",
    "x86_64-apple-darwin",
    "aarch64-apple-darwin",
    "x86_64-pc-windows-msvc",
)
DEFAULT_LLD_TARGET = "x86_64-unknown-linux-gnu"  # rust-lld by default since Rust 1.90
# rustc options whose value may stand in the next argument: `-C opt-level=1`, `--cfg x`
OPTIONS_WITH_VALUE = frozenset(
    ("-C", "-Z", "-L", "-l", "-A", "-W", "-D", "-F", "--cfg", "--check-cfg", "--cap-lints")
)
_64_BIT = ("x86_64", "aarch64", "riscv64", "powerpc64", "s390x", "loongarch64", "sparc64", "mips64")


def target_cfg(triple: str) -> dict[str, str | bool]:
    """The `cfg` values of a target, derived from its triple (enough for config tables)."""
    parts = triple.split("-")
    arch = parts[0]
    os_name = next(
        (o for o in ("linux", "windows", "darwin", "freebsd", "android", "none") if o in parts), ""
    )
    os_name = {"darwin": "macos"}.get(os_name, os_name)
    env = next(
        (e for e in ("gnu", "musl", "msvc", "gnueabihf", "musleabihf") if e in parts[-1:]), ""
    )
    family = "windows" if os_name == "windows" else "unix" if os_name not in ("", "none") else ""
    cfg: dict[str, str | bool] = {
        "target_arch": "arm" if arch.startswith(("armv", "thumb")) else arch,
        "target_os": os_name,
        "target_env": {"gnueabihf": "gnu", "musleabihf": "musl"}.get(env, env),
        "target_vendor": parts[1] if len(parts) > 2 else "unknown",
        "target_family": family,
        "target_pointer_width": "64" if arch.startswith(_64_BIT) else "32",
    }
    if family:
        cfg[family] = True
    return cfg


_TOKEN = re.compile(
    r'\s*(?:(?P<ident>[A-Za-z_][A-Za-z0-9_]*)|"(?P<string>[^"]*)"|(?P<punct>[(),=]))'
)


def _evaluate_cfg(text: str, cfg: dict[str, str | bool]) -> bool:
    """Evaluate a cfg expression with an explicit stack: Cargo reads any depth of nesting, so
    recursion would fail where Cargo does not. Malformed input raises IndexError."""
    tokens = [m.group(m.lastgroup or "punct") for m in _TOKEN.finditer(text)]
    calls: list[tuple[str, list[bool]]] = []  # the open `all(`, `any(` and `not(` calls
    position = 0
    while True:
        name = tokens[position]
        position += 1
        value: bool | None = None
        if position < len(tokens) and tokens[position] == "(":
            position += 1
            calls.append((name, []))
            if tokens[position] != ")":
                continue
        elif position < len(tokens) and tokens[position] == "=":
            value = cfg.get(name) == tokens[position + 1]
            position += 2
        else:
            value = cfg.get(name) is True
        while True:  # hand the value to the open call, closing every call that ends here
            if value is not None:
                if not calls:
                    return value
                calls[-1][1].append(value)
            if tokens[position] == ",":
                position += 1
            if tokens[position] != ")":
                break
            position += 1
            call, values = calls.pop()
            if call == "not":
                value = not values[0]
            else:
                value = all(values) if call == "all" else any(values)


def cfg_matches(key: str, triple: str) -> bool | None:
    """Whether a `cfg(...)` table key applies to `triple`; None when it cannot be read."""
    text = key.strip()
    if not (text.startswith("cfg(") and text.endswith(")")):
        return None
    try:
        return _evaluate_cfg(text[4:-1], target_cfg(triple))
    except (IndexError, KeyError):
        return None


@dataclass(frozen=True)
class TargetValue:
    """A value from one `[target.*]` table of one config file."""

    document: TomlDocument
    key: KeyPath
    value: Any


def target_tables(
    configs: list[TomlDocument], triple: str
) -> Iterator[tuple[TomlDocument, str, dict[str, Any]]]:
    """Every `[target.*]` config table that applies to `triple`, highest priority first."""
    for document in configs:
        targets = document.data.get("target")
        for name, table in targets.items() if isinstance(targets, dict) else []:
            if isinstance(table, dict) and (name == triple or cfg_matches(name, triple)):
                yield document, name, table


def flags_of(value: object) -> list[str]:
    """Rustflags as Cargo splits them: arrays as they are, strings on whitespace."""
    if isinstance(value, str):
        return value.split()
    if isinstance(value, list):
        return [flag for flag in value if isinstance(flag, str)]
    return []


def target_rustflags(configs: list[TomlDocument], triple: str) -> list[TargetValue]:
    """The `rustflags` entries of target tables that apply to `triple` (Cargo joins them)."""
    return [
        TargetValue(document, ("target", name, "rustflags"), table["rustflags"])
        for document, name, table in target_tables(configs, triple)
        if flags_of(table.get("rustflags"))
    ]


def build_rustflags(configs: list[TomlDocument]) -> list[TargetValue]:
    """Every `build.rustflags` (arrays from several files are joined, reference 3.2)."""
    found = []
    for document in configs:
        value = document.get(("build", "rustflags"))
        if flags_of(value):
            found.append(TargetValue(document, ("build", "rustflags"), value))
    return found


def effective_rustflags(configs: list[TomlDocument], triple: str) -> list[TargetValue]:
    """The rustflags Cargo uses for `triple` from config files: target tables win over `build`."""
    return target_rustflags(configs, triple) or build_rustflags(configs)


def linker_for(configs: list[TomlDocument], triple: str) -> TargetValue | None:
    """The linker Cargo uses for `triple`: a triple table beats cfg tables; higher files win."""
    matches = [
        TargetValue(document, ("target", name, "linker"), table["linker"])
        for document, name, table in target_tables(configs, triple)
        if isinstance(table.get("linker"), str)
    ]
    exact = [m for m in matches if m.key[1] == triple]
    return (exact or matches)[0] if matches else None


def configured_targets(configs: list[TomlDocument], toolchain_targets: list[str]) -> list[str]:
    """Triples the project names: `build.target`, `[target.<triple>]`, toolchain `targets`."""
    names: dict[str, None] = {}
    for document in configs:
        build_target = document.get(("build", "target"))
        for value in build_target if isinstance(build_target, list) else [build_target]:
            if isinstance(value, str) and not value.endswith(".json"):
                names[value] = None
        targets = document.data.get("target")
        for name in targets if isinstance(targets, dict) else []:
            if not name.startswith("cfg("):
                names[name] = None
    names.update(dict.fromkeys(toolchain_targets))
    return list(names)


FAST_LINKERS = ("lld", "mold", "wild")
CC_DRIVERS = ("gcc", "clang", "g++", "clang++", "cc1")


def fast_linker(flags: list[str], linker: str | None) -> str | None:
    """The fast linker that these flags and `linker` set up (lld, mold or wild), if any."""
    texts = [*flags, linker or ""]
    for text in texts:
        for name in FAST_LINKERS:
            stem = text.rsplit("/", 1)[-1]
            if f"fuse-ld={name}" in text or re.search(rf"fuse-ld=\S*{name}", text):
                return name
            if stem in (name, f"ld.{name}", f"rust-{name}", f"ld64.{name}") or stem.startswith(
                f"{name}-"
            ):
                return name
            if text in (
                "-Zlinker-features=+lld",
                "linker-features=+lld",
                "link-self-contained=+linker",
            ):
                return "lld"
    return None


def codegen_option(flags: list[str], name: str) -> str | None:
    """The value rustc takes for `-C name=...` from these flags: the last one wins."""
    found = None
    for unit in flag_units(flags):
        option = unit[-1].removeprefix("-C") if unit[0].startswith("-C") else ""
        key, equals, value = option.partition("=")
        if equals and key == name:
            found = value
    return found


def flag_units(flags: list[str]) -> list[tuple[str, ...]]:
    """Rustflags grouped into what rustc reads as one option: `-C` with its value."""
    units: list[tuple[str, ...]] = []
    index = 0
    while index < len(flags):
        if flags[index] in OPTIONS_WITH_VALUE and index + 1 < len(flags):
            units.append((flags[index], flags[index + 1]))
            index += 2
        else:
            units.append((flags[index],))
            index += 1
    return units


def without_lld(flags: list[str]) -> list[str]:
    """The flags without those that set up lld (with the `-C` that introduces them)."""
    return [
        flag
        for unit in flag_units(flags)
        if fast_linker([unit[-1]], None) != "lld"
        for flag in unit
    ]


# Triples that a `cfg(...)` table for Linux or x86_64 also serves: a table must match none of
# them before an lld setting in it can be called redundant on x86_64-unknown-linux-gnu.
NEIGHBOUR_TARGETS = (
    *COMMON_TARGETS,
    "x86_64-unknown-linux-musl",
    "aarch64-unknown-linux-musl",
    "i686-unknown-linux-gnu",
    "armv7-unknown-linux-gnueabihf",
    "riscv64gc-unknown-linux-gnu",
    "x86_64-pc-windows-gnu",
    "x86_64-unknown-freebsd",
    "aarch64-linux-android",
)


def only_for(key: KeyPath, triple: str) -> bool:
    """Whether a config value's table applies to `triple` and to none of its neighbours:
    `[target.<triple>]`, or a `cfg(...)` that singles it out (never `[build]`)."""
    if len(key) < 2 or key[0] != "target" or not isinstance(key[1], str):
        return False
    name = key[1]
    if not name.startswith("cfg("):
        return name == triple
    others = (t for t in NEIGHBOUR_TARGETS if t != triple)
    return cfg_matches(name, triple) is True and not any(cfg_matches(name, t) for t in others)


def disables_default_lld(linker: str) -> bool:
    """rustc infers "cc, not lld" from a gcc or clang driver name (reference 4.2)."""
    stem = linker.rsplit("/", 1)[-1]
    return stem in CC_DRIVERS or stem.endswith(tuple(f"-{driver}" for driver in CC_DRIVERS))


def all_flags(values: list[TargetValue]) -> list[str]:
    return [flag for value in values for flag in flags_of(value.value)]


def every_rustflags(configs: list[TomlDocument]) -> Iterator[TargetValue]:
    """Every rustflags list of the config files: `build`, each `[target.*]`, each profile."""
    for document in configs:
        keys: list[KeyPath] = [("build", "rustflags")]
        for section in ("target", "profile"):
            tables = document.data.get(section)
            keys += [
                (section, name, "rustflags")
                for name in (tables if isinstance(tables, dict) else [])
            ]
        for key in keys:
            value = document.get(key)
            if flags_of(value):
                yield TargetValue(document, key, value)


class FrontendThreads(NamedTuple):  # defined at every start: cheaper than a dataclass
    """A thread count for rustc's parallel frontend in a flag list: `-Zthreads=N` (the spelling
    of nightlies before 1.99, a deprecated alias since) or `--jobs-frontend=N` (nightly 1.99+,
    with `-Zunstable-options`), each also as two arguments."""

    position: int  # in the flag list
    width: int  # how many arguments it takes (`-Z threads=8` is two)
    text: str  # as one argument: `-Zthreads=8`, `--jobs-frontend=8`
    threads: int

    def spelled(self, count: int) -> list[str]:
        """The same option, in the same spelling, with another count."""
        return [f"{self.text.rsplit('=', 1)[0]}={count}"]


_FRONTEND = re.compile(r"(-Z\s*threads|--jobs-frontend)=(\d+)")


def frontend_threads(flags: list[str]) -> list[FrontendThreads]:
    """Every parallel-frontend thread count in a flag list, in either spelling."""
    found = []
    for index, flag in enumerate(flags):
        following = flags[index + 1] if index + 1 < len(flags) else ""
        joined, width = flag, 1
        if flag == "-Z":
            joined, width = "-Z" + following, 2
        elif flag == "--jobs-frontend":
            joined, width = f"--jobs-frontend={following}", 2
        match = _FRONTEND.fullmatch(joined)
        if match:
            found.append(FrontendThreads(index, width, joined.replace(" ", ""), int(match[2])))
    return found


# rustc options only nightly accepts: `-Z ...`, and those that need `-Zunstable-options`
UNSTABLE_RUSTC_OPTIONS = ("-Z", "--jobs-frontend", "--jobs-backend", "--jobs-linker")


def frontend_flags(count: int, new_spelling: bool) -> list[str]:
    """The flags that ask for `count` frontend threads, in the spelling a nightly accepts."""
    if new_spelling:
        return ["-Zunstable-options", f"--jobs-frontend={count}"]
    return [f"-Zthreads={count}"]


def own_flags(document: TomlDocument, table: KeyPath) -> list[str]:
    """The rustflags one table itself sets (not what other matching tables add)."""
    return flags_of(document.get((*table, "rustflags")))


def first_target_table(
    configs: list[TomlDocument], triple: str
) -> tuple[TomlDocument, KeyPath] | None:
    """Where a flag for `triple` is added once: its highest-priority matching table with
    rustflags (Cargo joins the matching tables, so one of them is enough)."""
    values = target_rustflags(configs, triple)
    return (values[0].document, values[0].key[:2]) if values else None
