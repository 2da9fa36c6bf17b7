//! Where logs go: standard error, and a daily log file in the OS's log directory.
//!
//! Log lines carry ids, counts, hosts and error kinds; callers never log tokens, names or
//! emails, so neither destination holds credentials or personal data.

use std::path::{Path, PathBuf};

use tracing_appender::non_blocking::WorkerGuard;
use tracing_appender::rolling::{RollingFileAppender, Rotation};
use tracing_subscriber::EnvFilter;
use tracing_subscriber::layer::SubscriberExt as _;
use tracing_subscriber::util::SubscriberInitExt as _;

use crate::sync::create_private_dir;

/// Log files start with this; the rest of the name is the day and `.log`.
pub const LOG_FILE_PREFIX: &str = "credly-monitor";

/// Days of log files kept; older ones are deleted as new ones start.
const NUM_LOG_FILES_KEPT: usize = 7;

/// The OS's place for this app's logs: `$XDG_STATE_HOME/credly-monitor/logs` on Linux,
/// `~/Library/Logs/credly-monitor` on macOS and
/// `%LOCALAPPDATA%\credly-monitor\credly-monitor\data\logs` on Windows.
pub fn default_log_dir() -> Option<PathBuf> {
    let project = directories::ProjectDirs::from("com", "credly-monitor", "credly-monitor")?;
    if cfg!(target_os = "macos") {
        let base = directories::BaseDirs::new()?;
        return Some(base.home_dir().join("Library/Logs/credly-monitor"));
    }
    Some(match project.state_dir() {
        Some(state) => state.join("logs"),
        None => project.data_local_dir().join("logs"),
    })
}

/// Why logging could not be set up as asked.
#[derive(Debug, thiserror::Error)]
pub enum LoggingError {
    #[error("invalid --log-level {level:?}: {source}")]
    Level {
        level: String,
        source: tracing_subscriber::filter::ParseError,
    },

    #[error("logging was already set up")]
    AlreadySet,

    #[error("cannot create the log directory {}: {source}", dir.display())]
    CreateDir {
        dir: PathBuf,
        source: std::io::Error,
    },

    #[error("cannot open a log file in {}: {source}", dir.display())]
    OpenFile {
        dir: PathBuf,
        source: tracing_appender::rolling::InitError,
    },
}

/// Keeps the log file's writer running; logs still queued are written when it is dropped,
/// so hold it until the process ends.
#[must_use = "dropping the guard stops the log file"]
pub struct LogGuard {
    _file: Option<WorkerGuard>,
    /// Why the log file could not be opened, for the caller to show.
    pub file_error: Option<String>,
}

/// Sends logs at `level` (a level or an `EnvFilter` directive) to standard error and, unless
/// `dir` is `None`, to a daily file in `dir`.
pub fn init_logging(level: &str, dir: Option<&Path>) -> Result<LogGuard, LoggingError> {
    let filter = EnvFilter::try_new(level).map_err(|source| LoggingError::Level {
        level: level.to_owned(),
        source,
    })?;
    let stderr = tracing_subscriber::fmt::layer().with_writer(std::io::stderr);
    let (file, guard, file_error) = match dir.map(open_log_file).transpose() {
        Ok(Some(appender)) => {
            let (writer, guard) = tracing_appender::non_blocking(appender);
            let layer = tracing_subscriber::fmt::layer()
                .with_ansi(false)
                .with_writer(writer);
            (Some(layer), Some(guard), None)
        }
        Ok(None) => (None, None, None),
        Err(err) => (None, None, Some(err.to_string())),
    };
    tracing_subscriber::registry()
        .with(filter)
        .with(stderr)
        .with(file)
        .try_init()
        .map_err(|_| LoggingError::AlreadySet)?;
    Ok(LogGuard {
        _file: guard,
        file_error,
    })
}

fn open_log_file(dir: &Path) -> Result<RollingFileAppender, LoggingError> {
    // Owner-only: logs name the organizations watched.
    create_private_dir(dir).map_err(|source| LoggingError::CreateDir {
        dir: dir.to_path_buf(),
        source,
    })?;
    RollingFileAppender::builder()
        .rotation(Rotation::DAILY)
        .filename_prefix(LOG_FILE_PREFIX)
        .filename_suffix("log")
        .max_log_files(NUM_LOG_FILES_KEPT)
        .build(dir)
        .map_err(|source| LoggingError::OpenFile {
            dir: dir.to_path_buf(),
            source,
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(unix)]
    #[test]
    fn the_log_directory_is_private() {
        use std::os::unix::fs::PermissionsExt as _;

        let root = tempfile::tempdir().unwrap();
        let dir = root.path().join("state/credly-monitor/logs");
        create_private_dir(&dir).unwrap();
        let mode = std::fs::metadata(&dir).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o700);
    }
}
