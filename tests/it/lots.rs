//! Last-minute lots: put on sale from an ended cycle (bounded, of what it offered), sold through
//! the same checkout without overselling and without touching the producer's stock, no
//! purchase order to producers, and settled once when the sale ends: what is left given to the
//! association chosen (told by email) or counted as lost; the kilograms sold count as rescued.

use maillon::accounts::store::CurrentUser;
use maillon::coop::Coop;
use maillon::cycles::CycleAction;
use maillon::error::ServiceError;
use maillon::i18n::Msg;
use maillon::orders::PaymentMethod;
use maillon::rescue::lots::{Outcome, default_window, lot_price};
use maillon::rescue::store::{Donation, LotForm, desk, donate, put_on_sale, settle_lots};
use maillon::time::to_local_input;
use maillon_test_support::TestDb;
use maillon_test_support::demo::{demo, open_cycle, residents, scarce, user};
use maillon_test_support::shopping::{checkout, ctx, fill_cart};
use sqlx::PgPool;

use crate::ledger::{deliver, order};

fn refused(result: Result<i64, ServiceError>) -> Option<Msg> {
    match result {
        Err(ServiceError::Invalid { msg, .. }) => Some(msg),
        _ => None,
    }
}

/// Buys one unit of `v` in the sale, as `buyer`.
async fn buy(pool: &PgPool, coop: &Coop, sale: i64, buyer: &CurrentUser, v: i64) -> Result<i64, ServiceError> {
    fill_cart(pool, coop, sale, buyer, v, 1).await;
    checkout(
        pool,
        coop,
        (sale, buyer),
        PaymentMethod::Pickup,
        false,
        &format!("lot-{}-{v}", buyer.id),
    )
    .await
    .map(|p| p.order_id)
}

async fn price_and_weight(pool: &PgPool, v: i64) -> (i64, i64) {
    let (price, weight): (i64, i32) =
        sqlx::query_as("SELECT retail_price_cents, weight_grams FROM variants WHERE id = $1")
            .bind(v)
            .fetch_one(pool)
            .await
            .unwrap();
    (price, i64::from(weight))
}

/// A pickup point for a sale, and its default window as the form types it.
async fn sale_window(pool: &PgPool, coop: &Coop) -> (i64, String, String) {
    let point: i64 =
        sqlx::query_scalar("SELECT id FROM pickup_points WHERE coop_id = $1 AND active ORDER BY id LIMIT 1")
            .bind(coop.id)
            .fetch_one(pool)
            .await
            .unwrap();
    let tz = coop.timezone.tz();
    let window = default_window(chrono::Utc::now(), tz);
    (
        point,
        to_local_input(window.sale_until, tz),
        to_local_input(window.pickup_until, tz),
    )
}

