//! Where the event cache lives and how its file is made: one `SQLite` file per environment and
//! organization in the user's data folder, owner-only, and moved aside when unusable.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use chrono::Utc;

use super::SyncError;
use crate::api::ApiBase;
use crate::model::OrganizationId;

/// The longest part of a file name taken from the environment or the organization id.
const MAX_NAME_PART: usize = 60;

/// The files `SQLite` keeps beside a database in WAL mode.
const COMPANION_SUFFIXES: [&str; 2] = ["-wal", "-shm"];

/// The cache file of an organization in the OS data folder:
/// `<data>/credly-monitor/cache/<environment>-<organization>.sqlite3`.
pub fn default_cache_path(
    base: &ApiBase,
    organization_id: &OrganizationId,
) -> Result<PathBuf, SyncError> {
    let dirs = directories::BaseDirs::new().ok_or(SyncError::NoDataDirectory)?;
    Ok(dirs
        .data_local_dir()
        .join("credly-monitor")
        .join("cache")
        .join(cache_file_name(base, organization_id)))
}

/// The cache's file name for an environment and organization, safe on every file system.
pub fn cache_file_name(base: &ApiBase, organization_id: &OrganizationId) -> String {
    format!(
        "{}-{}.sqlite3",
        sanitize(&base.key()),
        sanitize(organization_id.as_str())
    )
}

/// Keeps letters, digits, `.`, `_` and `-`; anything else becomes `_`. When that changed the
/// text (or it was too long), a hash of the original is appended so that two different
/// names never share a file.
fn sanitize(text: &str) -> String {
    let mut safe: String = text
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-') {
                c
            } else {
                '_'
            }
        })
        .take(MAX_NAME_PART)
        .collect();
    let safe_start = safe.trim_start_matches('.').len();
    if safe != text || safe_start != safe.len() || safe.is_empty() {
        safe = format!("{}_{:08x}", safe.trim_start_matches('.'), fnv1a(text));
    }
    safe
}

/// A stable 32-bit hash (FNV-1a), for file names only.
fn fnv1a(text: &str) -> u32 {
    text.bytes().fold(0x811c_9dc5, |hash, byte| {
        (hash ^ u32::from(byte)).wrapping_mul(0x0100_0193)
    })
}

/// Creates the cache's folder (owner-only) and file (owner read and write only) before `SQLite`
/// opens it, and tightens the permissions of an existing file.
pub(super) fn prepare(path: &Path) -> Result<(), SyncError> {
    if let Some(dir) = path.parent().filter(|dir| !dir.as_os_str().is_empty()) {
        create_private_dir(dir).map_err(|source| SyncError::CreateDirectory {
            path: dir.to_path_buf(),
            source,
        })?;
    }
    create_private_file(path).map_err(|source| SyncError::CreateFile {
        path: path.to_path_buf(),
        source,
    })
}

/// Creates `dir` and its parents, readable by their owner only where the OS has modes; an
/// existing folder is left as it is.
#[cfg(unix)]
pub(crate) fn create_private_dir(dir: &Path) -> io::Result<()> {
    use std::os::unix::fs::DirBuilderExt as _;

    if dir.is_dir() {
        return Ok(());
    }
    fs::DirBuilder::new()
        .recursive(true)
        .mode(0o700)
        .create(dir)
}

#[cfg(not(unix))]
pub(crate) fn create_private_dir(dir: &Path) -> io::Result<()> {
    // The per-user data folder is private on these systems already.
    fs::create_dir_all(dir)
}

#[cfg(unix)]
fn create_private_file(path: &Path) -> io::Result<()> {
    use std::os::unix::fs::{OpenOptionsExt as _, PermissionsExt as _};

    let file = fs::OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .mode(0o600)
        .open(path)?;
    // An older file, or one made under another umask, is tightened too.
    file.set_permissions(fs::Permissions::from_mode(0o600))
}

#[cfg(not(unix))]
fn create_private_file(path: &Path) -> io::Result<()> {
    fs::OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(path)
        .map(drop)
}

