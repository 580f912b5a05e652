//! The solidarity price against a real PostgreSQL: the fund pays the discount of members with a
//! status, decided inside the checkout transaction, and never goes below zero however many
//! checkouts ask at once; round-ups feed it; a cancelled order gives its discount back;
//! statuses come from the board or a partner association, each within its rights.

use chrono::{Duration, Utc};
use maillon::accounts::store::CurrentUser;
use maillon::coop::Coop;
use maillon::cycles::CycleAction;
use maillon::error::ServiceError;
use maillon::orders::store::{self as orders, CartOwner};
use maillon::orders::{PaymentMethod, Pricing};
use maillon::solidarity::{FundKind, discount_cents, round_up_cents, store as fund};
use maillon_test_support::TestDb;
use maillon_test_support::demo::{demo, open_cycle, residents, scarce, user};
use maillon_test_support::shopping::{self, ctx};
use sqlx::PgPool;

/// Sets the buyer's cart to `q` of `v` and checks it out.
async fn checkout(
    pool: &PgPool,
    coop: &Coop,
    cycle: i64,
    buyer: &CurrentUser,
    (v, q): (i64, i64),
    method: PaymentMethod,
    round_up: bool,
) -> Result<i64, ServiceError> {
    let owner = CartOwner::User(buyer.id);
    let pricing = Pricing::for_roles(&buyer.roles);
    orders::set_cart(&ctx(pool, coop), cycle, &owner, pricing, &[(v, q)]).await?;
    let key = format!("{}-{v}-{q}", buyer.id);
    Ok(shopping::checkout(pool, coop, (cycle, buyer), method, round_up, &key)
        .await?
        .order_id)
}

/// The fund's balance, and the sum of its entries.
async fn books(pool: &PgPool, coop: &Coop) -> (i64, i64) {
    let mut conn = pool.acquire().await.unwrap();
    let balance = fund::balance(&mut conn, coop.id).await.unwrap();
    let sum: i64 =
        sqlx::query_scalar("SELECT coalesce(sum(amount_cents), 0)::bigint FROM solidarity_entries WHERE coop_id = $1")
            .bind(coop.id)
            .fetch_one(pool)
            .await
            .unwrap();
    (balance, sum)
}

async fn price(pool: &PgPool, v: i64) -> i64 {
    sqlx::query_scalar("SELECT retail_price_cents FROM variants WHERE id = $1")
        .bind(v)
        .fetch_one(pool)
        .await
        .unwrap()
}

/// The board sets a 20 % solidarity price, a contribution of 1.5 % of sales (of 15 % kept on
/// each price), and gives `donation` to the fund.
async fn set_up(pool: &PgPool, coop: &Coop, donation: i64) -> CurrentUser {
    let board = user(pool, coop, "conseil@maillon.test").await;
    let c = ctx(pool, coop);
    fund::set_rates(&c, &board, 2000).await.unwrap();
    let split = maillon::catalogue::Split {
        hub_bp: 0,
        coop_bp: 1350,
        solidarity_bp: 150,
    };
    maillon::catalogue::store::set_general_split(&c, &board, split)
        .await
        .unwrap();
    if donation > 0 {
        fund::record_donation(&c, &board, donation, "don").await.unwrap();
    }
    board
}

async fn grant(pool: &PgPool, coop: &Coop, by: &CurrentUser, member: &CurrentUser) {
    let until = Utc::now().date_naive() + Duration::days(30);
    fund::grant(&ctx(pool, coop), by, &member.email, until, false)
        .await
        .unwrap();
}

async fn solidarity_of(pool: &PgPool, order: i64) -> (i64, i64, i64, i64) {
    sqlx::query_as(
        "SELECT solidarity_cents, solidarity_wanted_cents, round_up_cents, paid_cents FROM orders WHERE id = $1",
    )
    .bind(order)
    .fetch_one(pool)
    .await
    .unwrap()
}

