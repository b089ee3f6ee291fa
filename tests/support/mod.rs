//! Helpers shared by the integration tests.
pub mod keys;
pub mod mock;
pub mod tsa;
pub mod validators;
pub mod world;
