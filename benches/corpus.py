#!/usr/bin/env python3
"""Writes a deterministic benchmark corpus of multilingual guides, for leidraad and for Hugo.

    benches/corpus.py --sections 1000 --out /dev/shm/leidraad-bench/1000

writes, for three languages (nl, en, de) and `--sections` sections per language:

    OUT/leidraad/site.yaml, OUT/leidraad/content/<lang>/...   a leidraad site
    OUT/hugo/hugo.yaml, OUT/hugo/layouts/..., OUT/hugo/content/<lang>/...   the same for Hugo

Guides are folders of 10 sections. Every section has 400-900 words: paragraphs, `##` and `###`
headings with explicit ids, a bullet list, a task-list checklist of 3-8 items with explicit
`{#id}`s (unique within the guide), and cross-links to other sections of its guide (some with
an anchor) and to the next guide. Every link points at an existing file and anchor, so
`leidraad check` finds no errors. The Markdown bodies are the same for both generators; only
the configuration and the templates differ.

The same arguments always give the same bytes: the text comes from a seeded generator.
"""

import argparse
import hashlib
import os
import random
import shutil
import sys

LANGUAGES = [("nl", "Nederlands"), ("en", "English"), ("de", "Deutsch")]
SECTIONS_PER_GUIDE = 10

# Syllables per language, so that each language's text looks a little different.
SYLLABLES = {
    "nl": "aan af be ben da de den dat di door een en er ge gen heid hel ij in is ke ken "
    "la le lijk lo ma me mee na ne nen of om on oo pe re ren sa schap se sta te ten "
    "to tu va ve ver vo wa we wer zi zo".split(),
    "en": "a al an ar ba be ca ce co con da de di ea en er ex fi for ga ge ha he in "
    "ing is la le li lo ma me mi mo na ne ni no or pa pe pro ra re ri ro sa se si so "
    "ta te ti to tu un ve wa we".split(),
    "de": "ab an au be bei da de den der die ei en er fa ge gen hal hei ich in ke keit "
    "la le lich ma me mit na ne nen o pa re rung sa sch se sie ta te ten tung u ver "
    "vo wa we zu".split(),
}


def make_words(lang, rng, n):
    """A vocabulary of `n` pseudo-words for one language."""
    syl = SYLLABLES[lang]
    words = set()
    while len(words) < n:
        words.add("".join(rng.choice(syl) for _ in range(rng.randint(1, 4))))
    return sorted(words)


class Text:
    """Random but reproducible text in one language."""

    def __init__(self, lang, seed):
        self.rng = random.Random(seed)
        self.words = make_words(lang, random.Random(f"words-{lang}"), 600)

    def words_(self, lo, hi):
        return [self.rng.choice(self.words) for _ in range(self.rng.randint(lo, hi))]

    def phrase(self, lo=2, hi=5):
        return " ".join(self.words_(lo, hi))

    def title(self, lo=2, hi=4):
        return self.phrase(lo, hi).capitalize()

    def sentence(self):
        ws = self.words_(6, 16)
        if self.rng.random() < 0.2:
            i = self.rng.randrange(len(ws))
            ws[i] = f"**{ws[i]}**"
        elif self.rng.random() < 0.2:
            i = self.rng.randrange(len(ws))
            ws[i] = f"*{ws[i]}*"
        return " ".join(ws).capitalize() + "."


