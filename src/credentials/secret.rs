//! The `Secret` type that carries an organization's authorization token in memory.

use std::fmt;

use zeroize::Zeroizing;

/// A token that never shows itself: `Debug` and `Display` print `***`, it has no `Serialize`,
/// and its memory is wiped when it is dropped.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(Zeroizing<String>);

impl Secret {
    /// Wraps a token, trimming the white space that a paste or a shell often adds.
    pub fn new(token: impl Into<String>) -> Self {
        let mut token: String = token.into();
        let trimmed = token.trim();
        if trimmed.len() != token.len() {
            let trimmed = trimmed.to_owned();
            zeroize::Zeroize::zeroize(&mut token);
            token = trimmed;
        }
        Self(Zeroizing::new(token))
    }

    /// The token itself, for the one place that must send it: the API client's auth header,
    /// and the keyring.
    pub fn expose(&self) -> &str {
        &self.0
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("***")
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("***")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_never_print_themselves() {
        let secret = Secret::new("  s3cr3t-token\n");
        assert_eq!(format!("{secret}"), "***");
        assert_eq!(format!("{secret:?}"), "***");
        assert_eq!(format!("{:?}", Some(secret.clone())), "Some(***)");
        assert_eq!(secret.expose(), "s3cr3t-token");
    }
}
