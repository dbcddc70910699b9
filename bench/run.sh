#!/usr/bin/env bash
# The performance benchmark of kinerja, one command from a fresh checkout:
#
#   bash bench/run.sh                 # N = 18, 500 and 7285 files
#   bash bench/run.sh 18 500          # other sizes
#   SEED=7 bash bench/run.sh 2000     # another seeded corpus
#
# For each N it generates (once, cached under target/bench/corpus-N) N realistic messy
# realization workbooks with examples/gen_samples.rs, then measures with /usr/bin/time -v
#   - `kinerja batch <corpus> --out target/bench/out-N --quiet --force` (the real job), and
#   - the floor: examples/floor.rs, which only opens every file with calamine, reads every
#     cell and writes the same cells with rust_xlsxwriter, in parallel, with no validation,
# and prints wall time, files per second, peak RSS and the ratio batch / floor. Last it
# times `kinerja check samples/bajeng-2023.xlsx` (hyperfine if installed, else 20 runs).
# The table is also written to target/bench/results.md.
#
# Needs: cargo, and GNU time at /usr/bin/time (Debian/Ubuntu: apt-get install -y time).
# Writes only under target/. Uses nothing outside this repository.
set -euo pipefail

repo="$(cd "$(dirname "$0")/.." && pwd)"
cd "$repo"

if [ "$#" -gt 0 ]; then
  sizes=("$@")
else
  sizes=(18 500 7285)
fi
seed="${SEED:-1}"
# Build products follow CARGO_TARGET_DIR when it is set (as .ci/run sets it).
target_dir="${CARGO_TARGET_DIR:-target}"
bench_dir="$target_dir/bench"
results="$bench_dir/results.md"

if [ ! -x /usr/bin/time ]; then
  echo "bench/run.sh: GNU time is needed at /usr/bin/time for peak memory (RSS)." >&2
  echo "              Install it with: apt-get install -y time   (Fedora: dnf install time)" >&2
  exit 2
fi
for n in "${sizes[@]}"; do
  if ! [[ "$n" =~ ^[0-9]+$ ]] || [ "$n" -lt 1 ]; then
    echo "bench/run.sh: sizes must be positive whole numbers, got '$n'" >&2
    exit 2
  fi
done

echo "== building (release)"
cargo build --release --quiet --examples
cargo build --release --quiet --bin kinerja
kinerja="$target_dir/release/kinerja"
gen="$target_dir/release/examples/gen_samples"
floor="$target_dir/release/examples/floor"
mkdir -p "$bench_dir"

# The machine, for BENCHMARKS.md.
cpu="$(grep -m1 'model name' /proc/cpuinfo 2>/dev/null | cut -d: -f2- | sed 's/^ *//' || true)"
mem_gb="$(awk '/MemTotal/ {printf "%.1f", $2/1024/1024}' /proc/meminfo 2>/dev/null || echo '?')"
machine="$(nproc) cores${cpu:+ ($cpu)}, ${mem_gb} GiB memory, $(uname -sr), $(rustc --version 2>/dev/null || echo 'rustc ?')"
commit="$(git rev-parse --short HEAD 2>/dev/null || echo 'unknown')"
echo "machine: $machine"
echo "commit:  $commit"

# Seconds from GNU time's "Elapsed (wall clock) time (h:mm:ss or m:ss): 0:01.23".
wall_seconds() {
  awk -F': ' '/Elapsed \(wall clock\)/ {
    n = split($2, p, ":"); s = 0
    for (i = 1; i <= n; i++) s = s * 60 + p[i]
    printf "%.2f", s
  }' "$1"
}
peak_mb() {
  awk -F': ' '/Maximum resident set size/ {printf "%.0f", $2/1024}' "$1"
}
exit_status() {
  awk -F': ' '/Exit status/ {print $2}' "$1"
}

# Run a command under /usr/bin/time -v; the report goes to $1, output to $1.log.
measure() {
  local report="$1"
  shift
  /usr/bin/time -v -o "$report" "$@" >"$report.log" 2>&1 || true
}

# A cached corpus is reused only if it was made with this seed by this generator.
stamp="seed $seed, gen_samples $(cksum <examples/gen_samples.rs | cut -d' ' -f1)"