def plan(sections):
    """The file names of every guide: the same in every language, so they are translations."""
    names = random.Random("names")
    words = make_words("en", random.Random("slugs"), 400)
    guides = []
    for g in range(1, sections // SECTIONS_PER_GUIDE + 1):
        files, stems = [], set()
        for s in range(1, SECTIONS_PER_GUIDE + 1):
            stem = "-".join(names.choice(words) for _ in range(2))
            while stem in stems:
                stem = "-".join(names.choice(words) for _ in range(2))
            stems.add(stem)
            files.append(f"{s:02d}-{stem}.md")
        guides.append((f"guide-{g:05d}", files))
    return guides


def section_body(text, shape, guides, g, s, images=False):
    """The Markdown of one section: 400-900 words with headings, lists, a checklist and links.

    `shape` decides the structure (headings, checklist items and their ids, lists), which is
    the same in every translation, as it is in real translations; `text` writes the words.
    """
    folder, files = guides[g]
    rng = text.rng
    target_words = shape.randint(400, 900)
    n_headings = shape.randint(3, 5)
    out = []
    count = 0

    def para():
        nonlocal count
        sentences = [text.sentence() for _ in range(rng.randint(3, 6))]
        # A cross-link in most paragraphs: to another section, sometimes with an anchor.
        if rng.random() < 0.6:
            other = rng.randrange(SECTIONS_PER_GUIDE)
            if other == s:
                other = (other + 1) % SECTIONS_PER_GUIDE
            anchor = f"#h-{rng.randint(1, 2)}" if rng.random() < 0.4 else ""
            link = f"[{text.phrase(2, 3)}]({files[other]}{anchor})"
            i = rng.randrange(len(sentences))
            sentences[i] = sentences[i][:-1] + f", {link}."
        p = " ".join(sentences)
        count += len(p.split())
        out.append(p + "\n")

    para()
    # The checklist goes after the first or second heading.
    checklist_at = shape.randint(1, 2)
    for h in range(1, n_headings + 1):
        level = "##" if h <= 2 or shape.random() < 0.6 else "###"
        out.append(f"{level} {text.title()} {{#h-{h}}}\n")
        para()
        if h == checklist_at:
            items = shape.randint(3, 8)
            for i in range(1, items + 1):
                mark = "x" if shape.random() < 0.1 else " "
                line = text.phrase(3, 9).capitalize()
                if shape.random() < 0.2:
                    other = (s + shape.randint(1, SECTIONS_PER_GUIDE - 1)) % SECTIONS_PER_GUIDE
                    line += f" ([{text.phrase(1, 2)}]({files[other]}))"
                out.append(f"- [{mark}] {line} {{#s{s + 1:02d}-{i}}}")
                count += len(line.split())
            out.append("")
        elif shape.random() < 0.6:
            for _ in range(shape.randint(3, 6)):
                out.append(f"- {text.phrase(3, 10).capitalize()}")
            out.append("")
        while count < target_words * h / n_headings:
            para()
    if images:
        out.append(f"![{text.phrase(2, 4)}](schema.png)\n")
    # A link to the next guide, as guidance often refers to neighbouring topics.
    next_folder = guides[(g + 1) % len(guides)][0]
    out.append(f"See also [{text.phrase(2, 3)}](../{next_folder}/_index.md).\n")
    return "\n".join(out)


# A 1 x 1 pixel PNG.
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489"
    "0000000d49444154789c6360f8cfc0f01f0005000201e2a5c9500000000049454e44ae426082"
)


def write_bytes(path, data):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(data)


def yaml_str(s):
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def write(path, data):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(data)


def content(sections, images=False):
    """Every Markdown file: {(lang, rel): (front matter dict, body)}."""
    guides = plan(sections)
    files = {}
    for lang, name in LANGUAGES:
        text = Text(lang, f"text-{lang}-{sections}")
        files[(lang, "_index.md")] = ({"title": f"{name}: guidance"}, text.sentence() + "\n")
        for g, (folder, names) in enumerate(guides):
            files[(lang, f"{folder}/_index.md")] = (
                {"title": text.title(), "description": text.sentence(), "weight": g + 1},
                "\n".join(text.sentence() for _ in range(3)) + "\n",
            )
            for s, fname in enumerate(names):
                shape = random.Random(f"shape-{sections}-{g}-{s}")
                front = {
                    "title": text.title(),
                    "description": text.sentence(),
                    "weight": s + 1,
                    "date": f"2025-{1 + (g + s) % 12:02d}-{1 + (g * 7 + s) % 28:02d}",
                }
                files[(lang, f"{folder}/{fname}")] = (
                    front,
                    section_body(text, shape, guides, g, s, images),
                )
    return files


