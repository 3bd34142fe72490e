#!/usr/bin/env bash
# Checks Protocols/golden/ against the schema with protoc's own (C++) protobuf, no Swift:
# each <name>.bin must decode as updraft.v1.<Name> (PascalCase of the registry name) with
# no unknown fields, re-encode to the same bytes, and <name>.frame must be the 8-byte
# header "UD" + version 1 + the type code from PROTOCOL.md + flags 0, then the .bin bytes.
#
#   Protocols/check-golden.sh        (needs protoc, xxd or od)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root/Protocols"

# Registry: name -> type code (keep in sync with MessageKind.swift and PROTOCOL.md).
declare -A codes=(
  [worker_hello]=10 [worker_welcome]=11 [worker_reject]=12 [worker_goodbye]=13
  [heartbeat]=20
  [task_dispatch]=30 [task_started]=31 [task_log_chunk]=32 [task_finished]=33 [task_cancel]=34
  [worker_drain]=40 [worker_shutdown]=41
  [state_change_event]=50
  [stats_request]=60 [stats_reply]=61
)

hex() { od -An -v -tx1 "$@" | tr -d ' \n'; }
failures=0
tmp="$(mktemp)"; trap 'rm -f "$tmp"' EXIT

for name in $(printf "%s\n" "${!codes[@]}" | sort); do
  type="updraft.v1.$(sed -E 's/(^|_)([a-z])/\U\2/g' <<<"$name")"
  bin="golden/$name.bin"; frame="golden/$name.frame"
  if ! text="$(protoc --decode="$type" -I . updraft/v1/updraft.proto <"$bin" 2>&1)"; then
    echo "FAIL $name: protoc cannot decode $bin as $type: $text"; failures=$((failures + 1)); continue
  fi
  if grep -Eq '^ *[0-9]+:' <<<"$text"; then
    echo "FAIL $name: $bin has fields the schema does not define"; failures=$((failures + 1)); continue
  fi
  protoc --encode="$type" -I . updraft/v1/updraft.proto <<<"$text" >"$tmp"
  if ! cmp -s "$tmp" "$bin"; then
    echo "FAIL $name: protoc re-encodes $bin to different bytes"; failures=$((failures + 1)); continue
  fi
  expected_header="$(printf '55440001%04x0000' "${codes[$name]}")"
  if [[ "$(hex "$frame")" != "$expected_header$(hex "$bin")" ]]; then
    echo "FAIL $name: $frame is not header $expected_header + $bin"; failures=$((failures + 1)); continue
  fi
  echo "ok   $name ($type, $(stat -c %s "$bin") bytes)"
done
echo "golden: $(( ${#codes[@]} - failures )) passed, $failures failed"
(( failures == 0 ))
