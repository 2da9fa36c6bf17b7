//! `credly-monitor export`: every event of an organization, filtered, to a file.

use std::time::Instant;

use chrono::Utc;
use futures::StreamExt as _;

use super::{Console, Exit, ExportArgs};
use crate::api::{ApiError, ClientConfig, CredlyClient, ListingOptions, RetryPolicy, fetch_all};
use crate::credentials::Secret;
use crate::export::{
    DetailOutcome, ExportHeader, ExportTarget, ExportedEvent, render, sort_for_export, write_export,
};
use crate::model::{Event, Filter, OrganizationId, TypePattern};

/// Runs the export and says how it ended. Every failure has been reported on standard error.
///
/// Ctrl-C or SIGTERM stops it before the file is written, and nothing is left at `--out`:
/// the file is written in one step at the end (to a temporary name, then renamed), and a
/// signal that arrives during that step waits for it to finish.
pub async fn run_export(args: &ExportArgs, token: Secret) -> Exit {
    let console = Console { quiet: args.quiet };
    tokio::select! {
        exit = export(args, token, console) => exit,
        () = interrupted() => {
            console.error("interrupted: the export stopped before writing, nothing was written");
            Exit::Interrupted
        }
    }
}

/// Resolves when the process is asked to stop: Ctrl-C, or SIGTERM on Unix. Never resolves
/// when the signals cannot be watched.
async fn interrupted() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        if let Ok(mut terminate) = signal(SignalKind::terminate()) {
            tokio::select! {
                result = tokio::signal::ctrl_c() => {
                    if result.is_err() {
                        terminate.recv().await;
                    }
                }
                _ = terminate.recv() => {}
            }
            return;
        }
    }
    if tokio::signal::ctrl_c().await.is_err() {
        std::future::pending::<()>().await;
    }
}

async fn export(args: &ExportArgs, token: Secret, console: Console) -> Exit {
    let started = Instant::now();

    let client = match args.target.api_base().and_then(|base| {
        let organization_id = OrganizationId::new(args.target.organization_id());
        let mut config = ClientConfig::new(base, organization_id, token);
        config.retry = RetryPolicy {
            max_attempts: args.retries + 1,
            ..RetryPolicy::default()
        };
        CredlyClient::new(config)
    }) {
        Ok(client) => client,
        Err(err) => {
            console.error(&err.to_string());
            return Exit::Usage;
        }
    };
    let filter = Filter {
        types: args.types.iter().map(TypePattern::new).collect(),
        since: args.since,
        until: args.until,
    };
    let concurrency = usize::from(args.concurrency);

    let events = match list_events(&client, concurrency, &filter, console).await {
        Ok(events) => events,
        Err(err) => return api_failure(console, &err),
    };
    let mut exported = if args.details {
        match fetch_details(&client, concurrency, events, console).await {
            Ok(exported) => exported,
            Err(err) => return api_failure(console, &err),
        }
    } else {
        events
            .into_iter()
            .map(|event| ExportedEvent {
                event,
                detail: None,
            })
            .collect()
    };
    sort_for_export(&mut exported);

    let header = ExportHeader {
        exported_at: Utc::now(),
        base_url: client.base_url().as_str().trim_end_matches('/').to_owned(),
        organization_id: client.organization_id().to_string(),
        filter,
        with_details: args.details,
    };
    let target = ExportTarget::parse(&args.out);
    if let Err(err) = write_export(&target, &render(args.format.into(), &header, &exported)) {
        console.error(&format!("{err}. Nothing was written."));
        return Exit::OutputFailed;
    }

    let num_failed = count_failed_details(&exported);
    console.info(&summary(&exported, num_failed, &args.out, started));
    if num_failed > 0 {
        Exit::PartialDetails
    } else {
        Exit::Success
    }
}

async fn list_events(
    client: &CredlyClient,
    concurrency: usize,
    filter: &Filter,
    console: Console,
) -> Result<Vec<Event>, ApiError> {
    let bar = console.progress("pages fetched");
    let options = ListingOptions {
        concurrency,
        ..ListingOptions::default()
    };
    let listing = fetch_all(client, &options, |progress| {
        bar.update(
            progress.pages_done,
            progress.pages_total.unwrap_or(progress.pages_done),
        );
    })
    .await;
    bar.finish();
    let listing = listing?;

    if !listing.malformed.is_empty() {
        console.info(&format!(
            "warning: {} list items were not events and were left out (first problem: {})",
            listing.malformed.len(),
            listing
                .malformed
                .first()
                .map(|item| item.error.to_string())
                .unwrap_or_default()
        ));
    }
    Ok(listing
        .events
        .into_iter()
        .filter(|event| filter.matches(event))
        .collect())
}

/// Fetches every event's detail, `concurrency` at a time. A rejected token stops the export;
/// any other failure is recorded on that event.
async fn fetch_details(
    client: &CredlyClient,
    concurrency: usize,
    events: Vec<Event>,
    console: Console,
) -> Result<Vec<ExportedEvent>, ApiError> {
    let bar = console.progress("details fetched");
    let num_events = events.len() as u64;
    let mut fetched = futures::stream::iter(events)
        .map(|event| async move {
            let detail = client.event_detail(&event.id).await;
            (event, detail)
        })
        .buffer_unordered(concurrency);

    let mut exported = Vec::new();
    while let Some((event, detail)) = fetched.next().await {
        let detail = match detail {
            Ok(detail) => DetailOutcome::Fetched(detail.raw),
            Err(err) if err.is_auth() => return Err(err),
            Err(err) => DetailOutcome::Failed(err.to_string()),
        };
        exported.push(ExportedEvent {
            event,
            detail: Some(detail),
        });
        bar.update(exported.len() as u64, num_events);
    }
    bar.finish();
    Ok(exported)
}

fn api_failure(console: Console, err: &ApiError) -> Exit {
    if err.is_auth() {
        console.error(&format!(
            "{err}. Check the token in CREDLY_TOKEN. Nothing was written."
        ));
        Exit::CredentialsRejected
    } else {
        console.error(&format!("{err}. Nothing was written."));
        Exit::ApiFailed
    }
}

fn count_failed_details(exported: &[ExportedEvent]) -> usize {
    exported
        .iter()
        .filter(|event| matches!(event.detail, Some(DetailOutcome::Failed(_))))
        .count()
}

fn summary(exported: &[ExportedEvent], num_failed: usize, out: &str, started: Instant) -> String {
    let elapsed = started.elapsed().as_secs_f64();
    let destination = if out == "-" { "standard output" } else { out };
    let failures = if num_failed > 0 {
        format!(" ({num_failed} details could not be fetched: see `detail_error`)")
    } else {
        String::new()
    };
    format!(
        "Exported {} events to {destination} in {elapsed:.1} s{failures}",
        exported.len()
    )
}