def normalise(text):
    """As leidraad's translations::hash::normalise."""
    text = text.removeprefix("\ufeff")
    lines = [line.rstrip(" \t\r") for line in text.split("\n")]
    while lines and not lines[-1]:
        lines.pop()
    return "\n".join(lines)


def source_hash(front, body):
    """As leidraad's translations::hash::source_hash: title, description and body."""
    h = hashlib.sha256()
    h.update(normalise(front["title"]).encode())
    h.update(b"\0")
    h.update(normalise(front.get("description", "")).encode())
    h.update(b"\0")
    h.update(normalise(body).encode())
    return h.hexdigest()[:16]


def mark_current(files):
    """Gives every translation the source_hash of its source (the first language)."""
    source = LANGUAGES[0][0]
    for (lang, rel), (front, _) in files.items():
        if lang != source:
            src_front, src_body = files[(source, rel)]
            # The body starts after the closing `---` line, with the blank line written below.
            front["source_hash"] = source_hash(src_front, "\n" + src_body)


def front_matter(front, date_key):
    lines = ["---"]
    for k, v in front.items():
        key = date_key if k == "date" else k
        lines.append(f"{key}: {yaml_str(v) if isinstance(v, str) and k != 'date' else v}")
    lines.append("---\n")
    return "\n".join(lines)


LEIDRAAD_SITE = """title: Benchmark guidance
base_url: https://example.org/guidance/
default_language: nl
languages:
  nl: { name: Nederlands }
  en: { name: English }
  de: { name: Deutsch }
"""

HUGO_CONFIG = """baseURL: https://example.org/guidance/
title: Benchmark guidance
defaultContentLanguage: nl
defaultContentLanguageInSubdir: true
disableKinds: [taxonomy, term]
enableRobotsTXT: true
outputs:
  home: [html, rss]
  section: [html]
  page: [html]
languages:
  nl: { contentDir: content/nl, weight: 1, label: Nederlands }
  en: { contentDir: content/en, weight: 2, label: English }
  de: { contentDir: content/de, weight: 3, label: Deutsch }
"""

