//! Lifecycles of contracts and subscriptions; an illegal transition is a typed error.

use serde::{Deserialize, Serialize};

use crate::error::{Conflict, CoreError};

/// Draft (invisible) -> open -> closed (farmer countersigns) -> running -> ended -> archived.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ContractState {
    Draft,
    Open,
    Closed,
    Running,
    Ended,
    Archived,
}

impl ContractState {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Draft => "draft",
            Self::Open => "open",
            Self::Closed => "closed",
            Self::Running => "running",
            Self::Ended => "ended",
            Self::Archived => "archived",
        }
    }

    pub fn parse(raw: &str) -> Option<Self> {
        Some(match raw {
            "draft" => Self::Draft,
            "open" => Self::Open,
            "closed" => Self::Closed,
            "running" => Self::Running,
            "ended" => Self::Ended,
            "archived" => Self::Archived,
            _ => return None,
        })
    }

    /// Whether the state machine allows going from `self` to `to`.
    pub fn can_become(self, to: ContractState) -> bool {
        use ContractState::*;
        matches!(
            (self, to),
            (Draft, Open)
                | (Draft, Archived)
                | (Open, Closed)
                | (Closed, Open)
                | (Closed, Running)
                | (Open, Running)
                | (Running, Ended)
                | (Ended, Archived)
        )
    }

    pub fn transition(self, to: ContractState) -> Result<ContractState, CoreError> {
        if self.can_become(to) {
            Ok(to)
        } else {
            Err(CoreError::Conflict(Conflict::Transition {
                from: self.as_str().into(),
                to: to.as_str().into(),
            }))
        }
    }

    /// Members see the contract (it is not a draft nor archived).
    pub fn is_visible(self) -> bool {
        !matches!(self, Self::Draft | Self::Archived)
    }

    /// Deliveries of this contract are expected to happen.
    pub fn delivers(self) -> bool {
        matches!(self, Self::Open | Self::Closed | Self::Running)
    }
}

/// A member's commitment: draft -> signed by the member -> countersigned by the farmer.
/// Subscriptions imported from paper start countersigned.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SubscriptionState {
    Draft,
    MemberSigned,
    Countersigned,
    Cancelled,
}

impl SubscriptionState {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Draft => "draft",
            Self::MemberSigned => "member_signed",
            Self::Countersigned => "countersigned",
            Self::Cancelled => "cancelled",
        }
    }

    pub fn parse(raw: &str) -> Option<Self> {
        Some(match raw {
            "draft" => Self::Draft,
            "member_signed" => Self::MemberSigned,
            "countersigned" => Self::Countersigned,
            "cancelled" => Self::Cancelled,
            _ => return None,
        })
    }

    pub fn can_become(self, to: SubscriptionState) -> bool {
        use SubscriptionState::*;
        matches!(
            (self, to),
            (Draft, MemberSigned)
                | (MemberSigned, Countersigned)
                | (Draft, Cancelled)
                | (MemberSigned, Cancelled)
        )
    }

    pub fn transition(self, to: SubscriptionState) -> Result<SubscriptionState, CoreError> {
        if self.can_become(to) {
            Ok(to)
        } else {
            Err(CoreError::Conflict(Conflict::Transition {
                from: self.as_str().into(),
                to: to.as_str().into(),
            }))
        }
    }

    /// The member committed: baskets are due.
    pub fn is_committed(self) -> bool {
        matches!(self, Self::MemberSigned | Self::Countersigned)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ContractState as C;
    use SubscriptionState as S;

    #[test]
    fn contract_transitions() {
        let allowed = [
            (C::Draft, C::Open),
            (C::Open, C::Closed),
            (C::Closed, C::Running),
            (C::Running, C::Ended),
            (C::Ended, C::Archived),
        ];
        let refused = [
            (C::Draft, C::Running),
            (C::Running, C::Open),
            (C::Archived, C::Draft),
            (C::Ended, C::Running),
            (C::Open, C::Draft),
        ];
        for (from, to) in allowed {
            assert_eq!(from.transition(to).ok(), Some(to), "{from:?} -> {to:?}");
        }
        for (from, to) in refused {
            assert!(
                matches!(from.transition(to), Err(CoreError::Conflict(Conflict::Transition { .. }))),
                "{from:?} -> {to:?}"
            );
        }
        for s in [C::Draft, C::Open, C::Closed, C::Running, C::Ended, C::Archived] {
            assert_eq!(C::parse(s.as_str()), Some(s));
        }
    }

    #[test]
    fn subscription_transitions() {
        assert!(S::Draft.transition(S::MemberSigned).is_ok());
        assert!(S::MemberSigned.transition(S::Countersigned).is_ok());
        assert!(S::Draft.transition(S::Countersigned).is_err());
        assert!(S::Countersigned.transition(S::Draft).is_err());
        assert!(S::Cancelled.transition(S::MemberSigned).is_err());
        assert!(S::Countersigned.is_committed() && !S::Draft.is_committed());
    }
}