#[tokio::test]
async fn lots_sell_through_the_checkout_without_overselling_and_what_is_left_is_given_or_lost() {
    let db = TestDb::migrated().await;
    let pool = db.pool();
    let coop = demo(&pool).await;
    let c = ctx(&pool, &coop);
    let source = open_cycle(&pool, &coop).await;
    let v = scarce(&pool, source, 100).await;
    let others: Vec<i64> = sqlx::query_scalar(
        "SELECT o.variant_id FROM cycle_offers o JOIN variants v ON v.id = o.variant_id
         WHERE o.cycle_id = $1 AND o.variant_id <> $2 AND v.case_size = 1 ORDER BY o.variant_id LIMIT 2",
    )
    .bind(source)
    .bind(v)
    .fetch_all(&pool)
    .await
    .unwrap();
    let (w, x) = (others[0], others[1]);
    let staff = user(&pool, &coop, "hub@maillon.test").await;
    let board = user(&pool, &coop, "conseil@maillon.test").await;
    let people = residents(&pool, &coop, 12).await;
    let (association, stranger) = (&people[10], &people[11]);
    maillon::solidarity::store::add_partner(&c, &board, &association.email, "Le Relais")
        .await
        .unwrap();
    let (point, sale_until, pickup_until) = sale_window(&pool, &coop).await;
    let lot = |variant_id, quantity, discount, unsold_to| LotForm {
        cycle_id: source,
        variant_id,
        quantity,
        discount,
        sale_until: &sale_until,
        pickup_until: &pickup_until,
        pickup_point: Some(point),
        unsold_to,
        already_paid: false,
    };

    // Not while the cycle takes orders.
    assert_eq!(
        refused(put_on_sale(&c, &staff, &lot(v, "3", "30", None)).await),
        Some(Msg::ErrRescueCycle)
    );
    for (i, b) in people[..5].iter().enumerate() {
        order(&pool, &coop, source, b, v, 1, &format!("s{i}")).await;
    }
    deliver(&pool, &coop, source).await;
    // The producer has nothing left: the lots are goods already at the hub.
    sqlx::query("UPDATE variants SET stock = 0 WHERE id = $1")
        .bind(v)
        .execute(&pool)
        .await
        .unwrap();

    // Bounded, of what the cycle offered, to a partner, with a window that ends today.
    for (form, msg) in [
        (lot(v, "0", "30", None), Msg::ErrRescueQuantity),
        (lot(v, "3", "5", None), Msg::ErrLotDiscount),
        (lot(v, "3", "95", None), Msg::ErrLotDiscount),
        (lot(0, "3", "30", None), Msg::ErrRescueVariant),
        (lot(v, "3", "30", Some(stranger.id)), Msg::ErrRescueAssociation),
        (
            LotForm {
                sale_until: "2020-01-01T10:00",
                ..lot(v, "3", "30", None)
            },
            Msg::ErrLotSaleUntil,
        ),
        (
            LotForm {
                pickup_until: &sale_until,
                ..lot(v, "3", "30", None)
            },
            Msg::ErrLotPickupUntil,
        ),
        (
            LotForm {
                pickup_point: None,
                ..lot(v, "3", "30", None)
            },
            Msg::ErrLotPickupPoint,
        ),
        (
            LotForm {
                pickup_point: Some(0),
                ..lot(v, "3", "30", None)
            },
            Msg::ErrLotPickupPoint,
        ),
    ] {
        assert_eq!(refused(put_on_sale(&c, &staff, &form).await), Some(msg), "{msg:?}");
    }
    let sales: i64 = sqlx::query_scalar("SELECT count(*) FROM order_cycles WHERE rescued_from IS NOT NULL")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(sales, 0, "a refused lot opens no sale");

    for b in &people[..2] {
        maillon::cycles::store::set_notify_cycles(&c, b.id, true).await.unwrap();
    }
    let sale = put_on_sale(&c, &staff, &lot(v, "3", "30", None)).await.unwrap();
    // The members who asked to know when a cycle opens are told the sale is on, once.
    let (told, asked): (i64, i64) = sqlx::query_as(
        "SELECT (SELECT count(*) FROM outbox_emails
                  WHERE subject LIKE '%' || (SELECT name FROM order_cycles WHERE id = $2) || '%'),
                (SELECT count(*) FROM memberships m JOIN users u ON u.id = m.user_id
                  WHERE m.coop_id = $1 AND m.notify_cycles AND u.email_verified_at IS NOT NULL)",
    )
    .bind(coop.id)
    .bind(sale)
    .fetch_one(&pool)
    .await
    .unwrap();
    assert!(asked >= 2);
    assert_eq!(told, asked);
    // The next lots of the cycle join its sale, whatever window they name.
    let joined = LotForm {
        sale_until: "",
        pickup_point: None,
        ..lot(w, "4", "50", Some(association.id))
    };
    assert_eq!(put_on_sale(&c, &staff, &joined).await.unwrap(), sale);
    assert_eq!(put_on_sale(&c, &staff, &lot(x, "2", "20", None)).await.unwrap(), sale);
    assert_eq!(
        refused(put_on_sale(&c, &staff, &lot(v, "1", "30", None)).await),
        Some(Msg::ErrLotTwice)
    );
    // A sale is not copied into a cycle that would sell producers' goods at the lots' prices.
    assert_eq!(
        refused(maillon::cycles::store::duplicate_cycle(&c, sale, staff.locale).await),
        Some(Msg::ErrDuplicateSale)
    );
    let open = maillon::cycles::store::open_cycles(&ctx(&pool, &coop)).await.unwrap();
    assert!(
        open.iter().any(|s| s.id == sale && s.last_minute),
        "members see the sale in the shop"
    );

    // Seven buyers at once for three units: three orders, at the lot's price.
    let (price_v, weight_v) = price_and_weight(&pool, v).await;
    let (price_w, weight_w) = price_and_weight(&pool, w).await;
    for b in &people[..7] {
        fill_cart(&pool, &coop, sale, b, v, 1).await;
    }
    let tasks: Vec<_> = people[..7]
        .iter()
        .map(|b| {
            let (pool, coop, b) = (pool.clone(), coop.clone(), b.clone());
            tokio::spawn(async move {
                checkout(
                    &pool,
                    &coop,
                    (sale, &b),
                    PaymentMethod::Pickup,
                    false,
                    &format!("lot-{}", b.id),
                )
                .await
                .map(|p| p.order_id)
            })
        })
        .collect();
    let mut tries = Vec::new();
    for t in tasks {
        tries.push(t.await.unwrap());
    }
    let bought: Vec<i64> = tries.iter().filter_map(|r| r.as_ref().ok().copied()).collect();
    assert_eq!(bought.len(), 3, "{tries:?}");
    assert!(
        tries
            .iter()
            .all(|r| r.is_ok() || matches!(r, Err(ServiceError::OutOfStock(_))))
    );
    let line: i64 = sqlx::query_scalar("SELECT unit_price_cents FROM order_lines WHERE order_id = $1")
        .bind(bought[0])
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(line, lot_price(price_v, 30));
    let stock: i64 = sqlx::query_scalar("SELECT stock FROM variants WHERE id = $1")
        .bind(v)
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(stock, 0, "the producer's stock is not touched");
    buy(&pool, &coop, sale, &people[8], w).await.unwrap();

    // While the sale is on, nothing is settled.
    assert_eq!(settle_lots(&ctx(&pool, &coop)).await.unwrap(), 0);
    let (_, change) = maillon::hub::closing::act_on_cycle(&ctx(&pool, &coop), sale, CycleAction::CloseNow)
        .await
        .unwrap();
    assert_eq!(change.purchase_orders, 0, "nothing to ask of producers");
    assert_eq!(settle_lots(&ctx(&pool, &coop)).await.unwrap(), 3);
    assert_eq!(settle_lots(&ctx(&pool, &coop)).await.unwrap(), 0, "settled once");

    let d = desk(&ctx(&pool, &coop), 1).await.unwrap();
    // Newest first: the lots of x, w, then v.
    let outcomes: Vec<_> = d.lots.iter().map(|l| (l.sold, l.outcome())).collect();
    assert_eq!(
        outcomes,
        [
            (0, Outcome::Lost { units: 2 }),
            (
                1,
                Outcome::Given {
                    units: 3,
                    association: "Le Relais".into()
                }
            ),
            (3, Outcome::SoldOut),
        ]
    );
    // The rest of the lot is a donation at the cycle's price, and the association is told.
    assert_eq!(d.donations.items.len(), 1);
    let given = &d.donations.items[0];
    assert_eq!(
        (given.quantity, given.grams, given.value_cents),
        (3, 3 * weight_w, 3 * price_w)
    );
    let told: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM outbox_emails WHERE to_address = $1
           AND subject NOT LIKE '%' || (SELECT name FROM order_cycles WHERE id = $2) || '%'",
    )
    .bind(&association.email)
    .bind(sale)
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!(told, 1);

    // A sale is not a cycle to give from, or to sell off again.
    let again = Donation {
        cycle_id: sale,
        variant_id: w,
        quantity: "1",
        association_user_id: association.id,
    };
    assert_eq!(refused(donate(&c, &staff, &again).await), Some(Msg::ErrRescueCycle));
    assert_eq!(
        refused(
            put_on_sale(
                &c,
                &staff,
                &LotForm {
                    cycle_id: sale,
                    ..lot(w, "1", "30", None)
                }
            )
            .await
        ),
        Some(Msg::ErrRescueCycle)
    );

    // What the lots sold counts as rescued for the cycle the goods came from.
    maillon::transparency::store::refresh(&ctx(&pool, &coop)).await.unwrap();
    let t = maillon::transparency::store::transparency(&c).await.unwrap();
    let figures = t.years[0]
        .cycles
        .iter()
        .find(|r| r.cycle_id == source)
        .and_then(|r| r.figures.clone())
        .unwrap();
    assert_eq!(figures.rescued_grams, 3 * weight_v + weight_w);
    assert_eq!(
        figures.rescued_cents,
        3 * lot_price(price_v, 30) + lot_price(price_w, 50)
    );
}

