//! The commands, one module per command group. Each module holds its own clap types and
//! the function (`run`, or one per command) that turns the parsed arguments into façade
//! calls and prints the results; the rules themselves are all in the core.

pub mod attention;
pub mod audit;
pub mod backup;
pub mod case;
pub mod checks;
pub mod decide;
pub mod evidence;
pub mod export;
pub mod item;
pub mod key;
pub mod lists;
pub mod monitor;
pub mod retention;
pub mod screen;
pub mod screening;
pub mod signing;
pub mod verify;

mod matches;
mod subject;