rows=()
status=0
for n in "${sizes[@]}"; do
  corpus="$bench_dir/corpus-$n"
  have=0
  if [ -d "$corpus" ]; then
    have=$(find "$corpus" -maxdepth 1 -name '*.xlsx' | wc -l)
  fi
  if [ "$have" -ne "$n" ] || [ "$(cat "$corpus/.stamp" 2>/dev/null)" != "$stamp" ]; then
    echo "== generating $n workbooks (seed $seed) in $corpus"
    rm -rf "$corpus"
    "$gen" --bench "$n" --seed "$seed" --out "$corpus"
    echo "$stamp" >"$corpus/.stamp"
  else
    echo "== using cached $corpus ($n workbooks, seed $seed)"
  fi

  echo "== floor, N=$n"
  rm -rf "$bench_dir/floor-$n"
  measure "$bench_dir/floor-$n.time" "$floor" "$corpus" "$bench_dir/floor-$n"
  f_wall=$(wall_seconds "$bench_dir/floor-$n.time")
  f_rss=$(peak_mb "$bench_dir/floor-$n.time")
  f_exit=$(exit_status "$bench_dir/floor-$n.time")
  tail -n 1 "$bench_dir/floor-$n.time.log" || true

  echo "== kinerja batch, N=$n"
  rm -rf "$bench_dir/out-$n"
  measure "$bench_dir/batch-$n.time" "$kinerja" batch "$corpus" --out "$bench_dir/out-$n" --quiet --force
  b_wall=$(wall_seconds "$bench_dir/batch-$n.time")
  b_rss=$(peak_mb "$bench_dir/batch-$n.time")
  b_exit=$(exit_status "$bench_dir/batch-$n.time")

  if [ "${b_exit:-1}" != "0" ]; then
    echo "   kinerja batch exited with status ${b_exit:-?}; see $bench_dir/batch-$n.time.log" >&2
    tail -n 5 "$bench_dir/batch-$n.time.log" >&2 || true
    status=1
  fi
  if [ "${f_exit:-1}" != "0" ]; then
    echo "   floor exited with status ${f_exit:-?}; see $bench_dir/floor-$n.time.log" >&2
    status=1
  fi
  b_fps=$(awk -v n="$n" -v s="$b_wall" 'BEGIN { if (s > 0) printf "%.0f", n / s; else print "-" }')
  f_fps=$(awk -v n="$n" -v s="$f_wall" 'BEGIN { if (s > 0) printf "%.0f", n / s; else print "-" }')
  ratio=$(awk -v b="$b_wall" -v f="$f_wall" 'BEGIN { if (f > 0) printf "%.2f", b / f; else print "-" }')
  b_note=""
  [ "${b_exit:-1}" = "0" ] || b_note=" (exit ${b_exit:-?})"
  rows+=("| $n | $b_wall$b_note | $b_fps | $b_rss | $f_wall | $f_fps | $f_rss | $ratio |")
done

echo "== kinerja check samples/bajeng-2023.xlsx"
check_line=""
if command -v hyperfine >/dev/null 2>&1; then
  hyperfine --warmup 3 --runs 20 --export-json "$bench_dir/check.json" \
    "$kinerja check samples/bajeng-2023.xlsx" || status=1
  check_line=$(awk '/"mean"/ {gsub(/[",]/, "", $2); printf "mean %.1f ms (hyperfine, 20 runs)", $2 * 1000; exit}' "$bench_dir/check.json")
else
  times=()
  check_fail=0
  for _ in $(seq 1 20); do
    t0=$(date +%s%N)
    "$kinerja" check samples/bajeng-2023.xlsx >/dev/null 2>&1 || check_fail=1
    t1=$(date +%s%N)
    times+=($(( (t1 - t0) / 1000 )))
  done
  [ "$check_fail" = 0 ] || { echo "   kinerja check failed on at least one run" >&2; status=1; }
  check_line=$(printf '%s\n' "${times[@]}" | sort -n | awk '
    { v[NR] = $1; sum += $1 }
    END { printf "mean %.1f ms, median %.1f ms, min %.1f ms (20 runs, date +%%s%%N)",
          sum / NR / 1000, v[int((NR + 1) / 2)] / 1000, v[1] / 1000 }')
fi

{
  echo "Machine: $machine"
  echo "Commit: $commit; corpus seed $seed"
  echo
  echo "| N files | batch wall s | batch files/s | batch peak RSS MB | floor wall s | floor files/s | floor peak RSS MB | batch / floor |"
  echo "|---:|---:|---:|---:|---:|---:|---:|---:|"
  printf '%s\n' "${rows[@]}"
  echo
  echo "kinerja check samples/bajeng-2023.xlsx: $check_line"
} | tee "$results"
echo "(written to $results)"
exit $status
