//! The staging folder a build writes into, the swap that puts it in the output's place, and
//! what an interrupted or killed build leaves behind.

use std::collections::BTreeSet;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use rayon::prelude::*;

use super::marker::{Marker, MARKER_HEADER, MARKER_IN_PROGRESS, MARKER_LIST};
use super::{absolute, safe_join, write_error, Contents, Error, OutputFile, MARKER};
use crate::diagnostics::{Code, Diagnostic};

/// An output being written: a staging folder beside the output folder. Files can be written
/// into it from many threads as they are made; [`Staging::commit`] swaps it in for the
/// output, and dropping it uncommitted removes it, leaving the previous output as it was.
#[derive(Debug)]
pub struct Staging {
    output: PathBuf,
    folder: PathBuf,
    /// Where the previous output goes while the new one is swapped in.
    old: PathBuf,
    /// Every file written so far, for the marker.
    written: Mutex<Vec<String>>,
    /// The signal handler's hold on the folder, until it is committed.
    interrupt: Option<Arc<Interrupt>>,
    committed: bool,
}

/// The files and folders of the previous output that leidraad did not write, which the new
/// output keeps (see [`Staging::foreign_files`]).
#[derive(Debug, Default)]
pub struct Kept(pub Vec<String>);

impl Staging {
    /// Makes the staging folder for `output`, with the marker that says leidraad wrote it.
    /// With `interrupt`, a signal handler can remove it until it is committed.
    pub fn create(output: &Path, interrupt: Option<Arc<Interrupt>>) -> Result<Staging, Error> {
        let output = absolute(output);
        let parent = output
            .parent()
            .expect("checked: the output is not the file system root");
        let name = output
            .file_name()
            .map_or_else(|| "public".into(), |n| n.to_string_lossy().into_owned());
        fs::create_dir_all(parent).map_err(write_error(parent))?;
        clear_litter(parent, &name);
        let unique = format!("{}-{}", std::process::id(), nanos());
        let folder = parent.join(format!(".{name}.staging-{unique}"));
        let old = parent.join(format!(".{name}.old-{unique}"));
        match &interrupt {
            Some(i) => i.create(&folder, || fs::create_dir(&folder)),
            None => fs::create_dir(&folder),
        }
        .map_err(write_error(&folder))?;
        let staging = Staging {
            output,
            folder,
            old,
            written: Mutex::new(Vec::new()),
            interrupt,
            committed: false,
        };
        let marker = staging.folder.join(MARKER);
        fs::write(
            &marker,
            format!(
                "{MARKER_HEADER}{MARKER_IN_PROGRESS}{}\n",
                std::process::id()
            ),
        )
        .map_err(write_error(&marker))?;
        Ok(staging)
    }

    /// The files and folders of the current output that leidraad did not write, which the
    /// new output will keep; an error when this build writes a file of the same name, since
    /// it would then be lost.
    pub fn foreign_files(&self) -> Result<Kept, Diagnostic> {
        let Some(marker) = Marker::read(&self.output) else {
            return Ok(Kept::default());
        };
        let foreign = marker.foreign(&self.output);
        let written = self.written.lock().unwrap_or_else(|e| e.into_inner());
        let written: BTreeSet<&str> = written.iter().map(String::as_str).collect();
        for path in &foreign {
            let file = path.trim_end_matches('/');
            let inside = format!("{file}/");
            let clash = if written.contains(file) {
                Some(file)
            } else {
                written
                    .range(inside.as_str()..)
                    .next()
                    .filter(|w| w.starts_with(&inside))
                    .copied()
            };
            if let Some(clash) = clash {
                let shown = self.output.join(path);
                return Err(Diagnostic::error(
                    Code::UnsafeOutput,
                    format!("`{}` was not written by leidraad, and this build writes `{clash}`, which would replace it", shown.display()),
                )
                .help(format!("to publish a file of your own at `{clash}`, put it in `static/{clash}`; otherwise move `{path}` out of the output folder")));
            }
        }
        Ok(Kept(foreign))
    }

    /// Writes one file, with the folders it needs. Safe to call from several threads.
    pub fn write(&self, file: &OutputFile) -> Result<(), Error> {
        let Some(path) = safe_join(&self.folder, &file.path) else {
            return Ok(());
        };
        if let Some(dir) = path.parent() {
            create_below(&self.folder, dir).map_err(write_error(dir))?;
        }
        self.written
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(file.path.clone());
        match &file.contents {
            Contents::Bytes(bytes) => fs::write(&path, bytes).map_err(write_error(&path)),
            Contents::Static(bytes) => fs::write(&path, bytes).map_err(write_error(&path)),
            Contents::Shared(bytes) => fs::write(&path, &**bytes).map_err(write_error(&path)),
            Contents::Svg(from) => {
                let svg = fs::read(from).map_err(|source| Error {
                    path: from.clone(),
                    source,
                    reading: true,
                })?;
                fs::write(&path, crate::svg::sanitize(&svg)).map_err(write_error(&path))
            }
            Contents::Copy(from) => fs::copy(from, &path).map(|_| ()).map_err(|source| {
                // A file of the site that cannot be read (or that vanished since the build
                // found it) is named as such, not as a file that cannot be written.
                let reading = fs::File::open(from).is_err();
                Error {
                    path: if reading { from.clone() } else { path.clone() },
                    source,
                    reading,
                }
            }),
        }
    }

