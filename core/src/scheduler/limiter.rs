//! Send-rate limits per transport (Telegram: ~30 messages/s overall, 1/s per chat, 20/min
//! per group). Pure: the caller passes the clock and sleeps for the returned delay, so tests
//! never sleep.

use std::collections::{HashMap, VecDeque};
use std::time::Duration;

/// A sliding window: at most `count` events per `per`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rule {
    pub count: usize,
    pub per: Duration,
}

#[derive(Debug, Default)]
struct Window {
    sent: VecDeque<Duration>,
}

impl Window {
    fn wait(&mut self, rule: Rule, now: Duration) -> Duration {
        while self.sent.front().is_some_and(|t| now.saturating_sub(*t) >= rule.per) {
            self.sent.pop_front();
        }
        if self.sent.len() < rule.count {
            return Duration::ZERO;
        }
        self.sent.front().map(|t| (*t + rule.per).saturating_sub(now)).unwrap_or_default()
    }
}

/// Limits for one transport. Times are durations since any fixed origin (a monotonic clock).
#[derive(Debug)]
pub struct Limiter {
    overall: Rule,
    per_chat: Rule,
    per_group: Rule,
    global: Window,
    chats: HashMap<String, Window>,
}

impl Limiter {
    pub fn new(overall: Rule, per_chat: Rule, per_group: Rule) -> Limiter {
        Limiter { overall, per_chat, per_group, global: Window::default(), chats: HashMap::new() }
    }

    /// Telegram's documented broadcast limits.
    pub fn telegram() -> Limiter {
        Limiter::new(
            Rule { count: 30, per: Duration::from_secs(1) },
            Rule { count: 1, per: Duration::from_secs(1) },
            Rule { count: 20, per: Duration::from_secs(60) },
        )
    }

    /// How long to wait before sending to `chat` at `now` (zero: send now).
    pub fn wait(&mut self, chat: &str, is_group: bool, now: Duration) -> Duration {
        let rule = if is_group { self.per_group } else { self.per_chat };
        let chat_wait = self.chats.entry(chat.to_owned()).or_default().wait(rule, now);
        self.global.wait(self.overall, now).max(chat_wait)
    }

    /// Records a send at `now` (call after `wait` returned zero).
    pub fn record(&mut self, chat: &str, now: Duration) {
        self.global.sent.push_back(now);
        self.chats.entry(chat.to_owned()).or_default().sent.push_back(now);
        if self.chats.len() > 100_000 {
            // Forget idle chats so a national broadcast does not grow memory forever.
            let per = self.per_group.per.max(self.per_chat.per);
            self.chats.retain(|_, w| w.sent.back().is_some_and(|t| now.saturating_sub(*t) < per));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ms(n: u64) -> Duration {
        Duration::from_millis(n)
    }

    #[test]
    fn thirty_per_second_overall_and_one_per_chat() {
        let mut l = Limiter::telegram();
        for i in 0..30 {
            assert_eq!(l.wait(&format!("c{i}"), false, ms(0)), Duration::ZERO);
            l.record(&format!("c{i}"), ms(0));
        }
        assert_eq!(l.wait("c99", false, ms(100)), ms(900), "31st message waits for the window");
        assert_eq!(l.wait("c99", false, ms(1000)), Duration::ZERO);
        assert_eq!(l.wait("c0", false, ms(1000)), Duration::ZERO);
        l.record("c0", ms(1000));
        assert_eq!(l.wait("c0", false, ms(1500)), ms(500), "one per second per chat");
    }

    #[test]
    fn twenty_per_minute_in_a_group() {
        let mut l = Limiter::telegram();
        for i in 0..20 {
            let now = Duration::from_secs(2 * i);
            assert_eq!(l.wait("group", true, now), Duration::ZERO);
            l.record("group", now);
        }
        assert_eq!(l.wait("group", true, Duration::from_secs(40)), Duration::from_secs(20));
    }
}
