//! `leidraad serve`: a live preview for authors.

use crate::cli::{Outcome, ServeArgs};
use crate::diagnostics::Style;

/// Runs the preview server until Ctrl-C.
pub fn run(_args: ServeArgs, _style: Style) -> Outcome {
    eprintln!("error: `leidraad serve` is not available in this version yet; use `leidraad build`");
    Outcome::Failure
}
