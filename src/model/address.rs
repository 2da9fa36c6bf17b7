//! Which addresses the app may talk to, load from or open: HTTPS anywhere, plain HTTP only
//! on loopback (the demo server, a local proxy). Pure: it only reads URLs.

use std::net::IpAddr;

use url::{Host, Url};

/// Whether `url` names this machine: a loopback address, or `localhost`.
pub fn is_loopback(url: &Url) -> bool {
    match url.host() {
        Some(Host::Ipv4(ip)) => IpAddr::V4(ip).is_loopback(),
        Some(Host::Ipv6(ip)) => IpAddr::V6(ip).is_loopback(),
        Some(Host::Domain(domain)) => domain.eq_ignore_ascii_case("localhost"),
        None => false,
    }
}

/// Whether `url` is HTTPS to a named host.
pub fn is_https(url: &Url) -> bool {
    url.scheme() == "https" && url.host().is_some()
}

/// Whether `url` is HTTPS, or plain HTTP on loopback.
pub fn is_https_or_loopback(url: &Url) -> bool {
    is_https(url) || (url.scheme() == "http" && is_loopback(url))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn https_anywhere_and_plain_http_on_loopback_only() {
        let cases = [
            ("https://images.credly.com/a.png", true, false),
            ("http://127.0.0.1:8080/a.png", true, true),
            ("http://[::1]/a.png", true, true),
            ("http://LOCALHOST/a.png", true, true),
            ("https://localhost/a.png", true, true),
            ("http://images.credly.com/a.png", false, false),
            ("http://10.0.0.1/a.png", false, false),
            ("file:///etc/passwd", false, false),
            ("data:image/png;base64,AAAA", false, false),
        ];
        for (text, allowed, loopback) in cases {
            let url = Url::parse(text).unwrap();
            assert_eq!(is_https_or_loopback(&url), allowed, "{text}");
            assert_eq!(is_loopback(&url), loopback, "{text}");
        }
    }
}
