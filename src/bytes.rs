//! Short byte strings read as integers. The stem cache and the entity
//! tagger's feature hashes both turn words into 8-byte chunks on every
//! token; a tail of fewer than eight bytes assembled byte by byte is a chain
//! of dependent shifts, while two overlapping loads give the same integer
//! in a few instructions.

/// The bytes of `b` (at most eight) as a little-endian integer, the missing
/// high bytes zero: equal to `u64::from_le_bytes` of `b` padded with zeros.
/// Longer input gives 0 (callers pass the tail of a chunked string).
#[inline]
pub(crate) fn le_partial(b: &[u8]) -> u64 {
    let n = b.len();
    let byte = |i: usize| u64::from(b.get(i).copied().unwrap_or(0));
    let word32 = |i: usize| {
        b.get(i..i + 4)
            .and_then(|w| <[u8; 4]>::try_from(w).ok())
            .map_or(0, |w| u64::from(u32::from_le_bytes(w)))
    };
    match n {
        0 => 0,
        // Bytes 0, n/2 and n-1 cover every byte of a 1- to 3-byte string;
        // where they coincide they set the same bits.
        1..=3 => byte(0) | (byte(n / 2) << (8 * (n / 2))) | (byte(n - 1) << (8 * (n - 1))),
        // Two 4-byte loads, overlapping for n < 8.
        4..=8 => word32(0) | (word32(n - 4) << (8 * (n - 4))),
        _ => 0,
    }
}

/// FNV-1a (64 bits) over several byte strings in a row: a stable
/// fingerprint of data files, the same on every platform and version.
pub(crate) fn fnv1a(parts: &[&[u8]]) -> u64 {
    let mut h = 0xcbf2_9ce4_8422_2325u64;
    for part in parts {
        for &b in *part {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
    h
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn equals_padded_little_endian() {
        let s = b"abcdefghij";
        for n in 0..=8 {
            let mut padded = [0u8; 8];
            padded[..n].copy_from_slice(&s[..n]);
            assert_eq!(le_partial(&s[..n]), u64::from_le_bytes(padded), "{n}");
        }
        assert_eq!(le_partial(s), 0);
    }
}
