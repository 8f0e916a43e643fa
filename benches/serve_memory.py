#!/usr/bin/env python3
"""Measures the resident memory of `leidraad serve` over many edits that rebuild everything.

    benches/serve_memory.py LEIDRAAD SITE EDITS

Starts `LEIDRAAD serve --port 0 --no-search` in SITE (for example a corpus made by
benches/corpus.py), then changes the title of the first guide EDITS times (each a full rebuild)
and prints the resident memory after the first build, after the last edit, the largest seen,
and the ratio of the last to the first. The file is restored at the end.
"""

import os
import re
import subprocess
import sys
import time

binary, site, edits = sys.argv[1], sys.argv[2], int(sys.argv[3])
guide = sorted(d for d in os.listdir(os.path.join(site, "content", "nl")) if not d.endswith(".md"))[0]
path = os.path.join(site, "content", "nl", guide, "_index.md")
original = open(path, encoding="utf-8").read()
server = subprocess.Popen([binary, "serve", "--port", "0", "--no-search"], cwd=site, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
def rss():
    for l in open(f"/proc/{server.pid}/status"):
        if l.startswith("VmRSS"): return int(l.split()[1]) // 1024
try:
    server.stdout.readline()  # `serving …`: the first build is done
    time.sleep(1)
    first = rss()
    values = []
    for i in range(edits):
        text = re.sub(r"^title: (.*)$", lambda m: f"title: {m.group(1)} e{i}", original, count=1, flags=re.M)
        open(path, "w", encoding="utf-8").write(text)
        # Each build ends with a line on stderr.
        while True:
            line = server.stderr.readline()
            if "pages in" in line or "failed" in line: break
        values.append(rss())
    print("first", first, "after", values[-1], "max", max(values), "ratio", round(values[-1]/first, 2))
finally:
    open(path, "w", encoding="utf-8").write(original)
    server.terminate(); server.wait()
