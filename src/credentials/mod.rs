//! Credentials: the `Secret` token type, the `CredentialStore` trait with its OS keyring and
//! in-memory implementations, and the profiles that say which token to use.
//!
//! Only this module touches the keyring. It writes one file, the profile list, which holds
//! no secret. Uses nothing else of ours.

mod keyring;
mod profiles;
mod secret;
mod store;

pub use keyring::KeyringStore;
pub use profiles::{Profile, ProfileError, ProfileSet};
pub use secret::Secret;
pub use store::{CredentialError, CredentialKey, CredentialStore, MemoryStore, SERVICE};
