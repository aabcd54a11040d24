//! Subcommands with more than a few lines of glue, one file each.

pub mod batch;
pub mod entity;
#[cfg(feature = "web")]
pub mod serve;
