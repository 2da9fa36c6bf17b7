//! The OS keyring: Keychain on macOS, Credential Manager on Windows, Secret Service on Linux.

use std::sync::Arc;

use keyring_core::{CredentialStore as PlatformStore, Entry, Error as KeyringError};

use super::{CredentialError, CredentialKey, CredentialStore, SERVICE, Secret};

/// Tokens in the OS keyring, one entry per environment and organization, filed under the
/// service [`SERVICE`] with the user name [`CredentialKey::user`].
pub struct KeyringStore {
    store: Arc<PlatformStore>,
}

impl std::fmt::Debug for KeyringStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("KeyringStore")
            .field("vendor", &self.store.vendor())
            .finish()
    }
}

impl KeyringStore {
    /// Connects to the platform's keyring. Blocks: call it off the UI thread.
    pub fn open() -> Result<Self, CredentialError> {
        let store = platform_store().map_err(|err| CredentialError::Unavailable {
            reason: err.to_string(),
        })?;
        Ok(Self { store })
    }

    /// Uses a given keyring-core store, e.g. its mock store in tests.
    pub fn with_store(store: Arc<PlatformStore>) -> Self {
        Self { store }
    }

    fn entry(&self, key: &CredentialKey, action: &'static str) -> Result<Entry, CredentialError> {
        Entry::new_in_store(&self.store, SERVICE, &key.user())
            .map_err(|err| convert(err, action, key))
    }
}

#[cfg(target_os = "linux")]
fn platform_store() -> keyring_core::Result<Arc<PlatformStore>> {
    Ok(zbus_secret_service_keyring_store::Store::new()?)
}

#[cfg(target_os = "macos")]
fn platform_store() -> keyring_core::Result<Arc<PlatformStore>> {
    Ok(apple_native_keyring_store::keychain::Store::new()?)
}

#[cfg(target_os = "windows")]
fn platform_store() -> keyring_core::Result<Arc<PlatformStore>> {
    Ok(windows_native_keyring_store::Store::new()?)
}

#[cfg(not(any(target_os = "linux", target_os = "macos", target_os = "windows")))]
fn platform_store() -> keyring_core::Result<Arc<PlatformStore>> {
    Err(KeyringError::NotSupportedByStore(
        "no OS keyring is supported on this platform".to_owned(),
    ))
}

impl CredentialStore for KeyringStore {
    fn load(&self, key: &CredentialKey) -> Result<Option<Secret>, CredentialError> {
        match self.entry(key, "read")?.get_password() {
            Ok(token) => Ok(Some(Secret::new(token))),
            Err(KeyringError::NoEntry) => Ok(None),
            Err(err) => Err(convert(err, "read", key)),
        }
    }

    fn save(&self, key: &CredentialKey, token: &Secret) -> Result<(), CredentialError> {
        self.entry(key, "store")?
            .set_password(token.expose())
            .map_err(|err| convert(err, "store", key))
    }

    fn delete(&self, key: &CredentialKey) -> Result<bool, CredentialError> {
        match self.entry(key, "delete")?.delete_credential() {
            Ok(()) => Ok(true),
            Err(KeyringError::NoEntry) => Ok(false),
            Err(err) => Err(convert(err, "delete", key)),
        }
    }
}

/// Sorts keyring errors into what the user can act on. Keyring errors never hold the
/// password, except `BadEncoding`/`BadDataFormat`, whose bytes are dropped here.
fn convert(err: KeyringError, action: &'static str, key: &CredentialKey) -> CredentialError {
    match err {
        KeyringError::NoStorageAccess(inner) => CredentialError::AccessDenied {
            reason: inner.to_string(),
        },
        KeyringError::NoDefaultStore | KeyringError::NotSupportedByStore(_) => {
            CredentialError::Unavailable {
                reason: err.to_string(),
            }
        }
        KeyringError::PlatformFailure(inner) => CredentialError::Unavailable {
            reason: inner.to_string(),
        },
        KeyringError::BadEncoding(_) | KeyringError::BadDataFormat(..) => CredentialError::Failed {
            action,
            key: key.to_string(),
            reason: "the stored entry is not a token this app wrote".to_owned(),
        },
        other => CredentialError::Failed {
            action,
            key: key.to_string(),
            reason: other.to_string(),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_round_trip_through_a_keyring_core_store() {
        let store = KeyringStore::with_store(keyring_core::mock::Store::new().unwrap());
        let key = CredentialKey::new("sandbox", "org-1");
        assert_eq!(store.load(&key), Ok(None));
        store.save(&key, &Secret::new("tok")).unwrap();
        assert_eq!(store.load(&key).unwrap().unwrap().expose(), "tok");
        assert_eq!(store.delete(&key), Ok(true));
        assert_eq!(store.delete(&key), Ok(false));
    }
}
