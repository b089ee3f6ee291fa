//! The one way Bona Fide reaches the network: an HTTP client and a DNS resolver, both
//! behind the private-address guard. Every request of the app, list downloads included,
//! goes through [`Net`]; no other crate depends on an HTTP or DNS library, which
//! `tests/architecture.rs` holds.

#![deny(missing_docs)]

mod client;
pub mod guard;

pub use client::*;
