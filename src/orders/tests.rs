//! Tests of the pure order rules: phone numbers, quantities, shortages, totals, delivery fees,
//! payment timing and stock deltas.

use std::collections::HashMap;

use chrono::Utc;

use super::*;
use crate::accounts::Role;
use crate::catalogue::Stock;
use crate::cycles::{DeliveryZone, SlotView};
use crate::i18n::Msg;

#[test]
fn phone_numbers_as_people_type_them() {
    assert_eq!(parse_phone(" 06 12 34 56 78 ").as_deref(), Some("0612345678"));
    assert_eq!(parse_phone("+33 (0)6.12.34.56.78").as_deref(), Some("+330612345678"));
    assert_eq!(parse_phone("").as_deref(), Some(""));
    for bad in [
        "06 12",
        "+",
        "06 12 34 56 78 90 12 34 56",
        "06-12-34-56-7a",
        "=1+2",
        "06\u{0}12345678",
        "0+612345678",
    ] {
        assert_eq!(parse_phone(bad), None, "{bad:?}");
    }
}

fn offer(id: i64, stock: Stock, cap: Option<i64>, sold: i64) -> OfferedVariant {
    OfferedVariant {
        variant_id: id,
        product_id: 1,
        producer_id: 1,
        product_name: "Pommes".into(),
        category: crate::catalogue::Category::Fruits,
        variant_label: format!("Pommes {id}"),
        retail_price_cents: 350,
        pro_price_cents: 280,
        case_size: 6,
        vat_bp: 550,
        stock,
        stock_cap: cap,
        sold,
        active: true,
    }
}

#[test]
fn what_is_left_is_the_tightest_limit() {
    assert_eq!(
        available(Stock::Finite(10), None, 3),
        Some(10),
        "stock is already net of sales"
    );
    assert_eq!(available(Stock::Finite(10), Some(5), 3), Some(2));
    assert_eq!(available(Stock::Finite(1), Some(5), 0), Some(1));
    assert_eq!(available(Stock::OnDemand { cap: None }, None, 1000), None);
    assert_eq!(available(Stock::OnDemand { cap: Some(20) }, None, 18), Some(2));
    assert_eq!(available(Stock::OnDemand { cap: Some(20) }, Some(10), 12), Some(0));
}

#[test]
fn shopkeepers_order_whole_cases_at_pro_prices() {
    let o = offer(1, Stock::Finite(100), None, 0);
    assert_eq!(o.price(Pricing::Pro), 280);
    assert_eq!(o.price(Pricing::Retail), 350);
    assert_eq!(check_quantity(Pricing::Pro, 6, 12), Ok(()));
    assert_eq!(check_quantity(Pricing::Pro, 6, 7), Err(Msg::ErrCaseMultiple));
    assert_eq!(check_quantity(Pricing::Retail, 6, 7), Ok(()));
    assert_eq!(check_quantity(Pricing::Retail, 6, 0), Err(Msg::ErrOrderQuantity));
    assert_eq!(
        check_quantity(Pricing::Retail, 1, MAX_LINE_QUANTITY + 1),
        Err(Msg::ErrOrderQuantity)
    );
    assert_eq!(Pricing::for_roles(&[Role::Resident, Role::Shopkeeper]), Pricing::Pro);
    assert_eq!(Pricing::for_roles(&[Role::Resident]), Pricing::Retail);
}

#[test]
fn every_short_line_is_reported_with_what_is_left() {
    let offers: HashMap<i64, OfferedVariant> = [
        offer(1, Stock::Finite(1), None, 0),
        offer(2, Stock::Finite(50), None, 0),
        offer(3, Stock::OnDemand { cap: Some(4) }, None, 3),
        OfferedVariant {
            active: false,
            ..offer(4, Stock::Finite(9), None, 0)
        },
    ]
    .into_iter()
    .map(|o| (o.variant_id, o))
    .collect();
    let short = shortages(&[(1, 2), (2, 50), (3, 2), (4, 1), (9, 1)], &offers);
    let summary: Vec<_> = short.iter().map(|s| (s.variant_id, s.wanted, s.left)).collect();
    assert_eq!(summary, [(1, 2, 1), (3, 2, 1), (4, 1, 0), (9, 1, 0)]);
    assert!(shortages(&[(1, 1), (2, 50)], &offers).is_empty());
}

