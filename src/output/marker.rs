//! The `.leidraad` marker: it marks a folder as leidraad's output and lists every file the
//! build wrote, so that the next build knows what else is there and keeps it.

use std::collections::BTreeSet;
use std::fs;
use std::path::Path;

use super::MARKER;

/// The first line of a marker.
pub(super) const MARKER_HEADER: &str =
    "This folder is written by `leidraad build` and replaced on every build.\n";
/// The line of a finished output's marker after which every file leidraad wrote is listed.
pub(super) const MARKER_LIST: &str = "Files and folders not listed below are not leidraad's; the next build keeps them.\n--- written by leidraad\n";
/// The line of a staging folder's marker while the build writes it: all of it is leidraad's.
pub(super) const MARKER_IN_PROGRESS: &str = "--- being written by leidraad, process ";

/// What a marker says about the folder it is in.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum Marker {
    /// A finished output: these files are leidraad's, and nothing else.
    Written(BTreeSet<String>),
    /// A staging folder being written by this process: all of it is leidraad's.
    InProgress(u32),
    /// The marker of an older leidraad, which listed nothing: all of it is taken as leidraad's.
    Unlisted,
}

impl Marker {
    pub(super) fn read(folder: &Path) -> Option<Marker> {
        let text = fs::read_to_string(folder.join(MARKER)).ok()?;
        let body = text.strip_prefix(MARKER_HEADER)?;
        if let Some(list) = body.strip_prefix(MARKER_LIST) {
            return Some(Marker::Written(list.lines().map(str::to_owned).collect()));
        }
        if let Some(pid) = body.strip_prefix(MARKER_IN_PROGRESS) {
            return Some(Marker::InProgress(pid.trim().parse().unwrap_or(0)));
        }
        Some(Marker::Unlisted)
    }

    /// The files and folders of `folder` that this marker does not list (as paths relative
    /// to it, folders ending in `/`), sorted.
    pub(super) fn foreign(&self, folder: &Path) -> Vec<String> {
        let Marker::Written(listed) = self else {
            return Vec::new();
        };
        let mut dirs = BTreeSet::new();
        for path in listed {
            let mut at = 0;
            while let Some(slash) = path[at..].find('/') {
                dirs.insert(&path[..at + slash]);
                at += slash + 1;
            }
        }
        let mut foreign = Vec::new();
        let mut todo = vec![(folder.to_path_buf(), String::new())];
        while let Some((dir, prefix)) = todo.pop() {
            let Ok(entries) = fs::read_dir(&dir) else {
                continue;
            };
            for entry in entries.flatten() {
                let name = entry.file_name().to_string_lossy().into_owned();
                let rel = format!("{prefix}{name}");
                if rel == MARKER {
                    continue;
                }
                let is_dir = entry.file_type().is_ok_and(|t| t.is_dir());
                if is_dir && dirs.contains(rel.as_str()) {
                    todo.push((entry.path(), format!("{rel}/")));
                } else if is_dir {
                    foreign.push(format!("{rel}/"));
                } else if !listed.contains(&rel) {
                    foreign.push(rel);
                }
            }
        }
        foreign.sort();
        foreign
    }
}
