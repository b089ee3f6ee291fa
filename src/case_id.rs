//! Case ids as people type them: the whole id or a unique prefix of 8+ characters. The
//! core does the matching; this is the one place commands turn a `CASE` argument into an id.

use bonafide::app::App;
use bonafide::model::CaseId;

use crate::exit::Failure;

/// The case `given` names, or the core's error when none or several match.
pub fn resolve(app: &App, given: &str) -> Result<CaseId, Failure> {
    Ok(app.resolve_case_id(given)?)
}
