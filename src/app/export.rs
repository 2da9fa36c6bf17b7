//! Exporting from the window: the export dialog's state and the export job.
//!
//! An export runs in three steps, one at a time and never on the UI thread: a named thread
//! reads the chosen events' list items and cached details from the cache file over a second,
//! read-only connection; the sync worker is asked for the details the cache lacks (its
//! answers land in the app's detail map, which is watched here); a second named thread
//! renders the `credly-monitor-export` document and writes it atomically.

use std::collections::{HashMap, VecDeque};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use chrono::Utc;
use poll_promise::Promise;
use rusqlite::{Connection, OpenFlags, OptionalExtension as _};
use serde_json::Value;

use super::CredlyApp;
use crate::export::{
    DetailOutcome, ExportError, ExportFormat, ExportHeader, ExportTarget, ExportedEvent, render,
    sort_for_export, write_export,
};
use crate::model::{Event, EventId, Filter};
use crate::sync::{SyncTarget, WorkerCommand};
use crate::ui::{
    DetailState, ExportDialog, ExportDialogInput, ExportIntent, ExportLayout, ExportProgress,
    ExportRequest, ExportScope, UiAction,
};

/// Details asked of the sync worker at once; more wait their turn.
const MAX_DETAILS_IN_FLIGHT: usize = 16;

/// Without a single detail answered for this long, the missing ones are given up.
const DETAIL_STALL: Duration = Duration::from_secs(60);

/// How often the window looks at an export under way.
const POLL_EVERY: Duration = Duration::from_millis(100);

/// One export as the job runs it.
#[derive(Clone, Debug)]
pub struct ExportSpec {
    pub cache_path: PathBuf,
    /// The events to export, in any order.
    pub ids: Vec<EventId>,
    pub with_details: bool,
    pub format: ExportFormat,
    pub header: ExportHeader,
    pub path: PathBuf,
}

/// The events read from the cache for an export.
#[derive(Debug, Default)]
pub struct Gathered {
    pub events: Vec<ExportedEvent>,
    /// The events whose detail the cache lacks, when details were asked for.
    pub missing: Vec<EventId>,
    /// Events not in the cache or unreadable there, left out.
    pub num_skipped: usize,
}

