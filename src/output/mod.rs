//! Rendering results for people (text; colour only here, and only when
//! asked or on a terminal) and for programs (compact JSON matching the
//! contracts in `schema/`).

pub mod json;
pub mod text;

pub use text::Style;
