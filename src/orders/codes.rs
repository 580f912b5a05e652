//! The stored codes of an order: its pricing (retail or pro), its status and its payment method.

use serde::{Deserialize, Serialize};

use crate::accounts::Role;
use crate::i18n::Msg;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Pricing {
    /// Residents: retail prices, any quantity.
    Retail,
    /// Shopkeepers: pro prices, whole cases.
    Pro,
}

impl Pricing {
    pub fn for_roles(roles: &[Role]) -> Pricing {
        if roles.contains(&Role::Shopkeeper) {
            Pricing::Pro
        } else {
            Pricing::Retail
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Pricing::Retail => "retail",
            Pricing::Pro => "pro",
        }
    }

    pub fn parse(code: &str) -> Option<Pricing> {
        [Pricing::Retail, Pricing::Pro].into_iter().find(|p| p.code() == code)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum OrderStatus {
    /// Waiting for the card payment; its stock is held until `payment_expires_at`.
    PendingPayment,
    Confirmed,
    Cancelled,
    /// The card payment never came: the stock went back.
    Expired,
}

impl OrderStatus {
    pub const ALL: [OrderStatus; 4] = [
        OrderStatus::PendingPayment,
        OrderStatus::Confirmed,
        OrderStatus::Cancelled,
        OrderStatus::Expired,
    ];

    pub fn code(self) -> &'static str {
        match self {
            OrderStatus::PendingPayment => "pending_payment",
            OrderStatus::Confirmed => "confirmed",
            OrderStatus::Cancelled => "cancelled",
            OrderStatus::Expired => "expired",
        }
    }

    pub fn parse(code: &str) -> Option<OrderStatus> {
        OrderStatus::ALL.into_iter().find(|s| s.code() == code)
    }

    pub fn label(self) -> Msg {
        match self {
            OrderStatus::PendingPayment => Msg::OrderPendingPayment,
            OrderStatus::Confirmed => Msg::OrderConfirmed,
            OrderStatus::Cancelled => Msg::OrderCancelled,
            OrderStatus::Expired => Msg::OrderExpired,
        }
    }

    /// Whether the order holds stock and a slot place.
    pub fn holds_stock(self) -> bool {
        matches!(self, OrderStatus::PendingPayment | OrderStatus::Confirmed)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum PaymentMethod {
    /// Paid to hub or shop staff when the basket is collected.
    Pickup,
    /// Paid online through Stripe Checkout.
    Card,
    /// Paid from the buyer's credit with the cooperative, in the checkout's transaction.
    Credit,
}

impl PaymentMethod {
    pub fn code(self) -> &'static str {
        match self {
            PaymentMethod::Pickup => "pickup",
            PaymentMethod::Card => "card",
            PaymentMethod::Credit => "credit",
        }
    }

    pub fn parse(code: &str) -> Option<PaymentMethod> {
        [PaymentMethod::Pickup, PaymentMethod::Card, PaymentMethod::Credit]
            .into_iter()
            .find(|p| p.code() == code)
    }

    pub fn label(self) -> Msg {
        match self {
            PaymentMethod::Pickup => Msg::PayAtPickup,
            PaymentMethod::Card => Msg::PayByCard,
            PaymentMethod::Credit => Msg::PayByCredit,
        }
    }

    /// Paid for a set amount before the basket is handed over (card or credit): such an order
    /// changes slot but not contents, and what it no longer owes is refunded.
    pub fn prepaid(self) -> bool {
        matches!(self, PaymentMethod::Card | PaymentMethod::Credit)
    }

    /// The method as the buyer of a pickup or a home delivery reads it: paying on hand-over is
    /// paying at the desk for one, paying the driver at the door for the other.
    pub fn label_for(self, delivery: bool) -> Msg {
        match (self, delivery) {
            (PaymentMethod::Pickup, true) => Msg::PayOnDelivery,
            (method, _) => method.label(),
        }
    }
}
