//! `SyncError`: what can fail in the sync layer itself: starting the worker, and the cache
//! file (its folder, its permissions, `SQLite`). Failed requests to Credly stay `ApiError`s.

use std::io;
use std::path::PathBuf;

use rusqlite::ErrorCode;

/// A failure of the sync worker or of the local event cache.
#[derive(Debug, thiserror::Error)]
pub enum SyncError {
    #[error("no data folder is known for this user, so the event cache has no place")]
    NoDataDirectory,

    #[error("could not create the cache folder {}", path.display())]
    CreateDirectory {
        path: PathBuf,
        #[source]
        source: io::Error,
    },

    #[error("could not create the cache file {} owner-only", path.display())]
    CreateFile {
        path: PathBuf,
        #[source]
        source: io::Error,
    },

    #[error("could not {action} the event cache {}", path.display())]
    Cache {
        action: &'static str,
        path: PathBuf,
        #[source]
        source: rusqlite::Error,
    },

    #[error(
        "the event cache {} comes from a newer version of the app (schema {found}; this one reads up to {supported})",
        path.display()
    )]
    NewerSchema {
        path: PathBuf,
        found: i64,
        supported: i64,
    },

    #[error("could not move the unusable event cache {} aside", path.display())]
    MoveAside {
        path: PathBuf,
        #[source]
        source: io::Error,
    },

    #[error("could not start the sync worker")]
    StartWorker {
        #[source]
        source: io::Error,
    },
}

impl SyncError {
    /// Whether the cache file is damaged or not a database at all: it should be moved aside
    /// and rebuilt.
    pub fn is_corrupt_cache(&self) -> bool {
        match self {
            Self::Cache { source, .. } => matches!(
                source.sqlite_error_code(),
                Some(ErrorCode::DatabaseCorrupt | ErrorCode::NotADatabase)
            ),
            _ => false,
        }
    }

    /// The message and every cause below it, for the log and for the user's detail view.
    pub fn chain(&self) -> String {
        let mut text = self.to_string();
        let mut source = std::error::Error::source(self);
        while let Some(cause) = source {
            text.push_str(": ");
            text.push_str(&cause.to_string());
            source = cause.source();
        }
        text
    }
}
