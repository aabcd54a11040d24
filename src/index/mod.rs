//! The on-disk index: creating, writing and searching it.

pub mod schema;
