//! Last-minute lots: what is left of a cycle, put on sale at a discount for a few hours with
//! pickup the same day. The sale is an order cycle of its own, sold through the same checkout;
//! when it ends, the units not sold go to a partner association or are counted as lost.
//!
//! Pure: the form's checks, the lot's price, and what became of a lot.

use chrono::{DateTime, Duration, Timelike, Utc};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};

use crate::i18n::Msg;

pub const MIN_DISCOUNT: i32 = 10;
pub const MAX_DISCOUNT: i32 = 90;
/// A sale ends at least this long after it is put up, so that members can see it.
pub const MIN_SALE_MINUTES: i64 = 15;
/// And within a day: a lot is food that will not keep.
pub const MAX_SALE_HOURS: i64 = 24;
/// How many lots the desk lists.
pub const DESK_LOTS: i64 = 30;

/// The discount in whole percent, from [`MIN_DISCOUNT`] to [`MAX_DISCOUNT`].
pub fn parse_discount(raw: &str) -> Result<i32, Msg> {
    raw.trim()
        .parse::<i32>()
        .ok()
        .filter(|d| (MIN_DISCOUNT..=MAX_DISCOUNT).contains(d))
        .ok_or(Msg::ErrLotDiscount)
}

/// The lot's unit price: the cycle's price less the discount, rounded to the nearest cent
/// (half up), never below a cent.
pub fn lot_price(price_cents: i64, discount_pct: i32) -> i64 {
    let kept = i64::from(100 - discount_pct.clamp(0, 100));
    ((price_cents * kept + 50) / 100).max(1)
}

/// When the sale ends and until when its lots are collected.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Window {
    pub sale_until: DateTime<Utc>,
    pub pickup_until: DateTime<Utc>,
}

/// The sale's window as typed (local date-times): the sale ends between a quarter of an hour
/// and a day from now; pickup ends after it, on the same local day.
pub fn parse_window(
    sale_until: &str,
    pickup_until: &str,
    now: DateTime<Utc>,
    tz: Tz,
) -> Result<Window, (&'static str, Msg)> {
    let sale_until = crate::time::parse_local(sale_until, tz)
        .filter(|t| *t >= now + Duration::minutes(MIN_SALE_MINUTES) && *t <= now + Duration::hours(MAX_SALE_HOURS))
        .ok_or(("sale_until", Msg::ErrLotSaleUntil))?;
    let pickup_until = crate::time::parse_local(pickup_until, tz)
        .filter(|t| *t > sale_until && t.with_timezone(&tz).date_naive() == sale_until.with_timezone(&tz).date_naive())
        .ok_or(("pickup_until", Msg::ErrLotPickupUntil))?;
    Ok(Window {
        sale_until,
        pickup_until,
    })
}

/// What the form suggests: a sale of two hours (to the next quarter), pickup two hours more,
/// but not past the end of the day.
pub fn default_window(now: DateTime<Utc>, tz: Tz) -> Window {
    let local = now.with_timezone(&tz);
    let to_quarter = (15 - i64::from(local.minute() % 15)) % 15;
    let sale_until =
        now + Duration::hours(2) + Duration::minutes(to_quarter) - Duration::seconds(i64::from(local.second()));
    let day_end = sale_until
        .with_timezone(&tz)
        .date_naive()
        .and_hms_opt(23, 45, 0)
        .and_then(|t| t.and_local_timezone(tz).earliest())
        .map_or(sale_until, |t| t.with_timezone(&Utc));
    let pickup_until = (sale_until + Duration::hours(2))
        .min(day_end)
        .max(sale_until + Duration::minutes(1));
    Window {
        sale_until,
        pickup_until,
    }
}

/// What became of a lot.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Outcome {
    /// Its sale is still on.
    OnSale,
    /// Every unit was sold.
    SoldOut,
    /// The units not sold went to this association.
    Given { units: i64, association: String },
    /// The units not sold were lost.
    Lost { units: i64 },
}

/// A lot as the hub's desk lists it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LotView {
    pub id: i64,
    pub sale_cycle_id: i64,
    pub description: String,
    pub producer_name: String,
    pub quantity: i64,
    /// Sold so far, or in the end once settled.
    pub sold: i64,
    pub discount_pct: i32,
    pub unit_price_cents: i64,
    pub unit_grams: i64,
    pub sale_until: DateTime<Utc>,
    pub settled: bool,
    /// The association that takes what is not sold; none: it is lost.
    pub unsold_to: Option<String>,
    /// Baskets nobody collected, already paid to their producer: the sale pays no producer.
    pub already_paid: bool,
}

