//! Bona Fide: offline-first due diligence on remote hires, freelancers and vendors.
//!
//! This is the application façade, the top of the core: [`app::App`] has one method per
//! user operation, and the `bonafide` CLI and the desktop app are thin shells over it.
//! The layers below are crates of their own (see ARCHITECTURE.md); they are re-exported
//! here under their old module names so the shells and tests name one crate.
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
#[cfg(feature = "ts")]
pub mod bindings;
pub mod error;
pub mod prefs;

pub use bonafide_audit as audit;
pub use bonafide_backup as backup;
pub use bonafide_base::clock;
pub use bonafide_checklist as checklist;
pub use bonafide_checks as checks;
pub use bonafide_evidence as blobs;
pub use bonafide_model as model;
pub use bonafide_monitor as monitor;
pub use bonafide_net as net;
pub use bonafide_record as record;
pub use bonafide_screening as screening;
pub use bonafide_signing as signing;
pub use bonafide_store as store;
pub use bonafide_vault as vault;

pub use error::{Error, Result};
