//! Member credit: money a member keeps with the cooperative and spends at checkout. An account
//! per member; its balance is the sum of its entries and never negative. Entries are top-ups
//! (by card, or received at the hub), refunds (to credit rather than to a card), payments at
//! checkout and adjustments by the board, with a reason. Placed below `orders`, which pays and
//! refunds through it.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::i18n::Msg;

#[cfg(feature = "ssr")]
pub mod store;

/// The most a single top-up or adjustment moves (500 €): a typing slip is refused, not booked.
pub const MAX_MOVE_CENTS: i64 = 50_000;
/// The least a card top-up brings (5 €): below, the card fees eat it.
pub const MIN_CARD_TOP_UP_CENTS: i64 = 500;
/// The most a reason holds.
pub const MAX_REASON_CHARS: usize = 300;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum EntryKind {
    TopUpCard,
    TopUpHub,
    Refund,
    Payment,
    Adjustment,
}

impl EntryKind {
    pub const ALL: [EntryKind; 5] = [
        EntryKind::TopUpCard,
        EntryKind::TopUpHub,
        EntryKind::Refund,
        EntryKind::Payment,
        EntryKind::Adjustment,
    ];

    pub fn code(self) -> &'static str {
        match self {
            EntryKind::TopUpCard => "top_up_card",
            EntryKind::TopUpHub => "top_up_hub",
            EntryKind::Refund => "refund",
            EntryKind::Payment => "payment",
            EntryKind::Adjustment => "adjustment",
        }
    }

    pub fn parse(code: &str) -> Option<EntryKind> {
        EntryKind::ALL.into_iter().find(|k| k.code() == code)
    }

    pub fn label(self) -> Msg {
        match self {
            EntryKind::TopUpCard => Msg::CreditTopUpCard,
            EntryKind::TopUpHub => Msg::CreditTopUpHub,
            EntryKind::Refund => Msg::CreditRefund,
            EntryKind::Payment => Msg::CreditPayment,
            EntryKind::Adjustment => Msg::CreditAdjustment,
        }
    }
}

/// The balance once `amount` is applied to `balance`, or None when it would go below zero (or
/// overflow): the one rule every movement follows, in Rust as in the `UPDATE` that applies it.
pub fn apply(balance: i64, amount: i64) -> Option<i64> {
    balance.checked_add(amount).filter(|b| *b >= 0)
}

/// An amount typed for a top-up: more than zero, at most [`MAX_MOVE_CENTS`].
pub fn parse_top_up(raw: &str) -> Result<i64, Msg> {
    match crate::money::parse_cents(raw) {
        Some(c) if (1..=MAX_MOVE_CENTS).contains(&c) => Ok(c),
        _ => Err(Msg::ErrCreditAmount),
    }
}

/// An amount typed for a card top-up: 5 € to 500 €.
pub fn parse_card_top_up(raw: &str) -> Result<i64, Msg> {
    match parse_top_up(raw) {
        Ok(c) if c >= MIN_CARD_TOP_UP_CENTS => Ok(c),
        _ => Err(Msg::ErrCardTopUpAmount),
    }
}

/// An adjustment typed by the board: a signed amount ("-3,50" takes, "3,50" gives), not zero,
/// at most [`MAX_MOVE_CENTS`] either way.
pub fn parse_adjustment(raw: &str) -> Result<i64, Msg> {
    let raw = raw.trim();
    let (sign, rest) = match raw.strip_prefix(['-', '−']) {
        Some(rest) => (-1, rest),
        None => (1, raw.strip_prefix('+').unwrap_or(raw)),
    };
    parse_top_up(rest)
        .map(|c| sign * c)
        .map_err(|_| Msg::ErrCreditAdjustment)
}

/// A reason as stored: trimmed, inner whitespace collapsed; required for adjustments.
pub fn parse_reason(raw: &str, required: bool) -> Result<String, Msg> {
    let reason = raw.split_whitespace().collect::<Vec<_>>().join(" ");
    if (required && reason.is_empty()) || reason.chars().count() > MAX_REASON_CHARS {
        return Err(Msg::ErrCreditReason);
    }
    Ok(reason)
}

/// One line of a member's statement.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EntryView {
    pub id: i64,
    pub kind: EntryKind,
    pub amount_cents: i64,
    pub balance_cents: i64,
    pub order_id: Option<i64>,
    pub reason: String,
    pub at: DateTime<Utc>,
}

/// A member's credit: the balance, their refund choice and a page of entries, newest first.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Statement {
    pub balance_cents: i64,
    pub refunds_to_credit: bool,
    pub entries: crate::coop::Page<EntryView>,
}

/// A member's account as the board and the hub see it in the list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountSummary {
    pub user_id: i64,
    pub name: String,
    pub email: String,
    pub balance_cents: i64,
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    #[test]
    fn amounts_are_bounded_and_adjustments_signed() {
        assert_eq!(parse_top_up("20"), Ok(2000));
        assert_eq!(parse_top_up("0"), Err(Msg::ErrCreditAmount));
        assert_eq!(parse_top_up("500,01"), Err(Msg::ErrCreditAmount));
        assert_eq!(parse_top_up("-5"), Err(Msg::ErrCreditAmount));
        assert_eq!(parse_card_top_up("4,99"), Err(Msg::ErrCardTopUpAmount));
        assert_eq!(parse_card_top_up("5"), Ok(500));
        assert_eq!(parse_adjustment("-3,50"), Ok(-350));
        assert_eq!(parse_adjustment("+2"), Ok(200));
        assert_eq!(parse_adjustment("−1"), Ok(-100));
        assert_eq!(parse_adjustment("0"), Err(Msg::ErrCreditAdjustment));
        assert_eq!(parse_adjustment("--1"), Err(Msg::ErrCreditAdjustment));
        assert_eq!(parse_adjustment("=1+1"), Err(Msg::ErrCreditAdjustment));
    }

    #[test]
    fn reasons_are_required_for_adjustments_and_bounded() {
        assert_eq!(
            parse_reason("  geste   commercial ", true),
            Ok("geste commercial".into())
        );
        assert_eq!(parse_reason("  ", true), Err(Msg::ErrCreditReason));
        assert_eq!(parse_reason("", false), Ok(String::new()));
        assert_eq!(parse_reason(&"x".repeat(301), false), Err(Msg::ErrCreditReason));
    }

    #[test]
    fn kinds_round_trip() {
        for kind in EntryKind::ALL {
            assert_eq!(EntryKind::parse(kind.code()), Some(kind));
        }
    }

    proptest! {
        /// Applying any movements one by one, refusing those that would overdraw, leaves a
        /// balance equal to the sum of the movements accepted, and never below zero.
        #[test]
        fn the_balance_is_the_sum_of_accepted_entries(moves in prop::collection::vec(-MAX_MOVE_CENTS..=MAX_MOVE_CENTS, 0..200)) {
            let mut balance = 0i64;
            let mut accepted = Vec::new();
            for m in moves {
                if let Some(b) = apply(balance, m) {
                    balance = b;
                    accepted.push(m);
                }
                prop_assert!(balance >= 0);
            }
            prop_assert_eq!(balance, accepted.iter().sum::<i64>());
        }
    }
}
