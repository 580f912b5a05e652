//! A cycle's life: its states, what staff may do to it by hand and what the clock does on its own.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::i18n::Msg;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum CycleStatus {
    Draft,
    Open,
    Closed,
    Delivered,
    Archived,
}

impl CycleStatus {
    pub const ALL: [CycleStatus; 5] = [
        CycleStatus::Draft,
        CycleStatus::Open,
        CycleStatus::Closed,
        CycleStatus::Delivered,
        CycleStatus::Archived,
    ];

    pub fn code(self) -> &'static str {
        match self {
            CycleStatus::Draft => "draft",
            CycleStatus::Open => "open",
            CycleStatus::Closed => "closed",
            CycleStatus::Delivered => "delivered",
            CycleStatus::Archived => "archived",
        }
    }

    pub fn parse(code: &str) -> Option<CycleStatus> {
        CycleStatus::ALL.into_iter().find(|s| s.code() == code)
    }

    pub fn label(self) -> Msg {
        match self {
            CycleStatus::Draft => Msg::CycleDraft,
            CycleStatus::Open => Msg::CycleOpen,
            CycleStatus::Closed => Msg::CycleClosed,
            CycleStatus::Delivered => Msg::CycleDelivered,
            CycleStatus::Archived => Msg::CycleArchived,
        }
    }

    /// Offers and slots can still change (prices already ordered at are kept on the lines).
    pub fn is_editable(self) -> bool {
        matches!(self, CycleStatus::Draft | CycleStatus::Open)
    }
}

/// What hub staff can do to a cycle by hand.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum CycleAction {
    /// Let the background job open the draft at its opening time.
    Schedule,
    Unschedule,
    OpenNow,
    CloseNow,
    MarkDelivered,
    Archive,
}

impl CycleAction {
    pub const ALL: [CycleAction; 6] = [
        CycleAction::Schedule,
        CycleAction::Unschedule,
        CycleAction::OpenNow,
        CycleAction::CloseNow,
        CycleAction::MarkDelivered,
        CycleAction::Archive,
    ];

    pub fn code(self) -> &'static str {
        match self {
            CycleAction::Schedule => "schedule",
            CycleAction::Unschedule => "unschedule",
            CycleAction::OpenNow => "open",
            CycleAction::CloseNow => "close",
            CycleAction::MarkDelivered => "delivered",
            CycleAction::Archive => "archive",
        }
    }

    pub fn parse(code: &str) -> Option<CycleAction> {
        CycleAction::ALL.into_iter().find(|a| a.code() == code)
    }

    pub fn label(self) -> Msg {
        match self {
            CycleAction::Schedule => Msg::CycleSchedule,
            CycleAction::Unschedule => Msg::CycleUnschedule,
            CycleAction::OpenNow => Msg::CycleOpenNow,
            CycleAction::CloseNow => Msg::CycleCloseNow,
            CycleAction::MarkDelivered => Msg::CycleMarkDelivered,
            CycleAction::Archive => Msg::CycleArchive,
        }
    }

    /// Whether the action changes what buyers can do or cannot be undone, and so asks for
    /// confirmation.
    pub fn needs_confirmation(self) -> bool {
        matches!(
            self,
            CycleAction::OpenNow | CycleAction::CloseNow | CycleAction::MarkDelivered | CycleAction::Archive
        )
    }

    /// What the confirmation says the action will do.
    pub fn confirmation(self) -> Msg {
        match self {
            CycleAction::CloseNow => Msg::ConfirmCloseCycle,
            CycleAction::MarkDelivered => Msg::ConfirmMarkDelivered,
            _ => Msg::ConfirmCycleAction,
        }
    }
}

/// The state after `action`, or why it cannot be done.
pub fn apply_action(
    status: CycleStatus,
    scheduled: bool,
    action: CycleAction,
    closes_at: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Result<(CycleStatus, bool), Msg> {
    use CycleAction as A;
    use CycleStatus as S;
    match (status, action) {
        (S::Draft, A::Schedule) if closes_at <= now => Err(Msg::ErrCycleClosesInPast),
        (S::Draft, A::Schedule) => Ok((S::Draft, true)),
        (S::Draft, A::Unschedule) => Ok((S::Draft, false)),
        (S::Draft, A::OpenNow) if closes_at <= now => Err(Msg::ErrCycleClosesInPast),
        (S::Draft, A::OpenNow) => Ok((S::Open, scheduled)),
        (S::Open, A::CloseNow) => Ok((S::Closed, scheduled)),
        (S::Closed, A::MarkDelivered) => Ok((S::Delivered, scheduled)),
        (S::Delivered, A::Archive) | (S::Closed, A::Archive) => Ok((S::Archived, scheduled)),
        _ => Err(Msg::ErrCycleActionNotAllowed),
    }
}

/// The actions offered on a cycle in this state.
pub fn available_actions(status: CycleStatus, scheduled: bool) -> Vec<CycleAction> {
    use CycleAction as A;
    match status {
        CycleStatus::Draft if scheduled => vec![A::Unschedule, A::OpenNow],
        CycleStatus::Draft => vec![A::Schedule, A::OpenNow],
        CycleStatus::Open => vec![A::CloseNow],
        CycleStatus::Closed => vec![A::MarkDelivered, A::Archive],
        CycleStatus::Delivered => vec![A::Archive],
        CycleStatus::Archived => vec![],
    }
}

/// What the clock does to a cycle: a scheduled draft opens at its opening time, an open cycle
/// closes at its closing time (a scheduled draft whose window passed unseen closes directly).
pub fn due_transition(
    status: CycleStatus,
    scheduled: bool,
    opens_at: DateTime<Utc>,
    closes_at: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Option<CycleStatus> {
    match status {
        CycleStatus::Draft if scheduled && now >= closes_at => Some(CycleStatus::Closed),
        CycleStatus::Draft if scheduled && now >= opens_at => Some(CycleStatus::Open),
        CycleStatus::Open if now >= closes_at => Some(CycleStatus::Closed),
        _ => None,
    }
}

/// Orders are taken only while the cycle is open and before its closing time, even if the
/// background job has not closed it yet.
pub fn accepts_orders(status: CycleStatus, closes_at: DateTime<Utc>, now: DateTime<Utc>) -> bool {
    status == CycleStatus::Open && now < closes_at
}