#[tokio::test]
async fn concurrent_solidarity_checkouts_never_take_the_fund_below_zero() {
    let db = TestDb::migrated().await;
    let pool = db.pool();
    let coop = demo(&pool).await;
    let cycle = open_cycle(&pool, &coop).await;
    let v = scarce(&pool, cycle, 1000).await;
    let p = price(&pool, v).await;
    let units = 5;
    let wanted = discount_cents(units * p, 2000);
    assert!(wanted > 0);
    // Enough for two and a half discounts.
    let board = set_up(&pool, &coop, 2 * wanted + wanted / 2).await;
    let buyers = residents(&pool, &coop, 8).await;
    for b in &buyers {
        grant(&pool, &coop, &board, b).await;
    }
    let tasks: Vec<_> = buyers
        .into_iter()
        .map(|b| {
            let (pool, coop) = (pool.clone(), coop.clone());
            tokio::spawn(
                async move { checkout(&pool, &coop, cycle, &b, (v, units), PaymentMethod::Pickup, false).await },
            )
        })
        .collect();
    let mut covered = Vec::new();
    for t in tasks {
        let order = t.await.unwrap().unwrap();
        let (paid_by_fund, asked, _, paid) = solidarity_of(&pool, order).await;
        assert_eq!(asked, wanted, "every status asks the same discount");
        assert_eq!(paid, paid_by_fund, "at pickup, only the fund has paid yet");
        covered.push(paid_by_fund);
    }
    covered.sort_unstable();
    // Two full discounts, one partial, the rest at the normal price: nothing more than given.
    assert_eq!(covered, [0, 0, 0, 0, 0, wanted / 2, wanted, wanted]);
    assert_eq!(books(&pool, &coop).await, (0, 0));
    // The desk asks each buyer for the rest.
    let due: Vec<i64> = sqlx::query_scalar(
        "SELECT total_cents - paid_cents FROM orders WHERE cycle_id = $1 AND solidarity_wanted_cents > 0",
    )
    .bind(cycle)
    .fetch_all(&pool)
    .await
    .unwrap();
    assert!(due.iter().all(|d| *d >= units * p - wanted));
}

#[tokio::test]
async fn round_ups_feed_the_fund_and_a_cancelled_order_gives_its_discount_back() {
    let db = TestDb::migrated().await;
    let pool = db.pool();
    let coop = demo(&pool).await;
    let cycle = open_cycle(&pool, &coop).await;
    let v = scarce(&pool, cycle, 1000).await;
    // A price that leaves cents to round up.
    sqlx::query("UPDATE variants SET retail_price_cents = 345 WHERE id = $1")
        .bind(v)
        .execute(&pool)
        .await
        .unwrap();
    let p = price(&pool, v).await;
    let board = set_up(&pool, &coop, 10_000).await;
    let people = residents(&pool, &coop, 2).await;
    let (giver, member) = (&people[0], &people[1]);
    let hub = user(&pool, &coop, "hub@maillon.test").await;
    for who in [giver, member] {
        maillon::credit::store::record(
            &ctx(&pool, &coop),
            &hub,
            &who.email,
            maillon::credit::store::StaffMove::TopUp,
            20_000,
            "",
        )
        .await
        .unwrap();
    }
    // A buyer without status rounds up, paying with credit: the fund gets the cents.
    let units = 3;
    let order = checkout(&pool, &coop, cycle, giver, (v, units), PaymentMethod::Credit, true)
        .await
        .unwrap();
    let r = round_up_cents(units * p);
    assert_eq!(r, 65);
    assert_eq!(solidarity_of(&pool, order).await, (0, 0, r, units * p));
    // The cents left the credit with the checkout; they reach the fund just after, in one pass.
    assert_eq!(books(&pool, &coop).await, (10_000, 10_000));
    let given = orders::collect_round_ups(&pool, coop.id, Utc::now()).await.unwrap();
    assert_eq!(given, 1);
    assert_eq!(
        orders::collect_round_ups(&pool, coop.id, Utc::now()).await.unwrap(),
        0,
        "once"
    );
    assert_eq!(books(&pool, &coop).await, (10_000 + r, 10_000 + r));
    let mut conn = pool.acquire().await.unwrap();
    let credit = maillon::credit::store::balance(&mut conn, coop.id, giver.id)
        .await
        .unwrap()
        .0;
    assert_eq!(credit, 20_000 - units * p - r);
    // A round-up paid at pickup is refused, not silently dropped.
    let refused = checkout(&pool, &coop, cycle, member, (v, 1), PaymentMethod::Pickup, true).await;
    assert!(matches!(
        refused,
        Err(ServiceError::Invalid {
            field: Some("payment"),
            ..
        })
    ));

    // A member with a status pays by credit: the fund pays the discount, the credit the rest.
    grant(&pool, &coop, &board, member).await;
    let order = checkout(&pool, &coop, cycle, member, (v, units), PaymentMethod::Credit, false)
        .await
        .unwrap();
    let wanted = discount_cents(units * p, 2000);
    assert_eq!(solidarity_of(&pool, order).await, (wanted, wanted, 0, units * p));
    let credit = maillon::credit::store::balance(&mut conn, coop.id, member.id)
        .await
        .unwrap()
        .0;
    assert_eq!(credit, 20_000 - (units * p - wanted));
    assert_eq!(books(&pool, &coop).await.0, 10_000 + r - wanted);
    // Its quantities are fixed; cancelling it gives the discount back to the fund and the rest
    // back to the credit. The round-up stays a gift.
    let change = maillon::orders::store::OrderChange {
        lines: vec![(v, units + 1)],
        ..Default::default()
    };
    assert!(
        orders::change_order(&ctx(&pool, &coop), member, order, &change)
            .await
            .is_err()
    );
    orders::cancel_order(&ctx(&pool, &coop), member, order).await.unwrap();
    assert_eq!(books(&pool, &coop).await, (10_000 + r, 10_000 + r));
    let credit = maillon::credit::store::balance(&mut conn, coop.id, member.id)
        .await
        .unwrap()
        .0;
    assert_eq!(credit, 20_000);
    let kinds: Vec<FundKind> = fund::fund(&ctx(&pool, &coop), 1)
        .await
        .unwrap()
        .entries
        .items
        .iter()
        .map(|e| e.kind)
        .collect();
    assert_eq!(
        kinds,
        [
            FundKind::Return,
            FundKind::Discount,
            FundKind::RoundUp,
            FundKind::Donation
        ]
    );
}

