//! What a failed Bot API call means for Panier: wait and retry, stop writing to this chat,
//! retry later, or give up on this message.
//!
//! teloxide does not keep the HTTP status; it reads the JSON `description` (and
//! `parameters.retry_after`). So 403-class errors are recognised by their description
//! ("Forbidden: …"), 5xx by a body that is not JSON (a proxy's error page) or by the usual
//! gateway descriptions. Reasons returned here are short and hold neither personal data nor
//! the token (reqwest errors, which carry the request URL and so the token, are never
//! formatted).

use chrono::Duration;
use panier_core::scheduler::dispatcher::SendError;
use teloxide::{ApiError, RequestError};

/// A coarse reading of a failed call.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Failure {
    /// 429: wait this many seconds.
    RetryAfter(u32),
    /// The user blocked the bot, deleted their account, or the chat is gone.
    Unreachable(String),
    /// Network error, time-out, 5xx: try again later.
    Temporary(String),
    /// The token was refused: nothing will work until the configuration is fixed.
    BadToken,
    /// The request itself is refused (400): retrying will not help.
    Permanent(String),
}

impl std::fmt::Display for Failure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Failure::RetryAfter(s) => write!(f, "telegram: too many requests, retry after {s} s"),
            Failure::Unreachable(why) | Failure::Temporary(why) | Failure::Permanent(why) => f.write_str(why),
            Failure::BadToken => f.write_str("telegram: the bot token was refused"),
        }
    }
}

impl std::error::Error for Failure {}

const SERVER_ERRORS: [&str; 6] = [
    "Internal Server Error",
    "Bad Gateway",
    "Service Unavailable",
    "Gateway Timeout",
    "Gateway Time-out",
    "Too Many Requests",
];

/// Classifies a teloxide error.
pub fn classify(error: &RequestError) -> Failure {
    match error {
        RequestError::RetryAfter(seconds) => Failure::RetryAfter(seconds.seconds().max(1)),
        RequestError::Network(e) => {
            let what = if e.is_timeout() {
                "time-out"
            } else if e.is_connect() {
                "cannot connect"
            } else {
                "network error"
            };
            Failure::Temporary(format!("telegram: {what}"))
        }
        RequestError::InvalidJson { .. } => {
            Failure::Temporary("telegram: unreadable answer (server error)".into())
        }
        RequestError::Io(_) => Failure::Temporary("telegram: i/o error".into()),
        RequestError::MigrateToChatId(_) => {
            Failure::Unreachable("telegram: group moved to a supergroup".into())
        }
        RequestError::Api(api) => classify_api(api),
    }
}

fn classify_api(api: &ApiError) -> Failure {
    match api {
        ApiError::BotBlocked
        | ApiError::UserDeactivated
        | ApiError::ChatNotFound
        | ApiError::UserNotFound
        | ApiError::GroupDeactivated
        | ApiError::BotKicked
        | ApiError::BotKickedFromSupergroup
        | ApiError::BotKickedFromChannel
        | ApiError::CantInitiateConversation
        | ApiError::CantTalkWithBots => Failure::Unreachable(format!("telegram: {api}")),
        ApiError::InvalidToken => Failure::BadToken,
        ApiError::Unknown(description) => {
            let d = description.trim();
            if d.starts_with("Forbidden") {
                // Only Telegram's fixed sentence is kept, never anything longer.
                Failure::Unreachable(format!("telegram: {}", short(d)))
            } else if d.starts_with("Unauthorized") {
                Failure::BadToken
            } else if SERVER_ERRORS.iter().any(|s| d.starts_with(s)) || d.is_empty() {
                Failure::Temporary(format!("telegram: {}", short(d)))
            } else {
                Failure::Permanent(format!("telegram: {}", short(d)))
            }
        }
        other => Failure::Permanent(format!("telegram: {other}")),
    }
}

fn short(text: &str) -> String {
    text.chars().take(120).collect()
}

impl Failure {
    /// The dispatcher's reading of the failure.
    pub fn into_send_error(self) -> SendError {
        match self {
            Failure::RetryAfter(s) => SendError::RateLimited { retry_after: Duration::seconds(i64::from(s)) },
            Failure::Unreachable(why) => SendError::Unreachable(why),
            Failure::Temporary(why) => SendError::Temporary(why),
            // A refused token is the operator's to fix: retry later rather than drop messages.
            Failure::BadToken => SendError::Temporary("telegram: the bot token was refused".into()),
            Failure::Permanent(why) => SendError::Permanent(why),
        }
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;

    fn api(description: &str) -> RequestError {
        let json = format!("\"{description}\"");
        RequestError::Api(serde_json::from_str(&json).expect("api error"))
    }

    #[test]
    fn maps_telegram_errors() {
        assert_eq!(
            classify(&api("Forbidden: bot was blocked by the user")).into_send_error(),
            SendError::Unreachable("telegram: Forbidden: bot was blocked by the user".into())
        );
        assert!(matches!(classify(&api("Forbidden: user is deactivated")), Failure::Unreachable(_)));
        assert!(matches!(classify(&api("Bad Request: chat not found")), Failure::Unreachable(_)));
        assert!(matches!(
            classify(&api("Forbidden: bot can't initiate conversation with a user")),
            Failure::Unreachable(_)
        ));
        assert!(matches!(classify(&api("Bad Gateway")), Failure::Temporary(_)));
        assert!(matches!(classify(&api("Internal Server Error")), Failure::Temporary(_)));
        assert!(matches!(classify(&api("Bad Request: message is too long")), Failure::Permanent(_)));
        assert!(matches!(classify(&api("Bad Request: can't parse entities")), Failure::Permanent(_)));
        assert_eq!(classify(&api("Unauthorized")), Failure::BadToken);
        let invalid = serde_json::from_str::<serde_json::Value>("<html>").expect_err("not json");
        let html = RequestError::InvalidJson { source: Arc::new(invalid), raw: "<html>502</html>".into() };
        assert!(matches!(classify(&html), Failure::Temporary(_)));
        let flood = RequestError::RetryAfter(teloxide::types::Seconds::from_seconds(7));
        assert_eq!(
            classify(&flood).into_send_error(),
            SendError::RateLimited { retry_after: Duration::seconds(7) }
        );
    }
}
