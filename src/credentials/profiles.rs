//! Profiles: who the app signs in as. A profile names an environment and an organization;
//! its token lives in the keyring, never here. The list is kept in a small JSON settings
//! file that both the window and `login` read.

use std::io::Write as _;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::CredentialKey;

/// One organization in one environment, under a name the user chose.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Profile {
    pub name: String,
    /// `production`, `sandbox`, or a custom base URL.
    pub environment: String,
    pub organization_id: String,
}

impl Profile {
    pub fn credential_key(&self) -> CredentialKey {
        CredentialKey::new(&self.environment, &self.organization_id)
    }

    pub fn is_production(&self) -> bool {
        self.environment == "production"
    }
}

/// Every profile, and the one in use. Holds no secret, by construction.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ProfileSet {
    pub profiles: Vec<Profile>,
    pub active: Option<String>,
}

#[derive(Debug, thiserror::Error)]
pub enum ProfileError {
    #[error("cannot read the profiles in {path}: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },

    #[error("the profiles file {path} is not valid: {source}")]
    Parse {
        path: PathBuf,
        source: serde_json::Error,
    },

    #[error("cannot save the profiles to {path}: {source}")]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
}

impl ProfileSet {
    /// The settings file in the OS's configuration directory.
    pub fn default_path() -> Option<PathBuf> {
        directories::ProjectDirs::from("com", "credly-monitor", "credly-monitor")
            .map(|dirs| dirs.config_dir().join("profiles.json"))
    }

    /// Reads the profiles; a missing file is an empty set.
    pub fn load(path: &Path) -> Result<Self, ProfileError> {
        match std::fs::read(path) {
            Ok(bytes) => serde_json::from_slice(&bytes).map_err(|source| ProfileError::Parse {
                path: path.to_path_buf(),
                source,
            }),
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => Ok(Self::default()),
            Err(source) => Err(ProfileError::Read {
                path: path.to_path_buf(),
                source,
            }),
        }
    }

    /// Writes the profiles atomically, readable by the owner only.
    pub fn save(&self, path: &Path) -> Result<(), ProfileError> {
        let write_error = |source| ProfileError::Write {
            path: path.to_path_buf(),
            source,
        };
        let dir = path.parent().unwrap_or_else(|| Path::new("."));
        std::fs::create_dir_all(dir).map_err(write_error)?;
        let bytes = serde_json::to_vec_pretty(self).expect("profiles always serialize");
        let mut temp = tempfile::NamedTempFile::new_in(dir).map_err(write_error)?;
        temp.write_all(&bytes).map_err(write_error)?;
        temp.persist(path).map_err(|err| write_error(err.error))?;
        Ok(())
    }

    pub fn find(&self, name: &str) -> Option<&Profile> {
        self.profiles.iter().find(|profile| profile.name == name)
    }

    pub fn active_profile(&self) -> Option<&Profile> {
        self.active.as_deref().and_then(|name| self.find(name))
    }

    /// Adds the profile, or replaces the one of the same name.
    pub fn upsert(&mut self, profile: Profile) {
        match self
            .profiles
            .iter_mut()
            .find(|existing| existing.name == profile.name)
        {
            Some(existing) => *existing = profile,
            None => self.profiles.push(profile),
        }
    }

    /// Removes a profile; the active one becomes none if it was this one.
    pub fn remove(&mut self, name: &str) -> Option<Profile> {
        let index = self
            .profiles
            .iter()
            .position(|profile| profile.name == name)?;
        if self.active.as_deref() == Some(name) {
            self.active = None;
        }
        Some(self.profiles.remove(index))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn profile(name: &str, environment: &str) -> Profile {
        Profile {
            name: name.to_owned(),
            environment: environment.to_owned(),
            organization_id: "org".to_owned(),
        }
    }

    #[test]
    fn profiles_round_trip_through_an_owner_only_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("nested").join("profiles.json");
        assert_eq!(ProfileSet::load(&path).unwrap(), ProfileSet::default());

        let mut set = ProfileSet::default();
        set.upsert(profile("live", "production"));
        set.upsert(profile("test", "sandbox"));
        set.upsert(profile("live", "sandbox"));
        set.active = Some("live".to_owned());
        set.save(&path).unwrap();

        let loaded = ProfileSet::load(&path).unwrap();
        assert_eq!(loaded, set);
        assert_eq!(loaded.profiles.len(), 2);
        assert_eq!(
            loaded.active_profile().map(|p| p.environment.as_str()),
            Some("sandbox")
        );
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt as _;
            assert_eq!(
                std::fs::metadata(&path).unwrap().permissions().mode() & 0o777,
                0o600
            );
        }
    }

    #[test]
    fn removing_the_active_profile_clears_the_choice() {
        let mut set = ProfileSet {
            profiles: vec![profile("a", "sandbox")],
            active: Some("a".to_owned()),
        };
        assert!(set.remove("a").is_some());
        assert_eq!(set.active, None);
        assert!(set.remove("a").is_none());
    }

    #[test]
    fn a_garbled_file_is_an_error_that_names_it() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("profiles.json");
        std::fs::write(&path, b"{not json").unwrap();
        let err = ProfileSet::load(&path).unwrap_err();
        assert!(err.to_string().contains("profiles.json"), "{err}");
    }
}
