#!/usr/bin/env bash
# Prepares the two code bases of the README's `buildlint measure` evidence in DIR (default
# ./real-apps), from Debian's packaged crate sources, built offline:
#   bat      bat 0.22.1 (librust-bat-dev), its dev-dependencies moved to the versions Debian
#            packages (serial_test 0.9, nix 0.26), as Debian's own build does;
#   grepws   ripgrep's library crates (librust-grep-dev) as one workspace, the members patched
#            together with [patch.crates-io].
# Needs: apt-get install librust-bat-dev librust-grep-dev librust-assert-cmd-dev \
#          librust-predicates-dev librust-serial-test-dev librust-tempfile-dev \
#          librust-wait-timeout-dev librust-nix-dev
set -euo pipefail
registry=/usr/share/cargo/registry
dir=${1:-real-apps}
mkdir -p "$dir"
cd "$dir"
offline='[source.crates-io]
replace-with = "debian"

[source.debian]
directory = "/usr/share/cargo/registry"'

rm -rf bat && cp -r "$registry"/bat-0.22.1 bat && rm -f bat/.cargo-checksum.json
mkdir -p bat/.cargo && echo "$offline" > bat/.cargo/config.toml
sed -i '/dev-dependencies.serial_test\]/{n;s/version = .*/version = "0.9"/}' bat/Cargo.toml
sed -i '/dev-dependencies.nix\]/{n;s/version = .*/version = "0.26"/}' bat/Cargo.toml

crates="grep grep-cli grep-matcher grep-printer grep-regex grep-searcher globset"
rm -rf grepws && mkdir -p grepws/.cargo && echo "$offline" > grepws/.cargo/config.toml
members=""
patches=""
for crate in $crates; do
  source=$(ls -d "$registry/$crate"-[0-9]* | sort -V | tail -n 1)
  cp -r "$source" "grepws/$crate" && rm -f "grepws/$crate/.cargo-checksum.json"
  members="$members\"$crate\", "
  patches="$patches$crate = { path = \"$crate\" }
"
done
cat > grepws/Cargo.toml <<TOML
# ripgrep's library crates (Debian's packaged sources) as one workspace
[workspace]
members = [${members%, }]
resolver = "2"

[patch.crates-io]
$patches
TOML
echo "prepared $dir/bat and $dir/grepws"
