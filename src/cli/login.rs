//! `login` and `logout`, and where the headless commands find the token.

use std::io::{self, BufRead as _, IsTerminal as _};

use super::{Console, Exit, LoginArgs, LogoutArgs, TOKEN_VARIABLE, TargetArgs};
use crate::api::{ApiBase, ClientConfig, CredlyClient, RetryPolicy};
use crate::credentials::{
    CredentialError, CredentialKey, CredentialStore, KeyringStore, Profile, ProfileSet, Secret,
};
use crate::model::OrganizationId;

/// The token for a headless command: `CREDLY_TOKEN` when set, else the keyring entry of the
/// target's environment and organization. Runs on a plain thread: the keyring blocks.
pub fn resolve_token(target: &TargetArgs, console: Console) -> Result<Secret, Exit> {
    if let Some(token) = std::env::var(TOKEN_VARIABLE)
        .ok()
        .map(Secret::new)
        .filter(|t| !t.is_empty())
    {
        return Ok(token);
    }
    let key = credential_key(target, console)?;
    let found = KeyringStore::open().and_then(|store| store.load(&key));
    match found {
        Ok(Some(token)) => Ok(token),
        Ok(None) => {
            console.error(&format!(
                "no token for {key}: set {TOKEN_VARIABLE}, or store one with `credly-monitor login`"
            ));
            Err(Exit::Usage)
        }
        Err(err) => {
            console.error(&format!("no token: {TOKEN_VARIABLE} is not set, and {err}"));
            Err(Exit::Usage)
        }
    }
}

/// Reads a token from standard input, checks it unless told not to, and stores it.
pub async fn run_login(args: &LoginArgs, console: Console) -> Exit {
    let Ok(key) = credential_key(&args.target, console) else {
        return Exit::Usage;
    };
    let token = match read_token(&key) {
        Ok(token) if !token.is_empty() => token,
        Ok(_) => {
            console.error("no token was given on standard input");
            return Exit::Usage;
        }
        Err(err) => {
            console.error(&format!("cannot read the token from standard input: {err}"));
            return Exit::Usage;
        }
    };
    if !args.no_verify
        && let Err(exit) = verify(&args.target, &token, console).await
    {
        return exit;
    }

    let stored = tokio::task::spawn_blocking({
        let key = key.clone();
        move || KeyringStore::open().and_then(|store| store.save(&key, &token))
    })
    .await;
    match stored {
        Ok(Ok(())) => {}
        Ok(Err(err)) => return keyring_failure(console, &err),
        Err(err) => {
            console.error(&format!("the keyring call failed: {err}"));
            return Exit::KeyringUnavailable;
        }
    }
    remember_profile(args, &key, console);
    console.info(&format!("Stored the token of {key} in the OS keyring."));
    Exit::Success
}

/// Removes the token of the target from the keyring.
pub async fn run_logout(args: &LogoutArgs, console: Console) -> Exit {
    let Ok(key) = credential_key(&args.target, console) else {
        return Exit::Usage;
    };
    let deleted = tokio::task::spawn_blocking({
        let key = key.clone();
        move || KeyringStore::open().and_then(|store| store.delete(&key))
    })
    .await;
    match deleted {
        Ok(Ok(true)) => console.info(&format!("Removed the token of {key} from the OS keyring.")),
        Ok(Ok(false)) => console.info(&format!("No token of {key} was stored.")),
        Ok(Err(err)) => return keyring_failure(console, &err),
        Err(err) => {
            console.error(&format!("the keyring call failed: {err}"));
            return Exit::KeyringUnavailable;
        }
    }
    Exit::Success
}

fn credential_key(target: &TargetArgs, console: Console) -> Result<CredentialKey, Exit> {
    let base = target.api_base().map_err(|err| {
        console.error(&err.to_string());
        Exit::Usage
    })?;
    Ok(CredentialKey::new(base.key(), target.organization_id()))
}

/// A token typed at a terminal (not echoed) or piped in (the first line).
fn read_token(key: &CredentialKey) -> io::Result<Secret> {
    if io::stdin().is_terminal() {
        return rpassword::prompt_password(format!("Token for {key}: ")).map(Secret::new);
    }
    let mut line = String::new();
    io::stdin().lock().read_line(&mut line)?;
    let token = Secret::new(line.as_str());
    zeroize::Zeroize::zeroize(&mut line);
    Ok(token)
}

/// Asks for page 1 with the token, so that a wrong token is not stored.
async fn verify(target: &TargetArgs, token: &Secret, console: Console) -> Result<(), Exit> {
    let base: ApiBase = target.api_base().map_err(|_| Exit::Usage)?;
    let mut config = ClientConfig::new(
        base,
        OrganizationId::new(target.organization_id()),
        token.clone(),
    );
    config.retry = RetryPolicy {
        max_attempts: 2,
        ..RetryPolicy::default()
    };
    let client = CredlyClient::new(config).map_err(|err| {
        console.error(&err.to_string());
        Exit::Usage
    })?;
    match client.page(1).await {
        Ok(page) => {
            let count = page
                .metadata
                .total_count
                .map_or_else(|| "some".to_owned(), |n| n.to_string());
            console.info(&format!("Connected: the organization has {count} events."));
            Ok(())
        }
        Err(err) if err.is_auth() => {
            console.error(&format!("{err}. The token was not stored."));
            Err(Exit::CredentialsRejected)
        }
        Err(err) => {
            console.error(&format!(
                "{err}. The token was not stored (use --no-verify to store it anyway)."
            ));
            Err(Exit::ApiFailed)
        }
    }
}

fn keyring_failure(console: Console, err: &CredentialError) -> Exit {
    console.error(&err.to_string());
    Exit::KeyringUnavailable
}

/// Adds or updates the profile, so that the window offers it. A failure here is reported
/// but does not undo the stored token.
fn remember_profile(args: &LoginArgs, key: &CredentialKey, console: Console) {
    let Some(path) = ProfileSet::default_path() else {
        return;
    };
    let name = args
        .profile
        .clone()
        .unwrap_or_else(|| format!("{} ({})", key.organization_id, key.environment));
    let result = ProfileSet::load(&path).and_then(|mut set| {
        set.upsert(Profile {
            name: name.clone(),
            environment: key.environment.clone(),
            organization_id: key.organization_id.clone(),
        });
        set.active.get_or_insert(name);
        set.save(&path)
    });
    if let Err(err) = result {
        console.error(&format!(
            "the token is stored, but the profile was not saved: {err}"
        ));
    }
}
