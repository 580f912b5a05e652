//! Tests of the pure rules of cycles.

use super::*;
use crate::i18n::Msg;
use chrono::{DateTime, NaiveDate, Utc};

fn utc(s: &str) -> DateTime<Utc> {
    s.parse().unwrap()
}

#[test]
fn local_times_are_read_in_the_coops_zone() {
    let paris = crate::time::DEFAULT_ZONE;
    assert_eq!(
        parse_local("2026-11-24T18:00", paris),
        Some(utc("2026-11-24T17:00:00Z"))
    );
    assert_eq!(
        parse_local("2026-07-01T18:00", paris),
        Some(utc("2026-07-01T16:00:00Z"))
    );
    // 02:30 does not exist on the last Sunday of March in Paris.
    assert_eq!(parse_local("2026-03-29T02:30", paris), None);
    // 02:30 happens twice on the last Sunday of October: the first one is taken.
    assert_eq!(
        parse_local("2026-10-25T02:30", paris),
        Some(utc("2026-10-25T00:30:00Z"))
    );
    assert_eq!(parse_local("demain", paris), None);
    assert_eq!(to_local_input(utc("2026-11-24T17:00:00Z"), paris), "2026-11-24T18:00");
}

#[test]
fn cycles_need_a_name_and_a_window() {
    let paris = crate::time::DEFAULT_ZONE;
    let ok = parse_cycle(
        &CycleInput {
            name: " Semaine  48 ".into(),
            opens_at: "2026-11-23T08:00".into(),
            closes_at: "2026-11-26T20:00".into(),
        },
        paris,
    )
    .unwrap();
    assert_eq!(ok.name, "Semaine 48");
    let bad = parse_cycle(
        &CycleInput {
            name: "".into(),
            opens_at: "2026-11-26T20:00".into(),
            closes_at: "2026-11-23T08:00".into(),
        },
        paris,
    )
    .unwrap_err();
    let fields: Vec<_> = bad.iter().map(|e| (e.field.as_str(), e.msg)).collect();
    assert_eq!(
        fields,
        [("name", Msg::ErrNameLength), ("closes_at", Msg::ErrClosesBeforeOpens)]
    );
}

#[test]
fn the_clock_opens_scheduled_drafts_and_closes_open_cycles() {
    let (o, c) = (utc("2026-11-23T07:00:00Z"), utc("2026-11-26T19:00:00Z"));
    let before = utc("2026-11-23T06:59:59Z");
    let during = utc("2026-11-24T12:00:00Z");
    let after = utc("2026-11-26T19:00:00Z");
    use CycleStatus::*;
    assert_eq!(due_transition(Draft, false, o, c, during), None);
    assert_eq!(due_transition(Draft, true, o, c, before), None);
    assert_eq!(due_transition(Draft, true, o, c, o), Some(Open));
    assert_eq!(due_transition(Draft, true, o, c, after), Some(Closed));
    assert_eq!(due_transition(Open, true, o, c, during), None);
    assert_eq!(due_transition(Open, false, o, c, after), Some(Closed));
    assert_eq!(due_transition(Closed, true, o, c, after), None);
    assert!(accepts_orders(Open, c, during));
    assert!(!accepts_orders(Open, c, after), "closing time wins over a late job");
    assert!(!accepts_orders(Closed, c, during));
}

