//! Sanctions and watchlist screening: list files, the name matcher, and the record of
//! what was screened against what.

pub mod score;
pub mod text;
