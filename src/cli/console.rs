//! Messages of the headless commands on standard error, and their progress bars.

use std::io::{self, IsTerminal as _, Write as _};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use indicatif::{ProgressBar, ProgressStyle};

/// Writes progress and results on standard error; `quiet` keeps only errors.
#[derive(Clone, Copy, Debug)]
pub struct Console {
    pub quiet: bool,
}

impl Console {
    /// A line for the user, unless quiet.
    pub fn info(self, message: &str) {
        if !self.quiet {
            write_stderr(message);
        }
    }

    /// An error line, always shown.
    pub fn error(self, message: &str) {
        write_stderr(&format!("error: {message}"));
    }

    /// Progress of a long step on standard error: a bar on a terminal, else a line at every
    /// quarter of the way; nothing when quiet.
    pub fn progress(self, what: &'static str) -> Progress {
        let bar = if self.quiet || !io::stderr().is_terminal() {
            ProgressBar::hidden()
        } else {
            let bar = ProgressBar::new_spinner().with_message(what);
            bar.set_style(
                ProgressStyle::with_template("{spinner} {msg}: {pos}/{len} {wide_bar} {elapsed}")
                    .expect("the progress template is valid"),
            );
            bar.enable_steady_tick(Duration::from_millis(200));
            bar
        };
        let lines = !self.quiet && !io::stderr().is_terminal();
        Progress {
            bar,
            what,
            lines,
            quarters_shown: AtomicU64::new(0),
        }
    }
}

/// See [`Console::progress`].
#[derive(Debug)]
pub struct Progress {
    bar: ProgressBar,
    what: &'static str,
    /// Whether to write plain lines (standard error is a file or a pipe).
    lines: bool,
    quarters_shown: AtomicU64,
}

impl Progress {
    pub fn update(&self, done: u64, total: u64) {
        self.bar.set_length(total);
        self.bar.set_position(done);
        if !self.lines || total == 0 {
            return;
        }
        let quarters = done.saturating_mul(4) / total;
        if quarters > self.quarters_shown.fetch_max(quarters, Ordering::Relaxed) {
            write_stderr(&format!("{} {done}/{total}", self.what));
        }
    }

    pub fn finish(&self) {
        self.bar.finish_and_clear();
    }
}

fn write_stderr(line: &str) {
    // Nothing sensible is left to do when standard error itself is gone.
    let _ = writeln!(io::stderr().lock(), "{line}");
}
