//! The foundation every other Bona Fide crate stands on, with no domain knowledge:
//!
//! - [`clock`]: time stamps (RFC 3339 UTC, fixed width) and dates;
//! - [`files`]: crash-safe file replacement and the folder helpers it needs;
//! - [`layout`]: the data folder's layout, the one place that names its files.

#![deny(missing_docs)]

pub mod clock;
pub mod files;
pub mod layout;

pub use layout::DataDir;
