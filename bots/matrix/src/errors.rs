//! How a failed Matrix request maps onto the dispatcher's `SendError`: 429 waits, an unknown
//! room or a refusal stops trying, network trouble and 5xx retry later. Reasons are short and
//! hold no personal data (no room or user ids, no message text).

use std::time::{Duration, SystemTime};

use chrono::Duration as ChronoDuration;
use matrix_sdk::ruma::api::error::{ErrorKind, RetryAfter};
use panier_core::scheduler::dispatcher::SendError;

/// What the homeserver said, reduced to what the mapping needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    /// HTTP status, None when no response came (network, time-out).
    pub status: Option<u16>,
    /// Matrix `errcode` (`M_LIMIT_EXCEEDED`, `M_FORBIDDEN`, …).
    pub errcode: Option<String>,
    pub retry_after: Option<Duration>,
}

/// Used when a 429 does not say how long to wait.
const DEFAULT_RETRY_AFTER: Duration = Duration::from_secs(5);

pub fn classify(f: &Failure) -> SendError {
    let code = f.errcode.as_deref().unwrap_or("");
    if f.status == Some(429) || code == "M_LIMIT_EXCEEDED" {
        let wait = f.retry_after.unwrap_or(DEFAULT_RETRY_AFTER);
        let wait = ChronoDuration::from_std(wait).unwrap_or(ChronoDuration::seconds(5));
        return SendError::RateLimited { retry_after: wait.max(ChronoDuration::seconds(1)) };
    }
    match (f.status, code) {
        (None, _) => SendError::Temporary("homeserver unreachable".to_owned()),
        (Some(s), _) if s >= 500 => SendError::Temporary(format!("homeserver error {s}")),
        (_, "M_UNKNOWN_TOKEN" | "M_MISSING_TOKEN") => {
            SendError::Temporary("the bot's session is not valid (log in again)".to_owned())
        }
        (_, "M_FORBIDDEN" | "M_NOT_FOUND" | "M_UNKNOWN" | "M_USER_DEACTIVATED" | "M_INVITE_BLOCKED") => {
            SendError::Unreachable(format!("room not reachable ({code})"))
        }
        (Some(403 | 404), _) => {
            SendError::Unreachable(format!("room not reachable ({})", f.status.unwrap_or(0)))
        }
        (Some(s), _) => SendError::Permanent(format!("refused by the homeserver ({s} {code})")),
    }
}

/// Reads a matrix-sdk error.
pub fn failure_of(e: &matrix_sdk::Error) -> Failure {
    match e {
        matrix_sdk::Error::Http(h) => failure_of_http(h),
        _ => match e.as_client_api_error() {
            Some(api) => from_api(api),
            None => Failure { status: None, errcode: None, retry_after: None },
        },
    }
}

pub fn failure_of_http(e: &matrix_sdk::HttpError) -> Failure {
    if let Some(api) = e.as_client_api_error() {
        return from_api(api);
    }
    Failure { status: None, errcode: None, retry_after: None }
}

fn from_api(api: &matrix_sdk::ruma::api::error::Error) -> Failure {
    let kind = api.error_kind();
    let retry_after = match kind {
        Some(ErrorKind::LimitExceeded(data)) => match &data.retry_after {
            Some(RetryAfter::Delay(d)) => Some(*d),
            Some(RetryAfter::DateTime(at)) => Some(at.duration_since(SystemTime::now()).unwrap_or_default()),
            None => None,
            #[allow(unreachable_patterns)]
            _ => None,
        },
        _ => None,
    };
    Failure {
        status: Some(api.status_code.as_u16()),
        errcode: kind.map(|k| k.errcode().to_string()),
        retry_after,
    }
}

/// The errcode of a failed request, when the homeserver gave one.
pub fn errcode_of(e: &matrix_sdk::Error) -> Option<String> {
    failure_of(e).errcode
}

/// A short description of a failure, without ids or message text.
pub fn describe(f: &Failure) -> String {
    match (f.status, &f.errcode) {
        (Some(s), Some(code)) => format!("{s} {code}"),
        (Some(s), None) => format!("HTTP {s}"),
        (None, _) => "no answer".to_owned(),
    }
}

/// `describe` for a matrix-sdk error.
pub fn failure_text(e: &matrix_sdk::Error) -> String {
    describe(&failure_of(e))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn f(status: Option<u16>, code: Option<&str>, ms: Option<u64>) -> SendError {
        classify(&Failure {
            status,
            errcode: code.map(str::to_owned),
            retry_after: ms.map(Duration::from_millis),
        })
    }

    #[test]
    fn rate_limits_wait_as_told() {
        assert_eq!(
            f(Some(429), Some("M_LIMIT_EXCEEDED"), Some(2500)),
            SendError::RateLimited { retry_after: ChronoDuration::milliseconds(2500) }
        );
        assert_eq!(
            f(Some(429), None, None),
            SendError::RateLimited { retry_after: ChronoDuration::seconds(5) }
        );
        assert_eq!(
            f(Some(429), Some("M_LIMIT_EXCEEDED"), Some(10)),
            SendError::RateLimited { retry_after: ChronoDuration::seconds(1) }
        );
    }

    #[test]
    fn unknown_rooms_and_refusals_stop_and_server_trouble_retries() {
        assert!(matches!(f(Some(403), Some("M_FORBIDDEN"), None), SendError::Unreachable(_)));
        assert!(matches!(f(Some(404), Some("M_NOT_FOUND"), None), SendError::Unreachable(_)));
        assert!(matches!(f(Some(404), None, None), SendError::Unreachable(_)));
        assert!(matches!(f(Some(502), None, None), SendError::Temporary(_)));
        assert!(matches!(f(Some(500), Some("M_UNKNOWN"), None), SendError::Temporary(_)));
        assert!(matches!(f(None, None, None), SendError::Temporary(_)));
        assert!(matches!(f(Some(401), Some("M_UNKNOWN_TOKEN"), None), SendError::Temporary(_)));
        assert!(matches!(f(Some(400), Some("M_BAD_JSON"), None), SendError::Permanent(_)));
        assert!(matches!(f(Some(413), Some("M_TOO_LARGE"), None), SendError::Permanent(_)));
    }
}