#[test]
fn totals_add_the_fee_and_zones_keep_their_minimum() {
    let t = totals([(350, 3), (1200, 1)], 400);
    assert_eq!(t.subtotal_cents, 2250);
    assert_eq!(t.total_cents, 2650);
    let zone = DeliveryZone {
        id: 1,
        name: "Lille".into(),
        postcodes: vec!["59000".into()],
        fee_cents: 400,
        minimum_cents: 2000,
        active: true,
        centre: None,
    };
    assert_eq!(delivery_fee(&zone, "59000", 2250), Ok(400));
    assert_eq!(
        delivery_fee(&zone, "59000", 1999),
        Err(DeliveryRefused::BelowMinimum {
            minimum_cents: 2000,
            missing_cents: 1
        })
    );
    assert_eq!(delivery_fee(&zone, "75001", 5000), Err(DeliveryRefused::OutsideZone));
}

#[test]
fn delivery_below_its_minimum_says_what_is_missing() {
    let zone = DeliveryZone {
        id: 1,
        name: "Lille".into(),
        postcodes: vec!["59000".into()],
        fee_cents: 400,
        minimum_cents: 2500,
        active: true,
        centre: None,
    };
    assert_eq!(
        delivery_fee(&zone, "59000", 2150),
        Err(DeliveryRefused::BelowMinimum {
            minimum_cents: 2500,
            missing_cents: 350
        })
    );
    assert_eq!(missing_for_minimum(2500, 2500), None);
    let slot = |zone_id: Option<i64>| SlotView {
        id: 1,
        place: zone_id.map_or(crate::cycles::Place::Pickup(1), crate::cycles::Place::Delivery),
        place_name: "x".into(),
        address: String::new(),
        instructions: String::new(),
        starts_at: Utc::now(),
        ends_at: Utc::now(),
        capacity: 10,
        booked: 0,
        fee_cents: if zone_id.is_some() { 400 } else { 0 },
        minimum_cents: if zone_id.is_some() { 2500 } else { 0 },
    };
    assert_eq!(
        quote(&slot(Some(1)), 2150),
        SlotQuote {
            fee_cents: 400,
            total_cents: 2550,
            missing_cents: Some(350)
        }
    );
    assert_eq!(
        quote(&slot(Some(1)), 3000),
        SlotQuote {
            fee_cents: 400,
            total_cents: 3400,
            missing_cents: None
        }
    );
    assert_eq!(
        quote(&slot(None), 1000),
        SlotQuote {
            fee_cents: 0,
            total_cents: 1000,
            missing_cents: None
        }
    );
}

#[test]
fn home_delivery_is_never_offered_payment_at_pickup() {
    assert_eq!(PaymentMethod::Pickup.label_for(true), Msg::PayOnDelivery);
    assert_eq!(PaymentMethod::Pickup.label_for(false), Msg::PayAtPickup);
    assert_eq!(PaymentMethod::Card.label_for(true), Msg::PayByCard);
}

