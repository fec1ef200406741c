//! Rate limiting of token lookups per client address: a fixed window per IP, in memory, with
//! a bounded number of tracked addresses (the oldest windows are dropped first when full);
//! and the lockout of an address that keeps presenting unknown tokens (someone guessing).

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Token lookups allowed per client address and minute.
pub const LOOKUPS_PER_MINUTE: u32 = 60;
/// Client addresses tracked by a limiter at most.
pub const TRACKED_ADDRESSES: usize = 10_000;

/// Before tracking a new address in a full map: drop the entries older than `keep`, then the
/// oldest ones, so memory stays bounded whatever the traffic.
fn make_room<V>(
    seen: &mut HashMap<IpAddr, V>,
    ip: IpAddr,
    capacity: usize,
    now: Instant,
    keep: Duration,
    since: impl Fn(&V) -> Instant,
) {
    if seen.contains_key(&ip) || seen.len() < capacity {
        return;
    }
    seen.retain(|_, v| now.duration_since(since(v)) < keep);
    while seen.len() >= capacity {
        let Some(oldest) = seen.iter().min_by_key(|(_, v)| since(v)).map(|(k, _)| *k) else { break };
        seen.remove(&oldest);
    }
}

#[derive(Debug)]
pub struct Limiter {
    max_per_window: u32,
    window: Duration,
    capacity: usize,
    seen: Mutex<HashMap<IpAddr, (Instant, u32)>>,
}

impl Limiter {
    /// At most `max_per_window` lookups per `window` per address, tracking at most `capacity`
    /// addresses.
    pub fn new(max_per_window: u32, window: Duration, capacity: usize) -> Limiter {
        Limiter { max_per_window, window, capacity: capacity.max(1), seen: Mutex::new(HashMap::new()) }
    }

    /// The limit of every token page (signing, editor, settings, members).
    pub fn for_token_pages() -> Limiter {
        Limiter::new(LOOKUPS_PER_MINUTE, Duration::from_secs(60), TRACKED_ADDRESSES)
    }

    /// Counts one lookup from `ip`; false when it is over the limit.
    pub fn allow(&self, ip: IpAddr) -> bool {
        self.allow_at(ip, Instant::now())
    }

    pub fn allow_at(&self, ip: IpAddr, now: Instant) -> bool {
        let Ok(mut seen) = self.seen.lock() else { return false };
        make_room(&mut seen, ip, self.capacity, now, self.window, |(start, _)| *start);
        let entry = seen.entry(ip).or_insert((now, 0));
        if now.duration_since(entry.0) >= self.window {
            *entry = (now, 0);
        }
        entry.1 = entry.1.saturating_add(1);
        entry.1 <= self.max_per_window
    }

    pub fn tracked(&self) -> usize {
        self.seen.lock().map(|s| s.len()).unwrap_or(0)
    }
}

/// Unknown tokens from one address: 20 in 10 minutes lock it out of every token page for an
/// hour. A member mistyping a link a few times never gets there; a guesser does at once.
#[derive(Debug)]
pub struct FailureLockout {
    max_failures: u32,
    window: Duration,
    lock: Duration,
    capacity: usize,
    seen: Mutex<HashMap<IpAddr, Failures>>,
}

#[derive(Debug, Clone, Copy)]
struct Failures {
    since: Instant,
    count: u32,
    locked_until: Option<Instant>,
}

impl FailureLockout {
    pub fn new(max_failures: u32, window: Duration, lock: Duration, capacity: usize) -> FailureLockout {
        FailureLockout {
            max_failures,
            window,
            lock,
            capacity: capacity.max(1),
            seen: Mutex::new(HashMap::new()),
        }
    }

    /// The policy of the token pages.
    pub fn for_tokens() -> FailureLockout {
        FailureLockout::new(20, Duration::from_secs(600), Duration::from_secs(3600), TRACKED_ADDRESSES)
    }

    pub fn is_locked_at(&self, ip: IpAddr, now: Instant) -> bool {
        let Ok(seen) = self.seen.lock() else { return true };
        seen.get(&ip).and_then(|f| f.locked_until).is_some_and(|until| now < until)
    }

    /// Counts an unknown token from `ip`; true when this failure locks it out.
    pub fn record_failure_at(&self, ip: IpAddr, now: Instant) -> bool {
        let Ok(mut seen) = self.seen.lock() else { return true };
        make_room(&mut seen, ip, self.capacity, now, self.window.max(self.lock), |f| f.since);
        let entry = seen.entry(ip).or_insert(Failures { since: now, count: 0, locked_until: None });
        let lock_over = entry.locked_until.is_some_and(|until| now >= until);
        if lock_over || now.duration_since(entry.since) >= self.window {
            *entry = Failures { since: now, count: 0, locked_until: None };
        }
        entry.count = entry.count.saturating_add(1);
        if entry.count >= self.max_failures && entry.locked_until.is_none() {
            entry.locked_until = Some(now + self.lock);
            return true;
        }
        false
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(n: u8) -> IpAddr {
        IpAddr::from([192, 0, 2, n])
    }

    #[test]
    fn limits_per_address_and_window() {
        let limiter = Limiter::new(3, Duration::from_secs(60), 100);
        let t0 = Instant::now();
        assert!((0..3).all(|_| limiter.allow_at(ip(1), t0)));
        assert!(!limiter.allow_at(ip(1), t0));
        assert!(limiter.allow_at(ip(2), t0), "another address has its own budget");
        assert!(limiter.allow_at(ip(1), t0 + Duration::from_secs(61)), "a new window");
    }

    #[test]
    fn memory_is_bounded() {
        let limiter = Limiter::new(1, Duration::from_secs(60), 10);
        let t0 = Instant::now();
        for n in 0..50u8 {
            assert!(limiter.allow_at(ip(n), t0 + Duration::from_millis(u64::from(n))));
        }
        assert!(limiter.tracked() <= 10);
    }

    #[test]
    fn unknown_tokens_lock_an_address_out_for_a_while() {
        let lockout = FailureLockout::new(3, Duration::from_secs(600), Duration::from_secs(3600), 100);
        let t0 = Instant::now();
        assert!(!lockout.record_failure_at(ip(1), t0));
        assert!(!lockout.record_failure_at(ip(1), t0));
        assert!(!lockout.is_locked_at(ip(1), t0));
        assert!(lockout.record_failure_at(ip(1), t0 + Duration::from_secs(1)), "the third locks");
        assert!(lockout.is_locked_at(ip(1), t0 + Duration::from_secs(3599)));
        assert!(!lockout.is_locked_at(ip(2), t0), "only that address");
        assert!(!lockout.is_locked_at(ip(1), t0 + Duration::from_secs(3602)), "the lock ends");
        // Failures spread wider than the window never lock.
        for n in 0..10 {
            assert!(!lockout.record_failure_at(ip(3), t0 + Duration::from_secs(400 * n)));
        }
    }
}
