//! Downloads of the badge and template images that details link to.
//!
//! Images come from hosts we do not control (Credly's image CDN, or whatever a payload
//! names), so a download is HTTPS only (loopback only for the demo server's images), never
//! carries a credential, follows redirects only to such URLs, and is bounded in size and
//! time. Uses `model`'s address rules; nothing else of ours.

use std::time::Duration;

use reqwest::redirect;
use url::Url;

use crate::model::{is_https, is_https_or_loopback, is_loopback};

/// The largest image body accepted. Badge images are a few hundred kilobytes at most.
pub const MAX_IMAGE_BYTES: usize = 4 * 1024 * 1024;

/// How long one image download may take, from connecting to the last byte.
pub const IMAGE_TIMEOUT: Duration = Duration::from_secs(15);

const IMAGE_CONNECT_TIMEOUT: Duration = Duration::from_secs(5);

/// Redirects followed at most per download.
const MAX_REDIRECTS: usize = 3;

/// Why an image was not downloaded.
#[derive(Debug, thiserror::Error)]
pub enum ImageError {
    #[error("not an HTTPS image address: {url}")]
    NotAllowed { url: String },

    #[error("the image client could not be built: {0}")]
    Client(#[source] reqwest::Error),

    #[error("the image request to {host} failed: {source}")]
    Request {
        host: String,
        #[source]
        source: reqwest::Error,
    },

    #[error("{host} answered the image request with HTTP {status}")]
    Status {
        host: String,
        status: reqwest::StatusCode,
    },

    #[error("the image from {host} is larger than {limit} bytes")]
    TooLarge { host: String, limit: usize },

    #[error("{host} sent {content_type:?}, not an image")]
    NotAnImage { host: String, content_type: String },
}

/// Image bytes and their announced type.
#[derive(Clone, Debug)]
pub struct FetchedImage {
    pub bytes: Vec<u8>,
    /// The `Content-Type` header, e.g. `image/png`, when one came.
    pub mime: Option<String>,
}

/// Whether images may come from this machine. Only the demo server serves them there; for
/// a real organization, a payload naming a loopback address would make the app probe local
/// services, so those are refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LoopbackImages {
    Allowed,
    Refused,
}

/// Whether an image may be downloaded from `url`: HTTPS to another machine, or (when
/// `loopback` allows it) HTTP or HTTPS to this one.
pub fn is_allowed_image_url(url: &Url, loopback: LoopbackImages) -> bool {
    if is_loopback(url) {
        return loopback == LoopbackImages::Allowed && is_https_or_loopback(url);
    }
    is_https(url)
}

/// Downloads images with the bounds above. Cheap to clone.
#[derive(Clone, Debug)]
pub struct ImageClient {
    http: reqwest::Client,
    loopback: LoopbackImages,
}

impl ImageClient {
    pub fn new(loopback: LoopbackImages) -> Result<Self, ImageError> {
        let mut builder = reqwest::Client::builder()
            .connect_timeout(IMAGE_CONNECT_TIMEOUT)
            .timeout(IMAGE_TIMEOUT)
            .user_agent(concat!("credly-monitor/", env!("CARGO_PKG_VERSION")))
            .redirect(redirect::Policy::custom(move |attempt| {
                let allowed = is_allowed_image_url(attempt.url(), loopback);
                if attempt.previous().len() < MAX_REDIRECTS && allowed {
                    attempt.follow()
                } else {
                    attempt.stop()
                }
            }));
        if loopback == LoopbackImages::Allowed {
            // Demo mode: a system proxy would otherwise catch the demo server's images.
            builder = builder.no_proxy();
        }
        let http = builder.build().map_err(ImageError::Client)?;
        Ok(Self { http, loopback })
    }

