#!/usr/bin/env python3
"""Times whole-process builds of leidraad and Hugo on generated corpora, with a plain copy of
the content as the floor. Run it through `benches/run.sh`, which builds leidraad and installs
Hugo first; see docs/performance.md.

Every run starts from an empty output folder (removed outside the timing). Runs of the three
commands are interleaved, so that a machine that slows down during the run slows all three
alike. Wall time is measured around the process; peak memory (maximum resident set size) comes
from `/usr/bin/time`.
"""

import argparse
import datetime
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))


def run_once(cmd, out, cwd=None):
    """Runs `cmd` once with `out` removed first. Returns (wall seconds, peak KiB, CPU seconds)."""
    if os.path.exists(out):
        shutil.rmtree(out)
    with tempfile.NamedTemporaryFile("r", suffix=".time") as t:
        start = time.perf_counter()
        res = subprocess.run(
            ["/usr/bin/time", "-f", "%M %U %S", "-o", t.name, *cmd],
            cwd=cwd,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        wall = time.perf_counter() - start
        if res.returncode != 0:
            sys.exit(f"failed ({res.returncode}): {' '.join(cmd)}\n{res.stderr[-3000:]}")
        peak, user, system = t.read().strip().splitlines()[-1].split()
    return wall, int(peak), float(user) + float(system)


def count_files(folder):
    n, size = 0, 0
    for root, _, files in os.walk(folder):
        for f in files:
            n += 1
            size += os.path.getsize(os.path.join(root, f))
    return n, size


def summary(samples):
    walls = [w for w, _, _ in samples]
    return {
        "median": statistics.median(walls),
        "min": min(walls),
        "max": max(walls),
        "peak": statistics.median(p for _, p, _ in samples),
        "cpu": statistics.median(c for _, _, c in samples),
    }


def fmt_t(s):
    return f"{s['median']:.3f} s ({s['min']:.3f}–{s['max']:.3f})"


def mib(kib):
    return f"{kib / 1024:.0f} MiB"


def main():
    ap = argparse.ArgumentParser(description="leidraad vs Hugo, whole-process builds")
    ap.add_argument("--sizes", default="100,1000,10000",
                    help="sections per language, comma-separated (default: 100,1000,10000)")
    ap.add_argument("--runs", default="5,5,3",
                    help="runs per size, comma-separated, the last repeated (default: 5,5,3)")
    ap.add_argument("--dir", default="/dev/shm/leidraad-bench",
                    help="where corpora and outputs go; use tmpfs (default: /dev/shm/leidraad-bench)")
    ap.add_argument("--leidraad", required=True, help="the leidraad binary")
    ap.add_argument("--hugo", help="the Hugo binary (needed unless --only leaves Hugo out)")
    ap.add_argument("--baseline", metavar="BINARY",
                    help="another leidraad binary (say, of the previous commit): also time its "
                         "`build --no-search`, interleaved, and print leidraad ÷ baseline round by round")
    ap.add_argument("--pagefind", metavar="BINARY",
                    help="the Pagefind CLI (`npm i pagefind@1.6.0`: node_modules/@pagefind/linux-x64/"
                         "bin/pagefind_extended): also time it over Hugo's output, the pipeline a Hugo "
                         "user runs for search, and print leidraad with search ÷ (Hugo + Pagefind)")
    ap.add_argument("--only", choices=["leidraad", "hugo", "copy", "search", "baseline", "pagefind"],
                    action="append",
                    help="time only these commands (repeatable); ratios need leidraad, hugo and copy")
    ap.add_argument("--no-search-row", action="store_true",
                    help="do not also time leidraad with its search index (the slowest command)")
    args = ap.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    runs = [int(r) for r in args.runs.split(",")]
    runs += [runs[-1]] * (len(sizes) - len(runs))
    only = set(args.only or ["leidraad", "hugo", "copy", "search", "baseline", "pagefind"])
    if not args.pagefind:
        only.discard("pagefind")
    if args.no_search_row:
        only.discard("search")
    if not args.baseline:
        only.discard("baseline")
    if "hugo" in only and not args.hugo:
        ap.error("--hugo is needed unless --only leaves Hugo out")

    hugo_version = (subprocess.run([args.hugo, "version"], capture_output=True, text=True).stdout.split()[1]
                    if "hugo" in only else "not run")
    leidraad_version = subprocess.run([args.leidraad, "--version"], capture_output=True, text=True).stdout.strip()
    mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    header = (
        f"{datetime.date.today()}, {platform.machine()}, {os.cpu_count()} cores, {mem:.0f} GiB, "
        f"{leidraad_version}, Hugo {hugo_version}, corpora in {args.dir}, "
        f"load average {os.getloadavg()[0]:.1f}"
    )
    print(header, flush=True)

    results = {}
    for n, n_runs in zip(sizes, runs):
        base = os.path.join(args.dir, str(n))
        subprocess.run([sys.executable, os.path.join(HERE, "corpus.py"), "--sections", str(n),
                        "--out", base], check=True, stdout=subprocess.DEVNULL)
        site_l = os.path.join(base, "leidraad")
        site_h = os.path.join(base, "hugo")
        commands = {
            "copy": (["cp", "-r", os.path.join(site_l, "content"), os.path.join(base, "out-copy")],
                     os.path.join(base, "out-copy")),
            "leidraad": ([args.leidraad, "build", "--no-search", "--color", "never", "--root", site_l,
                          "--output", os.path.join(base, "out-leidraad")],
                         os.path.join(base, "out-leidraad")),
            # The default build, with the search index: its own row, outside the comparison.
            "search": ([args.leidraad, "build", "--color", "never", "--root", site_l,
                        "--output", os.path.join(base, "out-search")],
                       os.path.join(base, "out-search")),
            "baseline": ([args.baseline or "", "build", "--no-search", "--color", "never", "--root", site_l,
                          "--output", os.path.join(base, "out-baseline")],
                         os.path.join(base, "out-baseline")),
            "hugo": ([args.hugo or "", "--quiet", "--noBuildLock", "--source", site_h,
                      "--destination", os.path.join(base, "out-hugo"),
                      "--cacheDir", os.path.join(base, "hugo-cache")],
                     os.path.join(base, "out-hugo")),
        }
        # Over the output of Hugo's run in the same round (or of its warm-up), never its own.
        commands["pagefind"] = ([args.pagefind or "", "--site", os.path.join(base, "out-hugo"),
                                 "--output-path", os.path.join(base, "out-pagefind")],
                                os.path.join(base, "out-pagefind"))
        commands = {k: v for k, v in commands.items() if k in only}
        samples = {k: [] for k in commands}
        # One warm-up run of each, not counted.
        for cmd, out in commands.values():
            run_once(cmd, out)
        for round_ in range(n_runs):
            # Every other round in reverse order, so that no command always runs after another.
            order = list(commands.items())
            if round_ % 2:
                order.reverse()
            # Pagefind reads what Hugo wrote: right after Hugo, in either order.
            if "pagefind" in commands and "hugo" in commands:
                order = [o for o in order if o[0] != "pagefind"]
                at = [name for name, _ in order].index("hugo") + 1
                order.insert(at, ("pagefind", commands["pagefind"]))
            for name, (cmd, out) in order:
                samples[name].append(run_once(cmd, out))
        row = {name: summary(s) for name, s in samples.items()}
        for name, (_, out) in commands.items():
            row[name]["files"], row[name]["bytes"] = count_files(out)
        results[n] = row
        line = f"3 × {n:,} sections ({n_runs} runs):"
        for name in commands:
            line += (f"  {name} {fmt_t(row[name])}, CPU {row[name]['cpu']:.2f} s, "
                     f"{mib(row[name]['peak'])}, {row[name]['files']} files;")
        if "leidraad" in samples and "copy" in samples:
            # Each round runs the copy and the build within seconds of each other, so their
            # ratio round by round moves less with the machine's load than the medians do.
            paired = sorted(l[0] / c[0] for l, c in zip(samples["leidraad"], samples["copy"]))
            line += (f"  leidraad ÷ copy round by round: {statistics.median(paired):.1f}× "
                     f"({paired[0]:.1f}–{paired[-1]:.1f});")
        if {"search", "hugo", "pagefind"} <= set(samples):
            peers = [h[0] + p[0] for h, p in zip(samples["hugo"], samples["pagefind"])]
            paired = sorted(pe / s_[0] for pe, s_ in zip(peers, samples["search"]))
            peak = max(row["hugo"]["peak"], row["pagefind"]["peak"])
            line += (f"  (Hugo + Pagefind) ÷ leidraad with search round by round: "
                     f"{statistics.median(paired):.2f}× ({paired[0]:.2f}–{paired[-1]:.2f}), "
                     f"peak memory {row['search']['peak'] / peak:.2f} of the larger peer's;")
        if "leidraad" in samples and "baseline" in samples:
            paired = sorted(l[0] / b[0] for l, b in zip(samples["leidraad"], samples["baseline"]))
            cpu = sorted(l[2] / b[2] for l, b in zip(samples["leidraad"], samples["baseline"]) if b[2] > 0)
            line += (f"  leidraad ÷ baseline round by round: {statistics.median(paired):.3f} "
                     f"({paired[0]:.3f}–{paired[-1]:.3f})"
                     + (f", CPU {statistics.median(cpu):.3f}" if cpu else "") + ";")
        print(line, flush=True)

    # Other work on the machine shows in the times; the load average says how much there was.
    print(f"load average at the end: {os.getloadavg()[0]:.1f}")
    if not {"leidraad", "hugo", "copy"} <= only:
        return
    print()
    print("| sections | leidraad | Hugo | Hugo ÷ leidraad | leidraad peak | Hugo peak | "
          "memory ratio | plain copy | leidraad ÷ copy |")
    print("|---|---|---|---|---|---|---|---|---|")
    for n, row in results.items():
        l, h, c = row["leidraad"], row["hugo"], row["copy"]
        print(f"| 3 × {n:,} | {fmt_t(l)} | {fmt_t(h)} | {h['median'] / l['median']:.1f}× | "
              f"{mib(l['peak'])} | {mib(h['peak'])} | {l['peak'] / h['peak']:.2f} | "
              f"{fmt_t(c)} | {l['median'] / c['median']:.1f}× |")
    print()
    print("| sections | leidraad files | leidraad output | Hugo files | Hugo output | content files | content |")
    print("|---|---|---|---|---|---|---|")
    for n, row in results.items():
        l, h, c = row["leidraad"], row["hugo"], row["copy"]
        print(f"| 3 × {n:,} | {l['files']:,} | {l['bytes'] / 2**20:.0f} MiB | {h['files']:,} | "
              f"{h['bytes'] / 2**20:.0f} MiB | {c['files']:,} | {c['bytes'] / 2**20:.0f} MiB |")
    if "search" in only:
        print()
        print("| sections | leidraad with search index | peak | of which the index | search files |")
        print("|---|---|---|---|---|")
        for n, row in results.items():
            l, s_ = row["leidraad"], row["search"]
            print(f"| 3 × {n:,} | {fmt_t(s_)} | {mib(s_['peak'])} | "
                  f"{s_['median'] - l['median']:.2f} s | {s_['files'] - l['files']:,} |")
    sizes_done = sorted(results)
    print()
    for a, b in zip(sizes_done, sizes_done[1:]):
        for name in ("leidraad", "hugo", "copy"):
            print(f"scaling {name} 3 × {a:,} → 3 × {b:,}: "
                  f"{results[b][name]['median'] / results[a][name]['median']:.1f}× "
                  f"for {b // a}× the sections")


if __name__ == "__main__":
    main()
