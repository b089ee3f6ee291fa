//! The one loop every CSV reader here shares: rows in order with their 1-based line, and
//! the csv crate's errors turned into a sentence a person can act on.

use std::io::Read;

/// Hands each record of `reader` with its line to `take`; a row that cannot be read ends
/// the loop with `fail(line, problem)`.
pub(crate) fn each_row<R: Read, E>(
    reader: &mut csv::Reader<R>,
    mut take: impl FnMut(&csv::StringRecord, u64) -> Result<(), E>,
    fail: impl Fn(u64, String) -> E,
) -> Result<(), E> {
    let mut record = csv::StringRecord::new();
    loop {
        let line = reader.position().line();
        match reader.read_record(&mut record) {
            Ok(false) => return Ok(()),
            Ok(true) => take(&record, line)?,
            Err(e) => return Err(fail(line, problem(&e))),
        }
    }
}

/// What is wrong with a row, for people.
pub(crate) fn problem(e: &csv::Error) -> String {
    match e.kind() {
        csv::ErrorKind::Utf8 { .. } => {
            "the text is not UTF-8; export the file again as UTF-8 (not UTF-16 or a legacy code page)".into()
        }
        csv::ErrorKind::Io(io) => format!("the file could not be read ({io})"),
        _ => format!("the row cannot be read as CSV ({e})"),
    }
}
