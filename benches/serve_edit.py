#!/usr/bin/env python3
"""Measures how long `leidraad serve` takes from a one-file edit to the new page on HTTP.

    benches/serve_edit.py SITE [--leidraad target/release/leidraad] [--edits 9]

Starts `leidraad serve --port 0 --no-search` on SITE (for example a corpus made by
benches/corpus.py), waits for the first build, then appends a unique line to the body of one
section several times and polls the section's URL until the line is served. Prints each time
and the median. The edit changes only the body, so serve takes its quick path.
"""

import argparse
import os
import re
import statistics
import subprocess
import sys
import time
import urllib.request


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("site")
    parser.add_argument("--leidraad", default=os.path.join(os.path.dirname(__file__), "..", "target", "release", "leidraad"))
    parser.add_argument("--edits", type=int, default=9)
    args = parser.parse_args()
    guide = sorted(d for d in os.listdir(os.path.join(args.site, "content", "nl")) if not d.endswith(".md"))[0]
    section = sorted(f for f in os.listdir(os.path.join(args.site, "content", "nl", guide)) if not f.startswith("_"))[0]
    path = os.path.join(args.site, "content", "nl", guide, section)
    slug = re.sub(r"^\d+-", "", section[:-3])
    server = subprocess.Popen(
        [args.leidraad, "serve", "--port", "0", "--no-search"],
        cwd=args.site, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
    )
    original = open(path, encoding="utf-8").read()
    try:
        started = time.time()
        line = server.stdout.readline()
        base = line.split()[1]
        print(f"first build: {time.time() - started:.1f} s")
        url = f"{base}nl/{guide}/{slug}/"
        times = []
        for n in range(args.edits):
            marker = f"edit-{n}-{time.time_ns()}"
            t0 = time.time()
            with open(path, "w", encoding="utf-8") as f:
                f.write(original.rstrip("\n") + f"\n\n{marker}\n")
            while marker not in urllib.request.urlopen(url).read().decode():
                time.sleep(0.001)
            times.append((time.time() - t0) * 1000)
            time.sleep(0.3)
        print("edit to served (ms):", " ".join(f"{t:.0f}" for t in times))
        print(f"median {statistics.median(times):.0f} ms, min {min(times):.0f}, max {max(times):.0f}")
    finally:
        with open(path, "w", encoding="utf-8") as f:
            f.write(original)
        server.terminate()
        server.wait()


if __name__ == "__main__":
    sys.exit(main())
