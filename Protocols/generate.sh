#!/usr/bin/env bash
# Regenerates Sources/UpdraftProtocol/Generated/ from Protocols/updraft/v1/*.proto.
#
#   Protocols/generate.sh           regenerate in place
#   Protocols/generate.sh --check   regenerate into a temp dir and fail if the committed
#                                   files differ (CI-friendly; changes nothing)
#
# Needs protoc (Debian: apt-get install protobuf-compiler). protoc-gen-swift is taken from
# $PROTOC_GEN_SWIFT, else from PATH, else built once (release) from the swift-protobuf
# checkout SwiftPM resolved for this package, into .build-protoc/ (git-ignored).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
out_dir="Sources/UpdraftProtocol/Generated"
check=0
[[ "${1:-}" == "--check" ]] && check=1

command -v protoc >/dev/null || { echo "generate.sh: protoc not found (apt-get install protobuf-compiler)" >&2; exit 1; }

plugin="${PROTOC_GEN_SWIFT:-}"
if [[ -z "$plugin" ]]; then
  plugin="$(command -v protoc-gen-swift || true)"
fi
if [[ -z "$plugin" ]]; then
  plugin="$root/.build-protoc/release/protoc-gen-swift"
  if [[ ! -x "$plugin" ]]; then
    checkout="$root/.build/checkouts/swift-protobuf"
    [[ -d "$checkout" ]] || swift package resolve >&2
    echo "generate.sh: building protoc-gen-swift from $checkout (once)" >&2
    swift build -c release --package-path "$checkout" --scratch-path "$root/.build-protoc" \
      --product protoc-gen-swift >&2
  fi
fi
echo "generate.sh: $("$plugin" --version 2>/dev/null || echo "$plugin"), $(protoc --version)" >&2

target="$out_dir"
if (( check )); then
  target="$(mktemp -d)"
  trap 'rm -rf "$target"' EXIT
fi
mkdir -p "$target"

protoc --plugin=protoc-gen-swift="$plugin" \
  --swift_opt=Visibility=Public --swift_opt=FileNaming=DropPath \
  --swift_out="$target" \
  -I Protocols \
  Protocols/updraft/v1/*.proto

if (( check )); then
  if diff -r "$out_dir" "$target" >&2; then
    echo "generate.sh: $out_dir is up to date" >&2
  else
    echo "generate.sh: $out_dir differs from what the schema generates; run Protocols/generate.sh" >&2
    exit 1
  fi
else
  echo "generate.sh: wrote $out_dir" >&2
fi
