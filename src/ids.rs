//! Typed ids for the rows that are easiest to mix up: an order, a variant, an order cycle, a
//! user. A function that takes `(CycleId, VariantId)` cannot be called with the two swapped,
//! which a pair of `i64` allowed. On the server they bind and decode as the `bigint` they are
//! (`sqlx::Type`, transparent); in forms and JSON they are the plain number (`serde`,
//! transparent), so URLs and server-function arguments are unchanged.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

macro_rules! typed_id {
    ($($(#[$doc:meta])* $name:ident),+ $(,)?) => {$(
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(transparent)]
        #[cfg_attr(feature = "ssr", derive(sqlx::Type), sqlx(transparent))]
        pub struct $name(pub i64);

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.fmt(f)
            }
        }

        impl FromStr for $name {
            type Err = std::num::ParseIntError;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                s.parse().map($name)
            }
        }
    )+};
}

typed_id!(
    /// `orders.id`
    OrderId,
    /// `variants.id`: what a buyer orders and a producer stocks.
    VariantId,
    /// `order_cycles.id`
    CycleId,
    /// `users.id`: a buyer, a producer's account, a member of staff.
    UserId,
);

#[cfg(all(test, feature = "ssr"))]
mod tests {
    use super::*;

    #[test]
    fn an_id_reads_and_writes_as_its_number() {
        assert_eq!("42".parse::<OrderId>(), Ok(OrderId(42)));
        assert!("4x".parse::<CycleId>().is_err());
        assert_eq!(VariantId(7).to_string(), "7");
        assert_eq!(serde_json::to_string(&UserId(3)).unwrap(), "3");
        assert_eq!(serde_json::from_str::<CycleId>("12").unwrap(), CycleId(12));
    }
}
