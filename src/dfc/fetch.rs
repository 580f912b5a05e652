//! A DFC catalogue read from the address a producer gives (their Open Food Network or
//! CoopCircuits catalogue), bounded as a fetch made by the server must be: http or https on the
//! standard port, a host whose every address is public (unless the operator trusts it), the
//! connection pinned to the addresses checked (no second lookup to rebind), no redirect, no
//! proxy, ten seconds, 5 MB, and two fetches at once for the whole server.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::sync::Arc;
use std::time::Duration;

use reqwest::Url;
use tokio::sync::Semaphore;

use crate::i18n::Msg;

/// The largest catalogue read, as a file upload's.
pub const MAX_BYTES: usize = 5 * 1024 * 1024;
pub const MAX_URL_CHARS: usize = 2000;
/// How many fetches run at once; the others are told to try again.
pub const AT_ONCE: usize = 2;
const TIMEOUT: Duration = Duration::from_secs(10);
const LOOKUP_TIMEOUT: Duration = Duration::from_secs(5);

/// The address as typed, if it is one the server may fetch: http or https, a host, no user or
/// password.
pub fn checked_url(raw: &str) -> Result<Url, Msg> {
    let raw = raw.trim();
    if raw.chars().count() > MAX_URL_CHARS {
        return Err(Msg::ErrDfcAddress);
    }
    let url = Url::parse(raw).map_err(|_| Msg::ErrDfcAddress)?;
    let fine = matches!(url.scheme(), "http" | "https")
        && url.host_str().is_some_and(|h| !h.is_empty())
        && url.username().is_empty()
        && url.password().is_none();
    if fine { Ok(url) } else { Err(Msg::ErrDfcAddress) }
}

/// Whether an address is on the public internet: not this machine, a private or shared network,
/// a link, a documentation, benchmark or reserved range, nor multicast.
pub fn is_public(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => public_v4(v4),
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => public_v4(v4),
            None => public_v6(v6),
        },
    }
}

fn public_v4(ip: Ipv4Addr) -> bool {
    let [a, b, c, _] = ip.octets();
    !(ip.is_unspecified()
        || ip.is_loopback()
        || ip.is_private()
        || ip.is_link_local()
        || ip.is_broadcast()
        || ip.is_documentation()
        || ip.is_multicast()
        || a == 0
        || a >= 240
        || (a == 100 && (64..128).contains(&b))
        || (a == 192 && b == 0 && c == 0)
        || (a == 198 && (b == 18 || b == 19)))
}

fn public_v6(ip: Ipv6Addr) -> bool {
    let first = ip.segments()[0];
    !(ip.is_unspecified()
        || ip.is_loopback()
        || ip.is_multicast()
        || (first & 0xfe00) == 0xfc00
        || (first & 0xffc0) == 0xfe80
        || first == 0x2001 && ip.segments()[1] == 0x0db8
        || first == 0x0064 && ip.segments()[1] == 0xff9b)
}

/// Fetches catalogues, within the bounds above. Clones share the bound.
#[derive(Clone, Debug)]
pub struct Fetcher {
    /// Addresses the operator trusts (an intranet source): any port, even private.
    trusted: Arc<Vec<IpAddr>>,
    slots: Arc<Semaphore>,
}

impl Fetcher {
    pub fn new(trusted: Vec<IpAddr>) -> Fetcher {
        Fetcher {
            trusted: Arc::new(trusted),
            slots: Arc::new(Semaphore::new(AT_ONCE)),
        }
    }

