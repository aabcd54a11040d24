//! Rendering results for people (text, colour only on terminals) and for
//! programs (JSON matching `schema/`).
