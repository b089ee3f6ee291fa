//! `--json` output: every command prints the façade's own serialisable value, pretty, so
//! the shapes are the core's and stay the same as the desktop app's.

use serde::Serialize;

use crate::exit::Failure;

/// Prints `value` as pretty JSON on stdout.
pub fn print_json<T: Serialize>(value: &T) -> Result<(), Failure> {
    let text = serde_json::to_string_pretty(value)
        .map_err(|e| Failure::Usage(format!("cannot print JSON: {e}")))?;
    println!("{text}");
    Ok(())
}
