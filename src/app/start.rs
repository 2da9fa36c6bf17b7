//! What the window starts on: the demo organization, or the active profile with its token
//! from the OS keyring.

use std::sync::Arc;
use std::time::Duration;

use super::{CredlyApp, Notice};
use crate::api::ApiBase;
use crate::credentials::{CredentialStore as _, KeyringStore, Profile, ProfileSet};
use crate::fake::{FakeConfig, FakeServer};
use crate::model::OrganizationId;
use crate::sync::{Repaint, SyncOptions, SyncTarget, SyncWorker, default_cache_path};

/// How many events the demo organization's history holds.
const DEMO_EVENTS: usize = 5_000;
/// How often the demo organization records new events.
const DEMO_LIVE_INTERVAL: Duration = Duration::from_secs(4);
/// How often the window polls the demo server: the shortest interval allowed.
const DEMO_POLL_INTERVAL: Duration = SyncOptions::MIN_INTERVAL;

/// Everything the window starts with, prepared before it opens.
pub struct AppStart {
    pub demo_server: Option<Arc<FakeServer>>,
    /// The demo's cache lives in a temporary folder, removed when the window closes.
    pub demo_dir: Option<tempfile::TempDir>,
    pub profiles: ProfileSet,
    pub active: Option<Profile>,
    pub target: Option<SyncTarget>,
    pub options: SyncOptions,
    pub notices: Vec<Notice>,
}

/// The demo mode's set-up: a live fake organization on loopback.
pub struct DemoSetup;

impl DemoSetup {
    /// Starts the demo server and targets it. Never touches the keyring.
    pub fn start(runtime: &tokio::runtime::Runtime) -> std::io::Result<AppStart> {
        let config = FakeConfig {
            num_events: DEMO_EVENTS,
            live_interval: Some(DEMO_LIVE_INTERVAL),
            serve_images: true,
            ..FakeConfig::default()
        };
        let server = runtime.block_on(FakeServer::start(config))?;
        let dir = tempfile::Builder::new()
            .prefix("credly-monitor-demo")
            .tempdir()?;
        let base = ApiBase::custom(server.base_url().as_str())
            .map_err(|err| std::io::Error::other(err.to_string()))?;
        let target = SyncTarget {
            base,
            organization_id: OrganizationId::new(server.organization_id()),
            token: Some(crate::credentials::Secret::new(server.token())),
            cache_path: dir.path().join("demo.sqlite3"),
        };
        tracing::info!(base_url = %server.base_url(), "demo server started");
        Ok(AppStart {
            demo_server: Some(Arc::new(server)),
            demo_dir: Some(dir),
            profiles: ProfileSet::default(),
            active: None,
            target: Some(target),
            // The demo server is local: fetching every detail shows full rows at once.
            options: SyncOptions {
                interval: DEMO_POLL_INTERVAL,
                prefetch: true,
                prefetch_interval: Duration::from_millis(5),
                ..SyncOptions::default()
            },
            notices: Vec::new(),
        })
    }
}

/// The normal set-up: the profiles file and the active profile's token.
pub struct ProfileSetup;

impl ProfileSetup {
    /// Reads the profiles and the active profile's token. Runs before the window opens, so
    /// the keyring's wait never holds a frame.
    pub fn start() -> AppStart {
        let mut notices = Vec::new();
        let profiles = ProfileSet::default_path()
            .map(|path| ProfileSet::load(&path))
            .transpose()
            .unwrap_or_else(|err| {
                notices.push(Notice {
                    text: err.to_string(),
                    is_error: true,
                });
                None
            })
            .unwrap_or_default();
        let active = profiles
            .active_profile()
            .or_else(|| profiles.profiles.first())
            .cloned();
        let target = active
            .as_ref()
            .and_then(|profile| target_of(profile, &mut notices));
        if active.is_none() {
            notices.push(Notice {
                text: "No profile yet: run `credly-monitor login --org ORG_ID`, or try `--demo`."
                    .to_owned(),
                is_error: false,
            });
        }
        AppStart {
            demo_server: None,
            demo_dir: None,
            profiles,
            active,
            target,
            options: SyncOptions::default(),
            notices,
        }
    }
}

/// The sync target of a profile, with its token when the keyring has one.
fn target_of(profile: &Profile, notices: &mut Vec<Notice>) -> Option<SyncTarget> {
    let base = match profile.environment.parse::<ApiBase>() {
        Ok(base) => base,
        Err(err) => {
            notices.push(Notice {
                text: format!("Profile {}: {err}", profile.name),
                is_error: true,
            });
            return None;
        }
    };
    let organization_id = OrganizationId::new(&profile.organization_id);
    let cache_path = match default_cache_path(&base, &organization_id) {
        Ok(path) => path,
        Err(err) => {
            notices.push(Notice {
                text: err.to_string(),
                is_error: true,
            });
            return None;
        }
    };
    let token = match KeyringStore::open().and_then(|store| store.load(&profile.credential_key())) {
        Ok(Some(token)) => Some(token),
        Ok(None) => {
            notices.push(Notice {
                text: format!(
                    "No token stored for {}: showing the cache only.",
                    profile.name
                ),
                is_error: false,
            });
            None
        }
        Err(err) => {
            notices.push(Notice {
                text: format!("{err}. Showing the cache only."),
                is_error: true,
            });
            None
        }
    };
    Some(SyncTarget {
        base,
        organization_id,
        token,
        cache_path,
    })
}

impl CredlyApp {
    pub(super) fn start_worker(&mut self, start: AppStart, repaint: Repaint) {
        self.profiles = start.profiles;
        self.active_profile = start
            .active
            .as_ref()
            .map(|profile| crate::ui::ProfileEntry {
                name: profile.name.clone(),
                is_production: profile.is_production(),
            });
        self.demo_dir = start.demo_dir;
        for notice in start.notices {
            self.notify(notice.text, notice.is_error);
        }
        let Some(target) = start.target else {
            return;
        };
        self.set_export_source(&target);
        match SyncWorker::start(target, start.options, repaint) {
            Ok(worker) => self.worker = Some(worker),
            Err(err) => self.notify(format!("Cannot start syncing: {err}"), true),
        }
    }
}
