//! Signing in: the sign-in dialog's background work (testing a connection, storing and
//! forgetting tokens, saving profiles) and switching the sync worker between profiles.
//!
//! Keyring calls and file writes run in `spawn_blocking`, HTTP on the tokio runtime; each
//! task ends with a repaint and is collected by `sign_in_ui` at the start of a frame. When
//! the OS has no keyring, tokens are kept in a `MemoryStore` for this session only.

use std::path::PathBuf;
use std::sync::Arc;

use poll_promise::Promise;

use super::CredlyApp;
use crate::api::{ApiBase, ApiError, ClientConfig, CredlyClient};
use crate::credentials::{
    CredentialError, CredentialKey, CredentialStore, KeyringStore, MemoryStore, Profile,
    ProfileError, ProfileSet, Secret,
};
use crate::model::{OrganizationId, Timeline};
use crate::sync::{SyncOptions, SyncStatus, SyncTarget, SyncWorker, default_cache_path};
use crate::ui::{
    EnvironmentChoice, ProfileDraft, ProfileEntry, SignInDialog, SignInInput, SignInProfile,
    SignInStatus, UiAction,
};

/// The sign-in state the app keeps between frames.
pub(super) struct SignInState {
    dialog: Option<SignInDialog>,
    status: Option<SignInStatus>,
    /// Set once the OS keyring was found missing: shown in the dialog.
    keyring_note: Option<String>,
    /// Tokens of this session when the OS keyring is missing; never written anywhere.
    memory: Arc<MemoryStore>,
    tasks: Vec<Promise<Done>>,
    /// Kept from the last frame, to wake the window when a task ends.
    ctx: Option<egui::Context>,
    /// Whether the first frame has decided to open the dialog on its own.
    checked_start: bool,
    profiles_path: Option<PathBuf>,
}

impl Default for SignInState {
    fn default() -> Self {
        Self {
            dialog: None,
            status: None,
            keyring_note: None,
            memory: Arc::new(MemoryStore::default()),
            tasks: Vec::new(),
            ctx: None,
            checked_start: false,
            profiles_path: ProfileSet::default_path(),
        }
    }
}

/// What a background task of signing in found.
enum Done {
    Tested(SignInStatus),
    /// A profile's token is known (or known to be missing): sync it.
    TokenReady {
        profile: Profile,
        token: StoreResult<Option<Secret>>,
        saved: bool,
    },
    Forgot {
        name: String,
        result: StoreResult<bool>,
    },
    ProfilesWritten(Result<(), ProfileError>),
}

/// The result of a token operation, and the keyring's error when the session's memory
/// stood in for it.
struct StoreResult<T> {
    value: Result<T, CredentialError>,
    keyring_missing: Option<CredentialError>,
}

impl CredlyApp {
    pub(super) fn open_sign_in(&mut self) {
        let mut dialog = SignInDialog::new();
        if let Some(profile) = self.active_profile_entry() {
            dialog.edit(&profile);
        }
        self.sign_in.dialog = Some(dialog);
        self.sign_in.status = None;
    }

    pub(super) fn switch_profile(&mut self, name: &str) {
        let Some(profile) = self.profiles.find(name).cloned() else {
            self.notify(format!("No profile named {name}."), true);
            return;
        };
        let memory = Arc::clone(&self.sign_in.memory);
        let key = profile.credential_key();
        self.spawn_blocking(move || {
            let token = load_token(&memory, &key);
            Done::TokenReady {
                profile,
                token,
                saved: false,
            }
        });
    }

    pub(super) fn sign_in_ui(&mut self, ctx: &egui::Context) -> Vec<UiAction> {
        self.sign_in.ctx = Some(ctx.clone());
        self.open_at_start();
        self.collect_tasks();
        let profiles = self.sign_in_profiles();
        let Some(dialog) = self.sign_in.dialog.as_mut() else {
            return Vec::new();
        };
        let check_base = |text: &str| ApiBase::custom(text).err().map(|err| err.to_string());
        let input = SignInInput {
            profiles: &profiles,
            status: self.sign_in.status.as_ref(),
            keyring_note: self.sign_in.keyring_note.as_deref(),
            check_base: &check_base,
        };
        dialog.ui(ctx, &input)
    }

    pub(super) fn close_sign_in(&mut self) {
        self.sign_in.dialog = None;
    }