impl Gathered {
    /// Sets the detail of the events with these ids.
    fn resolve(&mut self, outcomes: impl IntoIterator<Item = (EventId, DetailOutcome)>) {
        let index: HashMap<&EventId, usize> = self
            .events
            .iter()
            .enumerate()
            .map(|(i, e)| (&e.event.id, i))
            .collect();
        let places: Vec<(usize, DetailOutcome)> = outcomes
            .into_iter()
            .filter_map(|(id, outcome)| index.get(&id).map(|&i| (i, outcome)))
            .collect();
        for (place, outcome) in places {
            if let Some(exported) = self.events.get_mut(place) {
                exported.detail = Some(outcome);
            }
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ExportJobError {
    #[error("cannot read the event cache {path}: {source}")]
    ReadCache {
        path: PathBuf,
        source: rusqlite::Error,
    },

    #[error(transparent)]
    Write(#[from] ExportError),

    #[error("the export was cancelled")]
    Cancelled,
}

/// Reads the list items of `ids` (and their cached details when asked) from the cache file.
pub fn read_from_cache(
    cache_path: &Path,
    ids: &[EventId],
    with_details: bool,
) -> Result<Gathered, ExportJobError> {
    let fail = |source| ExportJobError::ReadCache {
        path: cache_path.to_path_buf(),
        source,
    };
    let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let connection = Connection::open_with_flags(cache_path, flags).map_err(fail)?;
    connection
        .busy_timeout(Duration::from_secs(5))
        .map_err(fail)?;
    let mut gathered = Gathered::default();
    for id in ids {
        let event = cached_json(&connection, EVENT_SQL, id)
            .map_err(fail)?
            .map(Event::from_json);
        let Some(Ok(event)) = event else {
            gathered.num_skipped += 1;
            continue;
        };
        let detail = if with_details {
            let data = cached_json(&connection, DETAIL_SQL, id).map_err(fail)?;
            if data.is_none() {
                gathered.missing.push(id.clone());
            }
            data.map(DetailOutcome::Fetched)
        } else {
            None
        };
        gathered.events.push(ExportedEvent { event, detail });
    }
    if gathered.num_skipped > 0 {
        tracing::warn!(
            num_skipped = gathered.num_skipped,
            "events missing from the cache left out"
        );
    }
    Ok(gathered)
}

const EVENT_SQL: &str = "SELECT j.raw FROM events e JOIN event_json j ON j.event_rowid = e.rowid \
                         WHERE e.id = ?1";
const DETAIL_SQL: &str = "SELECT raw FROM details WHERE id = ?1";

/// The JSON of one row, `None` when there is none or it does not parse.
fn cached_json(
    connection: &Connection,
    sql: &str,
    id: &EventId,
) -> rusqlite::Result<Option<Value>> {
    let raw: Option<String> = connection
        .prepare_cached(sql)?
        .query_row([id.as_str()], |row| row.get(0))
        .optional()?;
    Ok(raw.and_then(|raw| serde_json::from_str(&raw).ok()))
}

/// Sorts, renders and writes the events; returns how many were written.
pub fn write_gathered(
    spec: &ExportSpec,
    mut events: Vec<ExportedEvent>,
) -> Result<usize, ExportError> {
    sort_for_export(&mut events);
    let bytes = render(spec.format, &spec.header, &events);
    write_export(&ExportTarget::File(spec.path.clone()), &bytes)?;
    tracing::info!(path = %spec.path.display(), num_events = events.len(), "export written");
    Ok(events.len())
}

/// The whole export from the cache alone: a detail the cache lacks becomes `detail_error`.
pub fn run_export_job(spec: &ExportSpec) -> Result<usize, ExportJobError> {
    let mut gathered = read_from_cache(&spec.cache_path, &spec.ids, spec.with_details)?;
    let missing = std::mem::take(&mut gathered.missing);
    gathered.resolve(missing.into_iter().map(|id| (id, not_cached())));
    Ok(write_gathered(spec, gathered.events)?)
}

fn not_cached() -> DetailOutcome {
    DetailOutcome::Failed("the detail is not in the local cache".to_owned())
}

/// Where the window's exports come from: the organization it syncs and its cache file.
#[derive(Clone, Debug)]
struct ExportSource {
    base_url: String,
    organization_id: String,
    cache_path: PathBuf,
}

/// The dialog, the save dialog under way, and the export under way.
#[derive(Default)]
pub(super) struct ExportState {
    dialog: ExportDialog,
    source: Option<ExportSource>,
    browse: Option<Promise<Option<PathBuf>>>,
    job: Option<ExportJob>,
}

struct ExportJob {
    spec: Arc<ExportSpec>,
    cancelled: Arc<AtomicBool>,
    phase: Phase,
}

enum Phase {
    Reading(Promise<Result<Gathered, ExportJobError>>),
    Details(DetailWait),
    Writing(Promise<Result<usize, ExportJobError>>),
}

/// The details asked of the sync worker for an export.
struct DetailWait {
    gathered: Gathered,
    pending: VecDeque<EventId>,
    waiting: Vec<EventId>,
    num_total: usize,
    last_progress: Instant,
}

impl DetailWait {
    fn num_done(&self) -> usize {
        self.num_total - self.pending.len() - self.waiting.len()
    }
}

impl ExportJob {
    fn progress(&self) -> ExportProgress {
        match &self.phase {
            Phase::Reading(_) => ExportProgress::Reading,
            Phase::Details(wait) => ExportProgress::Details {
                num_done: wait.num_done(),
                num_total: wait.num_total,
            },
            Phase::Writing(_) => ExportProgress::Writing,
        }
    }
}

impl CredlyApp {
    pub(super) fn open_export(&mut self) {
        let dialog = &mut self.export.dialog;
        dialog.open = true;
        if dialog.path.is_empty() {
            dialog.path = default_path(dialog.layout).display().to_string();
        }
    }

    /// Remembers the organization and cache file that exports read.
    /// Exports nothing until another organization syncs.
    pub(super) fn clear_export_source(&mut self) {
        self.export.source = None;
    }

    pub(super) fn set_export_source(&mut self, target: &SyncTarget) {
        self.export.source = Some(ExportSource {
            base_url: target.base.url().as_str().trim_end_matches('/').to_owned(),
            organization_id: target.organization_id.to_string(),
            cache_path: target.cache_path.clone(),
        });
    }

    pub(super) fn export_ui(&mut self, ctx: &egui::Context) -> Vec<UiAction> {
        self.poll_browse();
        self.poll_export(ctx);
        let progress = self
            .export
            .job
            .as_ref()
            .map_or(ExportProgress::Idle, ExportJob::progress);
        if progress.is_busy() {
            ctx.request_repaint_after(POLL_EVERY);
        }
        let input = ExportDialogInput {
            num_filtered: self.visible.positions.len(),
            num_total: self.timeline.len(),
            progress,
            browsing: self.export.browse.is_some(),
        };
        self.export.dialog.ui(ctx, &input)
    }

    /// Carries out what the export dialog asked for.
    pub(super) fn handle_export(&mut self, ctx: &egui::Context, intent: ExportIntent) {
        match intent {
            ExportIntent::Browse => self.browse(ctx),
            ExportIntent::Start(request) => self.start_export(ctx, &request),
            ExportIntent::Cancel => {
                if let Some(job) = self.export.job.take() {
                    job.cancelled.store(true, Ordering::Relaxed);
                    self.notify("Export cancelled: nothing was written.", false);
                }
            }
        }
    }

    fn browse(&mut self, ctx: &egui::Context) {
        if self.export.browse.is_some() {
            return;
        }
        let current = PathBuf::from(self.export.dialog.path.trim());
        let ctx = ctx.clone();
        self.export.browse = Some(Promise::spawn_thread("export-save-dialog", move || {
            let picked = futures::executor::block_on(save_dialog(&current));
            ctx.request_repaint();
            picked
        }));
    }

    fn poll_browse(&mut self) {
        let Some(promise) = self.export.browse.take() else {
            return;
        };
        match promise.try_take() {
            Ok(Some(path)) => self.export.dialog.path = path.display().to_string(),
            // No dialog service, or the user cancelled: the typed path stays.
            Ok(None) => tracing::debug!("no path picked in the save dialog"),
            Err(promise) => self.export.browse = Some(promise),
        }
    }

    fn start_export(&mut self, ctx: &egui::Context, request: &ExportRequest) {
        if self.export.job.is_some() {
            self.notify("An export is already under way.", true);
            return;
        }
        let Some(source) = self.export.source.clone() else {
            self.notify("Nothing to export yet: no organization is synced.", true);
            return;
        };
        let spec = Arc::new(self.export_spec(&source, request));
        let cancelled = Arc::new(AtomicBool::new(false));
        let (job_spec, repaint) = (Arc::clone(&spec), ctx.clone());
        let promise = Promise::spawn_thread("export-read", move || {
            let gathered =
                read_from_cache(&job_spec.cache_path, &job_spec.ids, job_spec.with_details);
            repaint.request_repaint();
            gathered
        });
        self.export.job = Some(ExportJob {
            spec,
            cancelled,
            phase: Phase::Reading(promise),
        });
    }

    fn export_spec(&self, source: &ExportSource, request: &ExportRequest) -> ExportSpec {
        let (ids, filter) = match request.scope {
            ExportScope::Filtered => (self.visible_ids(), self.view_model_filter()),
            ExportScope::Everything => (
                self.timeline
                    .iter()
                    .map(|row| EventId::new(row.id))
                    .collect(),
                Filter::default(),
            ),
        };
        let header = ExportHeader {
            exported_at: Utc::now(),
            base_url: source.base_url.clone(),
            organization_id: source.organization_id.clone(),
            filter,
            with_details: request.with_details,
        };
        ExportSpec {
            cache_path: source.cache_path.clone(),
            ids,
            with_details: request.with_details,
            format: format_of(request.layout),
            header,
            path: PathBuf::from(&request.path),
        }
    }

    fn visible_ids(&self) -> Vec<EventId> {
        self.visible
            .positions
            .iter()
            .filter_map(|&position| self.timeline.id_at(position as usize))
            .map(EventId::new)
            .collect()
    }

    /// The view's filter as the export header states it (the search is not part of it).
    fn view_model_filter(&self) -> Filter {
        let known = self
            .visible
            .type_counts
            .iter()
            .map(|(event_type, _)| event_type);
        self.prefs
            .filter
            .to_filter(known, Utc::now())
            .unwrap_or_default()
    }

    /// Moves the export under way to its next step when the current one is done.
    fn poll_export(&mut self, ctx: &egui::Context) {
        let Some(mut job) = self.export.job.take() else {
            return;
        };
        job.phase = match job.phase {
            Phase::Reading(promise) => match promise.try_take() {
                Err(promise) => Phase::Reading(promise),
                Ok(Err(err)) => return self.export_failed(&err),
                Ok(Ok(gathered)) => Phase::Details(self.detail_wait(gathered)),
            },
            Phase::Details(mut wait) => {
                self.step_details(&mut wait);
                if wait.pending.is_empty() && wait.waiting.is_empty() {
                    Phase::Writing(start_writing(ctx, &job.spec, &job.cancelled, wait.gathered))
                } else {
                    Phase::Details(wait)
                }
            }
            Phase::Writing(promise) => match promise.try_take() {
                Err(promise) => Phase::Writing(promise),
                Ok(Err(err)) => return self.export_failed(&err),
                Ok(Ok(num_events)) => return self.export_done(&job.spec, num_events),
            },
        };
        self.export.job = Some(job);
    }

    fn detail_wait(&self, mut gathered: Gathered) -> DetailWait {
        let missing = std::mem::take(&mut gathered.missing);
        let num_total = missing.len();
        if self.worker.is_none() {
            gathered.resolve(missing.into_iter().map(|id| (id, not_cached())));
            return DetailWait::new(gathered, VecDeque::new(), 0);
        }
        DetailWait::new(gathered, missing.into(), num_total)
    }

    /// Takes in the details that arrived, asks for more, and gives up on a silent worker.
    fn step_details(&mut self, wait: &mut DetailWait) {
        let mut arrived = Vec::new();
        wait.waiting.retain(|id| match self.details.get(id) {
            Some(DetailState::Loaded(detail)) => {
                arrived.push((id.clone(), DetailOutcome::Fetched(detail.raw.clone())));
                false
            }
            Some(DetailState::Failed(message)) => {
                arrived.push((id.clone(), DetailOutcome::Failed(message.clone())));
                false
            }
            _ => true,
        });
        if !arrived.is_empty() {
            wait.last_progress = Instant::now();
            wait.gathered.resolve(arrived);
        }
        self.ask_for_details(wait);
        if wait.last_progress.elapsed() > DETAIL_STALL {
            tracing::warn!(
                num_missing = wait.pending.len() + wait.waiting.len(),
                "the sync worker did not answer: exporting without those details"
            );
            let given_up = wait.pending.drain(..).chain(wait.waiting.drain(..));
            let failed =
                DetailOutcome::Failed("the detail could not be fetched in time".to_owned());
            let outcomes: Vec<_> = given_up.map(|id| (id, failed.clone())).collect();
            wait.gathered.resolve(outcomes);
        }
    }

    fn ask_for_details(&mut self, wait: &mut DetailWait) {
        while wait.waiting.len() < MAX_DETAILS_IN_FLIGHT
            && let Some(id) = wait.pending.pop_front()
        {
            if let Some(DetailState::Loaded(_)) = self.details.get(&id) {
                wait.waiting.push(id);
                continue;
            }
            let sent = self
                .worker
                .as_ref()
                .is_some_and(|worker| worker.send(WorkerCommand::FetchDetail(id.clone())));
            if !sent {
                // The worker's queue is full: try again next frame.
                wait.pending.push_front(id);
                return;
            }
            self.details.insert(id.clone(), DetailState::Loading);
            wait.waiting.push(id);
        }
    }

    fn export_done(&mut self, spec: &ExportSpec, num_events: usize) {
        self.notify(
            format!("Exported {num_events} events to {}", spec.path.display()),
            false,
        );
    }

    fn export_failed(&mut self, err: &ExportJobError) {
        if matches!(err, ExportJobError::Cancelled) {
            return;
        }
        tracing::error!(error = %err, "export failed");
        self.notify(format!("Export failed: {err}. Nothing was written."), true);
    }
}

impl DetailWait {
    fn new(gathered: Gathered, pending: VecDeque<EventId>, num_total: usize) -> Self {
        Self {
            gathered,
            pending,
            waiting: Vec::new(),
            num_total,
            last_progress: Instant::now(),
        }
    }
}

fn start_writing(
    ctx: &egui::Context,
    spec: &Arc<ExportSpec>,
    cancelled: &Arc<AtomicBool>,
    gathered: Gathered,
) -> Promise<Result<usize, ExportJobError>> {
    let (spec, cancelled, repaint) = (Arc::clone(spec), Arc::clone(cancelled), ctx.clone());
    Promise::spawn_thread("export-write", move || {
        let result = if cancelled.load(Ordering::Relaxed) {
            Err(ExportJobError::Cancelled)
        } else {
            write_gathered(&spec, gathered.events).map_err(ExportJobError::from)
        };
        repaint.request_repaint();
        result
    })
}

/// Asks the system's save dialog for a path; `None` when cancelled or when there is no
/// dialog service.
async fn save_dialog(current: &Path) -> Option<PathBuf> {
    let mut dialog = rfd::AsyncFileDialog::new().set_title("Export events");
    if let Some(dir) = current.parent().filter(|dir| !dir.as_os_str().is_empty()) {
        dialog = dialog.set_directory(dir);
    }
    if let Some(name) = current.file_name() {
        dialog = dialog.set_file_name(name.to_string_lossy());
    }
    dialog
        .save_file()
        .await
        .map(|handle| handle.path().to_path_buf())
}

fn format_of(layout: ExportLayout) -> ExportFormat {
    match layout {
        ExportLayout::Json => ExportFormat::Json,
        ExportLayout::Ndjson => ExportFormat::Ndjson,
    }
}

/// A fresh file name in the home folder, stamped with the time.
fn default_path(layout: ExportLayout) -> PathBuf {
    let name = format!(
        "credly-events-{}.{}",
        Utc::now().format("%Y%m%d-%H%M%S"),
        layout.extension()
    );
    let home = directories::BaseDirs::new().map(|dirs| dirs.home_dir().to_path_buf());
    home.unwrap_or_default().join(name)
}