#[tokio::test]
async fn partners_grant_their_own_statuses_and_the_contribution_of_sales_comes_at_delivery() {
    let db = TestDb::migrated().await;
    let pool = db.pool();
    let coop = demo(&pool).await;
    let board = set_up(&pool, &coop, 0).await;
    let people = residents(&pool, &coop, 3).await;
    let (association, member, other) = (&people[0], &people[1], &people[2]);
    let c = ctx(&pool, &coop);
    let until = c.today() + Duration::days(60);
    // Not a partner yet: refused.
    let refused = fund::grant(&c, association, &member.email, until, true).await;
    assert!(matches!(refused, Err(ServiceError::Forbidden)));
    fund::add_partner(&c, &board, &association.email, "Le Relais")
        .await
        .unwrap();
    let own = fund::grant(&c, association, &member.email, until, true).await.unwrap();
    let boards = fund::grant(&c, &board, &other.email, until, false).await.unwrap();
    // The association sees and withdraws its own grants only.
    let seen = fund::grants(&c, Some(association.id), 1).await.unwrap();
    assert_eq!(seen.items.iter().map(|g| g.id).collect::<Vec<_>>(), [own]);
    assert_eq!(seen.items[0].partner.as_deref(), Some("Le Relais"));
    assert!(matches!(
        fund::revoke(&c, association, boards, true).await,
        Err(ServiceError::NotFound)
    ));
    let mut conn = pool.acquire().await.unwrap();
    assert_eq!(
        fund::member_rates(&mut conn, coop.id, member.id, c.today())
            .await
            .unwrap()
            .map(|r| r.general_bp),
        Some(2000)
    );
    fund::revoke(&c, association, own, true).await.unwrap();
    assert_eq!(
        fund::member_rates(&mut conn, coop.id, member.id, c.today())
            .await
            .unwrap()
            .map(|r| r.general_bp),
        None
    );
    assert_eq!(
        fund::member_rates(&mut conn, coop.id, other.id, c.today())
            .await
            .unwrap()
            .map(|r| r.general_bp),
        Some(2000)
    );

    // Delivering a cycle gives the fund the solidarity part of its statements, once.
    let cycle = open_cycle(&pool, &coop).await;
    let v = scarce(&pool, cycle, 100).await;
    checkout(&pool, &coop, cycle, association, (v, 4), PaymentMethod::Pickup, false)
        .await
        .unwrap();
    maillon::hub::closing::act_on_cycle(&c, cycle, CycleAction::CloseNow)
        .await
        .unwrap();
    maillon::hub::closing::act_on_cycle(&c, cycle, CycleAction::MarkDelivered)
        .await
        .unwrap();
    let (contribution, before_vat): (i64, i64) = sqlx::query_as(
        "SELECT sum(solidarity_cents)::bigint, sum(sales_cents - vat_cents)::bigint FROM payouts WHERE cycle_id = $1",
    )
    .bind(cycle)
    .fetch_one(&pool)
    .await
    .unwrap();
    // 1.5 % of what was sold before VAT, to the cent on each unit.
    assert!(
        (contribution - before_vat * 150 / 10_000).abs() <= 4,
        "{contribution} of {before_vat}"
    );
    assert_eq!(books(&pool, &coop).await, (contribution, contribution));
    let again = fund::give_margin_share(&mut conn, coop.id, cycle, contribution, Utc::now())
        .await
        .unwrap();
    assert_eq!(again, 0);
    let audited: i64 = sqlx::query_scalar("SELECT count(*) FROM audit_log WHERE action LIKE 'solidarity_%'")
        .fetch_one(&pool)
        .await
        .unwrap();
    // Rates, a partner, two grants, a withdrawal.
    assert_eq!(audited, 5);
}