    /// A window started with no profile opens the dialog once, except in demo mode and
    /// when something else (a test, a worker) already feeds it.
    fn open_at_start(&mut self) {
        if self.sign_in.checked_start {
            return;
        }
        self.sign_in.checked_start = true;
        let unused = self.worker.is_none() && self.timeline.is_empty();
        if unused && self.demo_server.is_none() && self.active_profile.is_none() {
            self.open_sign_in();
        }
    }

    pub(super) fn test_connection(&mut self, draft: ProfileDraft) {
        let (profile, base) = match profile_of(&draft) {
            Ok(parsed) => parsed,
            Err(err) => return self.set_status(SignInStatus::Failure(err)),
        };
        self.set_status(SignInStatus::Working(format!("Asking {base} for page 1…")));
        let memory = Arc::clone(&self.sign_in.memory);
        let ctx = self.sign_in.ctx.clone();
        let promise = Promise::spawn_async(async move {
            let done = Done::Tested(test_outcome(&profile, base, draft.token, memory).await);
            repaint(ctx.as_ref());
            done
        });
        self.sign_in.tasks.push(promise);
    }

    pub(super) fn save_profile(&mut self, draft: ProfileDraft) {
        let (profile, _) = match profile_of(&draft) {
            Ok(parsed) => parsed,
            Err(err) => return self.set_status(SignInStatus::Failure(err)),
        };
        self.set_status(SignInStatus::Working(format!("Saving {}…", profile.name)));
        if let Some(dialog) = self.sign_in.dialog.as_mut() {
            dialog.clear_token();
        }
        self.profiles.upsert(profile.clone());
        let memory = Arc::clone(&self.sign_in.memory);
        let key = profile.credential_key();
        self.spawn_blocking(move || {
            let token = match draft.token {
                Some(token) => {
                    let stored = with_store(&memory, |store| store.save(&key, &token));
                    StoreResult {
                        value: stored.value.map(|()| Some(token)),
                        keyring_missing: stored.keyring_missing,
                    }
                }
                None => load_token(&memory, &key),
            };
            Done::TokenReady {
                profile,
                token,
                saved: true,
            }
        });
    }

    pub(super) fn forget_token(&mut self, name: String) {
        let Some(profile) = self.profiles.find(&name) else {
            return self.set_status(SignInStatus::Failure(format!(
                "No saved profile named {name}."
            )));
        };
        let key = profile.credential_key();
        self.set_status(SignInStatus::Working(format!(
            "Forgetting the token of {name}…"
        )));
        let memory = Arc::clone(&self.sign_in.memory);
        self.spawn_blocking(move || {
            let result = forget(&memory, &key);
            Done::Forgot { name, result }
        });
    }

    pub(super) fn delete_profile(&mut self, name: &str) {
        let Some(removed) = self.profiles.remove(name) else {
            return;
        };
        let key = removed.credential_key();
        let shared = self
            .profiles
            .profiles
            .iter()
            .any(|profile| profile.credential_key() == key);
        let was_active = self
            .active_profile
            .as_ref()
            .is_some_and(|active| active.name == name);
        if was_active {
            self.active_profile = None;
            self.profiles.active = None;
        }
        self.write_profiles();
        self.set_status(SignInStatus::Success(format!(
            "Deleted the profile {name}."
        )));
        if was_active {
            // The window must not go on showing, or syncing, an organization whose
            // profile is gone: stop now, then move to the next profile, if any.
            self.stop_syncing();
            if let Some(next) = self.profiles.profiles.first().map(|next| next.name.clone()) {
                self.switch_profile(&next);
            }
        }
        if !shared {
            let memory = Arc::clone(&self.sign_in.memory);
            let name = name.to_owned();
            self.spawn_blocking(move || Done::Forgot {
                result: forget(&memory, &key),
                name,
            });
        }
    }

    /// Stops the worker and empties the window.
    fn stop_syncing(&mut self) {
        if let Some(worker) = self.worker.take() {
            // Dropping the worker waits for its request in flight: not on the UI thread.
            let stopping = std::thread::Builder::new()
                .name("sync-stop".to_owned())
                .spawn(move || drop(worker));
            if let Err(err) = stopping {
                tracing::warn!(%err, "the sync worker was stopped on the UI thread");
            }
        }
        // A re-filter under way belongs to the old organization: drop it with its results.
        self.refilterer = None;
        self.pending_changes.clear();
        self.timeline = Arc::new(Timeline::new());
        self.needs_refilter = true;
        self.selected = None;
        self.details.clear();
        self.num_details = 0;
        self.status = SyncStatus::Idle;
        self.search = super::SearchState::default();
        self.related = super::related::RelatedState::default();
        self.scroll = super::ScrollState::default();
        self.clear_export_source();
    }

