//! The stored codes of rounds: a round's kind, a stop's status, how precisely a delivery is
//! placed, and how a producer's goods reach the hub.

use serde::{Deserialize, Serialize};

use super::schedule::StopRef;
use crate::i18n::Msg;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum RoundKind {
    /// Farms to the hub.
    Collection,
    /// The hub to homes and pickup points.
    Delivery,
}

impl RoundKind {
    pub const ALL: [RoundKind; 2] = [RoundKind::Collection, RoundKind::Delivery];

    pub fn code(self) -> &'static str {
        match self {
            RoundKind::Collection => "collection",
            RoundKind::Delivery => "delivery",
        }
    }

    pub fn parse(code: &str) -> Option<RoundKind> {
        RoundKind::ALL.into_iter().find(|k| k.code() == code)
    }

    pub fn label(self) -> Msg {
        match self {
            RoundKind::Collection => Msg::CollectionRounds,
            RoundKind::Delivery => Msg::DeliveryRounds,
        }
    }

    /// Minutes spent at a stop: handing a basket over at a door, unloading crates at a shop,
    /// loading a farm's order.
    pub fn service_minutes(self, what: StopRef) -> i64 {
        match (self, what) {
            (_, StopRef::Order(_)) => 3,
            (_, StopRef::PickupPoint(_)) => 10,
            (_, StopRef::Producer(_)) => 15,
        }
    }
}
/// Where a driver is with a stop.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum StopStatus {
    Planned,
    Done,
    Failed,
}

impl StopStatus {
    pub const ALL: [StopStatus; 3] = [StopStatus::Planned, StopStatus::Done, StopStatus::Failed];

    pub fn code(self) -> &'static str {
        match self {
            StopStatus::Planned => "planned",
            StopStatus::Done => "done",
            StopStatus::Failed => "failed",
        }
    }

    pub fn parse(code: &str) -> Option<StopStatus> {
        StopStatus::ALL.into_iter().find(|s| s.code() == code)
    }

    pub fn label(self) -> Msg {
        match self {
            StopStatus::Planned => Msg::StopPlanned,
            StopStatus::Done => Msg::StopDone,
            StopStatus::Failed => Msg::StopFailed,
        }
    }
}

/// How precisely a home delivery is placed on the map.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Located {
    /// The address itself.
    Address,
    /// Its delivery zone's centre: only approximate until staff place it.
    ZoneCentre,
    /// Placed by hand by staff.
    Staff,
}

impl Located {
    pub fn code(self) -> &'static str {
        match self {
            Located::Address => "address",
            Located::ZoneCentre => "zone",
            Located::Staff => "staff",
        }
    }

    pub fn parse(code: &str) -> Option<Located> {
        [Located::Address, Located::ZoneCentre, Located::Staff]
            .into_iter()
            .find(|l| l.code() == code)
    }
}
/// How a producer's goods reach the hub for a cycle.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum SupplyMode {
    /// The producer brings the goods to the hub within a window.
    DropOff,
    /// A collection round picks them up at the farm.
    Collection,
}

impl SupplyMode {
    pub const ALL: [SupplyMode; 2] = [SupplyMode::DropOff, SupplyMode::Collection];

    pub fn code(self) -> &'static str {
        match self {
            SupplyMode::DropOff => "drop_off",
            SupplyMode::Collection => "collection",
        }
    }

    pub fn parse(code: &str) -> Option<SupplyMode> {
        SupplyMode::ALL.into_iter().find(|m| m.code() == code)
    }

    pub fn label(self) -> Msg {
        match self {
            SupplyMode::DropOff => Msg::SupplyDropOff,
            SupplyMode::Collection => Msg::SupplyCollection,
        }
    }
}