impl LotView {
    pub fn outcome(&self) -> Outcome {
        let units = self.quantity - self.sold;
        match (&self.unsold_to, units) {
            _ if !self.settled => Outcome::OnSale,
            (_, 0) => Outcome::SoldOut,
            (Some(association), units) => Outcome::Given {
                units,
                association: association.clone(),
            },
            (None, units) => Outcome::Lost { units },
        }
    }
}

/// A last-minute sale still on, by the cycle its goods come from.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OpenSale {
    pub id: i64,
    pub source_cycle_id: i64,
    pub window: Window,
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn paris() -> Tz {
        chrono_tz::Europe::Paris
    }

    #[test]
    fn discounts_are_whole_and_bounded() {
        assert_eq!(parse_discount(" 30 "), Ok(30));
        assert_eq!(parse_discount("90"), Ok(MAX_DISCOUNT));
        for bad in ["9", "91", "-30", "30.5", "", "x", "99999999999"] {
            assert_eq!(parse_discount(bad), Err(Msg::ErrLotDiscount), "{bad}");
        }
    }

    #[test]
    fn the_lot_price_is_rounded_half_up_and_never_free() {
        assert_eq!(lot_price(350, 30), 245);
        assert_eq!(lot_price(199, 50), 100); // 99.5 → 100
        assert_eq!(lot_price(1, 90), 1);
        for price in [1, 7, 99, 250, 1_000_000] {
            for d in MIN_DISCOUNT..=MAX_DISCOUNT {
                let p = lot_price(price, d);
                assert!(p >= 1 && p <= price, "{price} {d}");
            }
        }
    }

    #[test]
    fn the_window_ends_today_after_the_sale() {
        let now = Utc.with_ymd_and_hms(2026, 12, 7, 14, 0, 0).unwrap(); // 15:00 in Paris
        let ok = parse_window("2026-12-07T17:00", "2026-12-07T19:30", now, paris()).unwrap();
        assert_eq!(ok.sale_until, Utc.with_ymd_and_hms(2026, 12, 7, 16, 0, 0).unwrap());
        assert_eq!(ok.pickup_until, Utc.with_ymd_and_hms(2026, 12, 7, 18, 30, 0).unwrap());
        let err = |s, p| parse_window(s, p, now, paris()).unwrap_err();
        assert_eq!(err("2026-12-07T15:10", "2026-12-07T19:00").0, "sale_until"); // too soon
        assert_eq!(err("2026-12-08T16:00", "2026-12-08T17:00").0, "sale_until"); // over a day
        assert_eq!(err("nope", "2026-12-07T19:00").0, "sale_until");
        assert_eq!(err("2026-12-07T17:00", "2026-12-07T16:00").0, "pickup_until"); // before the end
        assert_eq!(err("2026-12-07T17:00", "2026-12-08T09:00").0, "pickup_until"); // next day
    }

    #[test]
    fn the_default_window_is_valid() {
        for hour in [6, 13, 20, 21, 22] {
            for minute in [0, 7, 44] {
                let now = Utc.with_ymd_and_hms(2026, 12, 7, hour, minute, 30).unwrap();
                let w = default_window(now, paris());
                let typed = |t| crate::time::to_local_input(t, paris());
                assert!(w.pickup_until > w.sale_until, "{hour}:{minute}");
                assert!(w.sale_until - now >= Duration::minutes(MIN_SALE_MINUTES));
                if hour < 21 {
                    assert_eq!(
                        parse_window(&typed(w.sale_until), &typed(w.pickup_until), now, paris()),
                        Ok(w),
                        "{hour}:{minute}"
                    );
                }
            }
        }
    }

    #[test]
    fn a_settled_lot_says_what_became_of_the_rest() {
        let lot = LotView {
            id: 1,
            sale_cycle_id: 2,
            description: "Pommes".into(),
            producer_name: "Ferme".into(),
            quantity: 10,
            sold: 7,
            discount_pct: 30,
            unit_price_cents: 245,
            unit_grams: 1000,
            sale_until: Utc.with_ymd_and_hms(2026, 12, 7, 16, 0, 0).unwrap(),
            settled: false,
            unsold_to: Some("Secours".into()),
            already_paid: false,
        };
        assert_eq!(lot.outcome(), Outcome::OnSale);
        let settled = LotView {
            settled: true,
            ..lot.clone()
        };
        assert_eq!(
            settled.outcome(),
            Outcome::Given {
                units: 3,
                association: "Secours".into()
            }
        );
        assert_eq!(
            LotView {
                unsold_to: None,
                ..settled.clone()
            }
            .outcome(),
            Outcome::Lost { units: 3 }
        );
        assert_eq!(LotView { sold: 10, ..settled }.outcome(), Outcome::SoldOut);
    }
}