    /// Takes the tasks that ended and applies what they found.
    fn collect_tasks(&mut self) {
        for task in std::mem::take(&mut self.sign_in.tasks) {
            match task.try_take() {
                Ok(done) => self.finish(done),
                Err(task) => self.sign_in.tasks.push(task),
            }
        }
    }

    fn finish(&mut self, done: Done) {
        match done {
            Done::Tested(status) => self.set_status(status),
            Done::TokenReady {
                profile,
                token,
                saved,
            } => self.token_ready(&profile, token, saved),
            Done::Forgot { name, result } => {
                self.note_keyring(result.keyring_missing);
                let status = match result.value {
                    Ok(true) => SignInStatus::Success(format!("Forgot the token of {name}.")),
                    Ok(false) => SignInStatus::Success(format!("No token was stored for {name}.")),
                    Err(err) => SignInStatus::Failure(err.to_string()),
                };
                self.set_status(status);
            }
            Done::ProfilesWritten(Err(err)) => self.notify(err.to_string(), true),
            Done::ProfilesWritten(Ok(())) => {}
        }
    }

    fn token_ready(&mut self, profile: &Profile, token: StoreResult<Option<Secret>>, saved: bool) {
        self.note_keyring(token.keyring_missing);
        let token = match token.value {
            Ok(token) => token,
            Err(err) => {
                let text = format!("{err}. Syncing {} from the cache only.", profile.name);
                self.set_status(SignInStatus::Failure(text.clone()));
                self.notify(text, true);
                None
            }
        };
        let has_token = token.is_some();
        if let Err(err) = self.sync_profile(profile, token) {
            return self.set_status(SignInStatus::Failure(err));
        }
        if saved {
            let more = if has_token {
                "syncing it now"
            } else {
                "no token yet: showing the cache only"
            };
            self.set_status(SignInStatus::Success(format!(
                "Saved {}: {more}.",
                profile.name
            )));
        }
        tracing::info!(profile = %profile.name, has_token, "switched profile");
    }

    /// Points the worker at the profile (starting one if none runs) and makes it active.
    fn sync_profile(&mut self, profile: &Profile, token: Option<Secret>) -> Result<(), String> {
        let target = target_of(profile, token)?;
        self.set_export_source(&target);
        if self.worker.is_some() {
            self.send(crate::sync::WorkerCommand::SwitchTarget(target));
        } else {
            let ctx = self.sign_in.ctx.clone();
            let repaint = Arc::new(move || repaint(ctx.as_ref()));
            let worker = SyncWorker::start(target, SyncOptions::default(), repaint)
                .map_err(|err| format!("Cannot start syncing: {err}"))?;
            self.worker = Some(worker);
        }
        self.selected = None;
        self.details.clear();
        self.active_profile = Some(ProfileEntry {
            name: profile.name.clone(),
            is_production: profile.is_production(),
        });
        self.profiles.active = Some(profile.name.clone());
        self.write_profiles();
        Ok(())
    }

    /// Writes the profiles file in the background. It holds no token, by construction.
    fn write_profiles(&mut self) {
        let Some(path) = self.sign_in.profiles_path.clone() else {
            return;
        };
        let profiles = self.profiles.clone();
        self.spawn_blocking(move || Done::ProfilesWritten(profiles.save(&path)));
    }

    fn note_keyring(&mut self, missing: Option<CredentialError>) {
        let Some(err) = missing else {
            return;
        };
        if self.sign_in.keyring_note.is_none() {
            let note = format!("{err}. Tokens are kept in memory for this session only.");
            self.notify(note.clone(), true);
            self.sign_in.keyring_note = Some(note);
        }
    }

    fn set_status(&mut self, status: SignInStatus) {
        self.sign_in.status = Some(status);
    }

    fn spawn_blocking(&mut self, task: impl FnOnce() -> Done + Send + 'static) {
        let ctx = self.sign_in.ctx.clone();
        self.sign_in.tasks.push(Promise::spawn_blocking(move || {
            let done = task();
            repaint(ctx.as_ref());
            done
        }));
    }

    fn active_profile_entry(&self) -> Option<SignInProfile> {
        let name = &self.active_profile.as_ref()?.name;
        self.sign_in_profiles()
            .into_iter()
            .find(|profile| &profile.name == name)
    }

