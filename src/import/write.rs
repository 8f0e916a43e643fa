//! The writing edge: the plan written into DEST (made if needed); images copied from SOURCE.

use std::path::Path;

use super::{Error, Plan};

/// Writes every file of the plan under `dest`, copying files from `source`.
pub fn write(plan: &Plan, source: &Path, dest: &Path) -> Result<(), Error> {
    let io = |path: &Path| {
        let path = path.to_owned();
        move |e| Error::Io(path, e)
    };
    std::fs::create_dir_all(dest).map_err(io(dest))?;
    for (rel, text) in &plan.texts {
        let path = dest.join(rel);
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).map_err(io(dir))?;
        }
        std::fs::write(&path, text).map_err(io(&path))?;
    }
    for (rel, from) in &plan.copies {
        let path = dest.join(rel);
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).map_err(io(dir))?;
        }
        let from = source.join(from);
        std::fs::copy(&from, &path).map_err(io(&from))?;
    }
    Ok(())
}
