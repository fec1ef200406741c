//! The client's address behind a reverse proxy. Rate limits, the unknown-token lockout and the
//! signature evidence all need the address of the person's browser, not the proxy's: when the
//! TCP peer is a trusted proxy (loopback always, plus `web.trusted_proxies`), the address comes
//! from `X-Forwarded-For`, read from the right and skipping the trusted hops. Anyone else's
//! header is ignored, so a client cannot pick its own address.

use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;

use axum::extract::{ConnectInfo, Request, State};
use axum::http::HeaderMap;
use axum::middleware::Next;
use axum::response::Response;

/// An address or a CIDR block (`172.16.0.0/12`, `fd00::/8`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Block {
    addr: IpAddr,
    prefix: u8,
}

impl Block {
    fn parse(raw: &str) -> Option<Block> {
        let (addr, prefix) = match raw.split_once('/') {
            Some((a, p)) => (a.parse::<IpAddr>().ok()?, Some(p.parse::<u8>().ok()?)),
            None => (raw.parse::<IpAddr>().ok()?, None),
        };
        let bits = if addr.is_ipv4() { 32 } else { 128 };
        let prefix = prefix.unwrap_or(bits);
        (prefix <= bits).then_some(Block { addr, prefix })
    }

    fn contains(&self, ip: IpAddr) -> bool {
        let (net, ip, bits) = match (self.addr, ip) {
            (IpAddr::V4(n), IpAddr::V4(i)) => (u128::from(u32::from(n)), u128::from(u32::from(i)), 32),
            (IpAddr::V6(n), IpAddr::V6(i)) => (u128::from(n), u128::from(i), 128),
            _ => return false,
        };
        let host_bits = bits - u32::from(self.prefix);
        let mask = if host_bits >= 128 { 0 } else { u128::MAX << host_bits };
        let width_mask = if bits == 128 { u128::MAX } else { (1u128 << bits) - 1 };
        (net & mask & width_mask) == (ip & mask & width_mask)
    }
}

/// The proxies whose `X-Forwarded-For` is believed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TrustedProxies {
    blocks: Vec<Block>,
}

impl TrustedProxies {
    /// `"172.17.0.1, 10.0.0.0/8"`; empty means loopback only. The error names the bad entry.
    pub fn parse(list: &str) -> Result<TrustedProxies, String> {
        let mut blocks = Vec::new();
        for entry in list.split(',').map(str::trim).filter(|e| !e.is_empty()) {
            blocks.push(Block::parse(entry).ok_or_else(|| entry.to_owned())?);
        }
        Ok(TrustedProxies { blocks })
    }

    pub fn trusts(&self, ip: IpAddr) -> bool {
        ip.is_loopback()
            || ip.to_canonical().is_loopback()
            || self.blocks.iter().any(|b| b.contains(ip) || b.contains(ip.to_canonical()))
    }

    /// The browser's address: the right-most `X-Forwarded-For` entry that is not a trusted
    /// proxy. `None` (keep the peer) without the header or with a malformed entry.
    pub fn client_of(&self, peer: IpAddr, headers: &HeaderMap) -> Option<IpAddr> {
        if !self.trusts(peer) {
            return None;
        }
        let mut hops = Vec::new();
        for value in headers.get_all("x-forwarded-for") {
            for entry in value.to_str().ok()?.split(',') {
                hops.push(entry.trim().parse::<IpAddr>().ok()?);
            }
        }
        hops.iter().rev().find(|ip| !self.trusts(**ip)).or(hops.first()).copied()
    }
}

/// Outermost layer: replaces the connection address by the browser's when a trusted proxy
/// forwarded the request, so every extractor of the address below sees the same one.
pub async fn forwarded_client(
    State(proxies): State<Arc<TrustedProxies>>,
    mut request: Request,
    next: Next,
) -> Response {
    if let Some(ConnectInfo(peer)) = request.extensions().get::<ConnectInfo<SocketAddr>>().copied()
        && let Some(client) = proxies.client_of(peer.ip(), request.headers())
    {
        request.extensions_mut().insert(ConnectInfo(SocketAddr::new(client, peer.port())));
    }
    next.run(request).await
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(values: &[&str]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for v in values {
            h.append("x-forwarded-for", v.parse().expect("header"));
        }
        h
    }

    fn ip(s: &str) -> IpAddr {
        s.parse().expect("ip")
    }

    #[test]
    fn who_is_believed() {
        let docker = TrustedProxies::parse("172.16.0.0/12, fd00::/8").expect("list");
        let cases: [(&TrustedProxies, &str, &[&str], Option<&str>); 9] = [
            (&docker, "127.0.0.1", &["203.0.113.9"], Some("203.0.113.9")),
            (&docker, "172.18.0.1", &["203.0.113.9"], Some("203.0.113.9")),
            (&docker, "::1", &["2001:db8::7"], Some("2001:db8::7")),
            // A client's own header is ignored when it talks to us directly.
            (&docker, "198.51.100.4", &["203.0.113.9"], None),
            // A spoofed left entry is skipped: the proxy appended the real address.
            (&docker, "127.0.0.1", &["6.6.6.6, 203.0.113.9"], Some("203.0.113.9")),
            (&docker, "127.0.0.1", &["203.0.113.9", "172.18.0.5"], Some("203.0.113.9")),
            (&docker, "127.0.0.1", &["not-an-ip"], None),
            (&docker, "127.0.0.1", &[], None),
            (&TrustedProxies::default(), "172.18.0.1", &["203.0.113.9"], None),
        ];
        for (proxies, peer, forwarded, want) in cases {
            assert_eq!(
                proxies.client_of(ip(peer), &headers(forwarded)),
                want.map(ip),
                "{peer} {forwarded:?}"
            );
        }
    }

    #[test]
    fn lists() {
        assert!(TrustedProxies::parse("").is_ok());
        assert_eq!(TrustedProxies::parse("10.0.0.0/33"), Err("10.0.0.0/33".into()));
        assert_eq!(TrustedProxies::parse("10.0.0.1, proxy"), Err("proxy".into()));
        let one = TrustedProxies::parse("10.1.2.3").expect("one");
        assert!(one.trusts(ip("10.1.2.3")) && !one.trusts(ip("10.1.2.4")));
        let all = TrustedProxies::parse("0.0.0.0/0").expect("all");
        assert!(all.trusts(ip("8.8.8.8")) && !all.trusts(ip("2001:db8::1")));
    }
}