    fn sign_in_profiles(&self) -> Vec<SignInProfile> {
        let active = self
            .active_profile
            .as_ref()
            .map(|entry| entry.name.as_str());
        self.profiles
            .profiles
            .iter()
            .map(|profile| {
                let (environment, custom_url) = match profile.environment.as_str() {
                    "production" => (EnvironmentChoice::Production, String::new()),
                    "sandbox" => (EnvironmentChoice::Sandbox, String::new()),
                    url => (EnvironmentChoice::Custom, url.to_owned()),
                };
                SignInProfile {
                    name: profile.name.clone(),
                    environment,
                    custom_url,
                    organization_id: profile.organization_id.clone(),
                    is_active: active == Some(profile.name.as_str()),
                }
            })
            .collect()
    }
}

fn repaint(ctx: Option<&egui::Context>) {
    if let Some(ctx) = ctx {
        ctx.request_repaint();
    }
}

/// The profile a draft describes (no token) and its checked API base.
fn profile_of(draft: &ProfileDraft) -> Result<(Profile, ApiBase), String> {
    if let Some(missing) = draft.missing() {
        return Err(missing.to_owned());
    }
    let organization_id = draft.organization_id.trim();
    if organization_id.contains(['/', '?', '#']) || organization_id.contains(char::is_whitespace) {
        return Err("An organization id has no spaces, slashes, `?` or `#`.".to_owned());
    }
    let base = match draft.environment {
        EnvironmentChoice::Production => ApiBase::Production,
        EnvironmentChoice::Sandbox => ApiBase::Sandbox,
        EnvironmentChoice::Custom => {
            ApiBase::custom(&draft.custom_url).map_err(|err| format!("Refused: {err}"))?
        }
    };
    let profile = Profile {
        name: draft.name.trim().to_owned(),
        environment: base.key(),
        organization_id: organization_id.to_owned(),
    };
    Ok((profile, base))
}

/// What the worker needs to sync a profile.
fn target_of(profile: &Profile, token: Option<Secret>) -> Result<SyncTarget, String> {
    let base = profile
        .environment
        .parse::<ApiBase>()
        .map_err(|err| format!("Profile {}: {err}", profile.name))?;
    let organization_id = OrganizationId::new(&profile.organization_id);
    let cache_path = default_cache_path(&base, &organization_id).map_err(|err| err.to_string())?;
    Ok(SyncTarget {
        base,
        organization_id,
        token,
        cache_path,
    })
}

/// Asks for page 1 once, with the draft's token or else the stored one.
async fn test_outcome(
    profile: &Profile,
    base: ApiBase,
    token: Option<Secret>,
    memory: Arc<MemoryStore>,
) -> SignInStatus {
    let token = if let Some(token) = token {
        Ok(token)
    } else {
        stored_token(profile, memory).await
    };
    let token = match token {
        Ok(token) => token,
        Err(status) => return status,
    };
    let organization_id = OrganizationId::new(&profile.organization_id);
    let result = match CredlyClient::new(ClientConfig::new(base, organization_id, token)) {
        Ok(client) => client.page_once(&client.page_url(1), 1).await,
        Err(err) => Err(err),
    };
    describe_test(result.map(|page| page.metadata.total_count.unwrap_or(page.num_items() as u64)))
}

/// The stored token of a profile, for a test with an empty token field.
async fn stored_token(profile: &Profile, memory: Arc<MemoryStore>) -> Result<Secret, SignInStatus> {
    let key = profile.credential_key();
    match tokio::task::spawn_blocking(move || load_token(&memory, &key).value).await {
        Ok(Ok(Some(token))) => Ok(token),
        Ok(Ok(None)) => Err(SignInStatus::Failure(
            "No token: paste one into the Token field.".to_owned(),
        )),
        Ok(Err(err)) => Err(SignInStatus::Failure(err.to_string())),
        Err(err) => Err(SignInStatus::Failure(format!(
            "Reading the token failed: {err}"
        ))),
    }
}

/// The words the dialog shows for a connection test.
fn describe_test(result: Result<u64, ApiError>) -> SignInStatus {
    match result {
        Ok(num_events) => SignInStatus::Success(format!(
            "Connected: the organization has {num_events} events."
        )),
        Err(ApiError::Unauthorized { .. }) => SignInStatus::Failure(
            "Token rejected (HTTP 401): it is wrong, expired or revoked.".to_owned(),
        ),
        Err(ApiError::Forbidden { .. }) => SignInStatus::Failure(
            "The token lacks the right to read this organization's events (HTTP 403).".to_owned(),
        ),
        Err(ApiError::NotFound { .. }) => SignInStatus::Failure(
            "Organization not found (HTTP 404): check its id and environment.".to_owned(),
        ),
        Err(err @ (ApiError::Connection { .. } | ApiError::Timeout { .. })) => {
            SignInStatus::Failure(format!("Server unreachable: {err}."))
        }
        Err(err) => SignInStatus::Failure(format!("Connection test failed: {err}.")),
    }
}

