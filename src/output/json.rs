//! JSON output: one compact object per result set, never coloured. Field
//! names are a contract (see `schema/`): adding one is fine, renaming or
//! removing one breaks the tools that read us.

use std::io::{self, Write};

use serde::Serialize;

/// Writes `value` as one line of compact JSON.
pub fn write_line<W: Write + ?Sized, T: Serialize + ?Sized>(
    out: &mut W,
    value: &T,
) -> io::Result<()> {
    serde_json::to_writer(&mut *out, value).map_err(io::Error::other)?;
    out.write_all(b"\n")
}
