"""Random hostile projects: everything a real repository may contain that once broke buildlint
or its fixes. Profiles as header tables, dotted keys and inline tables, out of order, with
comments everywhere; bad values, inherits chains and loops, override tables that are not
tables; BOM, CRLF, form feeds and U+2028 in comments; config files with rustflags strings and
arrays, triple and cfg tables, includes, a legacy `config` beside `config.toml`; toolchain
files with impossible dates; members, path dependencies and orphans; files that are not UTF-8,
and symlinked config files."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from pathlib import Path

from manifest_generator import toml_key

from cargo_buildlint.toml_text import toml_repr

PROFILE_KEYS: dict[str, list[object]] = {
    "opt-level": [0, 1, 3, "s", "z", 4, "3", True],
    "debug": [True, False, 0, 1, 2, "line-tables-only", "limited", "full", "none", 3, "yes"],
    "lto": [True, False, "thin", "fat", "off", "bogus"],
    "codegen-units": [1, 16, 256, 0, -1],
    "panic": ["unwind", "abort", "bogus"],
    "incremental": [True, False, "false"],
    "strip": [True, False, "none", "debuginfo", "symbols", "bogus"],
    "split-debuginfo": ["off", "packed", "unpacked", "unpaked"],
    "debug-assertions": [True, False],
    "codegen-backend": ["cranelift", "llvm"],
    "rustflags": [["-Zshare-generics"], "-C x"],
    "trim-paths": [True, "all", "object", ["macro"]],
    "wibble": [1],
}
PROFILE_NAMES = ("dev", "release", "test", "bench", "doc", "debugging", "ci", "dist", "Dev", "a b")
INHERITS = ("dev", "release", "debug", "ci", "dist", "nope", "debugging")
TARGETS = (
    "x86_64-unknown-linux-gnu",
    "aarch64-apple-darwin",
    "x86_64-pc-windows-msvc",
    'cfg(target_os = "linux")',
    'cfg(all(unix, target_arch = "x86_64"))',
    "cfg(not(windows))",
    "cfg(any(",
    "thumbv8m.main-none-eabihf",
)
FLAGS = (
    ["-C", "link-arg=-fuse-ld=lld"],
    ["-C", "link-arg=-fuse-ld=mold"],
    ["-C", "target-cpu=native"],
    ["-Zthreads=8"],
    ["--cfg", "tokio_unstable"],
    ["-Clink-arg=-fuse-ld=lld"],
)
LINKERS = ("clang", "gcc", "rust-lld", "ld.lld", "/usr/bin/mold", 1)
COMMENTS = ("# note", "# ünïcödé", "# form\x0cfeed", "# line\u2028separator", "#", "# a = [")
CHANNELS = (
    "stable",
    "nightly",
    "nightly-2026-05-01",
    "nightly-2024-02-30",
    "1.85",
    "1.92.0",
    "beta-2026-13-01",
    "1.76",
)


@dataclass
class Project:
    files: dict[str, bytes] = field(default_factory=dict)
    links: dict[str, str] = field(default_factory=dict)  # link -> target (relative)

    def write(self, base: Path) -> Path:
        (base / ".git").mkdir(parents=True, exist_ok=True)
        for name, data in self.files.items():
            (base / name).parent.mkdir(parents=True, exist_ok=True)
            (base / name).write_bytes(data)
        for link, target in self.links.items():
            (base / link).parent.mkdir(parents=True, exist_ok=True)
            (base / link).symlink_to(target)
        return base


def generate(seed: int) -> Project:
    rng = random.Random(seed)
    project = Project()
    members = [f"crates/m{i}" for i in range(rng.randint(0, 3))]
    manifest = _manifest(rng, members)
    project.files["Cargo.toml"] = _encode(rng, manifest)
    for member in members:
        text = f'[package]\nname = "{member.replace("/", "-")}"\nversion = "0.1.0"\n'
        if rng.random() < 0.3:
            text += "\n" + _profiles(rng)  # ignored: only the root's profiles count
        project.files[f"{member}/Cargo.toml"] = _encode(rng, text)
    if rng.random() < 0.2:
        project.files["tools/orphan/Cargo.toml"] = (
            b'[package]\nname = "orphan"\nversion = "1.0.0"\n'
        )
    if rng.random() < 0.7:
        config = _config(rng)
        name = rng.choice([".cargo/config.toml", ".cargo/config.toml", ".cargo/config"])
        if rng.random() < 0.15:
            project.files["shared/config.toml"] = _encode(rng, config)
            project.links[name] = "../shared/config.toml"
        else:
            project.files[name] = _encode(rng, config)
        if rng.random() < 0.2:
            project.files[".cargo/extra.toml"] = _encode(rng, _config(rng))
    if rng.random() < 0.5:
        channel = rng.choice(CHANNELS)
        if rng.random() < 0.5:
            project.files["rust-toolchain"] = f"{channel}\n".encode()
        else:
            project.files["rust-toolchain.toml"] = f'[toolchain]\nchannel = "{channel}"\n'.encode()
    if rng.random() < 0.05 and ".cargo/config.toml" not in project.links:
        project.files[".cargo/config.toml"] = b'[build]\nrustflags = ["\xff"]\n'
    return project


def _encode(rng: random.Random, text: str) -> bytes:
    if rng.random() < 0.1:
        text = text.replace("\n", "\r\n")
    if rng.random() < 0.05:
        text = "\ufeff" + text
    return text.encode("utf-8")


def _comment(rng: random.Random) -> str:
    return f"  {rng.choice(COMMENTS)}" if rng.random() < 0.3 else ""


def _manifest(rng: random.Random, members: list[str]) -> str:
    lines = []
    if rng.random() < 0.8:
        lines += ["[package]", 'name = "app"', 'version = "0.1.0"']
        if rng.random() < 0.3:
            lines.append(f'rust-version = "{rng.choice(["1.60", "1.70", "1.77", "1.85", "1.90"])}"')
    if members or rng.random() < 0.3:
        lines += [
            "",
            "[workspace]",
            f"members = {toml_repr([*members, *(['crates/*'] if rng.random() < 0.2 else [])])}",
        ]
    if rng.random() < 0.3:
        lines += ["", "[dependencies]", 'serde = "1"']
    text = "\n".join(lines) + "\n\n" + _profiles(rng)
    if rng.random() < 0.2:
        text += "\n[features]\ndefault = []\n"
    return text


def _profiles(rng: random.Random) -> str:
    blocks = []
    for name in rng.sample(PROFILE_NAMES, rng.randint(0, 5)):
        settings = {
            k: rng.choice(v) for k, v in rng.sample(list(PROFILE_KEYS.items()), rng.randint(0, 4))
        }
        if name not in ("dev", "release") and rng.random() < 0.7:
            settings["inherits"] = rng.choice(INHERITS)
        style = rng.random()
        if style < 0.6:
            block = [f"{rng.choice(COMMENTS)}"] if rng.random() < 0.3 else []
            block.append(f"[profile.{toml_key(name)}]")
            block += [f"{toml_key(k)} = {toml_repr(v)}{_comment(rng)}" for k, v in settings.items()]
            blocks.append("\n".join(block))
        elif style < 0.8:
            blocks.append(
                "\n".join(
                    f"profile.{toml_key(name)}.{toml_key(k)} = {toml_repr(v)}"
                    for k, v in settings.items()
                )
                if settings
                else ""
            )
        elif style < 0.9:
            body = ", ".join(f"{toml_key(k)} = {toml_repr(v)}" for k, v in settings.items())
            blocks.append(f"[profile]\n{toml_key(name)} = {{ {body} }}")
        else:
            not_a_table = rng.choice(["1", '"x"', "[]"])
            blocks.append(f"[profile]\n{toml_key(name)} = {not_a_table}")
        if rng.random() < 0.3:
            spec = rng.choice(['"*"', "app", "serde", '"serde@1"', '"bad spec!"'])
            override = {k: rng.choice(v) for k, v in rng.sample(list(PROFILE_KEYS.items()), 2)}
            blocks.append(
                f"[profile.{toml_key(name)}.package.{spec}]\n"
                + "\n".join(f"{toml_key(k)} = {toml_repr(v)}" for k, v in override.items())
            )
        if rng.random() < 0.1:
            blocks.append(f"[profile.{toml_key(name)}.build-override]\nopt-level = 3")
    rng.shuffle(blocks)  # out of order
    # the same table twice would be invalid TOML, which other tests cover
    seen: set[str] = set()
    unique = []
    for text in blocks:
        header = text.split("\n", 1)[0]
        if header.startswith("[") and header in seen:
            continue
        seen.add(header)
        unique.append(text)
    return "\n\n".join(b for b in unique if b) + "\n"


def _config(rng: random.Random) -> str:
    lines = []
    if rng.random() < 0.6:
        flags = [f for group in rng.sample(FLAGS, rng.randint(0, 3)) for f in group]
        value = " ".join(flags) if rng.random() < 0.3 else toml_repr(flags)
        lines += ["[build]", f"rustflags = {value}"]
        if rng.random() < 0.3:
            incremental = rng.choice(["true", "false", '"false"'])
            lines.append(f"incremental = {incremental}")
    if rng.random() < 0.2:
        lines += ['include = ["extra.toml"]'] if not lines else []
    for target in rng.sample(TARGETS, rng.randint(0, 3)):
        lines += ["", f"[target.'{target}']"]
        if rng.random() < 0.7:
            flags = [f for group in rng.sample(FLAGS, rng.randint(1, 2)) for f in group]
            if rng.random() < 0.5:
                lines += (
                    ["rustflags = ["]
                    + [f"    {toml_repr(f)},{_comment(rng)}" for f in flags]
                    + ["]"]
                )
            else:
                lines.append(f"rustflags = {toml_repr(flags)}")
        if rng.random() < 0.4:
            lines.append(f"linker = {toml_repr(rng.choice(LINKERS))}")
    if rng.random() < 0.2:
        lines += ["", "[unstable]", "feature-unification = true"]
    if rng.random() < 0.2:
        lines += ["", "[resolver]", f'feature-unification = "{rng.choice(["workspace", "bogus"])}"']
    if rng.random() < 0.3:
        lines += ["", "[profile.dev]", f"debug = {toml_repr(rng.choice(PROFILE_KEYS['debug']))}"]
    return "\n".join(lines) + "\n"
