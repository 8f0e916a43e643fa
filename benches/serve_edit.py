#!/usr/bin/env python3
"""Measures how long `leidraad serve` takes from a one-file edit to the new content on HTTP.

    benches/serve_edit.py SITE [--leidraad target/release/leidraad] [--edits 9]
                               [--kinds body,title,weight,new,deleted,image]
                               [--no-search]

Starts `leidraad serve --port 0` on SITE (for example a corpus made by benches/corpus.py),
with its default flags or with `--no-search`, and prints how long the first build took until
the first page was served, and the resident memory then. Then, for each kind of edit, makes
it several times and polls until its result is served:

- body: appends a unique line to the body of one section (serve's quick path); polls the
  section's URL;
- title: gives the section a new title; polls the guide's page, which lists it;
- weight: moves the section from first to last in its guide (`weight:`); polls the guide's
  page until the section is listed after the one that was second;
- new: writes a new section into the guide; polls its URL;
- deleted: deletes that section again; polls until its URL is 404;
- image: rewrites an image that the section shows (`bench-image.png`, put in its guide's
  folder for the run); polls the image's URL until it serves the new bytes. Not for Hugo.

Prints each time, the median per kind, and the resident memory at the end. Every file is put
back as it was.

With `--memory N`, it measures memory instead: the resident memory once the first build and
its search index are done, then after N title edits (each served before the next is made)
once the preview is idle again (nothing printed for 10 s), and the ratio.
"""

import argparse
import http.client
import os
import re
import statistics
import struct
import subprocess
import sys
import time
import urllib.error
import urllib.request
import zlib


def rss_mib(pid):
    with open(f"/proc/{pid}/status", encoding="utf-8") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def fetch(url):
    """The page's text, or None for a 404 ("" for a page cut short: Hugo's server sends one
    while it renders the page again)."""
    try:
        return urllib.request.urlopen(url).read().decode()
    except urllib.error.HTTPError as e:
        if e.code == 404:
            return None
        raise
    except http.client.IncompleteRead:
        return ""


def fetch_bytes(url):
    """The file's bytes, or None when it cannot be had."""
    try:
        return urllib.request.urlopen(url).read()
    except (urllib.error.HTTPError, http.client.IncompleteRead):
        return None


def png(text):
    """A one-pixel PNG with `text` after its end, which image readers ignore."""
    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))
    header = struct.pack(">IIBBBBB", 1, 1, 8, 6, 0, 0, 0)
    pixel = zlib.compress(b"\x00\x00\x00\x00\x00")
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixel)
            + chunk(b"IEND", b"") + text)


def wait_until(check):
    t0 = time.time()
    while not check():
        time.sleep(0.001)
        if time.time() - t0 > 600:
            sys.exit("timed out")


def idle(log, search, quiet=10):
    """Waits until the preview has printed nothing for `quiet` seconds and, with `search`, its
    last word is a finished search index (an index of 30,000 pages can take longer than
    `quiet` and prints nothing until it is done)."""
    size, since = -1, time.time()
    while True:
        time.sleep(0.5)
        now = os.path.getsize(log.name)
        if now != size:
            size, since = now, time.time()
        elif time.time() - since >= quiet:
            with open(log.name, encoding="utf-8") as f:
                lines = [line for line in f.read().splitlines() if line.strip()]
            if not search or (lines and lines[-1].startswith("search index of build")):
                return


