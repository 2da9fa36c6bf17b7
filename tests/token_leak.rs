//! The token goes to the API's Authorization header and the keyring, nowhere else: after a
//! full sync, detail fetches, an export and a saved profile, the profiles file, the window's
//! settings (saved while a worker holds the token), the cache database (and its WAL), the
//! export, the log file and the logs on stderr are searched for it, as itself and in the
//! Base64 form the Authorization header carries.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use base64::Engine as _;
use credly_monitor::api::ApiBase;
use credly_monitor::app::{CredlyApp, Prefs};
use credly_monitor::credentials::{Profile, ProfileSet, Secret};
use credly_monitor::fake::{FakeConfig, FakeServer};
use credly_monitor::model::{EventId, OrganizationId};
use credly_monitor::sync::{
    SyncOptions, SyncStatus, SyncTarget, SyncWorker, WorkerCommand, WorkerReport,
};

const TOKEN: &str = "canary-token-7f3e9a1c55d2";

/// A log sink that keeps everything written to it.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0
            .lock()
            .expect("no writer panicked")
            .extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

fn files_under(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).expect("a readable dir").flatten() {
        let path = entry.path();
        if path.is_dir() {
            files.extend(files_under(&path));
        } else {
            files.push(path);
        }
    }
    files
}

/// The window's settings as eframe keeps them: RON strings by key.
#[derive(Default)]
struct Settings(BTreeMap<String, String>);

impl eframe::Storage for Settings {
    fn get_string(&self, key: &str) -> Option<String> {
        self.0.get(key).cloned()
    }

    fn set_string(&mut self, key: &str, value: String) {
        self.0.insert(key.to_owned(), value);
    }

    fn remove_string(&mut self, key: &str) {
        self.0.remove(key);
    }

    fn flush(&mut self) {}
}

/// Whether `haystack` holds the token, as itself or as the Basic credentials it is sent in.
fn contains(haystack: &[u8], token: &str) -> bool {
    let basic = base64::engine::general_purpose::STANDARD.encode(format!("{token}:"));
    [token, basic.as_str(), basic.trim_end_matches('=')]
        .iter()
        .any(|needle| {
            haystack
                .windows(needle.len())
                .any(|window| window == needle.as_bytes())
        })
}

/// Runs the worker until the backfill is done and three details arrived.
fn sync_with_details(target: SyncTarget) {
    let worker = SyncWorker::start(target, SyncOptions::default(), Arc::new(|| {}))
        .expect("the worker starts");
    let deadline = Instant::now() + Duration::from_secs(30);
    let mut ids: Vec<EventId> = Vec::new();
    let mut num_details = 0;
    let mut synced = false;
    while num_details < 3 {
        assert!(Instant::now() < deadline, "the sync did not finish in time");
        let Some(report) = worker.try_recv() else {
            std::thread::sleep(Duration::from_millis(10));
            continue;
        };
        match report {
            WorkerReport::NewEvents(events) => ids.extend(events.into_iter().map(|event| event.id)),
            WorkerReport::Status(SyncStatus::Waiting { .. }) if !synced => {
                synced = true;
                for id in ids.iter().take(3) {
                    assert!(worker.send(WorkerCommand::FetchDetail(id.clone())));
                }
            }
            WorkerReport::DetailLoaded { .. } => num_details += 1,
            _ => {}
        }
    }
}

/// Saves the window's settings, as eframe does on exit, while its worker holds the token,
/// and writes them to `path`.
fn save_window_settings(target: &SyncTarget, path: &Path) {
    let mut app = CredlyApp::empty(Prefs::default());
    "priya".clone_into(&mut app.prefs_mut().filter.search);
    app.attach_worker(
        SyncWorker::start(target.clone(), SyncOptions::default(), Arc::new(|| {}))
            .expect("the worker starts"),
        target,
    );
    let mut settings = Settings::default();
    eframe::App::save(&mut app, &mut settings);
    assert!(!settings.0.is_empty(), "the window saved its settings");
    let mut ron = String::new();
    for (key, value) in &settings.0 {
        ron.push_str(key);
        ron.push_str(": ");
        ron.push_str(value);
        ron.push('\n');
    }
    assert!(
        ron.contains("priya"),
        "the settings hold the filters: {ron}"
    );
    std::fs::write(path, ron).expect("the settings are written");
}

/// Runs `credly-monitor export --details` with trace logs to stderr and to `dir/logs`.
async fn export_with_trace_logs(base_url: &str, org: &str, dir: &Path) -> std::process::Output {
    tokio::process::Command::new(env!("CARGO_BIN_EXE_credly-monitor"))
        .env("CREDLY_TOKEN", TOKEN)
        .args(["--log-level", "trace", "export", "--details"])
        .args(["--base-url", base_url, "--org", org, "--out"])
        .arg(dir.join("export.json"))
        .arg("--log-dir")
        .arg(dir.join("logs"))
        .output()
        .await
        .expect("the export runs")
}

#[tokio::test(flavor = "multi_thread")]
async fn the_token_is_in_no_file_and_no_log() {
    let logs = Captured::default();
    let writer = logs.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_writer(move || writer.clone())
        .finish();
    // Global, so that the worker's thread logs here too; this file holds one test.
    tracing::subscriber::set_global_default(subscriber).expect("no other subscriber");

    let config = FakeConfig {
        num_events: 300,
        token: TOKEN.to_owned(),
        ..FakeConfig::default()
    };
    let server = FakeServer::start(config)
        .await
        .expect("the fake server starts");
    let dir = tempfile::tempdir().expect("a temp dir");
    let base_url = server.base_url().as_str().trim_end_matches('/').to_owned();

    let target = SyncTarget {
        base: ApiBase::custom(&base_url).expect("a loopback base"),
        organization_id: OrganizationId::new(server.organization_id()),
        token: Some(Secret::new(TOKEN)),
        cache_path: dir.path().join("cache.sqlite3"),
    };
    let settings_target = target.clone();
    tokio::task::spawn_blocking(move || sync_with_details(target))
        .await
        .expect("the sync ran");

    save_window_settings(&settings_target, &dir.path().join("app.ron"));

    let profiles = ProfileSet {
        profiles: vec![Profile {
            name: "demo".to_owned(),
            environment: base_url.clone(),
            organization_id: server.organization_id().to_owned(),
        }],
        active: Some("demo".to_owned()),
    };
    profiles
        .save(&dir.path().join("profiles.json"))
        .expect("profiles are saved");

    let export = export_with_trace_logs(&base_url, server.organization_id(), dir.path()).await;
    assert!(
        export.status.success(),
        "{}",
        String::from_utf8_lossy(&export.stderr)
    );
    assert!(!export.stderr.is_empty(), "trace logs were captured");

    let files = files_under(dir.path());
    assert!(files.len() >= 5, "{files:?}");
    assert!(
        files
            .iter()
            .any(|file| file.starts_with(dir.path().join("logs"))),
        "the export wrote a log file: {files:?}"
    );
    for file in files {
        let bytes = std::fs::read(&file).expect("a readable file");
        assert!(
            !contains(&bytes, TOKEN),
            "the token is in {}",
            file.display()
        );
    }
    assert!(
        !contains(&export.stderr, TOKEN),
        "the token is in the export's logs"
    );
    let logs = logs.0.lock().expect("no writer panicked").clone();
    assert!(!logs.is_empty(), "the worker's logs were captured");
    assert!(!contains(&logs, TOKEN), "the token is in the worker's logs");
}