#[test]
fn staff_actions_follow_the_life_of_a_cycle() {
    let now = utc("2026-11-24T12:00:00Z");
    let later = utc("2026-11-26T19:00:00Z");
    use CycleAction as A;
    use CycleStatus::*;
    assert_eq!(apply_action(Draft, false, A::Schedule, later, now), Ok((Draft, true)));
    assert_eq!(apply_action(Draft, true, A::OpenNow, later, now), Ok((Open, true)));
    assert_eq!(
        apply_action(Draft, false, A::Schedule, now, later),
        Err(Msg::ErrCycleClosesInPast)
    );
    assert_eq!(apply_action(Open, true, A::CloseNow, later, now), Ok((Closed, true)));
    assert_eq!(
        apply_action(Closed, true, A::MarkDelivered, later, now),
        Ok((Delivered, true))
    );
    assert_eq!(
        apply_action(Delivered, true, A::Archive, later, now),
        Ok((Archived, true))
    );
    assert_eq!(
        apply_action(Open, true, A::OpenNow, later, now),
        Err(Msg::ErrCycleActionNotAllowed)
    );
    assert_eq!(
        apply_action(Archived, true, A::Schedule, later, now),
        Err(Msg::ErrCycleActionNotAllowed)
    );
    for status in CycleStatus::ALL {
        for scheduled in [false, true] {
            for action in available_actions(status, scheduled) {
                assert!(
                    apply_action(status, scheduled, action, later, now).is_ok(),
                    "{action:?} offered on {status:?} but refused"
                );
            }
        }
    }
}

#[test]
fn slots_are_local_windows_with_a_capacity() {
    let paris = crate::time::DEFAULT_ZONE;
    let slot = parse_slot(
        &SlotInput {
            place: "point-2".into(),
            date: "2026-11-27".into(),
            starts: "17:00".into(),
            ends: "19:00".into(),
            capacity: "40".into(),
        },
        paris,
    )
    .unwrap();
    assert_eq!(slot.place, Place::Pickup(2));
    assert_eq!(slot.starts_at, utc("2026-11-27T16:00:00Z"));
    assert_eq!(slot.capacity, 40);
    let bad = parse_slot(
        &SlotInput {
            place: "moon-1".into(),
            date: "27/11".into(),
            starts: "19:00".into(),
            ends: "17:00".into(),
            capacity: "0".into(),
        },
        paris,
    )
    .unwrap_err();
    let fields: Vec<_> = bad.iter().map(|e| e.field.as_str()).collect();
    assert_eq!(fields, ["place", "date", "capacity"]);
    let backwards = SlotInput {
        place: "zone-1".into(),
        date: "2026-11-27".into(),
        starts: "19:00".into(),
        ends: "17:00".into(),
        capacity: "5".into(),
    };
    assert_eq!(
        parse_slot(&backwards, paris).unwrap_err()[0].msg,
        Msg::ErrEndsBeforeStarts
    );
}

#[test]
fn zones_list_postcodes_and_money() {
    let zone = parse_zone(&ZoneInput {
        name: "Lille centre".into(),
        postcodes: "59000, 59800;59000\n59 160".into(),
        fee: "3,50".into(),
        minimum: "25".into(),
        latitude: "50,633".into(),
        longitude: "3.063".into(),
    })
    .unwrap();
    assert_eq!(
        zone.centre,
        Some(crate::geo::Point {
            lat: 50.633,
            lon: 3.063
        })
    );
    assert_eq!(zone.postcodes, ["59000", "59800", "59160"]);
    assert_eq!((zone.fee_cents, zone.minimum_cents), (350, 2500));
    let dz = DeliveryZone {
        id: 1,
        name: zone.name,
        postcodes: zone.postcodes,
        fee_cents: 350,
        minimum_cents: 2500,
        active: true,
        centre: None,
    };
    assert!(dz.covers(" 59 800"));
    assert!(!dz.covers("75001"));
    let bad = parse_zone(&ZoneInput {
        name: "x".into(),
        postcodes: "5900".into(),
        fee: "-1".into(),
        minimum: "".into(),
        latitude: "50.6".into(),
        longitude: "".into(),
    })
    .unwrap_err();
    let fields: Vec<_> = bad.iter().map(|e| e.field.as_str()).collect();
    assert_eq!(fields, ["postcodes", "fee", "longitude"]);
}

