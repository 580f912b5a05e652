//! Returns after delivery, pure: how many units of a line may still come back, how the amount
//! is shared between the buyer and the solidarity fund, and what the lists show.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::i18n::Msg;
use crate::money::mul_div_round;

/// At most this many characters of reason: the credit note states it after "Retour : ", within
/// the 300 characters of its own reason.
pub const MAX_REASON_CHARS: usize = 280;

/// The units typed by staff: a whole number from 1 to what may still come back.
pub fn parse_quantity(raw: &str, returnable: i64) -> Result<i64, Msg> {
    match raw.trim().parse::<i64>() {
        Ok(q) if q >= 1 && q <= returnable => Ok(q),
        _ => Err(Msg::ErrReturnQuantity),
    }
}

/// The reason, spaces folded: required, 300 characters at most.
pub fn parse_reason(raw: &str) -> Result<String, Msg> {
    let reason = raw.split_whitespace().collect::<Vec<_>>().join(" ");
    if reason.is_empty() || reason.chars().count() > MAX_REASON_CHARS {
        return Err(Msg::ErrReturnReason);
    }
    Ok(reason)
}

/// Shares `amount_cents` as the order was paid: the solidarity fund paid `covered_cents` of a
/// `subtotal_cents` basket, so it gets back that share of the amount (rounded half up, never
/// more than it paid less what earlier returns gave back, `back_cents`); the buyer gets the
/// rest. Returns (buyer, fund).
pub fn share_refund(amount_cents: i64, covered_cents: i64, subtotal_cents: i64, back_cents: i64) -> (i64, i64) {
    if covered_cents <= 0 || subtotal_cents <= 0 {
        return (amount_cents, 0);
    }
    let fund = mul_div_round(amount_cents, covered_cents, subtotal_cents)
        .min((covered_cents - back_cents).max(0))
        .min(amount_cents);
    (amount_cents - fund, fund)
}

/// Whether an order takes a return: served in a delivered cycle, paid in full, with its
/// invoice in force.
pub fn refusal(
    served: bool,
    cycle_delivered: bool,
    paid_cents: i64,
    total_cents: i64,
    invoiced: bool,
) -> Option<NoReturn> {
    if !served || !cycle_delivered {
        Some(NoReturn::NotDelivered)
    } else if paid_cents < total_cents {
        Some(NoReturn::NotPaid)
    } else if !invoiced {
        Some(NoReturn::NoInvoice)
    } else {
        None
    }
}

/// A delivered line and how much of it may still come back.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReturnableLine {
    pub variant_id: i64,
    pub description: String,
    pub unit_price_cents: i64,
    /// Handed over: ordered less missing at reception.
    pub delivered: i64,
    pub returned: i64,
}

impl ReturnableLine {
    pub fn returnable(&self) -> i64 {
        (self.delivered - self.returned).max(0)
    }
}

/// Why an order takes no return.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum NoReturn {
    /// Its cycle is not delivered yet, or the order was not served.
    NotDelivered,
    /// The buyer still owes part of it: the desk takes the payment first.
    NotPaid,
    /// It has no invoice, or its invoice was cancelled whole.
    NoInvoice,
}

impl NoReturn {
    pub fn msg(self) -> Msg {
        match self {
            NoReturn::NotDelivered => Msg::ErrReturnNotDelivered,
            NoReturn::NotPaid => Msg::ErrReturnNotPaid,
            NoReturn::NoInvoice => Msg::ErrReturnNoInvoice,
        }
    }
}

/// A return as staff, the buyer and the producer's statement show it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReturnView {
    pub id: i64,
    pub order_id: i64,
    pub variant_id: i64,
    pub description: String,
    pub quantity: i64,
    pub amount_cents: i64,
    pub refund_cents: i64,
    pub producer_cents: i64,
    pub reason: String,
    pub recorded_at: DateTime<Utc>,
    pub credit_note_id: i64,
    /// "2026-000123".
    pub credit_note: String,
}

/// An order at the returns desk: its delivered lines and its returns so far.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderReturns {
    pub order_id: i64,
    pub buyer_name: String,
    pub cycle_name: String,
    pub lines: Vec<ReturnableLine>,
    pub returns: Vec<ReturnView>,
    pub refused: Option<NoReturn>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantities_are_whole_and_bounded_by_what_may_come_back() {
        assert_eq!(parse_quantity("2", 3), Ok(2));
        assert_eq!(parse_quantity(" 3 ", 3), Ok(3));
        for bad in ["0", "4", "-1", "1.5", "", "x", "99999999999999999999"] {
            assert_eq!(parse_quantity(bad, 3), Err(Msg::ErrReturnQuantity), "{bad}");
        }
        assert_eq!(parse_quantity("1", 0), Err(Msg::ErrReturnQuantity));
        assert_eq!(
            parse_reason("  abîmé \n au transport "),
            Ok("abîmé au transport".into())
        );
        assert_eq!(parse_reason("   "), Err(Msg::ErrReturnReason));
        assert!(parse_reason(&"é".repeat(MAX_REASON_CHARS)).is_ok());
        assert_eq!(
            parse_reason(&"x".repeat(MAX_REASON_CHARS + 1)),
            Err(Msg::ErrReturnReason)
        );
        assert!(
            "Retour : ".chars().count() + MAX_REASON_CHARS <= 300,
            "the credit note's reason fits"
        );
    }

    #[test]
    fn the_fund_gets_back_its_share_and_the_buyer_the_rest() {
        assert_eq!(share_refund(350, 0, 2000, 0), (350, 0));
        // The fund paid 20 % of the basket: it gets 20 % of the return back.
        assert_eq!(share_refund(350, 400, 2000, 0), (280, 70));
        // Never more than the fund paid, less what it already got back.
        assert_eq!(share_refund(5000, 100, 100, 0), (4900, 100));
        assert_eq!(share_refund(350, 400, 2000, 350), (300, 50));
        assert_eq!(share_refund(350, 400, 2000, 400), (350, 0));
        for amount in [1, 7, 350, 12_345] {
            for covered in [0, 1, 333, 1000] {
                let (buyer, fund) = share_refund(amount, covered, 1000, 0);
                assert_eq!(buyer + fund, amount);
                assert!(buyer >= 0 && fund >= 0 && fund <= covered);
            }
        }
    }

    #[test]
    fn only_a_served_paid_invoiced_order_of_a_delivered_cycle_takes_returns() {
        assert_eq!(refusal(true, true, 1000, 1000, true), None);
        assert_eq!(refusal(true, true, 1200, 1000, true), None);
        assert_eq!(refusal(false, true, 1000, 1000, true), Some(NoReturn::NotDelivered));
        assert_eq!(refusal(true, false, 1000, 1000, true), Some(NoReturn::NotDelivered));
        assert_eq!(refusal(true, true, 999, 1000, true), Some(NoReturn::NotPaid));
        assert_eq!(refusal(true, true, 1000, 1000, false), Some(NoReturn::NoInvoice));
    }
}
