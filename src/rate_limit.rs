//! A small in-memory rate limiter per client: a token bucket per key, in a map of bounded size.
//!
//! It guards what anonymous requests can make expensive (password hashing, emails): each
//! client address may make `burst` such requests at once, then one more every
//! `period / burst`. It is per server process; the database-backed throttles (failed sign-ins
//! per account, emails per address) hold across instances.
//!
//! Pure: the caller passes the time, so tests need no clock.

use std::collections::HashMap;
use std::net::IpAddr;
use std::time::{Duration, Instant};

#[derive(Clone, Copy, Debug)]
struct Bucket {
    tokens: f64,
    at: Instant,
}

#[derive(Debug)]
pub struct RateLimiter {
    burst: f64,
    per_second: f64,
    max_keys: usize,
    buckets: HashMap<String, Bucket>,
}

impl RateLimiter {
    /// `burst` requests at once per key, refilled at `burst` per `period`; at most `max_keys`
    /// keys remembered (full buckets are forgotten first, then the least recently used).
    pub fn new(burst: u32, period: Duration, max_keys: usize) -> RateLimiter {
        let burst = f64::from(burst.max(1));
        RateLimiter {
            burst,
            per_second: burst / period.as_secs_f64().max(1e-3),
            max_keys: max_keys.max(1),
            buckets: HashMap::new(),
        }
    }

    /// Takes one request from `key`'s allowance: `true` if it may go ahead.
    pub fn check(&mut self, key: &str, now: Instant) -> bool {
        if let Some(bucket) = self.buckets.get_mut(key) {
            let refilled = self.per_second * now.saturating_duration_since(bucket.at).as_secs_f64();
            bucket.tokens = (bucket.tokens + refilled).min(self.burst);
            bucket.at = now;
            if bucket.tokens >= 1.0 {
                bucket.tokens -= 1.0;
                return true;
            }
            return false;
        }
        if self.buckets.len() >= self.max_keys {
            self.forget(now);
        }
        self.buckets.insert(
            key.to_owned(),
            Bucket {
                tokens: self.burst - 1.0,
                at: now,
            },
        );
        true
    }

    /// How many keys are remembered.
    pub fn len(&self) -> usize {
        self.buckets.len()
    }

    pub fn is_empty(&self) -> bool {
        self.buckets.is_empty()
    }

    /// Makes room: forgets the keys whose bucket has refilled (they would start full anyway),
    /// and if none has, the one unused for longest.
    fn forget(&mut self, now: Instant) {
        let (burst, per_second) = (self.burst, self.per_second);
        self.buckets
            .retain(|_, b| b.tokens + per_second * now.saturating_duration_since(b.at).as_secs_f64() < burst);
        if self.buckets.len() >= self.max_keys
            && let Some(oldest) = self.buckets.iter().min_by_key(|(_, b)| b.at).map(|(k, _)| k.clone())
        {
            self.buckets.remove(&oldest);
        }
    }
}

/// The key a client address is limited under: the address itself, or for IPv6 its /64
/// network, since one subscriber usually holds a whole /64.
pub fn client_key(ip: &str) -> String {
    match ip.parse::<IpAddr>() {
        Ok(IpAddr::V6(v6)) if v6.to_ipv4_mapped().is_none() => {
            let s = v6.segments();
            format!("{:x}:{:x}:{:x}:{:x}::/64", s[0], s[1], s[2], s[3])
        }
        Ok(IpAddr::V6(v6)) => v6.to_ipv4_mapped().map_or_else(|| ip.to_owned(), |v4| v4.to_string()),
        _ => ip.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MINUTE: Duration = Duration::from_secs(60);

    #[test]
    fn a_burst_is_allowed_then_refused_then_refilled_over_time() {
        let mut limiter = RateLimiter::new(3, 3 * MINUTE, 100);
        let t0 = Instant::now();
        assert!((0..3).all(|_| limiter.check("1.2.3.4", t0)));
        assert!(!limiter.check("1.2.3.4", t0));
        assert!(!limiter.check("1.2.3.4", t0 + Duration::from_secs(30)));
        // One request's worth comes back each minute.
        assert!(limiter.check("1.2.3.4", t0 + MINUTE));
        assert!(!limiter.check("1.2.3.4", t0 + MINUTE));
        // Refused requests cost nothing; never more than the burst is saved up.
        let later = t0 + 60 * MINUTE;
        assert!((0..3).all(|_| limiter.check("1.2.3.4", later)));
        assert!(!limiter.check("1.2.3.4", later));
    }

    #[test]
    fn clients_are_limited_separately() {
        let mut limiter = RateLimiter::new(1, MINUTE, 100);
        let t0 = Instant::now();
        assert!(limiter.check("1.2.3.4", t0));
        assert!(!limiter.check("1.2.3.4", t0));
        assert!(limiter.check("5.6.7.8", t0));
    }

    #[test]
    fn the_map_stays_bounded_and_forgets_refilled_clients_first() {
        let mut limiter = RateLimiter::new(2, MINUTE, 3);
        let t0 = Instant::now();
        for i in 0..1000 {
            limiter.check(&format!("10.0.{}.{}", i / 256, i % 256), t0 + Duration::from_millis(i));
            assert!(limiter.len() <= 3);
        }
        // When the map is full, a client that has refilled is forgotten, not one still limited.
        let mut limiter = RateLimiter::new(2, 2 * MINUTE, 3);
        assert!(limiter.check("a", t0));
        let t1 = t0 + Duration::from_secs(90);
        assert!(limiter.check("greedy", t1) && limiter.check("greedy", t1));
        assert!(limiter.check("b", t1));
        assert!(limiter.check("c", t1));
        assert_eq!(limiter.len(), 3);
        assert!(!limiter.check("greedy", t1));
    }

    #[test]
    fn ipv6_clients_are_limited_by_their_network() {
        assert_eq!(client_key("2001:db8:1:2:aaaa::1"), "2001:db8:1:2::/64");
        assert_eq!(client_key("2001:db8:1:2:bbbb::9"), client_key("2001:db8:1:2::1"));
        assert_ne!(client_key("2001:db8:1:3::1"), client_key("2001:db8:1:2::1"));
        assert_eq!(client_key("::ffff:192.0.2.7"), "192.0.2.7");
        assert_eq!(client_key("192.0.2.7"), "192.0.2.7");
        assert_eq!(client_key("unknown"), "unknown");
    }
}
