#!/usr/bin/env bash
# Runs each libFuzzer target for a set time (default 60 s) with AddressSanitizer and
# UndefinedBehaviorSanitizer, starting from the committed seed corpus, and reports executions
# and crashes. New inputs that add coverage are kept in build-fuzz/corpus/<target> (not
# committed); copy the interesting ones into tests/fuzz/corpus/<target>.
#   tests/fuzz/run.sh [SECONDS] [TARGET...]
set -euo pipefail
cd "$(dirname "$0")/../.."
secs=${1:-60}
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(intake idcard router query)
command -v clang >/dev/null || { echo "clang is needed (apt-get install clang libclang-rt-14-dev)" >&2; exit 1; }
if [ ! -f build-fuzz/build.ninja ]; then
  CC=clang meson setup build-fuzz -Dfuzz=true -Db_sanitize=address,undefined -Db_lundef=false \
    -Dbuildtype=debugoptimized >/dev/null
fi
ninja -C build-fuzz $(printf 'tests/fuzz_%s ' "${targets[@]}") >/dev/null
status=0
for t in "${targets[@]}"; do
  mkdir -p "build-fuzz/corpus/$t" "build-fuzz/crashes/$t"
  log="build-fuzz/fuzz-$t.log"
  if UBSAN_OPTIONS=halt_on_error=1 ASAN_OPTIONS=detect_leaks=1 \
      "build-fuzz/tests/fuzz_$t" -max_total_time="$secs" -print_final_stats=1 \
      -artifact_prefix="build-fuzz/crashes/$t/" "build-fuzz/corpus/$t" "tests/fuzz/corpus/$t" \
      >"$log" 2>&1; then
    result="no crash"
  else
    result="CRASH (see $log and build-fuzz/crashes/$t)"
    status=1
  fi
  execs=$(grep -m1 'stat::number_of_executed_units' "$log" | awk '{print $2}')
  cov=$(grep -E '^#[0-9]+.*(DONE|pulse)' "$log" | tail -n1 | sed 's/.*cov: \([0-9]*\).*/\1/')
  printf 'fuzz_%-7s %4s s  %10s executions  coverage %s  %s\n' "$t" "$secs" "${execs:-?}" "${cov:-?}" "$result"
done
exit $status
