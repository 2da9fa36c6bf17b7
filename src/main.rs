//! Start-up: arguments, logging, the async runtime, then the chosen command.

use std::process::ExitCode;

use clap::Parser as _;
use credly_monitor::app::{CredlyApp, DemoSetup, ProfileSetup};
use credly_monitor::cli::{self, Cli, Command, Console, Exit};

fn main() -> ExitCode {
    let cli = Cli::parse();
    let console = Console { quiet: false };
    let log_dir = if cli.no_log_file {
        None
    } else {
        cli.log_dir.clone().or_else(cli::default_log_dir)
    };
    let _log_guard = match cli::init_logging(&cli.log_level, log_dir.as_deref()) {
        Ok(guard) => {
            if let Some(err) = &guard.file_error {
                console.error(&format!("{err}: logging to standard error only"));
            }
            guard
        }
        Err(err) => {
            console.error(&format!("{err:#}"));
            return Exit::Usage.into();
        }
    };
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
        None => return run_window(&runtime, &cli, console),
    };
    exit.into()
}

/// Opens the window on the demo organization or the active profile.
fn run_window(runtime: &tokio::runtime::Runtime, cli: &Cli, console: Console) -> ExitCode {
    let start = if cli.demo {
        match DemoSetup::start(runtime) {
            Ok(start) => start,
            Err(err) => {
                console.error(&format!("cannot start the demo server: {err}"));
                return ExitCode::FAILURE;
            }
        }
    } else {
        ProfileSetup::start()
    };
    // Views and promises that spawn tasks find the runtime through this guard.
    let _guard = runtime.enter();
    let options = eframe::NativeOptions {
        renderer: eframe::Renderer::Glow,
        viewport: egui::ViewportBuilder::default()
            .with_title("Credly Monitor")
            .with_inner_size([1280.0, 800.0])
            .with_min_inner_size([900.0, 500.0]),
        ..eframe::NativeOptions::default()
    };
    let result = eframe::run_native(
        "credly-monitor",
        options,
        Box::new(|cc| Ok(Box::new(CredlyApp::new(cc, start)))),
    );
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            console.error(&format!(
                "cannot open the window: {err}. Headless commands (export, login) still work."
            ));
            ExitCode::FAILURE
        }
    }
}
