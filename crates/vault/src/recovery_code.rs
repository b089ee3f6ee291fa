//! The recovery code: how it is shown to the user and read back as typed.

use zeroize::Zeroizing;

/// The recovery code: 256 random bits as 13 groups of four base32 characters.
pub struct RecoveryCode(Zeroizing<String>);

impl RecoveryCode {
    /// The code for 32 random bytes, grouped for reading aloud and writing down.
    pub(crate) fn from_bytes(bytes: &[u8; 32]) -> RecoveryCode {
        let plain = Zeroizing::new(data_encoding::BASE32_NOPAD.encode(bytes));
        let grouped = plain
            .as_bytes()
            .chunks(4)
            .map(|c| std::str::from_utf8(c).unwrap_or_default())
            .collect::<Vec<_>>()
            .join("-");
        RecoveryCode(Zeroizing::new(grouped))
    }

    /// Reads a code as typed: case, spaces and dashes do not matter.
    pub(crate) fn parse(typed: &str) -> Option<Zeroizing<[u8; 32]>> {
        let cleaned: Zeroizing<String> = Zeroizing::new(
            typed
                .chars()
                .filter(|c| !c.is_whitespace() && *c != '-')
                .map(|c| c.to_ascii_uppercase())
                .collect(),
        );
        let decoded = Zeroizing::new(
            data_encoding::BASE32_NOPAD
                .decode(cleaned.as_bytes())
                .ok()?,
        );
        let bytes: [u8; 32] = decoded.as_slice().try_into().ok()?;
        Some(Zeroizing::new(bytes))
    }

    /// The code to show the user, e.g. `ABCD-EFGH-…`.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for RecoveryCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("RecoveryCode(…)")
    }
}
