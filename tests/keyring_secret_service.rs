//! The OS keyring for real: a token stored through the app's own code is read back with
//! `secret-tool` from a running Secret Service, then deleted.
//!
//! Needs a session bus with an unlocked Secret Service (CI starts gnome-keyring under
//! `dbus-run-session`). Without a session bus the test is skipped with a printed reason,
//! except in CI (`CI` set), where a missing service fails it.

use std::process::Command;

use credly_monitor::credentials::{
    CredentialKey, CredentialStore as _, KeyringStore, SERVICE, Secret,
};

fn skip_or_fail(reason: &str) {
    assert!(
        std::env::var_os("CI").is_none(),
        "CI must provide a Secret Service: {reason}"
    );
    // Printed, so that a skipped run says why.
    #[expect(
        clippy::print_stderr,
        reason = "a skipped test says why on the test's output"
    )]
    {
        eprintln!("skipped: {reason}");
    }
}

fn secret_tool_lookup(key: &CredentialKey) -> Option<String> {
    let output = Command::new("secret-tool")
        .args(["lookup", "service", SERVICE, "username", &key.user()])
        .output()
        .expect("secret-tool runs (package libsecret-tools)");
    output
        .status
        .success()
        .then(|| String::from_utf8_lossy(&output.stdout).into_owned())
}

#[test]
fn a_token_stored_by_the_app_is_in_the_secret_service_until_deleted() {
    if std::env::var_os("DBUS_SESSION_BUS_ADDRESS").is_none() {
        skip_or_fail("no session bus (DBUS_SESSION_BUS_ADDRESS is not set)");
        return;
    }
    let store = match KeyringStore::open() {
        Ok(store) => store,
        Err(err) => {
            skip_or_fail(&format!("no Secret Service: {err}"));
            return;
        }
    };
    let key = CredentialKey::new("sandbox", format!("keyring-test-{}", std::process::id()));
    let token = Secret::new("it-token-6f1c2d");

    store.save(&key, &token).expect("the token is stored");
    assert_eq!(secret_tool_lookup(&key).as_deref(), Some("it-token-6f1c2d"));
    assert_eq!(
        store.load(&key).unwrap().unwrap().expose(),
        "it-token-6f1c2d"
    );

    store
        .save(&key, &Secret::new("it-token-replaced"))
        .expect("the token is replaced");
    assert_eq!(
        secret_tool_lookup(&key).as_deref(),
        Some("it-token-replaced")
    );

    assert_eq!(store.delete(&key), Ok(true));
    assert_eq!(secret_tool_lookup(&key), None);
    assert_eq!(store.load(&key), Ok(None));
}

/// `login` stores the token, `export` finds it without `CREDLY_TOKEN`, `logout` removes it.
#[tokio::test]
async fn login_export_and_logout_use_the_keyring() {
    use credly_monitor::fake::{FakeConfig, FakeServer};
    use tokio::io::AsyncWriteExt as _;

    if std::env::var_os("DBUS_SESSION_BUS_ADDRESS").is_none() || KeyringStore::open().is_err() {
        skip_or_fail("no Secret Service on a session bus");
        return;
    }
    let binary = env!("CARGO_BIN_EXE_credly-monitor");
    let server = FakeServer::start(FakeConfig {
        num_events: 120,
        ..FakeConfig::default()
    })
    .await
    .unwrap();
    // The base URL carries the server's fresh port, so this entry is this run's alone.
    let org = server.organization_id().to_owned();
    let config_home = tempfile::tempdir().unwrap();
    let base = server.base_url().as_str().trim_end_matches('/').to_owned();
    let command = |args: &[&str]| {
        let mut command = tokio::process::Command::new(binary);
        command
            .arg("--no-log-file")
            .env_remove("CREDLY_TOKEN")
            .env("XDG_CONFIG_HOME", config_home.path())
            .args(args)
            .args(["--base-url", &base, "--org", &org])
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped());
        command
    };

    let mut login = command(&["login", "--profile", "demo"]).spawn().unwrap();
    let mut stdin = login.stdin.take().unwrap();
    stdin
        .write_all(format!("{}\n", server.token()).as_bytes())
        .await
        .unwrap();
    drop(stdin);
    let output = login.wait_with_output().await.unwrap();
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let profiles =
        std::fs::read_to_string(config_home.path().join("credly-monitor/profiles.json")).unwrap();
    assert!(
        profiles.contains("\"demo\"") && !profiles.contains(server.token()),
        "{profiles}"
    );

    let out = config_home.path().join("events.json");
    let output = command(&["export", "--quiet", "--out", out.to_str().unwrap()])
        .output()
        .await
        .unwrap();
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let exported: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&out).unwrap()).unwrap();
    assert_eq!(exported["count"], 120);

    let output = command(&["logout"]).output().await.unwrap();
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let output = command(&["export", "--out", out.to_str().unwrap()])
        .output()
        .await
        .unwrap();
    assert_eq!(
        output.status.code(),
        Some(2),
        "no token is left: {}",
        String::from_utf8_lossy(&output.stderr)
    );
}
