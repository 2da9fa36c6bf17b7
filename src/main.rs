//! Start-up: arguments, logging, the async runtime, then the chosen command.

use std::process::ExitCode;

use anyhow::Context as _;
use clap::Parser as _;
use credly_monitor::cli::{self, Cli, Command, Console, Exit};
use tracing_subscriber::EnvFilter;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let console = Console { quiet: false };
    if let Err(err) = init_logging(&cli.log_level) {
        console.error(&format!("{err:#}"));
        return Exit::Usage.into();
    }
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(err) => {
            console.error(&format!("cannot start the async runtime: {err}"));
            return ExitCode::FAILURE;
        }
    };

    let exit = match &cli.command {
        Some(Command::Export(args)) => {
            let token = match cli::resolve_token(&args.target, console) {
                Ok(token) => token,
                Err(exit) => return exit.into(),
            };
            runtime.block_on(cli::run_export(args, token))
        }
        Some(Command::Login(args)) => runtime.block_on(cli::run_login(args, console)),
        Some(Command::Logout(args)) => runtime.block_on(cli::run_logout(args, console)),
        Some(Command::DemoServer(args)) => runtime.block_on(cli::run_demo_server(args, console)),
        None => runtime.block_on(cli::run_demo_until_window(cli.demo, console)),
    };
    exit.into()
}

fn init_logging(level: &str) -> anyhow::Result<()> {
    let filter =
        EnvFilter::try_new(level).with_context(|| format!("invalid --log-level {level:?}"))?;
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .init();
    Ok(())
}
