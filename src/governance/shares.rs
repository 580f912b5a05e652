//! The share register (registre des associés): a ledger of movements per member. A member's
//! holding is the sum of its movements and never goes below zero.

use serde::{Deserialize, Serialize};

use crate::i18n::Msg;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum MovementKind {
    /// Shares taken at approval (or later): they count in the holding at once.
    Subscribed,
    /// Money received for shares already subscribed (card, transfer, cheque).
    Paid,
    TransferredIn,
    TransferredOut,
    /// Shares given back and their value repaid (after the member left, by the rule set).
    Refunded,
}

impl MovementKind {
    pub const ALL: [MovementKind; 5] = [
        MovementKind::Subscribed,
        MovementKind::Paid,
        MovementKind::TransferredIn,
        MovementKind::TransferredOut,
        MovementKind::Refunded,
    ];

    pub fn code(self) -> &'static str {
        match self {
            MovementKind::Subscribed => "subscribed",
            MovementKind::Paid => "paid",
            MovementKind::TransferredIn => "transferred_in",
            MovementKind::TransferredOut => "transferred_out",
            MovementKind::Refunded => "refunded",
        }
    }

    pub fn parse(code: &str) -> Option<MovementKind> {
        MovementKind::ALL.into_iter().find(|k| k.code() == code)
    }

    pub fn label(self) -> Msg {
        match self {
            MovementKind::Subscribed => Msg::GovMoveSubscribed,
            MovementKind::Paid => Msg::GovMovePaid,
            MovementKind::TransferredIn => Msg::GovMoveTransferredIn,
            MovementKind::TransferredOut => Msg::GovMoveTransferredOut,
            MovementKind::Refunded => Msg::GovMoveRefunded,
        }
    }

    /// How the movement changes the number of shares held (`shares` is the count written on
    /// the movement, always positive).
    pub fn shares_delta(self, shares: i64) -> i64 {
        match self {
            MovementKind::Subscribed | MovementKind::TransferredIn => shares,
            MovementKind::Paid => 0,
            MovementKind::TransferredOut | MovementKind::Refunded => -shares,
        }
    }

    /// How the movement changes the money the cooperative holds for the member's shares.
    pub fn cents_delta(self, cents: i64) -> i64 {
        match self {
            MovementKind::Paid | MovementKind::TransferredIn => cents,
            MovementKind::Refunded | MovementKind::TransferredOut => -cents,
            MovementKind::Subscribed => 0,
        }
    }
}

/// A member's holding: shares held and money paid for them, as the sum of the movements.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Holding {
    pub shares: i64,
    pub paid_cents: i64,
}

impl Holding {
    /// The holding after one more movement, or the reason it cannot be recorded: no movement
    /// makes the shares or the money held negative.
    pub fn apply(self, kind: MovementKind, shares: i64, cents: i64) -> Result<Holding, Msg> {
        if shares < 0 || cents < 0 {
            return Err(Msg::ErrShareMovement);
        }
        let next = Holding {
            shares: self
                .shares
                .checked_add(kind.shares_delta(shares))
                .ok_or(Msg::ErrShareMovement)?,
            paid_cents: self
                .paid_cents
                .checked_add(kind.cents_delta(cents))
                .ok_or(Msg::ErrShareMovement)?,
        };
        if next.shares < 0 || next.paid_cents < 0 {
            return Err(Msg::ErrShareHoldingNegative);
        }
        Ok(next)
    }

    /// The holding made of these movements, in order; None if one of them is refused.
    pub fn of(movements: impl IntoIterator<Item = (MovementKind, i64, i64)>) -> Option<Holding> {
        movements
            .into_iter()
            .try_fold(Holding::default(), |h, (k, s, c)| h.apply(k, s, c).ok())
    }

    /// What is still owed for the shares held, at `nominal_cents` a share (never negative).
    pub fn due_cents(self, nominal_cents: i64) -> i64 {
        (self.shares.saturating_mul(nominal_cents) - self.paid_cents).max(0)
    }
}
