//! The command-line arguments.

use std::net::SocketAddr;
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::api::ApiBase;
use crate::export::ExportFormat;
use crate::fake::ListOrder;
use crate::model::{Timestamp, parse_timestamp};

/// Watch, search and export the events of a Credly organization.
#[derive(Debug, Parser)]
#[command(name = "credly-monitor", version, about)]
pub struct Cli {
    /// Run against a built-in demo server on this machine: no account needed.
    #[arg(long)]
    pub demo: bool,

    /// Log level or filter, e.g. `debug` or `credly_monitor=trace`.
    #[arg(
        long,
        global = true,
        default_value = "info",
        env = "CREDLY_MONITOR_LOG"
    )]
    pub log_level: String,

    /// Write the daily log files here instead of the OS's log directory.
    #[arg(
        long,
        global = true,
        value_name = "DIR",
        env = "CREDLY_MONITOR_LOG_DIR"
    )]
    pub log_dir: Option<PathBuf>,

    /// Log to standard error only, with no log file.
    #[arg(long, global = true, conflicts_with = "log_dir")]
    pub no_log_file: bool,

    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Write an organization's events to a JSON or NDJSON file.
    Export(ExportArgs),
    /// Run the demo server alone and print how to reach it.
    DemoServer(DemoServerArgs),
    /// Store an organization's token in the OS keyring (read from standard input, not echoed).
    Login(LoginArgs),
    /// Remove an organization's token from the OS keyring.
    Logout(LogoutArgs),
}

/// Which organization of which Credly API a command works on.
#[derive(Debug, Args)]
pub struct TargetArgs {
    /// The organization's id.
    #[arg(long = "org", value_name = "ORG_ID")]
    pub organization_id: String,

    /// Which Credly API to use (default: production).
    #[arg(long = "env", value_enum, conflicts_with = "base_url")]
    pub environment: Option<EnvArg>,

    /// Another API base, e.g. the demo server's. Must be HTTPS unless it is on loopback.
    #[arg(long, value_name = "URL")]
    pub base_url: Option<String>,
}

impl TargetArgs {
    pub fn api_base(&self) -> Result<ApiBase, crate::api::ApiError> {
        match (&self.base_url, self.environment) {
            (Some(url), _) => ApiBase::custom(url),
            (None, Some(EnvArg::Sandbox)) => Ok(ApiBase::Sandbox),
            (None, Some(EnvArg::Production) | None) => Ok(ApiBase::Production),
        }
    }

    pub fn organization_id(&self) -> String {
        self.organization_id.trim().to_owned()
    }
}

/// `credly-monitor login`.
#[derive(Debug, Args)]
pub struct LoginArgs {
    #[command(flatten)]
    pub target: TargetArgs,

    /// The profile to create or update for this organization (default: its id and
    /// environment).
    #[arg(long, value_name = "NAME")]
    pub profile: Option<String>,

    /// Store the token without first checking it against the API.
    #[arg(long)]
    pub no_verify: bool,
}

/// `credly-monitor logout`.
#[derive(Debug, Args)]
pub struct LogoutArgs {
    #[command(flatten)]
    pub target: TargetArgs,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum EnvArg {
    Production,
    Sandbox,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum FormatArg {
    Json,
    Ndjson,
}

impl From<FormatArg> for ExportFormat {
    fn from(format: FormatArg) -> Self {
        match format {
            FormatArg::Json => Self::Json,
            FormatArg::Ndjson => Self::Ndjson,
        }
    }
}

/// `credly-monitor export`. The token comes from `CREDLY_TOKEN`, else from the OS keyring.
#[derive(Debug, Args)]
pub struct ExportArgs {
    #[command(flatten)]
    pub target: TargetArgs,

    /// The file to write, or `-` for standard output.
    #[arg(long, value_name = "FILE")]
    pub out: String,

    #[arg(long, value_enum, default_value = "json")]
    pub format: FormatArg,

    /// Also fetch each event's detail.
    #[arg(long)]
    pub details: bool,

    /// Keep events of this type; a trailing `*` matches a prefix (`badge.*`). Repeatable.
    #[arg(long = "type", value_name = "PATTERN")]
    pub types: Vec<String>,

    /// Keep events that occurred at or after this time (RFC 3339).
    #[arg(long, value_name = "RFC3339", value_parser = parse_time_arg)]
    pub since: Option<Timestamp>,

    /// Keep events that occurred before this time (RFC 3339).
    #[arg(long, value_name = "RFC3339", value_parser = parse_time_arg)]
    pub until: Option<Timestamp>,

    /// Print nothing but errors.
    #[arg(long)]
    pub quiet: bool,

    /// Requests in flight at once.
    #[arg(long, default_value_t = 4, value_parser = clap::value_parser!(u16).range(1..=16))]
    pub concurrency: u16,

    /// How often a request that failed for a passing reason (5xx, 429, timeout, dropped
    /// connection) is tried again, with growing pauses, before the export gives up.
    #[arg(long, default_value_t = 5, value_parser = clap::value_parser!(u32).range(0..=20))]
    pub retries: u32,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum OrderArg {
    NewestFirst,
    OldestFirst,
}

impl From<OrderArg> for ListOrder {
    fn from(order: OrderArg) -> Self {
        match order {
            OrderArg::NewestFirst => Self::NewestFirst,
            OrderArg::OldestFirst => Self::OldestFirst,
        }
    }
}

/// `credly-monitor demo-server`.
#[derive(Debug, Args)]
pub struct DemoServerArgs {
    /// Where to listen; loopback addresses only.
    #[arg(long, default_value = "127.0.0.1:0")]
    pub addr: SocketAddr,

    /// How many events the demo organization's history holds.
    #[arg(long, default_value_t = 2_000)]
    pub events: usize,

    /// Seed of the generated history: the same seed gives the same organization.
    #[arg(long, default_value_t = 42)]
    pub seed: u64,

    /// Keep producing new events while running.
    #[arg(long)]
    pub live: bool,

    /// Order of the events list.
    #[arg(long, value_enum, default_value = "newest-first")]
    pub order: OrderArg,

    /// Events per page (Credly serves at most 50).
    #[arg(long, default_value_t = 50, value_parser = clap::value_parser!(u16).range(1..=50))]
    pub page_size: u16,

    /// Delay added to every answer, in milliseconds.
    #[arg(long, default_value_t = 0)]
    pub latency_ms: u64,
}

fn parse_time_arg(text: &str) -> Result<Timestamp, String> {
    parse_timestamp(text)
        .ok_or_else(|| format!("{text:?} is not an RFC 3339 time such as 2026-01-31T00:00:00Z"))
}

/// Where the headless commands find the token.
pub const TOKEN_VARIABLE: &str = "CREDLY_TOKEN";