    /// Writes files in parallel.
    pub fn write_all(&self, files: &[OutputFile]) -> Result<(), Error> {
        files.par_iter().try_for_each(|file| self.write(file))
    }

    /// Puts the staging folder in the output's place, so that readers of the output never see
    /// a half-written site, and moves `kept` (see [`Staging::foreign_files`]) from the previous
    /// output into the new one.
    pub fn commit(mut self, kept: &Kept) -> Result<(), Error> {
        // A signal handler waits until the new output is in place (see `Interrupt`).
        let interrupt = self.interrupt.take();
        let mut hold = interrupt.as_deref().map(Interrupt::lock);
        if hold.as_ref().is_some_and(|state| state.stopped) {
            return Err(write_error(&self.folder)(io::Error::from(
                io::ErrorKind::Interrupted,
            )));
        }
        self.swap(kept)?;
        if let Some(state) = &mut hold {
            state.folder = None;
            state.done = true;
        }
        Ok(())
    }

    fn swap(&mut self, kept: &Kept) -> Result<(), Error> {
        let mut written =
            std::mem::take(&mut *self.written.lock().unwrap_or_else(|e| e.into_inner()));
        written.sort_unstable();
        written.dedup();
        let mut marker = String::with_capacity(written.len() * 32 + 256);
        marker.push_str(MARKER_HEADER);
        marker.push_str(MARKER_LIST);
        for path in &written {
            marker.push_str(path);
            marker.push('\n');
        }
        let marker_path = self.folder.join(MARKER);
        fs::write(&marker_path, marker).map_err(write_error(&marker_path))?;
        // Where the previous output is once the new one is in place.
        let previous = if self.output.exists() {
            match exchange(&self.folder, &self.output) {
                Ok(()) => Some(self.folder.clone()),
                Err(_) => {
                    fs::rename(&self.output, &self.old).map_err(write_error(&self.output))?;
                    if let Err(e) = fs::rename(&self.folder, &self.output) {
                        let _ = fs::rename(&self.old, &self.output);
                        return Err(write_error(&self.output)(e));
                    }
                    Some(self.old.clone())
                }
            }
        } else {
            fs::rename(&self.folder, &self.output).map_err(write_error(&self.output))?;
            None
        };
        self.committed = true;
        if let Some(previous) = previous {
            carry_over(&previous, &self.output, &kept.0)?;
            // Only a folder that was leidraad's output reaches this point (see
            // check_output_dir), and what was not leidraad's in it has been moved out.
            let _ = fs::remove_dir_all(&previous);
        }
        Ok(())
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        let hold = self.interrupt.as_deref().map(Interrupt::lock);
        if let Some(mut state) = hold {
            state.folder = None;
        }
        if !self.committed {
            let _ = fs::remove_dir_all(&self.folder);
        }
    }
}

/// What a signal handler needs to clean up after a build it interrupts: the staging folder
/// being written, if any. The handler removes it before the process ends; once the new
/// output is being put in place, the handler waits for that to finish and lets the build end
/// as it would have. (A build that is killed outright leaves its folders to the next build,
/// which clears them up.)
#[derive(Debug, Default)]
pub struct Interrupt {
    state: Mutex<InterruptState>,
}

#[derive(Debug, Default)]
struct InterruptState {
    /// The handler ran: no staging folder may be made any more.
    stopped: bool,
    /// The staging folder, while there is one.
    folder: Option<PathBuf>,
    /// The new output is in place.
    done: bool,
}

impl Interrupt {
    fn lock(&self) -> std::sync::MutexGuard<'_, InterruptState> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Makes `folder` with `create`, unless the build was interrupted, and hands it to the
    /// handler: both under one lock, so that no folder is made after the handler looked.
    fn create(&self, folder: &Path, create: impl FnOnce() -> io::Result<()>) -> io::Result<()> {
        let mut state = self.lock();
        if state.stopped {
            return Err(io::Error::new(
                io::ErrorKind::Interrupted,
                "the build was interrupted",
            ));
        }
        create()?;
        state.folder = Some(folder.to_path_buf());
        Ok(())
    }