#[test]
fn offers_are_checked_row_by_row() {
    let rows = vec![
        OfferInput {
            variant_id: "4".into(),
            cap: "12".into(),
            retail_price: "2,80".into(),
            ..Default::default()
        },
        OfferInput {
            variant_id: "5".into(),
            cap: "-1".into(),
            pro_price: "abc".into(),
            ..Default::default()
        },
    ];
    let errors = parse_offers(&rows).unwrap_err();
    assert!(errors.iter().all(|e| e.row == 2));
    assert_eq!(errors.len(), 2);
    let ok = parse_offers(&rows[..1]).unwrap();
    assert_eq!(ok[0].stock_cap, Some(12));
    assert_eq!(ok[0].retail_price_cents, Some(280));
    assert_eq!(ok[0].pro_price_cents, None);
}

#[test]
fn pickup_points_need_coordinates() {
    let ok = parse_pickup_point(&PickupPointInput {
        name: "Épicerie du Vieux-Lille".into(),
        kind: "shop".into(),
        address: "3 rue de la Monnaie, 59800 Lille".into(),
        instructions: "Au comptoir".into(),
        latitude: "50,6405".into(),
        longitude: "3.0633".into(),
    })
    .unwrap();
    assert_eq!(ok.latitude, 50.6405);
    let bad = parse_pickup_point(&PickupPointInput {
        kind: "castle".into(),
        latitude: "95".into(),
        ..Default::default()
    })
    .unwrap_err();
    let fields: Vec<_> = bad.iter().map(|e| e.field.as_str()).collect();
    assert_eq!(fields, ["name", "kind", "address", "latitude", "longitude"]);
}

#[test]
fn pickup_points_may_leave_their_coordinates_to_the_address() {
    let typed = PickupPointInput {
        name: "Épicerie du Vieux-Lille".into(),
        kind: "shop".into(),
        address: "3 rue de la Monnaie, 59800 Lille".into(),
        ..Default::default()
    };
    let draft = parse_pickup_point_draft(&typed).unwrap();
    assert_eq!(draft.position, None);
    assert_eq!(draft.address, "3 rue de la Monnaie, 59800 Lille");
    let fields = draft.at(crate::geo::Point { lat: 50.64, lon: 3.06 });
    assert_eq!((fields.latitude, fields.longitude), (50.64, 3.06));
    assert!(parse_pickup_point(&typed).is_err(), "the strict form still wants them");
    let placed = parse_pickup_point_draft(&PickupPointInput {
        latitude: " 50,6405".into(),
        longitude: "3.0633 ".into(),
        ..typed.clone()
    })
    .unwrap();
    assert_eq!(
        placed.position,
        Some(crate::geo::Point {
            lat: 50.6405,
            lon: 3.0633
        })
    );
    let half = parse_pickup_point_draft(&PickupPointInput {
        latitude: "50.64".into(),
        ..typed
    })
    .unwrap_err();
    assert_eq!(
        half.iter().map(|e| (e.field.as_str(), e.msg)).collect::<Vec<_>>(),
        [("longitude", Msg::ErrCoordinatesPair)]
    );
}

#[test]
fn a_copied_cycle_keeps_its_local_times_across_summer_time() {
    let paris = crate::time::DEFAULT_ZONE;
    // Thursday 20:00 in winter, the next Thursday 20:00 in summer time: 167 h later.
    assert_eq!(
        shift_weeks(utc("2026-03-26T19:00:00Z"), 1, paris),
        utc("2026-04-02T18:00:00Z")
    );
    // And back in autumn: 169 h later.
    assert_eq!(
        shift_weeks(utc("2026-10-22T16:00:00Z"), 1, paris),
        utc("2026-10-29T17:00:00Z")
    );
    assert_eq!(
        shift_weeks(utc("2026-11-05T17:00:00Z"), 3, paris),
        utc("2026-11-26T17:00:00Z")
    );
    // 02:30 summer time, a week before the autumn change, keeps its offset.
    assert_eq!(
        shift_weeks(utc("2026-10-18T00:30:00Z"), 1, paris),
        utc("2026-10-25T00:30:00Z")
    );
    // 02:30 does not exist on the spring change: 03:30 summer time.
    let moved = shift_weeks(utc("2026-03-22T01:30:00Z"), 1, paris);
    assert_eq!(to_local_input(moved, paris), "2026-03-29T03:30");
    // A window the gap would fold keeps its length.
    let (s, e) = shift_window(utc("2026-03-22T01:00:00Z"), utc("2026-03-22T02:00:00Z"), 1, paris);
    assert_eq!(
        (to_local_input(s, paris).as_str(), e - s),
        ("2026-03-29T03:00", chrono::Duration::hours(1))
    );
}

