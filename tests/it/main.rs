//! Integration tests: run the real `leidraad` binary on small fixture sites.

// Building sites: output, determinism, links, fallbacks, output safety.
mod build;
// The smaller commands: init, completions, version.
mod cli;
// Error messages for every mistake an author can make, against golden files.
mod diagnostics;
// Each page's `<main>` against golden files.
mod golden;
// Issue 21: `leidraad import` of Jekyll, Hugo and Zola sites: reports, checks, refusals.
mod import;
// Issue 23: every kind of edit rendered incrementally is what a full build renders.
mod incremental;
// Issue 15: a crawler of the output finds no broken link, fragment or image, on messy sites too.
mod links;
// Languages in the output: lang and dir, alternates, sitemap, feeds, interface strings.
mod i18n;
// Issue 9: hostile content, file systems, output folders and requests; the fuzzers' crashes.
mod security;
// Issue 22: reading offline, and the whole guide on one page to print.
mod offline;
// Issue 16: files leidraad did not write are kept; interrupted builds lose nothing.
mod output;
// `leidraad serve` over real HTTP: pages, rebuilds, the error overlay, hostile requests, shutdown.
mod serve;
mod support;
// Translation status, `--mark-current`, `translate --to`, stale notices and warnings.
mod translations;
// The output verified before it is published: broken links, fragments and duplicate ids.
mod verify;
// The house rules of the source tree: one-way imports, small files and functions.
mod tidy;