#[tokio::test]
async fn a_lot_of_baskets_nobody_collected_pays_no_producer_a_second_time() {
    let db = TestDb::migrated().await;
    let pool = db.pool();
    let coop = demo(&pool).await;
    let c = ctx(&pool, &coop);
    let source = open_cycle(&pool, &coop).await;
    let v = scarce(&pool, source, 100).await;
    let w: i64 = sqlx::query_scalar(
        "SELECT o.variant_id FROM cycle_offers o JOIN variants v ON v.id = o.variant_id
         WHERE o.cycle_id = $1 AND o.variant_id <> $2 AND v.case_size = 1 AND v.stock_mode = 'finite' ORDER BY o.variant_id LIMIT 1",
    )
    .bind(source)
    .bind(v)
    .fetch_one(&pool)
    .await
    .unwrap();
    sqlx::query("UPDATE variants SET stock = 100 WHERE id = $1")
        .bind(w)
        .execute(&pool)
        .await
        .unwrap();
    let staff = user(&pool, &coop, "hub@maillon.test").await;
    let people = residents(&pool, &coop, 4).await;
    order(&pool, &coop, source, &people[0], v, 2, "v").await;
    order(&pool, &coop, source, &people[1], w, 2, "w").await;
    deliver(&pool, &coop, source).await;
    let paid_before: i64 =
        sqlx::query_scalar("SELECT coalesce(sum(payout_cents), 0)::bigint FROM payouts WHERE cycle_id = $1")
            .bind(source)
            .fetch_one(&pool)
            .await
            .unwrap();
    assert!(paid_before > 0);

    let (point, sale_until, pickup_until) = sale_window(&pool, &coop).await;
    let lot = |variant_id, already_paid| LotForm {
        cycle_id: source,
        variant_id,
        quantity: "2",
        discount: "30",
        sale_until: &sale_until,
        pickup_until: &pickup_until,
        pickup_point: Some(point),
        unsold_to: None,
        already_paid,
    };
    // The producer's surplus of v, and w's two baskets nobody collected.
    let sale = put_on_sale(&c, &staff, &lot(v, false)).await.unwrap();
    assert_eq!(put_on_sale(&c, &staff, &lot(w, true)).await.unwrap(), sale);
    let desk_lots = desk(&c, 1).await.unwrap().lots;
    let flags: Vec<bool> = desk_lots.iter().map(|l| l.already_paid).collect();
    assert_eq!(flags, [true, false], "the desk says which lot was paid already");
    buy(&pool, &coop, sale, &people[2], v).await.unwrap();
    buy(&pool, &coop, sale, &people[3], w).await.unwrap();
    deliver(&pool, &coop, sale).await;

    // The sale's statements pay the surplus, not the baskets; the source's are unchanged.
    let (price_v, _) = price_and_weight(&pool, v).await;
    let lines: Vec<(i64, i64)> = sqlx::query_as(
        "SELECT l.unit_price_cents, l.delivered FROM payout_lines l JOIN payouts p ON p.id = l.payout_id WHERE p.cycle_id = $1",
    )
    .bind(sale)
    .fetch_all(&pool)
    .await
    .unwrap();
    assert_eq!(lines, [(lot_price(price_v, 30), 1)]);
    let paid_after: i64 =
        sqlx::query_scalar("SELECT coalesce(sum(payout_cents), 0)::bigint FROM payouts WHERE cycle_id = $1")
            .bind(source)
            .fetch_one(&pool)
            .await
            .unwrap();
    assert_eq!(paid_after, paid_before);
    let audited: String =
        sqlx::query_scalar("SELECT after::text FROM audit_log WHERE action = 'rescue_lot' ORDER BY id DESC LIMIT 1")
            .fetch_one(&pool)
            .await
            .unwrap();
    assert!(audited.contains("\"already_paid\": true"), "{audited}");
}
