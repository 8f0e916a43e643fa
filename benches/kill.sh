#!/bin/sh
# The long version of the kill tests of tests/it/output.rs: builds a benchmark corpus over and
# over and interrupts each build at a random moment with SIGINT, SIGTERM or SIGKILL, then checks
# that nothing was lost and nothing was left behind.
#
#   benches/kill.sh                 200 rounds on 3 x 1,000 sections
#   benches/kill.sh 50 100          50 rounds on 3 x 100 sections
#
# After every round: the output is the previous build's or a whole new one (the same files
# either way, since every build of the corpus is identical), the publisher's CNAME is still
# there, and after SIGINT or SIGTERM no staging or previous-output folder is left; after a
# SIGKILL, the next whole build clears what it left. Runs on tmpfs under $BENCH_DIR.
set -eu

rounds=${1:-200}
sections=${2:-1000}
here=$(cd "$(dirname "$0")" && pwd)
repo=$(dirname "$here")
dir=${BENCH_DIR:-/dev/shm/leidraad-bench}/kill-$sections

cargo build --release --quiet --manifest-path "$repo/Cargo.toml"
leidraad="$repo/target/release/leidraad"
python3 "$here/corpus.py" --sections "$sections" --out "$dir" >/dev/null
site="$dir/leidraad"
rm -rf "$site/public" "$site"/.public.*

"$leidraad" build --root "$site" --no-search >/dev/null 2>&1
echo "guidance.example" >"$site/public/CNAME"
reference=$(cd "$site/public" && find . -type f | sort | md5sum)
# How long a whole build takes, in milliseconds: the kills land anywhere within it.
start=$(date +%s%N)
"$leidraad" build --root "$site" --no-search >/dev/null 2>&1
full=$(( ($(date +%s%N) - start) / 1000000 ))

failures=0
i=0
while [ "$i" -lt "$rounds" ]; do
    i=$((i + 1))
    case $((i % 3)) in
        0) signal=INT ;;
        1) signal=TERM ;;
        *) signal=KILL ;;
    esac
    delay=$(awk -v seed="$i" -v full="$full" 'BEGIN { srand(seed); printf "%.3f", rand() * full * 1.2 / 1000 }')
    "$leidraad" build --root "$site" --no-search >/dev/null 2>&1 &
    pid=$!
    sleep "$delay"
    kill -s "$signal" "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
    now=$(cd "$site/public" 2>/dev/null && find . -type f | sort | md5sum || echo missing)
    if [ "$now" != "$reference" ]; then
        echo "round $i (SIG$signal after ${delay}s): the output is not whole"
        failures=$((failures + 1))
    fi
    if [ "$signal" = KILL ]; then
        # What a killed build left, the next whole build clears.
        "$leidraad" build --root "$site" --no-search >/dev/null 2>&1
        what="the build after it"
    else
        what="SIG$signal"
    fi
    if ls -d "$site"/.public.* >/dev/null 2>&1; then
        echo "round $i ($what, after ${delay}s): left $(ls -d "$site"/.public.*)"
        failures=$((failures + 1))
        rm -rf "$site"/.public.*
    fi
done
echo "$rounds rounds on 3 x $sections sections (a build takes ${full} ms): $failures problems"
[ "$failures" -eq 0 ]