#[test]
fn a_copy_is_for_the_first_week_still_to_close() {
    let paris = crate::time::DEFAULT_ZONE;
    let closes = utc("2026-11-26T19:00:00Z");
    assert_eq!(weeks_ahead(closes, utc("2026-11-20T12:00:00Z"), paris), Some(1));
    assert_eq!(
        weeks_ahead(closes, utc("2026-12-03T19:00:00Z"), paris),
        Some(2),
        "closing exactly now is past"
    );
    assert_eq!(weeks_ahead(closes, utc("2026-12-20T12:00:00Z"), paris), Some(4));
    assert_eq!(weeks_ahead(closes, utc("2027-11-25T12:00:00Z"), paris), Some(52));
    assert_eq!(weeks_ahead(closes, utc("2027-11-25T20:00:00Z"), paris), None);
    let next = next_cycle(
        "Semaine du 23/11",
        utc("2026-11-23T07:00:00Z"),
        closes,
        utc("2026-12-05T10:00:00Z"),
        paris,
        crate::i18n::Locale::Fr,
    )
    .unwrap();
    assert_eq!(
        next,
        NextCycle {
            weeks: 2,
            name: "Semaine du 07/12".into(),
            opens_at: utc("2026-12-07T07:00:00Z"),
            closes_at: utc("2026-12-10T19:00:00Z"),
        }
    );
    assert_eq!(
        next_cycle(
            "x",
            closes,
            closes,
            utc("2030-01-01T00:00:00Z"),
            paris,
            crate::i18n::Locale::Fr
        ),
        Err(Msg::ErrCycleTooOldToCopy)
    );
}

#[test]
fn a_copy_takes_the_new_date_or_is_marked_as_a_copy() {
    use crate::i18n::Locale::{En, Fr};
    let on = NaiveDate::from_ymd_opt(2026, 12, 13).unwrap();
    assert_eq!(next_cycle_name("Semaine du 06/12", on, Fr), "Semaine du 13/12");
    assert_eq!(next_cycle_name("06/12", on, En), "13/12");
    assert_eq!(next_cycle_name("Paniers de Noël", on, Fr), "Paniers de Noël (copie)");
    assert_eq!(next_cycle_name("Christmas baskets", on, En), "Christmas baskets (copy)");
    assert_eq!(
        next_cycle_name("Paniers (copie)", on, Fr),
        "Paniers (copie)",
        "not stacked"
    );
    // Not a day and month: a full date, a bad month, three digits.
    assert_eq!(
        next_cycle_name("Livraison 12/06/2026", on, Fr),
        "Livraison 12/06/2026 (copie)"
    );
    assert_eq!(next_cycle_name("Lot 06/13", on, Fr), "Lot 06/13 (copie)");
    assert_eq!(next_cycle_name("Lot 106/12", on, Fr), "Lot 106/12 (copie)");
    let long = "é".repeat(120);
    let copy = next_cycle_name(&long, on, Fr);
    assert_eq!(copy.chars().count(), 120);
    assert!(copy.ends_with(" (copie)"));
}

#[test]
fn the_shop_shows_a_regular_cycle_before_a_last_minute_sale() {
    let at = utc("2026-12-07T10:00:00Z");
    let cycle = |id, last_minute| CycleSummary {
        id,
        name: format!("c{id}"),
        opens_at: at,
        closes_at: at,
        status: CycleStatus::Open,
        scheduled: false,
        offers: 1,
        slots: 1,
        orders: 0,
        last_minute,
    };
    assert_eq!(default_cycle(&[]), None);
    assert_eq!(default_cycle(&[cycle(1, true), cycle(2, false)]), Some(2));
    assert_eq!(default_cycle(&[cycle(3, true)]), Some(3));
}
