//! The hub turns a closed order cycle into consolidated work: purchase orders for producers,
//! shortage allocation once goods are received, packing lists for the cold room, and the
//! kilometres and emissions the hub's rounds save against each party driving on its own.
//!
//! Everything here is pure: the caller reads the cycle from the database into the plain
//! structs below and shows or stores what comes back. User-facing labels stay with the caller,
//! except the few explanations of a rule (case tolerance, shortage rule) that must read the
//! same in the UI and in emails.

#[cfg(feature = "ssr")]
pub mod closing;
mod consolidation;
mod impact;
mod packing;
#[cfg(feature = "routing")]
pub mod planner;
pub mod rounds;
mod shortage;
#[cfg(feature = "ssr")]
pub mod store;

/// The rounds in Postgres were `hub::rounds_store` before they joined the hub's store; the old
/// path stays for the callers outside the hub.
#[cfg(feature = "ssr")]
pub use store::rounds as rounds_store;

pub use consolidation::{CaseTolerance, OrderLine, PurchaseLine, PurchaseOrder, consolidate};
pub use impact::{
    CAR_L_PER_KM, CARGO_BIKE_KWH_PER_KM, Counterfactual, DEFAULT_DETOUR_FACTOR, DIESEL_KG_CO2E_PER_L,
    DIESEL_VAN_L_PER_KM, E_VAN_KWH_PER_KM, ELECTRICITY_FR_KG_CO2E_PER_KWH, Energy, Impact, ImpactInput, Round, Vehicle,
    impact, path_km,
};
pub use packing::{
    Basket, OrderForPacking, PackingError, PackingLine, PlaceList, PlaceQuantity, ProductList, by_customer, by_place,
    by_product,
};
pub use rounds::{
    ML_PER_GRAM, RELOAD_MINUTES, RoundKind, StopInput, StopRef, TripSchedule, VEHICLE_KINDS, VehicleFields,
    VehicleInput, VehicleSpec, Warning, parse_vehicle, schedule, split_long_waits, vehicle_label,
};
pub use shortage::{Allocation, Claim, Refund, ShortageRule, UnpricedOrder, allocate, explain, shortage_refunds};

/// One line of a purchase order as staff and producers see it, with what arrived.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct PoLineView {
    pub variant_id: i64,
    pub label: String,
    pub line: PurchaseLine,
    pub received: Option<i64>,
}

#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct PoView {
    pub producer_id: i64,
    pub farm_name: String,
    pub lines: Vec<PoLineView>,
    pub brought_units: i64,
    pub weight_grams: i64,
    pub amount_cents: i64,
    /// How the goods reach the hub, once staff have decided: a drop-off window or collection.
    pub supply: Option<(rounds::SupplyMode, Option<rounds::Window>)>,
}

/// A cycle's consolidated work: one purchase order per producer.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Logistics {
    pub cycle_id: i64,
    pub cycle_name: String,
    pub status: crate::cycles::CycleStatus,
    pub orders: i64,
    pub tolerance: CaseTolerance,
    pub timezone: crate::time::Zone,
    pub purchase_orders: Vec<PoView>,
}

/// A cycle's packing lists, with the names the lists refer to by id.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Packing {
    pub cycle_id: i64,
    pub cycle_name: String,
    pub timezone: crate::time::Zone,
    pub baskets: Vec<Basket>,
    pub places: Vec<PlaceList>,
    pub products: Vec<ProductList>,
    /// Variant id → "Product — variant".
    pub labels: Vec<(i64, String)>,
    /// Orders whose basket is marked ready.
    pub prepared: Vec<i64>,
}

/// The most units one reception line may record: far above any real delivery, low enough
/// that no arithmetic on it can overflow.
pub const MAX_RECEIVED_UNITS: i64 = 1_000_000;

/// The most lines one reception may record at once.
pub const MAX_RECEPTION_LINES: usize = 5_000;

/// A count so far below what was ordered (less than half) that it is more often a typing slip
/// than a shortage: staff confirm it before orders are cut.
pub fn far_below(ordered: i64, received: i64) -> bool {
    received.saturating_mul(2) < ordered
}

/// An order that reception changed, as staff see it: what it lacks and where its money stands.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct AffectedOrder {
    pub order_id: i64,
    pub customer_name: String,
    pub card: bool,
    pub missing_units: i64,
    /// The price of what is missing, taken off the order's total.
    pub missing_cents: i64,
    pub total_cents: i64,
    /// Card orders: what the cooperative holds (refunds already sent are taken off).
    pub paid_cents: i64,
    /// Card orders: shortage refunds queued or sent.
    pub refunded_cents: i64,
    /// Card orders: what still goes back to the buyer when reception is complete.
    pub to_refund_cents: i64,
    /// Card orders: what the buyer owes because a recount after the refunds raised the total.
    pub due_cents: i64,
}

impl AffectedOrder {
    /// Money of a card order once its refunds are counted: positive when the buyer is owed
    /// money back, negative when they owe some.
    pub fn settle(card: bool, total_cents: i64, paid_cents: i64, pending_refunds_cents: i64) -> (i64, i64) {
        if !card {
            return (0, 0);
        }
        let balance = paid_cents - pending_refunds_cents - total_cents;
        (balance.max(0), (-balance).max(0))
    }
}

/// Reception as staff work it: the purchase orders with what arrived, the orders it changed
/// and whether it is final (shortage refunds sent).
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Reception {
    pub logistics: Logistics,
    pub affected: Vec<AffectedOrder>,
    pub completed_at: Option<chrono::DateTime<chrono::Utc>>,
}

/// What completing reception did: the refunds it sent.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Completion {
    pub refunds: usize,
    pub refund_cents: i64,
}

#[cfg(test)]
mod reception_tests {
    use super::*;

    #[test]
    fn only_counts_under_half_of_the_order_ask_for_confirmation() {
        assert!(far_below(10, 4));
        assert!(far_below(3, 1));
        assert!(far_below(1, 0));
        assert!(!far_below(10, 5));
        assert!(!far_below(0, 0));
        assert!(!far_below(4, 9));
        assert!(!far_below(i64::MAX, i64::MAX));
    }

    #[test]
    fn a_card_balance_is_either_owed_back_or_due() {
        assert_eq!(AffectedOrder::settle(true, 700, 1000, 0), (300, 0));
        // 300 already queued: nothing more to send.
        assert_eq!(AffectedOrder::settle(true, 700, 1000, 300), (0, 0));
        // Refunded 1000 after a count of 0, then recounted to 930: 930 due.
        assert_eq!(AffectedOrder::settle(true, 930, 0, 0), (0, 930));
        assert_eq!(AffectedOrder::settle(false, 930, 0, 0), (0, 0));
    }
}
