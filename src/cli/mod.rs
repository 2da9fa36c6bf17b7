//! The command line: arguments, and the headless commands scripts use.
//!
//! Uses `api`, `export`, `fake`, `model` and `credentials`; prints only through [`Console`].

mod args;
mod console;
mod demo_server;
mod export;
mod logging;
mod login;

pub use args::{
    Cli, Command, DemoServerArgs, ExportArgs, FormatArg, LoginArgs, LogoutArgs, OrderArg,
    TOKEN_VARIABLE, TargetArgs,
};
pub use console::Console;
pub use demo_server::{demo_config, run_demo_server};
pub use export::run_export;
pub use logging::{LOG_FILE_PREFIX, LogGuard, LoggingError, default_log_dir, init_logging};
pub use login::{resolve_token, run_login, run_logout};

/// The exit codes of the headless commands. Scripts rely on them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Exit {
    Success = 0,
    /// The export was written, but some details could not be fetched.
    PartialDetails = 1,
    Usage = 2,
    /// The token was rejected (401) or lacks the right (403).
    CredentialsRejected = 3,
    /// The API could not be reached, or kept failing after retries.
    ApiFailed = 4,
    /// The output could not be written.
    OutputFailed = 5,
    /// The OS keyring could not be used.
    KeyringUnavailable = 6,
    /// Stopped by Ctrl-C or SIGTERM before the export was written; 130 is what shells
    /// report for Ctrl-C (128 + SIGINT), used for both.
    Interrupted = 130,
}

impl From<Exit> for std::process::ExitCode {
    fn from(exit: Exit) -> Self {
        Self::from(exit as u8)
    }
}