/// Renames an unusable cache (and its WAL companions) to `<name>.<label>-<timestamp>` beside
/// it; returns the new path of the main file.
pub(super) fn move_aside(path: &Path, label: &str) -> Result<PathBuf, SyncError> {
    let stamp = Utc::now().format("%Y%m%dT%H%M%SZ");
    let file_name = path
        .file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut target = path.with_file_name(format!("{file_name}.{label}-{stamp}"));
    let mut attempt = 1;
    while target.exists() {
        attempt += 1;
        target = path.with_file_name(format!("{file_name}.{label}-{stamp}-{attempt}"));
    }

    let fail = |source| SyncError::MoveAside {
        path: path.to_path_buf(),
        source,
    };
    fs::rename(path, &target).map_err(fail)?;
    for suffix in COMPANION_SUFFIXES {
        let companion = with_suffix(path, suffix);
        if companion.exists() {
            fs::rename(&companion, with_suffix(&target, suffix)).map_err(fail)?;
        }
    }
    Ok(target)
}

fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_are_safe_and_distinct() {
        let org = OrganizationId::new("8e3f5a2c-4b1d-4e6f-9a7c-2d5b8c1e0f43");
        let cases = [
            (
                ApiBase::Production,
                "production-8e3f5a2c-4b1d-4e6f-9a7c-2d5b8c1e0f43.sqlite3",
            ),
            (
                ApiBase::Sandbox,
                "sandbox-8e3f5a2c-4b1d-4e6f-9a7c-2d5b8c1e0f43.sqlite3",
            ),
        ];
        for (base, expected) in cases {
            assert_eq!(cache_file_name(&base, &org), expected);
        }

        let custom = |url: &str| ApiBase::custom(url).unwrap();
        let a = cache_file_name(&custom("http://127.0.0.1:8080/v1"), &org);
        let b = cache_file_name(&custom("http://127.0.0.1:8081/v1"), &org);
        assert_ne!(a, b);
        for name in [&a, &b] {
            assert!(name.starts_with("http___127.0.0.1_808"), "{name}");
            assert!(
                name.chars()
                    .all(|c| c.is_ascii_alphanumeric() || "._-".contains(c))
            );
        }
        let tricky = cache_file_name(&ApiBase::Production, &OrganizationId::new("../../etc"));
        assert!(
            !tricky.contains('/') && !tricky.starts_with('.'),
            "{tricky}"
        );
        assert_ne!(sanitize("a/b"), sanitize("a_b"));
        assert!(sanitize(&"x".repeat(500)).len() < 80);
    }

    #[cfg(unix)]
    #[test]
    fn the_folder_and_file_are_owner_only() {
        use std::os::unix::fs::PermissionsExt as _;

        let root = tempfile::tempdir().unwrap();
        let path = root.path().join("a/b/cache.sqlite3");
        prepare(&path).unwrap();
        let mode = |p: &Path| fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&path), 0o600);
        assert_eq!(mode(path.parent().unwrap()), 0o700);

        fs::set_permissions(&path, fs::Permissions::from_mode(0o644)).unwrap();
        prepare(&path).unwrap();
        assert_eq!(mode(&path), 0o600, "an existing file is tightened");
    }

    #[test]
    fn moving_aside_takes_the_wal_files_along() {
        let root = tempfile::tempdir().unwrap();
        let path = root.path().join("c.sqlite3");
        for name in ["c.sqlite3", "c.sqlite3-wal", "c.sqlite3-shm"] {
            fs::write(root.path().join(name), name).unwrap();
        }
        let first = move_aside(&path, "corrupt").unwrap();
        fs::write(&path, "again").unwrap();
        let second = move_aside(&path, "corrupt").unwrap();
        assert_ne!(first, second);
        assert!(!path.exists());
        assert_eq!(
            fs::read_to_string(with_suffix(&first, "-wal")).unwrap(),
            "c.sqlite3-wal"
        );
        assert!(
            first
                .file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with("c.sqlite3.corrupt-")
        );
    }
}
