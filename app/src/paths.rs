//! The addresses of the app's pages (`maillon::paths`, which emails and the plain routes use
//! too), and the notices their query strings carry: pages link to each other through here
//! rather than through each other's modules.

use maillon::i18n::Msg;
use maillon::orders::OrderStatus;

pub use maillon::paths::*;

/// What just happened to an order, said once at the top of its page. Every action on the order
/// page sends the buyer back to it with its own notice, which replaces the one before.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Notice {
    Placed,
    Changed,
    Added,
    Cancelled,
    Paid,
    PaymentFailed,
}

impl Notice {
    const ALL: [Notice; 6] = [
        Notice::Placed,
        Notice::Changed,
        Notice::Added,
        Notice::Cancelled,
        Notice::Paid,
        Notice::PaymentFailed,
    ];

    /// The query string that carries it.
    pub fn code(self) -> &'static str {
        match self {
            Notice::Placed => "confirmee=1",
            Notice::Changed => "modifiee=1",
            Notice::Added => "ajoutee=1",
            Notice::Cancelled => "annulee=1",
            Notice::Paid => "paiement=ok",
            Notice::PaymentFailed => "paiement=erreur",
        }
    }

    pub fn msg(self) -> Msg {
        match self {
            Notice::Placed => Msg::OrderPlaced,
            Notice::Changed => Msg::OrderChanged,
            Notice::Added => Msg::OrderProductAdded,
            Notice::Cancelled => Msg::OrderCancelledNotice,
            Notice::Paid => Msg::PaymentReturned,
            Notice::PaymentFailed => Msg::ErrPaymentProvider,
        }
    }

    /// Whether it still tells the truth about the order: "confirmed" on an order since cancelled
    /// does not.
    pub fn fits(self, status: OrderStatus) -> bool {
        match self {
            Notice::Placed => status == OrderStatus::Confirmed,
            Notice::Changed | Notice::Added => status.holds_stock(),
            Notice::Cancelled => status == OrderStatus::Cancelled,
            Notice::Paid => status.holds_stock(),
            Notice::PaymentFailed => status == OrderStatus::PendingPayment,
        }
    }

    pub fn from_query(q: &leptos_router::params::ParamsMap) -> Option<Notice> {
        Notice::ALL.into_iter().find(|n| {
            let (key, value) = n.code().split_once('=').unwrap_or_default();
            q.get(key).is_some_and(|v| v == value)
        })
    }
}
