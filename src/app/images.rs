//! The window's image loader: egui asks it for the bytes of badge and template images, and
//! it downloads them in the background through `api::ImageClient` (HTTPS only, bounded in
//! size and time, no credentials). The decoder of `egui_extras` turns the bytes into textures.
//!
//! Uses `api` for the download and the tokio runtime the app runs in.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use egui::load::{BytesLoadResult, BytesLoader, BytesPoll, LoadError};

use crate::api::{FetchedImage, ImageClient, LoopbackImages};

/// Downloads at the same time, at most: a detail shows a handful of images.
const MAX_CONCURRENT_DOWNLOADS: usize = 4;

/// How long a failed image waits before it is asked for again: a dropped network should not
/// leave placeholders for the rest of the session, nor make every frame ask.
const RETRY_AFTER: Duration = Duration::from_secs(60);

enum Entry {
    Pending,
    Ready {
        bytes: egui::load::Bytes,
        mime: Option<String>,
    },
    Failed {
        reason: String,
        at: Instant,
    },
}

/// A `BytesLoader` for `https://` (and loopback `http://`) image URIs.
pub struct ImageLoader {
    client: ImageClient,
    runtime: tokio::runtime::Handle,
    permits: Arc<tokio::sync::Semaphore>,
    entries: Arc<Mutex<HashMap<String, Entry>>>,
}

impl ImageLoader {
    pub fn new(client: ImageClient, runtime: tokio::runtime::Handle) -> Self {
        Self {
            client,
            runtime,
            permits: Arc::new(tokio::sync::Semaphore::new(MAX_CONCURRENT_DOWNLOADS)),
            entries: Arc::default(),
        }
    }

    fn start_download(&self, ctx: &egui::Context, uri: &str) {
        let client = self.client.clone();
        let permits = Arc::clone(&self.permits);
        let entries = Arc::clone(&self.entries);
        let ctx = ctx.clone();
        let uri = uri.to_owned();
        self.runtime.spawn(async move {
            let result = match permits.acquire().await {
                Ok(_permit) => client.fetch(&uri).await,
                Err(_) => return,
            };
            let entry = match result {
                Ok(FetchedImage { bytes, mime }) => Entry::Ready {
                    bytes: bytes.into(),
                    mime,
                },
                Err(err) => {
                    tracing::debug!(%err, "image not loaded");
                    Entry::Failed {
                        reason: err.to_string(),
                        at: Instant::now(),
                    }
                }
            };
            // An entry forgotten meanwhile stays forgotten.
            if let Some(slot) = lock(&entries).get_mut(&uri) {
                *slot = entry;
            }
            ctx.request_repaint();
        });
    }
}

fn lock(
    entries: &Mutex<HashMap<String, Entry>>,
) -> std::sync::MutexGuard<'_, HashMap<String, Entry>> {
    entries.lock().unwrap_or_else(PoisonError::into_inner)
}

impl BytesLoader for ImageLoader {
    fn id(&self) -> &'static str {
        egui::generate_loader_id!(ImageLoader)
    }

    fn load(&self, ctx: &egui::Context, uri: &str) -> BytesLoadResult {
        if !(uri.starts_with("https://") || uri.starts_with("http://")) {
            return Err(LoadError::NotSupported);
        }
        let mut entries = lock(&self.entries);
        match entries.get(uri) {
            Some(Entry::Pending) => Ok(BytesPoll::Pending { size: None }),
            Some(Entry::Ready { bytes, mime }) => Ok(BytesPoll::Ready {
                size: None,
                bytes: bytes.clone(),
                mime: mime.clone(),
            }),
            Some(Entry::Failed { reason, at }) if at.elapsed() < RETRY_AFTER => {
                Err(LoadError::Loading(reason.clone()))
            }
            Some(Entry::Failed { .. }) | None => {
                entries.insert(uri.to_owned(), Entry::Pending);
                drop(entries);
                self.start_download(ctx, uri);
                Ok(BytesPoll::Pending { size: None })
            }
        }
    }

    fn forget(&self, uri: &str) {
        lock(&self.entries).remove(uri);
    }

    fn forget_all(&self) {
        lock(&self.entries).clear();
    }

    fn byte_size(&self) -> usize {
        lock(&self.entries)
            .values()
            .map(|entry| match entry {
                Entry::Ready { bytes, .. } => bytes.len(),
                Entry::Failed { reason, .. } => reason.len(),
                Entry::Pending => 0,
            })
            .sum()
    }

    fn has_pending(&self) -> bool {
        lock(&self.entries)
            .values()
            .any(|entry| matches!(entry, Entry::Pending))
    }
}

/// Installs the image decoders and this loader in `ctx`. Returns whether images can be
/// loaded: not when there is no tokio runtime to download on, or no HTTP client.
pub fn install_image_loaders(ctx: &egui::Context, loopback: LoopbackImages) -> bool {
    let Ok(runtime) = tokio::runtime::Handle::try_current() else {
        return false;
    };
    let client = match ImageClient::new(loopback) {
        Ok(client) => client,
        Err(err) => {
            tracing::warn!(%err, "badge images will not be loaded");
            return false;
        }
    };
    egui_extras::install_image_loaders(ctx);
    ctx.add_bytes_loader(Arc::new(ImageLoader::new(client, runtime)));
    true
}
