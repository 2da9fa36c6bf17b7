//! Downloads of the badge and template images that details link to.
//!
//! Images come from hosts we do not control (Credly's image CDN, or whatever a payload
//! names), so a download is HTTPS only (plain HTTP on loopback, for the demo server), never
//! carries a credential, follows redirects only to such URLs, and is bounded in size and
//! time. Uses `base` for the loopback rule; nothing else of ours.

use std::time::Duration;

use reqwest::redirect;
use url::Url;

use super::base::is_loopback;

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

/// Whether an image may be downloaded from `url`: HTTPS, or plain HTTP on loopback.
pub fn is_allowed_image_url(url: &Url) -> bool {
    match url.scheme() {
        "https" => url.host().is_some(),
        "http" => is_loopback(url),
        _ => false,
    }
}

/// Downloads images with the bounds above. Cheap to clone.
#[derive(Clone, Debug)]
pub struct ImageClient {
    /// For remote hosts, through the system proxy if there is one.
    remote: reqwest::Client,
    /// For loopback, where a system proxy would catch the demo server's requests.
    local: reqwest::Client,
}

impl ImageClient {
    pub fn new() -> Result<Self, ImageError> {
        Ok(Self {
            remote: client_builder().build().map_err(ImageError::Client)?,
            local: client_builder()
                .no_proxy()
                .build()
                .map_err(ImageError::Client)?,
        })
    }

    /// Downloads the image at `url` whole, or says why not.
    pub async fn fetch(&self, url: &str) -> Result<FetchedImage, ImageError> {
        let not_allowed = || ImageError::NotAllowed {
            url: url.to_owned(),
        };
        let parsed = Url::parse(url).map_err(|_| not_allowed())?;
        if !is_allowed_image_url(&parsed) {
            return Err(not_allowed());
        }
        let host = parsed.host_str().unwrap_or_default().to_owned();
        let request_failed = |source| ImageError::Request {
            host: host.clone(),
            source,
        };

        let http = if is_loopback(&parsed) {
            &self.local
        } else {
            &self.remote
        };
        let mut response = http
            .get(parsed.clone())
            .header(reqwest::header::ACCEPT, "image/*")
            .send()
            .await
            .map_err(request_failed)?;
        let status = response.status();
        if !status.is_success() {
            return Err(ImageError::Status { host, status });
        }
        let mime = response
            .headers()
            .get(reqwest::header::CONTENT_TYPE)
            .and_then(|value| value.to_str().ok())
            .map(str::to_owned);
        if let Some(content_type) = mime.as_deref().filter(|mime| !is_image_type(mime)) {
            return Err(ImageError::NotAnImage {
                host,
                content_type: content_type.to_owned(),
            });
        }
        let too_large = |host: String| ImageError::TooLarge {
            host,
            limit: MAX_IMAGE_BYTES,
        };
        if response
            .content_length()
            .is_some_and(|length| length > MAX_IMAGE_BYTES as u64)
        {
            return Err(too_large(host));
        }

        // The announced length may be absent or wrong: count what actually arrives.
        let mut bytes = Vec::new();
        while let Some(chunk) = response.chunk().await.map_err(request_failed)? {
            if bytes.len() + chunk.len() > MAX_IMAGE_BYTES {
                return Err(too_large(host));
            }
            bytes.extend_from_slice(&chunk);
        }
        Ok(FetchedImage { bytes, mime })
    }
}

fn client_builder() -> reqwest::ClientBuilder {
    reqwest::Client::builder()
        .connect_timeout(IMAGE_CONNECT_TIMEOUT)
        .timeout(IMAGE_TIMEOUT)
        .user_agent(concat!("credly-monitor/", env!("CARGO_PKG_VERSION")))
        .redirect(redirect::Policy::custom(|attempt| {
            if attempt.previous().len() < MAX_REDIRECTS && is_allowed_image_url(attempt.url()) {
                attempt.follow()
            } else {
                attempt.stop()
            }
        }))
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
    fn only_https_and_loopback_http_images_are_allowed() {
        let cases = [
            ("https://images.credly.com/a.png", true),
            ("http://127.0.0.1:8080/images/a.png", true),
            ("http://[::1]/a.png", true),
            ("http://localhost/a.png", true),
            ("http://images.credly.com/a.png", false),
            ("http://10.0.0.1/a.png", false),
            ("file:///etc/passwd", false),
            ("data:image/png;base64,AAAA", false),
            ("ftp://images.credly.com/a.png", false),
        ];
        for (url, expected) in cases {
            let url = Url::parse(url).unwrap();
            assert_eq!(is_allowed_image_url(&url), expected, "{url}");
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
