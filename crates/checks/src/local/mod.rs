//! The checks that need no network: look-alike domains, e-mail providers, phone numbers,
//! details shared with other cases, and copied website text. They run after the network
//! checks, on the case's fields, the pages just fetched and what the app stored for the
//! other cases ([`Context`]).

mod contacts;
mod copied;
mod lookalikes;
mod shared;

pub(crate) use contacts::{emails, phones};
pub(crate) use copied::copied;
pub(crate) use lookalikes::lookalikes;
pub(crate) use shared::duplicate_details;

use crate::duplicates;
use crate::result::PageRecord;

/// The other cases and stored pages the local checks compare against.
#[derive(Debug, Clone, Default)]
pub struct Context {
    /// Every other case.
    pub others: Vec<duplicates::OtherCase>,
    /// Pages stored for other cases: (case id, case name, page).
    pub other_pages: Vec<(String, String, PageRecord)>,
}
