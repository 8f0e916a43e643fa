//! Translation status: which translations are current, stale, missing, orphaned or untracked.

use crate::cli::{Outcome, TranslateArgs, TranslationsArgs};
use crate::diagnostics::Style;

/// `leidraad translations`.
pub fn run_status(_args: TranslationsArgs, _style: Style) -> Outcome {
    eprintln!("error: `leidraad translations` is not available in this version yet");
    Outcome::Failure
}

/// `leidraad translate`.
pub fn run_translate(_args: TranslateArgs, _style: Style) -> Outcome {
    eprintln!("error: `leidraad translate` is not available in this version yet");
    Outcome::Failure
}
