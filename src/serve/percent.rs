//! Strict percent-decoding for request paths and query strings.
//!
//! Strict on purpose: a stray `%` or bytes that are not UTF-8 are a bad
//! request (400), never silently replaced, so what we look up or search for
//! is exactly what the client sent.

use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DecodeError {
    /// A `%` not followed by two hex digits.
    BadEscape,
    /// The decoded bytes are not UTF-8.
    NotUtf8,
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            DecodeError::BadEscape => {
                "bad percent-encoding (a `%` must be followed by two hex digits)"
            }
            DecodeError::NotUtf8 => "not valid UTF-8 once percent-decoded",
        })
    }
}

/// Decodes `%XX` escapes into bytes; `plus_as_space` for form-encoded query values.
pub fn decode_bytes(s: &str, plus_as_space: bool) -> Result<Vec<u8>, DecodeError> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'%' => {
                let hi = bytes.get(i + 1).and_then(|b| hex_value(*b));
                let lo = bytes.get(i + 2).and_then(|b| hex_value(*b));
                match (hi, lo) {
                    (Some(hi), Some(lo)) => out.push(hi << 4 | lo),
                    _ => return Err(DecodeError::BadEscape),
                }
                i += 3;
            }
            b'+' if plus_as_space => {
                out.push(b' ');
                i += 1;
            }
            b => {
                out.push(b);
                i += 1;
            }
        }
    }
    Ok(out)
}

/// Decodes and checks the result is UTF-8.
pub fn decode(s: &str, plus_as_space: bool) -> Result<String, DecodeError> {
    String::from_utf8(decode_bytes(s, plus_as_space)?).map_err(|_| DecodeError::NotUtf8)
}

fn hex_value(b: u8) -> Option<u8> {
    match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'a'..=b'f' => Some(b - b'a' + 10),
        b'A'..=b'F' => Some(b - b'A' + 10),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_escapes_and_plus() {
        assert_eq!(decode("a%20b+c", true).unwrap(), "a b c");
        assert_eq!(decode("a+b", false).unwrap(), "a+b");
        assert_eq!(decode("%E2%80%9C", false).unwrap(), "\u{201c}");
        assert_eq!(decode("%2e%2E", false).unwrap(), "..");
    }

    #[test]
    fn rejects_bad_escapes_and_non_utf8() {
        assert_eq!(decode("%", false), Err(DecodeError::BadEscape));
        assert_eq!(decode("%f", false), Err(DecodeError::BadEscape));
        assert_eq!(decode("%zz", false), Err(DecodeError::BadEscape));
        assert_eq!(decode("%ff%fe", false), Err(DecodeError::NotUtf8));
        assert_eq!(decode_bytes("%ff", false).unwrap(), vec![0xff]);
    }
}