#[tokio::test]
async fn a_shortage_at_reception_gives_the_fund_back_its_part_of_what_did_not_come() {
    use maillon::hub::{ShortageRule, store as hub};
    let db = TestDb::migrated().await;
    let pool = db.pool();
    let coop = demo(&pool).await;
    let cycle = open_cycle(&pool, &coop).await;
    let v = scarce(&pool, cycle, 100).await;
    let p = price(&pool, v).await;
    let board = set_up(&pool, &coop, 10_000).await;
    let people = residents(&pool, &coop, 2).await;
    let (member, prepaid) = (&people[0], &people[1]);
    grant(&pool, &coop, &board, member).await;
    grant(&pool, &coop, &board, prepaid).await;
    let hub_staff = user(&pool, &coop, "hub@maillon.test").await;
    maillon::credit::store::record(
        &ctx(&pool, &coop),
        &hub_staff,
        &prepaid.email,
        maillon::credit::store::StaffMove::TopUp,
        50_000,
        "",
    )
    .await
    .unwrap();
    // Four units each, the fund paying 20 % of them: one pays at the desk, one with credit.
    let at_desk = checkout(&pool, &coop, cycle, member, (v, 4), PaymentMethod::Pickup, false)
        .await
        .unwrap();
    let by_credit = checkout(&pool, &coop, cycle, prepaid, (v, 4), PaymentMethod::Credit, false)
        .await
        .unwrap();
    let covered = discount_cents(4 * p, 2000);
    assert_eq!(solidarity_of(&pool, at_desk).await.0, covered);
    let fund_before = books(&pool, &coop).await.0;
    let c = ctx(&pool, &coop);
    maillon::hub::closing::act_on_cycle(&c, cycle, CycleAction::CloseNow)
        .await
        .unwrap();
    // Half of the eight units arrive: each order gets two, complete at once.
    hub::record_reception(&c, &coop, hub_staff.id, cycle, &[(v, 4)], ShortageRule::ProRata, true)
        .await
        .unwrap();
    hub::complete_reception(&c, hub_staff.id, cycle).await.unwrap();
    let half = maillon::solidarity::fitted_cover(covered, 4 * p, 2 * p);
    for order in [at_desk, by_credit] {
        assert_eq!(
            solidarity_of(&pool, order).await.0,
            half,
            "the fund's part shrinks with the goods"
        );
    }
    assert_eq!(books(&pool, &coop).await.0, fund_before + 2 * (covered - half));
    // The desk asks the buyer for their own part of what came.
    let (paid, total): (i64, i64) = sqlx::query_as("SELECT paid_cents, total_cents FROM orders WHERE id = $1")
        .bind(at_desk)
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!((paid, total), (half, 2 * p));
    // The prepaid buyer got back their own part of what did not come, not the fund's.
    let credit = maillon::credit::store::balance(&mut pool.acquire().await.unwrap(), coop.id, prepaid.id)
        .await
        .unwrap()
        .0;
    assert_eq!(credit, 50_000 - (2 * p - half));
}

/// The first finite variant the open cycle sells by the unit in a category, or outside it.
async fn variant_in(pool: &PgPool, cycle: i64, category: &str, inside: bool) -> (i64, String) {
    sqlx::query_as(
        "SELECT v.id, p.category FROM cycle_offers o JOIN variants v ON v.id = o.variant_id JOIN products p ON p.id = v.product_id
         WHERE o.cycle_id = $1 AND v.stock_mode = 'finite' AND v.case_size = 1 AND p.active AND v.active
           AND ($2 = '' OR (p.category = $2) = $3)
         ORDER BY v.id LIMIT 1",
    )
    .bind(cycle)
    .bind(category)
    .bind(inside)
    .fetch_one(pool)
    .await
    .unwrap()
}

