//! Where the API lives: the production and sandbox presets, or a custom base, checked.

use std::fmt;
use std::str::FromStr;

use url::Url;

use super::ApiError;
use crate::model::is_loopback;

/// Which Credly API an organization is read from.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum ApiBase {
    Production,
    Sandbox,
    /// Any other base: the demo server on loopback, or a proxy of the admin's. Must be HTTPS
    /// unless it is on loopback.
    Custom(Url),
}

pub const PRODUCTION_URL: &str = "https://api.credly.com/v1";
pub const SANDBOX_URL: &str = "https://sandbox-api.credly.com/v1";

impl ApiBase {
    /// Parses and checks a custom base URL.
    pub fn custom(text: &str) -> Result<Self, ApiError> {
        let url = Url::parse(text.trim()).map_err(|err| ApiError::InvalidBase {
            text: text.to_owned(),
            reason: err.to_string(),
        })?;
        check_base(&url)?;
        Ok(Self::Custom(url))
    }

    pub fn url(&self) -> Url {
        match self {
            Self::Production => Url::parse(PRODUCTION_URL).expect("the production URL is valid"),
            Self::Sandbox => Url::parse(SANDBOX_URL).expect("the sandbox URL is valid"),
            Self::Custom(url) => url.clone(),
        }
    }

    /// A short name for settings, keyring entries and the cache's file name.
    pub fn key(&self) -> String {
        match self {
            Self::Production => "production".to_owned(),
            Self::Sandbox => "sandbox".to_owned(),
            Self::Custom(url) => url.as_str().trim_end_matches('/').to_owned(),
        }
    }

    pub fn is_production(&self) -> bool {
        matches!(self, Self::Production)
    }
}

impl fmt::Display for ApiBase {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Production => f.write_str("production"),
            Self::Sandbox => f.write_str("sandbox"),
            Self::Custom(url) => write!(f, "{url}"),
        }
    }
}

impl FromStr for ApiBase {
    type Err = ApiError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        match text {
            "production" => Ok(Self::Production),
            "sandbox" => Ok(Self::Sandbox),
            other => Self::custom(other),
        }
    }
}

/// Refuses plain HTTP to anything but loopback, and URLs that cannot carry a path.
pub fn check_base(url: &Url) -> Result<(), ApiError> {
    let host = url.host_str().unwrap_or_default().to_owned();
    if url.cannot_be_a_base() || host.is_empty() {
        return Err(ApiError::InvalidBase {
            text: url.to_string(),
            reason: "it has no host".to_owned(),
        });
    }
    match url.scheme() {
        "https" => Ok(()),
        "http" if is_loopback(url) => Ok(()),
        "http" => Err(ApiError::InsecureBase { host }),
        other => Err(ApiError::InvalidBase {
            text: url.to_string(),
            reason: format!("the scheme {other:?} is neither https nor http"),
        }),
    }
}

/// Whether two URLs share scheme, host and port: only then may credentials go to both.
pub fn same_origin(a: &Url, b: &Url) -> bool {
    a.scheme() == b.scheme()
        && a.host_str().map(str::to_ascii_lowercase) == b.host_str().map(str::to_ascii_lowercase)
        && a.port_or_known_default() == b.port_or_known_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bases_are_checked_for_https_outside_loopback() {
        let cases = [
            ("https://api.credly.com/v1", true),
            ("http://127.0.0.1:8080/v1", true),
            ("http://127.8.9.1/v1", true),
            ("http://[::1]:3000/v1", true),
            ("http://localhost:3000/v1", true),
            ("http://api.credly.com/v1", false),
            ("http://10.0.0.2/v1", false),
            ("ftp://127.0.0.1/v1", false),
            ("not a url", false),
            ("mailto:someone@example.org", false),
        ];
        for (text, accepted) in cases {
            assert_eq!(ApiBase::custom(text).is_ok(), accepted, "{text}");
        }
        assert!(matches!(
            ApiBase::custom("http://api.credly.com/v1"),
            Err(ApiError::InsecureBase { host }) if host == "api.credly.com"
        ));
    }

    #[test]
    fn origins_compare_scheme_host_and_port() {
        let base = Url::parse("https://api.credly.com/v1").unwrap();
        let cases = [
            (
                "https://api.credly.com/v1/organizations/o/events?page=2",
                true,
            ),
            ("https://API.credly.com:443/other", true),
            ("http://api.credly.com/v1", false),
            ("https://api.credly.com:8443/v1", false),
            ("https://evil.example/v1", false),
        ];
        for (text, same) in cases {
            assert_eq!(
                same_origin(&base, &Url::parse(text).unwrap()),
                same,
                "{text}"
            );
        }
    }

    #[test]
    fn presets_parse_by_name() {
        assert_eq!(
            "production".parse::<ApiBase>().unwrap(),
            ApiBase::Production
        );
        assert_eq!(
            "sandbox".parse::<ApiBase>().unwrap().url().as_str(),
            SANDBOX_URL
        );
    }
}
