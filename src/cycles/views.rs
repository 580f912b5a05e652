//! What staff and buyers see of cycles: summaries, slots, offers and a cycle's staff page.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::{CycleStatus, DeliveryZone, PickupPoint, Place};

/// A cycle in lists.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CycleSummary {
    pub id: i64,
    pub name: String,
    pub opens_at: DateTime<Utc>,
    pub closes_at: DateTime<Utc>,
    pub status: CycleStatus,
    pub scheduled: bool,
    pub offers: i64,
    pub slots: i64,
    pub orders: i64,
    /// A last-minute sale of what another cycle left at the hub.
    pub last_minute: bool,
}

/// The cycle the shop shows first among the open ones (soonest closing first): a regular
/// cycle rather than a last-minute sale, which its chip offers beside it.
pub fn default_cycle(open: &[CycleSummary]) -> Option<i64> {
    open.iter().find(|c| !c.last_minute).or(open.first()).map(|c| c.id)
}

/// A slot as buyers and staff see it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SlotView {
    pub id: i64,
    pub place: Place,
    pub place_name: String,
    pub address: String,
    pub instructions: String,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub capacity: i32,
    pub booked: i32,
    pub fee_cents: i64,
    pub minimum_cents: i64,
}

impl SlotView {
    pub fn is_full(&self) -> bool {
        self.booked >= self.capacity
    }

    pub fn is_delivery(&self) -> bool {
        matches!(self.place, Place::Delivery(_))
    }
}

/// A variant offered in a cycle, as staff manage it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OfferView {
    pub variant_id: i64,
    pub product_name: String,
    pub variant_label: String,
    pub producer_name: String,
    pub catalogue_retail_cents: i64,
    pub catalogue_pro_cents: i64,
    pub stock_cap: Option<i64>,
    pub retail_price_cents: Option<i64>,
    pub pro_price_cents: Option<i64>,
    pub sold: i64,
}

/// A variant of the catalogue that a cycle does not offer although it could: added or
/// re-activated after the cycle's offers were made, it is sold nowhere until staff offer it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MissingOffer {
    pub variant_id: i64,
    pub product_id: i64,
    pub product_name: String,
    pub variant_label: String,
    pub producer_name: String,
}

/// Everything on a cycle's staff page.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CycleDetail {
    pub cycle: CycleSummary,
    pub timezone: crate::time::Zone,
    pub offers: Vec<OfferView>,
    pub slots: Vec<SlotView>,
    pub pickup_points: Vec<PickupPoint>,
    pub zones: Vec<DeliveryZone>,
    /// Producers with listed products, to add their whole range in one go.
    pub producers: Vec<(i64, String)>,
}

/// What a record of a cycle's goods keeps of a variant the cycle offered.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OfferedFacts {
    pub producer_id: i64,
    /// "Pommes — Sachet 1 kg".
    pub description: String,
    pub weight_grams: i64,
    pub price_cents: i64,
}
