//! Where tokens are kept: the `CredentialStore` trait, one entry per environment and
//! organization, and the in-memory store used by tests and as the fallback when the OS has
//! no keyring.

use std::collections::HashMap;
use std::fmt;
use std::sync::Mutex;

use super::Secret;

/// The keyring service name every entry of this app is filed under.
pub const SERVICE: &str = "credly-monitor";

/// Which token an entry holds: the one of an organization in an environment.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct CredentialKey {
    /// `production`, `sandbox`, or a custom base URL.
    pub environment: String,
    pub organization_id: String,
}

impl CredentialKey {
    pub fn new(environment: impl Into<String>, organization_id: impl Into<String>) -> Self {
        Self {
            environment: environment.into(),
            organization_id: organization_id.into(),
        }
    }

    /// The keyring's user name for this entry: `environment/organization`.
    pub fn user(&self) -> String {
        format!("{}/{}", self.environment, self.organization_id)
    }
}

impl fmt::Display for CredentialKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "organization {} ({})",
            self.organization_id, self.environment
        )
    }
}

/// A keyring operation that failed. None of these carries the token.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CredentialError {
    #[error("no OS keyring is available ({reason}). {}", unavailable_hint())]
    Unavailable { reason: String },

    #[error("the OS keyring refused access, it may be locked ({reason}). Unlock it and try again")]
    AccessDenied { reason: String },

    #[error("could not {action} the token of {key} in the OS keyring: {reason}")]
    Failed {
        action: &'static str,
        key: String,
        reason: String,
    },
}

fn unavailable_hint() -> &'static str {
    if cfg!(target_os = "linux") {
        "Start a Secret Service such as gnome-keyring or KeePassXC in your desktop session"
    } else {
        "Check that the system keychain can be used by this user"
    }
}

impl CredentialError {
    /// Whether the keyring itself is missing or closed, as opposed to one entry failing.
    pub fn is_unavailable(&self) -> bool {
        matches!(self, Self::Unavailable { .. } | Self::AccessDenied { .. })
    }
}

/// A place to keep tokens. Implementations may block (the OS keyring does): call them off
/// the UI thread and, in async code, through `spawn_blocking`.
pub trait CredentialStore: Send + Sync {
    fn load(&self, key: &CredentialKey) -> Result<Option<Secret>, CredentialError>;

    fn save(&self, key: &CredentialKey, token: &Secret) -> Result<(), CredentialError>;

    /// Removes the entry; `Ok(false)` when there was none.
    fn delete(&self, key: &CredentialKey) -> Result<bool, CredentialError>;
}

/// Tokens kept in this process only: for tests, and for a session without an OS keyring.
#[derive(Debug, Default)]
pub struct MemoryStore {
    tokens: Mutex<HashMap<CredentialKey, Secret>>,
}

impl MemoryStore {
    fn tokens(&self) -> std::sync::MutexGuard<'_, HashMap<CredentialKey, Secret>> {
        // A panic while the lock was held cannot leave a map of tokens half-updated.
        self.tokens
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

impl CredentialStore for MemoryStore {
    fn load(&self, key: &CredentialKey) -> Result<Option<Secret>, CredentialError> {
        Ok(self.tokens().get(key).cloned())
    }

    fn save(&self, key: &CredentialKey, token: &Secret) -> Result<(), CredentialError> {
        self.tokens().insert(key.clone(), token.clone());
        Ok(())
    }

    fn delete(&self, key: &CredentialKey) -> Result<bool, CredentialError> {
        Ok(self.tokens().remove(key).is_some())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_memory_store_saves_loads_replaces_and_deletes_per_key() {
        let store = MemoryStore::default();
        let sandbox = CredentialKey::new("sandbox", "org-1");
        let production = CredentialKey::new("production", "org-1");
        let other_org = CredentialKey::new("sandbox", "org-2");

        assert_eq!(store.load(&sandbox), Ok(None));
        store.save(&sandbox, &Secret::new("first")).unwrap();
        store.save(&production, &Secret::new("prod")).unwrap();
        assert_eq!(store.load(&sandbox).unwrap().unwrap().expose(), "first");

        store.save(&sandbox, &Secret::new("second")).unwrap();
        assert_eq!(store.load(&sandbox).unwrap().unwrap().expose(), "second");
        assert_eq!(store.load(&production).unwrap().unwrap().expose(), "prod");
        assert_eq!(store.load(&other_org), Ok(None));

        assert_eq!(store.delete(&sandbox), Ok(true));
        assert_eq!(store.delete(&sandbox), Ok(false));
        assert_eq!(store.load(&sandbox), Ok(None));
        assert_eq!(store.load(&production).unwrap().unwrap().expose(), "prod");
    }

    #[test]
    fn keys_name_their_entry_without_the_token() {
        let key = CredentialKey::new("sandbox", "org-1");
        assert_eq!(key.user(), "sandbox/org-1");
        assert_eq!(key.to_string(), "organization org-1 (sandbox)");
    }
}