/// Runs `op` on the OS keyring, or on the session's memory when there is no keyring.
/// Blocks: call it in `spawn_blocking`.
fn with_store<T>(
    memory: &MemoryStore,
    op: impl Fn(&dyn CredentialStore) -> Result<T, CredentialError>,
) -> StoreResult<T> {
    let keyring = KeyringStore::open();
    fallback(
        keyring.as_ref().map(|store| store as &dyn CredentialStore),
        memory,
        op,
    )
}

/// Runs `op` on `primary`; when that store is missing or locked, on `memory` instead.
fn fallback<T>(
    primary: Result<&dyn CredentialStore, &CredentialError>,
    memory: &MemoryStore,
    op: impl Fn(&dyn CredentialStore) -> Result<T, CredentialError>,
) -> StoreResult<T> {
    let value = primary.map_err(Clone::clone).and_then(&op);
    match value {
        Err(err) if err.is_unavailable() => StoreResult {
            value: op(memory),
            keyring_missing: Some(err),
        },
        value => StoreResult {
            value,
            keyring_missing: None,
        },
    }
}

/// Loads a token from the keyring, then from the session's memory if the keyring has none.
fn load_token(memory: &MemoryStore, key: &CredentialKey) -> StoreResult<Option<Secret>> {
    let mut result = with_store(memory, |store| store.load(key));
    if matches!(result.value, Ok(None)) {
        result.value = memory.load(key);
    }
    result
}

