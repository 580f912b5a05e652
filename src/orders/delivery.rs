//! What a basket costs: totals, the delivery fee of a zone and why a zone may refuse an order,
//! and the quote a slot gives before the buyer confirms.

use serde::{Deserialize, Serialize};

use crate::cycles::{DeliveryZone, SlotView};
#[cfg(feature = "ssr")]
use crate::error::ServiceError;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Totals {
    pub subtotal_cents: i64,
    pub fee_cents: i64,
    pub total_cents: i64,
}

/// Totals of lines given as (unit price, quantity), plus a delivery fee.
pub fn totals(lines: impl IntoIterator<Item = (i64, i64)>, fee_cents: i64) -> Totals {
    let subtotal_cents = lines.into_iter().map(|(price, qty)| price * qty).sum();
    Totals {
        subtotal_cents,
        fee_cents,
        total_cents: subtotal_cents + fee_cents,
    }
}

/// Why a delivery zone cannot take an order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DeliveryRefused {
    OutsideZone,
    /// The buyer is told the minimum and how much is missing, not just "too little".
    BelowMinimum {
        minimum_cents: i64,
        missing_cents: i64,
    },
}

/// How much more a basket needs to reach a delivery minimum; None when it is reached.
pub fn missing_for_minimum(minimum_cents: i64, subtotal_cents: i64) -> Option<i64> {
    (subtotal_cents < minimum_cents).then(|| minimum_cents - subtotal_cents)
}

/// The fee for home delivery at `postcode`, or why the zone cannot take the order.
pub fn delivery_fee(zone: &DeliveryZone, postcode: &str, subtotal_cents: i64) -> Result<i64, DeliveryRefused> {
    if !zone.covers(postcode) {
        return Err(DeliveryRefused::OutsideZone);
    }
    if let Some(missing_cents) = missing_for_minimum(zone.minimum_cents, subtotal_cents) {
        return Err(DeliveryRefused::BelowMinimum {
            minimum_cents: zone.minimum_cents,
            missing_cents,
        });
    }
    Ok(zone.fee_cents)
}

/// What a slot makes the basket cost, shown before the buyer confirms: the zone's fee for home
/// delivery (nothing at a pickup point), the total, and for a delivery slot whose minimum the
/// basket does not reach, how much is missing (the slot cannot be chosen then).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SlotQuote {
    pub fee_cents: i64,
    pub total_cents: i64,
    pub missing_cents: Option<i64>,
}

pub fn quote(slot: &SlotView, subtotal_cents: i64) -> SlotQuote {
    let (fee_cents, missing_cents) = if slot.is_delivery() {
        (slot.fee_cents, missing_for_minimum(slot.minimum_cents, subtotal_cents))
    } else {
        (0, None)
    };
    SlotQuote {
        fee_cents,
        total_cents: subtotal_cents + fee_cents,
        missing_cents,
    }
}

/// A zone's refusal as the services report it: the postcode field, or the minimum with what is
/// missing.
#[cfg(feature = "ssr")]
impl From<DeliveryRefused> for ServiceError {
    fn from(refused: DeliveryRefused) -> Self {
        match refused {
            DeliveryRefused::OutsideZone => ServiceError::field("postcode", crate::i18n::Msg::ErrPostcodeOutsideZone),
            DeliveryRefused::BelowMinimum {
                minimum_cents,
                missing_cents,
            } => ServiceError::BelowMinimum {
                minimum_cents,
                missing_cents,
            },
        }
    }
}
