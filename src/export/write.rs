//! Writing an export to a file atomically, owner-readable only, or to standard output.

use std::io::{self, Write as _};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// A partial file older than this beside an export's path was left by a run killed while
/// writing; the next export to that path removes it. Younger ones may be another run's.
const STALE_PARTIAL_AGE: Duration = Duration::from_secs(10 * 60);

/// The suffix of the temporary file an export is written to before it is renamed.
const PARTIAL_SUFFIX: &str = ".partial";

/// Where an export goes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ExportTarget {
    File(PathBuf),
    Stdout,
}

impl ExportTarget {
    /// `-` means standard output.
    pub fn parse(text: &str) -> Self {
        if text == "-" {
            Self::Stdout
        } else {
            Self::File(PathBuf::from(text))
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error("cannot create a temporary file beside {path}: {source}")]
    CreateTemp { path: PathBuf, source: io::Error },

    #[error("cannot write the export to {path}: {source}")]
    Write { path: PathBuf, source: io::Error },

    #[error("cannot move the finished export to {path}: {source}")]
    Rename { path: PathBuf, source: io::Error },

    #[error("cannot write the export to standard output: {source}")]
    Stdout { source: io::Error },
}

/// Writes `bytes` to the target. A file is written under a temporary name beside its final
/// path, synced, then renamed, so that no partial file is ever left at `path`; it is readable
/// by its owner only, since exports hold personal data.
pub fn write_export(target: &ExportTarget, bytes: &[u8]) -> Result<(), ExportError> {
    match target {
        ExportTarget::Stdout => {
            let mut stdout = io::stdout().lock();
            stdout
                .write_all(bytes)
                .and_then(|()| stdout.flush())
                .map_err(|source| ExportError::Stdout { source })
        }
        ExportTarget::File(path) => write_file_atomically(path, bytes),
    }
}

fn write_file_atomically(path: &Path, bytes: &[u8]) -> Result<(), ExportError> {
    let dir = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let file_name = path
        .file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_default();

    let prefix = format!(".{file_name}.");
    remove_stale_partials(&dir, &prefix);

    // The temporary file is created with mode 0600 and removed if anything below fails.
    let mut temp = tempfile::Builder::new()
        .prefix(&prefix)
        .suffix(PARTIAL_SUFFIX)
        .tempfile_in(&dir)
        .map_err(|source| ExportError::CreateTemp {
            path: path.to_path_buf(),
            source,
        })?;
    let write_error = |source| ExportError::Write {
        path: path.to_path_buf(),
        source,
    };
    temp.write_all(bytes).map_err(write_error)?;
    temp.as_file().sync_all().map_err(write_error)?;
    temp.persist(path).map_err(|err| ExportError::Rename {
        path: path.to_path_buf(),
        source: err.error,
    })?;
    Ok(())
}

/// Removes the partial files that runs killed while writing to this path left in `dir`.
fn remove_stale_partials(dir: &Path, prefix: &str) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if !name.starts_with(prefix) || !name.ends_with(PARTIAL_SUFFIX) {
            continue;
        }
        let is_stale = entry
            .metadata()
            .and_then(|metadata| metadata.modified())
            .is_ok_and(|modified| modified.elapsed().is_ok_and(|age| age > STALE_PARTIAL_AGE));
        if is_stale {
            match std::fs::remove_file(entry.path()) {
                Ok(()) => tracing::info!("removed the partial file of an interrupted export"),
                Err(err) => tracing::debug!(%err, "cannot remove an interrupted export's file"),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_are_written_whole_and_owner_readable() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.json");
        write_export(&ExportTarget::File(path.clone()), b"{}\n").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"{}\n");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt as _;
            let mode = std::fs::metadata(&path).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        let leftovers: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(leftovers.len(), 1, "no temporary file is left behind");
    }

    #[test]
    fn a_missing_directory_fails_without_leaving_anything() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("missing").join("out.json");
        let err = write_export(&ExportTarget::File(path.clone()), b"{}").unwrap_err();
        assert!(matches!(err, ExportError::CreateTemp { .. }), "{err}");
        assert!(!path.exists());
    }

    #[test]
    fn partial_files_of_killed_runs_are_removed_and_fresh_ones_kept() {
        let dir = tempfile::tempdir().unwrap();
        let stale = dir.path().join(".out.json.a1b2c3.partial");
        let fresh = dir.path().join(".out.json.d4e5f6.partial");
        let other = dir.path().join(".notes.txt.a1b2c3.partial");
        for path in [&stale, &fresh, &other] {
            std::fs::write(path, b"{\"events\": [").unwrap();
        }
        let an_hour_ago = std::time::SystemTime::now() - Duration::from_secs(3600);
        for path in [&stale, &other] {
            let file = std::fs::File::options().write(true).open(path).unwrap();
            file.set_modified(an_hour_ago).unwrap();
        }

        let path = dir.path().join("out.json");
        write_export(&ExportTarget::File(path.clone()), b"{}\n").unwrap();
        assert!(!stale.exists(), "a killed run's partial file is removed");
        assert!(
            fresh.exists(),
            "a partial file being written may be another run's"
        );
        assert!(other.exists(), "another path's files are left alone");
        assert_eq!(std::fs::read(&path).unwrap(), b"{}\n");
    }
}