#[test]
fn a_payment_page_keeps_its_key_until_stripe_would_refuse_it() {
    let ttl = chrono::Duration::minutes(40);
    let placed = Utc::now();
    let hold = placed + ttl;
    // Retried a few minutes later: same hold, so same expiry and same key.
    for minutes in [0, 3, 4] {
        let now = placed + chrono::Duration::minutes(minutes);
        assert_eq!(payment_hold(hold, now, ttl), hold, "after {minutes} min");
    }
    // Later, a page closing 5 minutes before the hold would live under 31 minutes: the hold
    // is renewed, and with it the page's expiry and key.
    let later = placed + chrono::Duration::minutes(10);
    let renewed = payment_hold(hold, later, ttl);
    assert_eq!(renewed, later + ttl);
    assert!(payment_page_expiry(renewed) - later >= chrono::Duration::minutes(PAYMENT_PAGE_MIN_MINUTES));
    assert_ne!(payment_key(7, "attempt-1", hold), payment_key(7, "attempt-1", renewed));
    assert_eq!(payment_key(7, "attempt-1", hold), payment_key(7, "attempt-1", hold));
    // Even the shortest hold allowed gives Stripe a page that lives long enough.
    let short = chrono::Duration::minutes(35);
    let hold = payment_hold(placed + short, placed, short);
    assert!(payment_page_expiry(hold) - placed >= chrono::Duration::minutes(PAYMENT_PAGE_MIN_MINUTES));
}

#[test]
fn order_changes_move_only_the_difference_in_a_fixed_order() {
    let old = [(5, 2), (3, 1), (8, 4)];
    let new = [(3, 1), (5, 5), (1, 2)];
    assert_eq!(stock_deltas(&old, &new), [(1, 2), (5, 3), (8, -4)]);
    assert!(stock_deltas(&old, &old).is_empty());
}

#[test]
fn only_live_orders_hold_stock() {
    assert!(OrderStatus::PendingPayment.holds_stock());
    assert!(OrderStatus::Confirmed.holds_stock());
    assert!(!OrderStatus::Cancelled.holds_stock());
    assert!(!OrderStatus::Expired.holds_stock());
    for s in OrderStatus::ALL {
        assert_eq!(OrderStatus::parse(s.code()), Some(s));
    }
}

#[test]
fn an_orders_money_goes_to_each_lines_split_and_adds_up() {
    use crate::catalogue::{Split, price_share};
    use crate::orders::{OrderLineView, order_share};
    let line = |variant_id, quantity, missing, unit, vat_bp| OrderLineView {
        variant_id,
        product_name: "Miel".into(),
        variant_label: String::new(),
        quantity,
        unit_price_cents: unit,
        step: 1,
        missing,
        vat_bp,
    };
    let honey_split = Split {
        hub_bp: 800,
        coop_bp: 700,
        solidarity_bp: 100,
    };
    let wine_split = Split {
        hub_bp: 500,
        coop_bp: 1500,
        solidarity_bp: 0,
    };
    // 2 × 3,50 € at 5.5 % (one more missing, not charged), 1 × 12,00 € at 20 %, 4 € delivery.
    let s = order_share(
        &[line(1, 3, 1, 350, 550), line(2, 1, 0, 1200, 2000)],
        400,
        |v| {
            if v == 1 { honey_split } else { wine_split }
        },
        |_| 0,
    );
    let honey = price_share(350, 550, honey_split);
    let wine = price_share(1200, 2000, wine_split);
    assert_eq!(s.price_cents, 2 * 350 + 1200 + 400);
    assert_eq!(s.producer_cents, 2 * honey.producer_cents + wine.producer_cents);
    assert_eq!(s.hub_cents, 2 * honey.hub_cents + wine.hub_cents);
    assert_eq!(s.solidarity_cents, 2 * honey.solidarity_cents);
    assert_eq!(
        s.coop_cents,
        2 * honey.coop_cents + wine.coop_cents + 400,
        "the delivery fee goes to the cooperative"
    );
    assert_eq!(
        s.price_cents,
        s.producer_cents + s.hub_cents + s.coop_cents + s.solidarity_cents + s.vat_cents
    );
    // One honey pot comes back after delivery: only what the buyer kept is shared out.
    let kept = order_share(
        &[line(1, 3, 1, 350, 550), line(2, 1, 0, 1200, 2000)],
        400,
        |v| if v == 1 { honey_split } else { wine_split },
        |v| if v == 1 { 1 } else { 0 },
    );
    assert_eq!(kept.price_cents, 350 + 1200 + 400);
    assert_eq!(kept.producer_cents, honey.producer_cents + wine.producer_cents);
}