/// Deletes a token from the keyring and from the session's memory.
fn forget(memory: &MemoryStore, key: &CredentialKey) -> StoreResult<bool> {
    let in_memory = memory.delete(key).unwrap_or(false);
    let mut result = with_store(memory, |store| store.delete(key));
    if let Ok(found) = result.value.as_mut() {
        *found |= in_memory;
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A keyring that is not there.
    struct MissingStore;

    impl CredentialStore for MissingStore {
        fn load(&self, _key: &CredentialKey) -> Result<Option<Secret>, CredentialError> {
            Err(missing())
        }

        fn save(&self, _key: &CredentialKey, _token: &Secret) -> Result<(), CredentialError> {
            Err(missing())
        }

        fn delete(&self, _key: &CredentialKey) -> Result<bool, CredentialError> {
            Err(missing())
        }
    }

    fn missing() -> CredentialError {
        CredentialError::Unavailable {
            reason: "no Secret Service".to_owned(),
        }
    }

    fn draft(environment: EnvironmentChoice, url: &str, org: &str) -> ProfileDraft {
        ProfileDraft {
            name: "p".to_owned(),
            environment,
            custom_url: url.to_owned(),
            organization_id: org.to_owned(),
            token: Some(Secret::new("tok")),
        }
    }

    #[test]
    fn deleting_the_last_active_profile_stops_syncing_and_empties_the_window() {
        let runtime = tokio::runtime::Runtime::new().unwrap();
        let _entered = runtime.enter();
        let dir = tempfile::tempdir().unwrap();
        let profile = Profile {
            name: "staging".to_owned(),
            environment: "http://127.0.0.1:9/v1".to_owned(),
            organization_id: "org-1".to_owned(),
        };
        let mut app = CredlyApp::empty(super::super::Prefs::default());
        let target = SyncTarget {
            cache_path: dir.path().join("cache.sqlite3"),
            ..target_of(&profile, None).unwrap()
        };
        app.worker =
            Some(SyncWorker::start(target, SyncOptions::default(), Arc::new(|| {})).unwrap());
        app.profiles.profiles.push(profile.clone());
        app.profiles.active = Some(profile.name.clone());
        app.active_profile = Some(ProfileEntry {
            name: profile.name.clone(),
            is_production: false,
        });

        app.delete_profile("staging");
        assert!(
            app.worker.is_none(),
            "the deleted profile is no longer synced"
        );
        assert!(app.active_profile.is_none());
        assert!(app.profiles.active.is_none());
        assert!(app.timeline.is_empty());
    }

    #[test]
    fn drafts_become_profiles_without_their_token() {
        use EnvironmentChoice::{Custom, Production, Sandbox};
        let cases = [
            (draft(Production, "", "org-1"), Ok("production")),
            (draft(Sandbox, "ignored", "org-1"), Ok("sandbox")),
            (
                draft(Custom, "http://127.0.0.1:8080/v1/", "org-1"),
                Ok("http://127.0.0.1:8080/v1"),
            ),
            (
                draft(Custom, "https://proxy.example/v1", "org-1"),
                Ok("https://proxy.example/v1"),
            ),
            (
                draft(Custom, "http://proxy.example/v1", "org-1"),
                Err("Refused"),
            ),
            (draft(Custom, "not a url", "org-1"), Err("Refused")),
            (draft(Sandbox, "", "org/1"), Err("organization id")),
            (draft(Sandbox, "", ""), Err("organization id")),
        ];
        for (draft, expected) in cases {
            match (profile_of(&draft), expected) {
                (Ok((profile, base)), Ok(environment)) => {
                    assert_eq!(profile.environment, environment);
                    assert_eq!(base.key(), environment);
                    assert!(!format!("{profile:?}").contains("tok"));
                }
                (Err(err), Err(part)) => assert!(err.contains(part), "{err}"),
                (got, _) => panic!("{draft:?} gave {got:?}"),
            }
        }
    }

    #[test]
    fn without_a_keyring_tokens_stay_in_memory_and_the_reason_is_kept() {
        let memory = MemoryStore::default();
        let key = CredentialKey::new("sandbox", "org-1");
        let missing = missing();

        let saved = fallback(Err(&missing), &memory, |store| {
            store.save(&key, &Secret::new("tok"))
        });
        assert_eq!(saved.value, Ok(()));
        assert!(
            saved
                .keyring_missing
                .is_some_and(|err| err.is_unavailable())
        );
        assert_eq!(memory.load(&key).unwrap().unwrap().expose(), "tok");

        let loaded = fallback(Ok(&MissingStore), &memory, |store| store.load(&key));
        assert_eq!(loaded.value.unwrap().unwrap().expose(), "tok");
    }

    #[test]
    fn a_working_keyring_is_used_and_memory_stays_empty() {
        let memory = MemoryStore::default();
        let keyring = MemoryStore::default();
        let key = CredentialKey::new("production", "org-1");

        let saved = fallback(Ok(&keyring), &memory, |store| {
            store.save(&key, &Secret::new("tok"))
        });
        assert!(saved.value.is_ok() && saved.keyring_missing.is_none());
        assert_eq!(memory.load(&key), Ok(None));
        assert!(keyring.load(&key).unwrap().is_some());
    }

    #[test]
    fn other_keyring_failures_are_reported_not_hidden_in_memory() {
        let memory = MemoryStore::default();
        let key = CredentialKey::new("sandbox", "org-1");
        let failed = CredentialError::Failed {
            action: "store",
            key: key.to_string(),
            reason: "x".to_owned(),
        };
        let result = fallback(Err(&failed), &memory, |store| {
            store.save(&key, &Secret::new("tok"))
        });
        assert_eq!(result.value, Err(failed));
        assert_eq!(memory.load(&key), Ok(None));
    }

    #[test]
    fn connection_tests_say_what_went_wrong() {
        let url = url::Url::parse("https://api.credly.com/v1").unwrap();
        let cases = [
            (Ok(12), "Connected: the organization has 12 events."),
            (
                Err(ApiError::Unauthorized { url: url.clone() }),
                "Token rejected (HTTP 401)",
            ),
            (
                Err(ApiError::Forbidden {
                    url: url.clone(),
                    message: None,
                }),
                "lacks the right",
            ),
            (
                Err(ApiError::NotFound {
                    url: url.clone(),
                    message: None,
                }),
                "Organization not found",
            ),
            (
                Err(ApiError::Timeout { url: url.clone() }),
                "Server unreachable",
            ),
            (
                Err(ApiError::Connection {
                    url: url.clone(),
                    reason: "refused".to_owned(),
                }),
                "Server unreachable",
            ),
            (
                Err(ApiError::Server {
                    url: url.clone(),
                    status: 502,
                }),
                "HTTP 502",
            ),
        ];
        for (result, expected) in cases {
            let text = match describe_test(result) {
                SignInStatus::Success(text)
                | SignInStatus::Failure(text)
                | SignInStatus::Working(text) => text,
            };
            assert!(text.contains(expected), "{text}");
        }
    }
}
