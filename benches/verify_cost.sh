#!/bin/bash
# What verifying the output costs a build (issue 15; see docs/performance.md, "Verifying the
# output"): the same leidraad with and without the verifier, in instructions (callgrind, one
# thread) and in time (interleaved rounds, and the binary against itself for the noise).
#
#   benches/verify_cost.sh                 3 x 1,000 sections, `build --no-search`
#   SECTIONS=100 ROUNDS=5 benches/verify_cost.sh
#   FEATURES=default benches/verify_cost.sh    the default build, with search (slow to compile)
#
# The tree is copied to $WORK (default /tmp/leidraad-verify-cost; the output goes to $OUT, on
# tmpfs) with a switch added: with LEIDRAAD_NO_VERIFY set, the build leaves out everything it
# does only for the verifier (`Verifier::see`, the templates' labels, locating the known
# texts, what is known of them).
# Each patch is checked to have applied. Needs valgrind for the instruction count.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(dirname "$here")
work=${WORK:-/tmp/leidraad-verify-cost}
sections=${SECTIONS:-1000}
rounds=${ROUNDS:-20}
features=${FEATURES:-none}

mkdir -p "$work"
rm -rf "$work/tree"
mkdir "$work/tree"
cp -r "$repo/src" "$repo/Cargo.toml" "$repo/Cargo.lock" "$repo/templates" "$repo/static" "$work/tree/"
cd "$work/tree"
cat >>src/lib.rs <<'RS'
#[doc(hidden)]
pub fn no_verify() -> bool {
    static NO: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
    *NO.get_or_init(|| std::env::var_os("LEIDRAAD_NO_VERIFY").is_some())
}
RS
patch() { # file, perl substitution: fails when it changes nothing
    before=$(cksum <"$1")
    perl -0pi -e "$2" "$1"
    [ "$before" != "$(cksum <"$1")" ] || { echo "verify_cost.sh: no change in $1: $2" >&2; exit 1; }
}
patch src/verify/mod.rs 's/(pub fn see\(&self, file: &OutputFile\) \{\n)/$1        if crate::no_verify() { return; }\n/'
patch src/theme.rs 's/= if own_templates \{/= if own_templates || crate::no_verify() {/'
patch src/render/page.rs 's/(known.parts = locate\([^;]*;)/if !crate::no_verify() { $1 }/'
patch src/render/mod.rs 's/known: urls.map\(\|urls\|/known: urls.filter(|_| !crate::no_verify()).map(|urls|/'
patch src/render/mod.rs 's/known: urls\n(\s*)\.filter\(\|_\| page::only_urls/known: urls\n$1.filter(|_| !crate::no_verify())\n$1.filter(|_| page::only_urls/'
patch src/render/print.rs 's/known: urls.map\(known\)/known: urls.filter(|_| !crate::no_verify()).map(known)/'

if [ "$features" = default ]; then
    CARGO_TARGET_DIR="$work/target-default" cargo build --release --quiet
    bin="$work/target-default/release/leidraad"
    build=(build)
else
    CARGO_TARGET_DIR="$work/target" cargo build --release --quiet --no-default-features
    bin="$work/target/release/leidraad"
    build=(build --no-search)
fi

site="$work/corpus-$sections"
[ -d "$site" ] || python3 "$here/corpus.py" --sections "$sections" --out "$site" >/dev/null
site="$site/leidraad"
# The output goes to tmpfs, as in benches/bench.py: written to a disk, a build waits on the
# disk and its time varies with it far more than with the verifier (30 rounds at 3 x 1,000
# sections, output on disk: ratio 1.006, though the verifier's CPU time is 10 % on tmpfs).
out=${OUT:-/dev/shm/leidraad-verify-cost-out}

if [ "$features" != default ] && command -v valgrind >/dev/null; then
    count() {
        rm -rf "$out"
        (cd "$site" && env $1 RAYON_NUM_THREADS=1 valgrind --tool=callgrind \
            --callgrind-out-file="$work/callgrind.$2" "$bin" "${build[@]}" --output "$out" \
            >/dev/null 2>"$work/callgrind.$2.log")
        grep -o 'refs: *[0-9,]*' "$work/callgrind.$2.log" | tr -d ', refs:'
    }
    with=$(count X=1 with)
    without=$(count LEIDRAAD_NO_VERIFY=1 without)
    python3 -c "w, n = $with, $without
print(f'instructions, one thread: {w/1e6:.1f} M with, {n/1e6:.1f} M without: verification {(w-n)/1e6:.1f} M, {100*(w-n)/w:.2f} % of the build')"
fi

: >"$work/times"
for round in $(seq "$rounds"); do
    # Every other round in reverse order, as in benches/bench.py, so that no build always runs
    # right after another.
    order=(with without same)
    [ $((round % 2)) = 0 ] || order=(same without with)
    for label in "${order[@]}"; do
        case $label in without) env=LEIDRAAD_NO_VERIFY=1 ;; *) env=X=1 ;; esac
        rm -rf "$out"
        (cd "$site" && /usr/bin/time -f "$label %e %U %S %M" env $env "$bin" "${build[@]}" \
            --output "$out" >/dev/null 2>>"$work/times")
    done
done
python3 - "$work/times" <<'PY'
import statistics, sys
runs = {"with": [], "without": [], "same": []}
for line in open(sys.argv[1]):
    part = line.split()
    if len(part) == 5 and part[0] in runs:
        runs[part[0]].append([float(x) for x in part[1:]])
cpu = lambda r: r[1] + r[2]
median = statistics.median
for label, rs in runs.items():
    print(f"{label:8} wall {median(r[0] for r in rs):.3f} s  cpu {median(map(cpu, rs)):.3f} s  "
          f"peak {median(r[3] for r in rs) / 1024:.0f} MiB  ({len(rs)} rounds)")
ratio = lambda a, b, f: median(f(x) / f(y) for x, y in zip(runs[a], runs[b]))
print(f"with / without, round by round: cpu {ratio('with', 'without', cpu):.3f}, "
      f"wall {ratio('with', 'without', lambda r: r[0]):.3f}")
print(f"the binary against itself (noise): cpu {ratio('same', 'with', cpu):.3f}, "
      f"wall {ratio('same', 'with', lambda r: r[0]):.3f}")
PY