    /// Downloads the image at `url` whole, or says why not.
    pub async fn fetch(&self, url: &str) -> Result<FetchedImage, ImageError> {
        let url = Url::parse(url)
            .ok()
            .filter(|url| is_allowed_image_url(url, self.loopback))
            .ok_or_else(|| ImageError::NotAllowed {
                url: url.to_owned(),
            })?;
        let host = url.host_str().unwrap_or_default().to_owned();
        let response = self
            .http
            .get(url)
            .header(reqwest::header::ACCEPT, "image/*")
            .send()
            .await
            .map_err(|source| ImageError::Request {
                host: host.clone(),
                source,
            })?;
        let mime = check_response(&response, &host)?;
        let bytes = read_bounded(response, &host).await?;
        Ok(FetchedImage { bytes, mime })
    }
}

/// Refuses an answer that is not a success, not an image, or announced as too large;
/// returns its `Content-Type`.
fn check_response(response: &reqwest::Response, host: &str) -> Result<Option<String>, ImageError> {
    let status = response.status();
    if !status.is_success() {
        return Err(ImageError::Status {
            host: host.to_owned(),
            status,
        });
    }
    let mime = response
        .headers()
        .get(reqwest::header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .map(str::to_owned);
    if let Some(content_type) = mime.as_deref().filter(|mime| !is_image_type(mime)) {
        return Err(ImageError::NotAnImage {
            host: host.to_owned(),
            content_type: content_type.to_owned(),
        });
    }
    if response
        .content_length()
        .is_some_and(|length| length > MAX_IMAGE_BYTES as u64)
    {
        return Err(too_large(host));
    }
    Ok(mime)
}

/// Reads the body, counting what actually arrives: the announced length may be absent or
/// wrong.
async fn read_bounded(mut response: reqwest::Response, host: &str) -> Result<Vec<u8>, ImageError> {
    let mut bytes = Vec::new();
    while let Some(chunk) = response
        .chunk()
        .await
        .map_err(|source| ImageError::Request {
            host: host.to_owned(),
            source,
        })?
    {
        if bytes.len() + chunk.len() > MAX_IMAGE_BYTES {
            return Err(too_large(host));
        }
        bytes.extend_from_slice(&chunk);
    }
    Ok(bytes)
}

fn too_large(host: &str) -> ImageError {
    ImageError::TooLarge {
        host: host.to_owned(),
        limit: MAX_IMAGE_BYTES,
    }
}

/// Whether a `Content-Type` announces an image, or says nothing useful (some CDNs send
/// `application/octet-stream`); the decoder has the last word.
fn is_image_type(content_type: &str) -> bool {
    let essence = content_type
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase();
    essence.starts_with("image/") || essence == "application/octet-stream"
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn images_come_over_https_and_from_loopback_only_in_demo_mode() {
        use LoopbackImages::{Allowed, Refused};
        let cases = [
            ("https://images.credly.com/a.png", Refused, true),
            ("https://images.credly.com/a.png", Allowed, true),
            ("http://127.0.0.1:8080/images/a.png", Allowed, true),
            ("http://127.0.0.1:8080/images/a.png", Refused, false),
            ("https://localhost:8443/a.png", Refused, false),
            ("http://[::1]/a.png", Allowed, true),
            ("http://images.credly.com/a.png", Allowed, false),
            ("http://10.0.0.1/a.png", Allowed, false),
            ("file:///etc/passwd", Allowed, false),
            ("data:image/png;base64,AAAA", Allowed, false),
            ("ftp://images.credly.com/a.png", Allowed, false),
        ];
        for (url, loopback, expected) in cases {
            let url = Url::parse(url).unwrap();
            assert_eq!(
                is_allowed_image_url(&url, loopback),
                expected,
                "{url} {loopback:?}"
            );
        }
    }

    #[test]
    fn content_types_are_read_by_their_essence() {
        let cases = [
            ("image/png", true),
            ("IMAGE/JPEG; charset=binary", true),
            ("application/octet-stream", true),
            ("text/html; charset=utf-8", false),
            ("application/json", false),
        ];
        for (content_type, expected) in cases {
            assert_eq!(is_image_type(content_type), expected, "{content_type}");
        }
    }
}