#[tokio::test]
async fn a_category_with_its_own_discount_is_discounted_at_its_rate_in_the_shop_the_cart_and_the_checkout() {
    use maillon::catalogue::Category;
    let db = TestDb::migrated().await;
    let pool = db.pool();
    let coop = demo(&pool).await;
    let cycle = open_cycle(&pool, &coop).await;
    let board = set_up(&pool, &coop, 100_000).await;
    let (a, category) = variant_in(&pool, cycle, "", true).await;
    let (b, _) = variant_in(&pool, cycle, &category, false).await;
    for v in [a, b] {
        sqlx::query("UPDATE variants SET stock = 100 WHERE id = $1")
            .bind(v)
            .execute(&pool)
            .await
            .unwrap();
    }
    let category = Category::parse(&category).unwrap();
    let c = ctx(&pool, &coop);
    fund::set_category_rate(&c, &board, category, Some(3500)).await.unwrap();
    let member = &residents(&pool, &coop, 1).await[0];
    grant(&pool, &coop, &board, member).await;
    let (pa, pb) = (price(&pool, a).await, price(&pool, b).await);
    let wanted = discount_cents(2 * pa, 3500) + discount_cents(3 * pb, 2000);
    assert!(
        wanted > discount_cents(2 * pa + 3 * pb, 2000),
        "the category's rate is higher"
    );

    // The shop shows the member what they pay for each.
    let owner = CartOwner::User(member.id);
    let front = orders::shop_front(&c, cycle, Pricing::Retail, Some(&owner), None, member.locale)
        .await
        .unwrap();
    let shown = |v: i64| {
        front
            .products
            .iter()
            .flat_map(|p| p.variants.iter())
            .find(|x| x.variant_id == v)
            .unwrap()
            .solidarity_price_cents
    };
    assert_eq!(shown(a), Some(pa - discount_cents(pa, 3500)));
    assert_eq!(shown(b), Some(pb - discount_cents(pb, 2000)));

    // The cart states each line's rate and the discount asked of the fund; the checkout asks it.
    orders::set_cart(&c, cycle, &owner, Pricing::Retail, &[(a, 2), (b, 3)])
        .await
        .unwrap();
    let cart = orders::cart_view(&c, cycle, Some(&owner), Pricing::Retail, false, member.locale)
        .await
        .unwrap();
    let rates: Vec<(i64, i32)> = cart.lines.iter().map(|l| (l.variant_id, l.solidarity_bp)).collect();
    assert!(rates.contains(&(a, 3500)) && rates.contains(&(b, 2000)), "{rates:?}");
    assert_eq!(cart.solidarity_cents, wanted);
    let order = shopping::checkout(&pool, &coop, (cycle, member), PaymentMethod::Pickup, false, "two-rates")
        .await
        .unwrap()
        .order_id;
    let (paid_by_fund, asked, _, _) = solidarity_of(&pool, order).await;
    assert_eq!((paid_by_fund, asked), (wanted, wanted));
    assert_eq!(books(&pool, &coop).await.0, 100_000 - wanted);

    // Without a status: no solidarity price shown.
    let other = &residents(&pool, &coop, 2).await[1];
    let plain = orders::shop_front(
        &c,
        cycle,
        Pricing::Retail,
        Some(&CartOwner::User(other.id)),
        None,
        other.locale,
    )
    .await
    .unwrap();
    assert!(
        plain
            .products
            .iter()
            .flat_map(|p| p.variants.iter())
            .all(|v| v.solidarity_price_cents.is_none())
    );

    // Back to the general rate; both changes audited; the public fund states the rates.
    let fund_page = fund::fund(&c, 1).await.unwrap();
    assert_eq!(fund_page.rates.by_category, [(category, 3500)]);
    fund::set_category_rate(&c, &board, category, None).await.unwrap();
    let mut conn = pool.acquire().await.unwrap();
    let (now, _) = fund::rates(&mut conn, coop.id).await.unwrap();
    assert_eq!((now.general_bp, now.by_category.len()), (2000, 0));
    let audited: Vec<String> = sqlx::query_scalar(
        "SELECT after::text FROM audit_log WHERE action = 'solidarity_rates' AND subject LIKE 'solidarity %' ORDER BY id",
    )
    .fetch_all(&pool)
    .await
    .unwrap();
    assert_eq!(audited.len(), 2);
    assert!(
        audited[0].contains("3500") && audited[1].contains("null"),
        "{audited:?}"
    );
}