    /// The document at `raw`, as text.
    pub async fn fetch(&self, raw: &str) -> Result<String, Msg> {
        let url = checked_url(raw)?;
        let host = url.host_str().ok_or(Msg::ErrDfcAddress)?.to_owned();
        let port = url.port_or_known_default().ok_or(Msg::ErrDfcAddress)?;
        let _slot = self.slots.try_acquire().map_err(|_| Msg::ErrDfcFetchBusy)?;
        let bare = host.trim_start_matches('[').trim_end_matches(']');
        let addrs: Vec<SocketAddr> = tokio::time::timeout(LOOKUP_TIMEOUT, tokio::net::lookup_host((bare, port)))
            .await
            .map_err(|_| Msg::ErrDfcFetch)?
            .map_err(|_| Msg::ErrDfcFetch)?
            .collect();
        if addrs.is_empty() {
            return Err(Msg::ErrDfcFetch);
        }
        if !addrs.iter().all(|a| self.trusted.contains(&a.ip())) {
            if !addrs.iter().all(|a| is_public(a.ip())) {
                return Err(Msg::ErrDfcAddressPrivate);
            }
            if Some(port) != standard_port(url.scheme()) {
                return Err(Msg::ErrDfcAddress);
            }
        }
        let client = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .no_proxy()
            .timeout(TIMEOUT)
            .resolve_to_addrs(bare, &addrs)
            .build()
            .map_err(|_| Msg::ErrDfcFetch)?;
        let mut response = client
            .get(url)
            .header(reqwest::header::ACCEPT, "application/ld+json, application/json")
            .send()
            .await
            .map_err(|_| Msg::ErrDfcFetch)?;
        if !response.status().is_success() {
            return Err(Msg::ErrDfcFetch);
        }
        if response.content_length().is_some_and(|n| n > MAX_BYTES as u64) {
            return Err(Msg::ErrDfcTooLarge);
        }
        let mut body = Vec::new();
        while let Some(chunk) = response.chunk().await.map_err(|_| Msg::ErrDfcFetch)? {
            if body.len() + chunk.len() > MAX_BYTES {
                return Err(Msg::ErrDfcTooLarge);
            }
            body.extend_from_slice(&chunk);
        }
        Ok(crate::catalogue::csv::decode(&body))
    }
}

fn standard_port(scheme: &str) -> Option<u16> {
    match scheme {
        "http" => Some(80),
        "https" => Some(443),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_web_addresses_without_credentials_are_fetched() {
        assert!(checked_url("https://openfoodnetwork.fr/api/dfc/enterprises/1/catalog_items").is_ok());
        assert!(checked_url(" http://exemple.fr/catalogue.json ").is_ok());
        for bad in [
            "file:///etc/passwd",
            "ftp://exemple.fr/x",
            "gopher://exemple.fr:70/",
            "https://user:secret@exemple.fr/",
            "exemple.fr/catalogue",
            "",
            "javascript:alert(1)",
        ] {
            assert_eq!(checked_url(bad).unwrap_err(), Msg::ErrDfcAddress, "{bad}");
        }
        assert!(checked_url(&format!("https://exemple.fr/{}", "a".repeat(MAX_URL_CHARS))).is_err());
    }

    #[test]
    fn private_and_special_addresses_are_not_public() {
        for private in [
            "127.0.0.1",
            "10.1.2.3",
            "172.16.0.1",
            "192.168.1.1",
            "169.254.169.254",
            "100.64.0.1",
            "0.0.0.0",
            "255.255.255.255",
            "224.0.0.1",
            "198.18.0.1",
            "::1",
            "::",
            "fd00::1",
            "fe80::1",
            "::ffff:127.0.0.1",
            "::ffff:10.0.0.1",
            "2001:db8::1",
            "64:ff9b::a00:1",
        ] {
            assert!(!is_public(private.parse().unwrap()), "{private}");
        }
        for public in ["1.1.1.1", "51.15.0.1", "2a01:4f8::1", "::ffff:51.15.0.1"] {
            assert!(is_public(public.parse().unwrap()), "{public}");
        }
    }

    /// Two fetches wait on a source that never answers; a third is told to try again at once.
    #[tokio::test]
    async fn no_more_than_two_fetches_run_at_once() {
        let silent = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}/catalogue", silent.local_addr().unwrap());
        let fetcher = Fetcher::new(vec!["127.0.0.1".parse().unwrap()]);
        let waiting: Vec<_> = (0..AT_ONCE)
            .map(|_| {
                let (fetcher, url) = (fetcher.clone(), url.clone());
                tokio::spawn(async move { fetcher.fetch(&url).await })
            })
            .collect();
        while fetcher.slots.available_permits() > 0 {
            tokio::task::yield_now().await;
        }
        let started = std::time::Instant::now();
        assert_eq!(fetcher.fetch(&url).await.unwrap_err(), Msg::ErrDfcFetchBusy);
        assert!(started.elapsed() < Duration::from_secs(1));
        for task in waiting {
            task.abort();
        }
    }

    #[tokio::test]
    async fn a_private_host_is_refused_before_any_request() {
        let fetcher = Fetcher::new(Vec::new());
        for url in [
            "http://127.0.0.1:9/x",
            "http://localhost/x",
            "http://[::1]/x",
            "http://10.0.0.1/x",
        ] {
            assert_eq!(
                fetcher.fetch(url).await.unwrap_err(),
                Msg::ErrDfcAddressPrivate,
                "{url}"
            );
        }
    }
}