    /// Removes the staging folder of the build in progress, if there is one, and lets no
    /// other be made; for a signal handler. Returns whether the process should end now:
    /// `false` when the new output is already in place.
    pub fn clean_up(&self) -> bool {
        let mut state = self.lock();
        if state.done {
            return false;
        }
        state.stopped = true;
        if let Some(folder) = state.folder.take() {
            // Other threads may still be writing into it. Moved aside first, it is out of
            // their reach (they write by its old name, and cannot make that again: see
            // `create_below`); what they were writing at that moment can make the first try
            // to remove it fail. (Named like the folder, so that the next build would clear
            // it if this one could not.)
            let mut aside = folder.clone().into_os_string();
            aside.push(".removing");
            let aside = PathBuf::from(aside);
            let gone = if fs::rename(&folder, &aside).is_ok() {
                aside
            } else {
                folder
            };
            for _ in 0..50 {
                if fs::remove_dir_all(&gone).is_ok() || !gone.exists() {
                    break;
                }
                std::thread::sleep(std::time::Duration::from_millis(5));
            }
        }
        true
    }
}

/// Swaps two folders in one step, where the system can.
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> io::Result<()> {
    use rustix::fs::{renameat_with, RenameFlags, CWD};
    renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE).map_err(io::Error::from)
}

#[cfg(not(target_os = "linux"))]
fn exchange(_: &Path, _: &Path) -> io::Result<()> {
    Err(io::Error::from(io::ErrorKind::Unsupported))
}

/// Moves `paths` (relative, folders ending in `/`) from folder `from` into folder `to`.
fn carry_over(from: &Path, to: &Path, paths: &[String]) -> Result<(), Error> {
    for path in paths {
        let rel = path.trim_end_matches('/');
        let (Some(source), Some(target)) = (safe_join(from, rel), safe_join(to, rel)) else {
            continue;
        };
        if let Some(parent) = target.parent() {
            fs::create_dir_all(parent).map_err(write_error(parent))?;
        }
        fs::rename(&source, &target).map_err(write_error(&target))?;
    }
    Ok(())
}

/// Clears what builds of the output `name` in `parent` left behind when they were killed:
/// staging folders and previous outputs of processes that are no longer running. A previous
/// output may still hold files that were not leidraad's (they are moved last): those are
/// carried into the output when nothing there has their name, and otherwise left where they
/// are.
fn clear_litter(parent: &Path, name: &str) {
    let Ok(entries) = fs::read_dir(parent) else {
        return;
    };
    let output = parent.join(name);
    let prefixes = [format!(".{name}.staging-"), format!(".{name}.old-")];
    for entry in entries.flatten() {
        let file_name = entry.file_name().to_string_lossy().into_owned();
        let Some(rest) = prefixes
            .iter()
            .find_map(|p| file_name.strip_prefix(p.as_str()))
        else {
            continue;
        };
        let pid: Option<u32> = rest.split('-').next().and_then(|p| p.parse().ok());
        if pid.is_some_and(is_running) {
            continue;
        }
        let folder = entry.path();
        let marker = Marker::read(&folder);
        if marker.is_none() {
            // Not a folder leidraad made: leave it alone.
            continue;
        }
        let foreign = marker.map(|m| m.foreign(&folder)).unwrap_or_default();
        let movable: Vec<String> = foreign
            .iter()
            .filter(|p| output.is_dir() && !output.join(p.trim_end_matches('/')).exists())
            .cloned()
            .collect();
        let _ = carry_over(&folder, &output, &movable);
        if movable.len() == foreign.len() {
            let _ = fs::remove_dir_all(&folder);
        }
    }
}

/// Whether a process with this id is running (on systems without `/proc`: assumed so).
fn is_running(pid: u32) -> bool {
    pid == std::process::id()
        || !Path::new("/proc/self").exists()
        || Path::new("/proc").join(pid.to_string()).exists()
}

/// Makes the folder `dir` and those between it and `root`, but never `root` itself: once an
/// interrupted build's staging folder is removed, a thread still writing cannot bring it back.
/// Copes with a folder that another thread makes at the same time.
fn create_below(root: &Path, dir: &Path) -> io::Result<()> {
    if dir.is_dir() {
        return Ok(());
    }
    let rel = dir
        .strip_prefix(root)
        .map_err(|_| io::Error::from(io::ErrorKind::InvalidInput))?;
    let mut at = root.to_path_buf();
    for part in rel.components() {
        at.push(part);
        match fs::create_dir(&at) {
            Err(e) if e.kind() != io::ErrorKind::AlreadyExists => return Err(e),
            _ => {}
        }
    }
    Ok(())
}

fn nanos() -> u128 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos())
}
