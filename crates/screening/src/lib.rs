//! Sanctions and watchlist screening: list files, the name matcher, and the record of
//! what was screened against what.
//!
//! - [`lists`] reads the publishers' files into [`entry::ListEntry`] values.
//! - [`text`] prepares names for comparison and [`score`] compares two of them.
//! - [`index`] finds the names worth comparing; [`screen`] screens a whole subject.
//! - [`watchlist`] is the built-in list of publicly reported fronts.

#![deny(missing_docs)]

pub mod download;
pub mod entry;
pub mod index;
pub mod lists;
pub mod score;
pub mod screen;
pub mod text;
pub mod watchlist;