# Minimal templates of the same shape as leidraad's: a page with its guide's section list,
# language links and the body. Cross-links to .md files are resolved by a render hook, as
# leidraad resolves them, and a link that points nowhere is an error, as in leidraad.
HUGO_LAYOUTS = {
    "baseof.html": """<!doctype html>
<html lang="{{ .Language.Lang }}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ .Title }} – {{ site.Title }}</title>
{{- with .Description }}
<meta name="description" content="{{ . }}">
{{- end }}
{{- range .AllTranslations }}
<link rel="alternate" hreflang="{{ .Language.Lang }}" href="{{ .Permalink }}">
{{- end }}
<link rel="stylesheet" href="{{ "style.css" | relURL }}">
</head>
<body>
<header>
<a href="{{ site.Home.RelPermalink }}">{{ site.Title }}</a>
<nav><ul>
{{- range .AllTranslations }}
<li><a href="{{ .RelPermalink }}" hreflang="{{ .Language.Lang }}">{{ .Language.Label }}</a></li>
{{- end }}
</ul></nav>
</header>
<main>
{{ block "main" . }}{{ end }}
</main>
</body>
</html>
""",
    "home.html": """{{ define "main" }}
<h1>{{ .Title }}</h1>
{{ .Content }}
<ul>
{{- range .Sections }}
<li><a href="{{ .RelPermalink }}">{{ .Title }}</a><p>{{ .Description }}</p></li>
{{- end }}
</ul>
{{ end }}
""",
    "section.html": """{{ define "main" }}
<h1>{{ .Title }}</h1>
<p>{{ .Description }}</p>
{{ .Content }}
<ol>
{{- range .Pages }}
<li><a href="{{ .RelPermalink }}">{{ .Title }}</a><p>{{ .Description }}</p></li>
{{- end }}
</ol>
{{ end }}
""",
    "page.html": """{{ define "main" }}
<article>
<h1>{{ .Title }}</h1>
<p>{{ .Description }}</p>
{{ .Content }}
{{- with .PrevInSection }}<a rel="prev" href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}
{{- with .NextInSection }}<a rel="next" href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}
</article>
<nav>
<p><a href="{{ .CurrentSection.RelPermalink }}">{{ .CurrentSection.Title }}</a></p>
<ol>
{{- $current := . }}
{{- range .CurrentSection.Pages }}
<li><a href="{{ .RelPermalink }}"{{ if eq . $current }} aria-current="page"{{ end }}>{{ .Title }}</a></li>
{{- end }}
</ol>
</nav>
{{ end }}
""",
    "_markup/render-link.html": """{{- $u := urls.Parse .Destination -}}
{{- $href := .Destination -}}
{{- if and (not $u.IsAbs) (strings.HasSuffix $u.Path ".md") -}}
  {{- with .PageInner.GetPage (strings.TrimSuffix "/_index.md" $u.Path) -}}
    {{- $href = .RelPermalink -}}
    {{- with $u.Fragment }}{{ $href = printf "%s#%s" $href . }}{{ end -}}
  {{- else -}}
    {{- errorf "broken link %q in %s" $.Destination $.PageInner.File.Path -}}
  {{- end -}}
{{- end -}}
<a href="{{ $href }}"{{ with .Title }} title="{{ . }}"{{ end }}>{{ .Text }}</a>
{{- /**/ -}}
""",
}


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sections", type=int, required=True,
                    help="sections per language (a multiple of 10)")
    ap.add_argument("--out", required=True, help="folder to write into (replaced)")
    ap.add_argument("--source-hash", action="store_true",
                    help="record in every translation the source_hash of its source, as "
                         "`leidraad translations --mark-current` does: exercises the "
                         "translation status")
    ap.add_argument("--images", action="store_true",
                    help="also put an image in every guide of the source language (nl), "
                         "shown by every section: exercises co-located files and image links")
    args = ap.parse_args()
    if args.sections < SECTIONS_PER_GUIDE or args.sections % SECTIONS_PER_GUIDE:
        sys.exit("--sections must be a positive multiple of 10")
    if os.path.exists(args.out):
        shutil.rmtree(args.out)
    files = content(args.sections, args.images)
    if args.source_hash:
        mark_current(files)
    leidraad = os.path.join(args.out, "leidraad")
    hugo = os.path.join(args.out, "hugo")
    write(os.path.join(leidraad, "site.yaml"), LEIDRAAD_SITE)
    write(os.path.join(hugo, "hugo.yaml"), HUGO_CONFIG)
    for name, text in HUGO_LAYOUTS.items():
        write(os.path.join(hugo, "layouts", name), text)
    for (lang, rel), (front, body) in files.items():
        write(os.path.join(leidraad, "content", lang, rel),
              front_matter(front, "updated") + "\n" + body)
        write(os.path.join(hugo, "content", lang, rel),
              front_matter(front, "date") + "\n" + body)
    if args.images:
        # Translations show the source language's image (leidraad's rule for co-located
        # files); Hugo gets the image in every language.
        for folder, _ in plan(args.sections):
            write_bytes(os.path.join(leidraad, "content", "nl", folder, "schema.png"), PNG)
            for lang, _ in LANGUAGES:
                write_bytes(os.path.join(hugo, "content", lang, folder, "schema.png"), PNG)
    print(f"{len(files)} Markdown files per generator in {args.out}")


if __name__ == "__main__":
    main()
