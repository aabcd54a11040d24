//! newsidx: full-text search for Indonesian news archives.

pub mod analysis;
pub mod entities;
mod error;
pub mod index;
pub mod ingest;
pub mod output;
pub mod query;

pub use error::{Error, Result};