def memory(args, server, log, path, original, guide_url):
    idle(log, not args.no_search)
    first = rss_mib(server.pid)
    print(f"after the first build{'' if args.no_search else ' and its search index'}: {first:.0f} MiB")
    for n in range(args.memory):
        marker = f"mem{n}x{time.time_ns()}"
        with open(path, "w", encoding="utf-8") as f:
            f.write(re.sub(r"^title: .*$", f'title: "{marker}"', original, count=1, flags=re.M))
        wait_until(lambda: marker in (fetch(guide_url) or ""))
    idle(log, not args.no_search)
    last = rss_mib(server.pid)
    print(f"after {args.memory} title edits, idle: {last:.0f} MiB, {last / first:.2f}x")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("site")
    parser.add_argument("--leidraad", default=os.path.join(os.path.dirname(__file__), "..", "target", "release", "leidraad"))
    parser.add_argument("--edits", type=int, default=9)
    parser.add_argument("--kinds", default="body,title,weight,new,deleted,image")
    parser.add_argument("--no-search", action="store_true", help="serve with --no-search")
    parser.add_argument("--memory", type=int, default=0, help="measure memory over this many edits")
    parser.add_argument("--hugo", help="run this Hugo binary's `hugo server` on SITE's Hugo twin "
                        "(the `hugo` folder beside it, as benches/corpus.py makes it) instead")
    args = parser.parse_args()
    if args.hugo:
        args.site = os.path.join(os.path.dirname(os.path.abspath(args.site)), "hugo")
    content = os.path.join(args.site, "content", "nl")
    guide = sorted(d for d in os.listdir(content) if not d.endswith(".md"))[0]
    section = sorted(f for f in os.listdir(os.path.join(content, guide)) if not f.startswith("_"))[0]
    path = os.path.join(content, guide, section)
    # Hugo keeps the file name as it is; leidraad drops the order prefix.
    url_of = (lambda f: f[:-3]) if args.hugo else (lambda f: re.sub(r"^\d+-", "", f[:-3]))
    slug = url_of(section)
    second = sorted(f for f in os.listdir(os.path.join(content, guide)) if not f.startswith("_"))[1]
    second_slug = url_of(second)
    new_slug = url_of("99-bench-new.md")
    new_path = os.path.join(content, guide, "99-bench-new.md")
    kinds = args.kinds.split(",")
    if args.hugo and "image" in kinds:
        print("image: not measured with Hugo")
        kinds.remove("image")
    image_path = os.path.join(content, guide, "bench-image.png")
    real_original = open(path, encoding="utf-8").read()
    if "image" in kinds:
        # The section shows the image during the whole run.
        with open(image_path, "wb") as f:
            f.write(png(b"start"))
        with open(path, "w", encoding="utf-8") as f:
            f.write(real_original.rstrip("\n") + "\n\n![A schema](bench-image.png)\n")
    command = [args.leidraad, "serve", "--port", "0"] + (["--no-search"] if args.no_search else [])
    if args.hugo:
        command = [args.hugo, "server", "--port", "1414", "--bind", "127.0.0.1"]
    started = time.time()
    log = open(os.path.join(args.site, ".serve-edit.log"), "w+", encoding="utf-8")
    server = subprocess.Popen(command, cwd=args.site, stdout=subprocess.PIPE,
                              stderr=log, text=True)
    original = open(path, encoding="utf-8").read()
    try:
        if args.hugo:
            line = server.stdout.readline()
            while "Web Server is available at" not in line:
                line = server.stdout.readline()
            base = re.search(r"(http://\S+?)/? ", line).group(1).rstrip("/") + "/"
        else:
            base = server.stdout.readline().split()[1]
        url = f"{base}nl/{guide}/{slug}/"
        fetch(url)
        print(f"{' '.join(command[1:])}: first page served {time.time() - started:.1f} s "
              f"after start, {rss_mib(server.pid):.0f} MiB resident")
        if args.memory:
            return memory(args, server, log, path, original, f"{base}nl/{guide}/")
        for kind in kinds:
            times = []
            for n in range(args.edits):
                marker = f"edit{n}x{time.time_ns()}"
                t0 = time.time()
                if kind == "body":
                    with open(path, "w", encoding="utf-8") as f:
                        f.write(original.rstrip("\n") + f"\n\n{marker}\n")
                    wait_until(lambda: marker in (fetch(url) or ""))
                elif kind == "title":
                    with open(path, "w", encoding="utf-8") as f:
                        f.write(re.sub(r"^title: .*$", f'title: "{marker}"', original, count=1, flags=re.M))
                    wait_until(lambda: marker in (fetch(f"{base}nl/{guide}/") or ""))
                elif kind == "weight":
                    last = n % 2 == 0
                    weight = 1000 if last else 1
                    with open(path, "w", encoding="utf-8") as f:
                        f.write(re.sub(r"^weight: .*$", f"weight: {weight}", original, count=1, flags=re.M))

                    def moved():
                        page = fetch(f"{base}nl/{guide}/") or ""
                        start = max(page.find('class="section-link"'), 0)
                        a = page.find(f'{slug}/"', start)
                        b = page.find(f'{second_slug}/"', start)
                        return a >= 0 and b >= 0 and (a > b) == last
                    wait_until(moved)
                elif kind == "new":
                    with open(new_path, "w", encoding="utf-8") as f:
                        f.write(f"---\ntitle: New {n}\n---\n{marker}\n")
                    wait_until(lambda: marker in (fetch(f"{base}nl/{guide}/{new_slug}/") or ""))
                elif kind == "image":
                    data = png(marker.encode())
                    with open(image_path, "wb") as f:
                        f.write(data)
                    wait_until(lambda: fetch_bytes(f"{base}nl/{guide}/bench-image.png") == data)
                elif kind == "deleted":
                    with open(new_path, "w", encoding="utf-8") as f:
                        f.write(f"---\ntitle: New {n}\n---\n{marker}\n")
                    wait_until(lambda: marker in (fetch(f"{base}nl/{guide}/{new_slug}/") or ""))
                    t0 = time.time()
                    os.remove(new_path)
                    wait_until(lambda: fetch(f"{base}nl/{guide}/{new_slug}/") is None)
                else:
                    sys.exit(f"unknown kind of edit: {kind}")
                times.append((time.time() - t0) * 1000)
                time.sleep(0.3)
            with open(path, "w", encoding="utf-8") as f:
                f.write(original)
            if os.path.exists(new_path):
                os.remove(new_path)
            print(f"{kind}: " + " ".join(f"{t:.0f}" for t in times)
                  + f" ms; median {statistics.median(times):.0f} ms")
            time.sleep(1)
        print(f"resident memory at the end: {rss_mib(server.pid):.0f} MiB")
    finally:
        with open(path, "w", encoding="utf-8") as f:
            f.write(real_original)
        for extra in (new_path, image_path):
            if os.path.exists(extra):
                os.remove(extra)
        server.terminate()
        server.wait()
        log.close()
        os.remove(log.name)


if __name__ == "__main__":
    sys.exit(main())
