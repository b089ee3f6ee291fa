//! Bona Fide: offline-first due diligence on remote hires, freelancers and vendors.
//!
//! The core holds all the logic; the `bonafide` CLI and the desktop app are thin shells
//! over [`app::App`].
//!
//! ```
//! use bonafide::app::App;
//! use bonafide::model::{CaseFields, Outcome, SubjectKind};
//!
//! let dir = tempfile::tempdir()?;
//! // Everything in the folder is encrypted under its key; the recovery code unlocks it
//! // when the keychain and passphrase are gone (see `vault`).
//! let (key, _recovery_code) = bonafide::vault::create_key(dir.path(), None)?;
//! let app = App::open(dir.path(), &key, Some("Alice".into()))?;
//! let id = app.create_case(&CaseFields {
//!     kind: SubjectKind::Person,
//!     display_name: "Jane Doe".into(),
//!     ..CaseFields::default()
//! })?;
//! app.set_item(&id, "interview.camera", Some(Outcome::Pass), Some("camera on throughout"))?;
//! let case = app.case(&id)?;
//! assert_eq!(case.progress.answered, 1);
//! assert!(app.verify()?.is_intact());
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

#![deny(missing_docs)]

pub mod app;
pub mod audit;
pub mod backup;
#[cfg(feature = "ts")]
pub mod bindings;
pub mod blobs;
pub mod checklist;
pub mod checks;
pub mod clock;
pub mod error;
pub mod model;
pub mod record;
pub mod screening;
pub mod store;
pub mod vault;

pub use error::{Error, Result};
