//! Member credit against a real PostgreSQL: paying at checkout never overdraws it however many
//! checkouts spend it at once, the balance is always the sum of the entries, refunds go back to
//! credit when the order was paid with it or the member chose so, staff movements are audited
//! and bounded, and a card top-up is credited once.

use maillon::accounts::store::CurrentUser;
use maillon::coop::Coop;
use maillon::credit::EntryKind;
use maillon::credit::store::{self as credit, StaffMove, TopUpApplied, TopUpEvent};
use maillon::error::ServiceError;
use maillon::i18n::Msg;
use maillon::orders::store::{self as orders, Applied, PaymentEvent};
use maillon::orders::{OrderStatus, PaymentMethod};
use maillon::payments::{Stripe, StripeConfig};
use maillon_test_support::TestDb;
use maillon_test_support::demo::{copy_of_cycle, demo, open_cycle, residents, scarce, user};
use maillon_test_support::fake_stripe::FakeStripe;
use maillon_test_support::shopping::{checkout, ctx, fill_cart};
use sqlx::PgPool;

async fn pay(
    pool: &PgPool,
    coop: &Coop,
    cycle: i64,
    buyer: &CurrentUser,
    method: PaymentMethod,
    key: &str,
) -> Result<orders::Placed, ServiceError> {
    checkout(pool, coop, (cycle, buyer), method, false, key).await
}

async fn top_up(pool: &PgPool, coop: &Coop, member: &CurrentUser, cents: i64) -> i64 {
    let hub = user(pool, coop, "hub@maillon.test").await;
    credit::record(
        &ctx(pool, coop),
        &hub,
        &member.email,
        StaffMove::TopUp,
        cents,
        "espèces",
    )
    .await
    .unwrap()
}

/// The account's balance, and the sum of its entries.
async fn books(pool: &PgPool, coop: &Coop, member: &CurrentUser) -> (i64, i64) {
    let mut conn = pool.acquire().await.unwrap();
    let balance = credit::balance(&mut conn, coop.id, member.id).await.unwrap().0;
    let sum: i64 = sqlx::query_scalar(
        "SELECT coalesce(sum(amount_cents), 0)::bigint FROM credit_entries WHERE coop_id = $1 AND user_id = $2",
    )
    .bind(coop.id)
    .bind(member.id)
    .fetch_one(pool)
    .await
    .unwrap();
    (balance, sum)
}

async fn retail_price(pool: &PgPool, v: i64) -> i64 {
    sqlx::query_scalar("SELECT retail_price_cents FROM variants WHERE id = $1")
        .bind(v)
        .fetch_one(pool)
        .await
        .unwrap()
}

#[tokio::test]
async fn concurrent_checkouts_never_overdraw_the_credit_they_share() {
    let db = TestDb::migrated().await;
    let pool = db.pool();
    let coop = demo(&pool).await;
    let base = open_cycle(&pool, &coop).await;
    let v = scarce(&pool, base, 1000).await;
    let price = retail_price(&pool, v).await;
    let buyer = residents(&pool, &coop, 1).await.remove(0);
    // Eight carts of one unit in eight open cycles; the credit covers three of them.
    let mut cycles = Vec::new();
    for n in 0..8 {
        let cycle = copy_of_cycle(&pool, base, n).await;
        fill_cart(&pool, &coop, cycle, &buyer, v, 1).await;
        cycles.push(cycle);
    }
    top_up(&pool, &coop, &buyer, 3 * price + price - 1).await;
    let tasks: Vec<_> = cycles
        .into_iter()
        .enumerate()
        .map(|(i, cycle)| {
            let (pool, coop, buyer) = (pool.clone(), coop.clone(), buyer.clone());
            tokio::spawn(async move {
                pay(
                    &pool,
                    &coop,
                    cycle,
                    &buyer,
                    PaymentMethod::Credit,
                    &format!("credit-{i}"),
                )
                .await
            })
        })
        .collect();
    let (mut paid, mut refused) = (0, 0);
    for t in tasks {
        match t.await.unwrap() {
            Ok(placed) => {
                assert_eq!(placed.status, OrderStatus::Confirmed);
                paid += 1;
            }
            Err(ServiceError::Invalid {
                field: Some("payment"),
                msg: Msg::ErrCreditShort,
            }) => refused += 1,
            Err(e) => panic!("unexpected {e:?}"),
        }
    }
    assert_eq!((paid, refused), (3, 5));
    assert_eq!(books(&pool, &coop, &buyer).await, (price - 1, price - 1));
    // Each order paid is paid in full, by one entry; a refused checkout left no order behind.
    let (orders_paid, total_paid): (i64, i64) = sqlx::query_as(
        "SELECT count(*), coalesce(sum(paid_cents), 0)::bigint FROM orders WHERE user_id = $1 AND payment_method = 'credit'",
    )
    .bind(buyer.id)
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!((orders_paid, total_paid), (3, 3 * price));
}

#[tokio::test]
async fn refunds_go_to_credit_for_credit_orders_and_for_members_who_chose_it() {
    let db = TestDb::migrated().await;
    let pool = db.pool();
    let coop = demo(&pool).await;
    let cycle = open_cycle(&pool, &coop).await;
    let v = scarce(&pool, cycle, 100).await;
    let price = retail_price(&pool, v).await;
    let buyer = residents(&pool, &coop, 1).await.remove(0);
    top_up(&pool, &coop, &buyer, 5 * price).await;
    fill_cart(&pool, &coop, cycle, &buyer, v, 2).await;
    let order = pay(&pool, &coop, cycle, &buyer, PaymentMethod::Credit, "a")
        .await
        .unwrap();
    assert_eq!(books(&pool, &coop, &buyer).await.0, 3 * price);
    orders::cancel_order(&ctx(&pool, &coop), &buyer, order.order_id)
        .await
        .unwrap();
    assert_eq!(books(&pool, &coop, &buyer).await, (5 * price, 5 * price));
    assert!(
        orders::due_refunds(&pool).await.unwrap().is_empty(),
        "nothing goes to a card"
    );

    // A card order of a member who chose credit for refunds.
    credit::set_refunds_to_credit(&ctx(&pool, &coop), buyer.id, true)
        .await
        .unwrap();
    fill_cart(&pool, &coop, cycle, &buyer, v, 1).await;
    let card = pay(&pool, &coop, cycle, &buyer, PaymentMethod::Card, "b")
        .await
        .unwrap();
    let event = PaymentEvent::Completed {
        session_id: "cs_test_refund".into(),
        order_id: Some(card.order_id),
        payment_intent: Some("pi_test_refund".into()),
        amount_cents: Some(price),
        paid: true,
    };
    let applied = orders::apply_payment_event(&ctx(&pool, &coop), "evt_refund", "checkout.session.completed", &event)
        .await
        .unwrap();
    assert_eq!(applied, Applied::Confirmed);
    orders::cancel_order(&ctx(&pool, &coop), &buyer, card.order_id)
        .await
        .unwrap();
    assert_eq!(books(&pool, &coop, &buyer).await, (6 * price, 6 * price));
    assert!(orders::due_refunds(&pool).await.unwrap().is_empty());
    let statement = credit::statement(&ctx(&pool, &coop), buyer.id, 1).await.unwrap();
    let kinds: Vec<EntryKind> = statement.entries.items.iter().map(|e| e.kind).collect();
    assert_eq!(
        kinds,
        [
            EntryKind::Refund,
            EntryKind::Refund,
            EntryKind::Payment,
            EntryKind::TopUpHub
        ]
    );
    assert_eq!(statement.entries.items[0].order_id, Some(card.order_id));
}

#[tokio::test]
async fn staff_movements_are_bounded_audited_and_entries_final() {
    let db = TestDb::migrated().await;
    let pool = db.pool();
    let coop = demo(&pool).await;
    let member = residents(&pool, &coop, 1).await.remove(0);
    let board = user(&pool, &coop, "conseil@maillon.test").await;
    let c = ctx(&pool, &coop);
    assert_eq!(top_up(&pool, &coop, &member, 1_000).await, 1_000);
    let overdraw = credit::record(&c, &board, &member.email, StaffMove::Adjustment, -1_001, "erreur").await;
    assert!(matches!(
        overdraw,
        Err(ServiceError::Invalid {
            field: Some("amount"),
            msg: Msg::ErrCreditOverdraw
        })
    ));
    let unknown = credit::record(&c, &board, "personne@ailleurs.test", StaffMove::TopUp, 100, "").await;
    assert!(matches!(
        unknown,
        Err(ServiceError::Invalid {
            field: Some("email"),
            ..
        })
    ));
    let balance = credit::record(
        &c,
        &board,
        &member.email.to_uppercase(),
        StaffMove::Adjustment,
        -250,
        "double saisie",
    )
    .await
    .unwrap();
    assert_eq!(balance, 750);
    assert_eq!(books(&pool, &coop, &member).await, (750, 750));
    let actions: Vec<String> =
        sqlx::query_scalar("SELECT action FROM audit_log WHERE coop_id = $1 AND action LIKE 'credit_%' ORDER BY id")
            .bind(coop.id)
            .fetch_all(&pool)
            .await
            .unwrap();
    assert_eq!(actions, ["credit_top_up", "credit_adjustment"]);
    for sql in [
        "UPDATE credit_entries SET amount_cents = 5000",
        "DELETE FROM credit_entries",
    ] {
        assert!(sqlx::query(sql).execute(&pool).await.is_err(), "{sql} must be refused");
    }
    // The database refuses a negative balance even from a statement that skips the service.
    let sneaky = sqlx::query("UPDATE credit_accounts SET balance_cents = -1 WHERE user_id = $1")
        .bind(member.id)
        .execute(&pool)
        .await;
    assert!(sneaky.is_err());
}

#[tokio::test]
async fn a_card_top_up_is_credited_once() {
    let db = TestDb::migrated().await;
    let pool = db.pool();
    let coop = demo(&pool).await;
    let member = residents(&pool, &coop, 1).await.remove(0);
    let fake = FakeStripe::start("sk_test_credit").await;
    let stripe = Stripe::new(StripeConfig {
        secret_key: "sk_test_credit".into(),
        webhook_secret: "whsec_credit".into(),
        api_base: Some(fake.base_url.clone()),
    });
    let c = ctx(&pool, &coop);
    let locale = maillon::i18n::Locale::Fr;
    let url = credit::open_top_up(&c, Some(&stripe), &member, 2_000, locale)
        .await
        .unwrap();
    // A second click for the same amount finds the same page.
    assert_eq!(
        credit::open_top_up(&c, Some(&stripe), &member, 2_000, locale)
            .await
            .unwrap(),
        url
    );
    let sessions = fake.sessions();
    assert_eq!(sessions.len(), 1);
    let session = fake.complete_session(sessions[0]["id"].as_str().unwrap());
    let top_up = credit::top_up_of(session["client_reference_id"].as_str()).unwrap();
    let paid = TopUpEvent::Paid {
        payment_intent: session["payment_intent"].as_str().map(str::to_owned),
        amount_cents: session["amount_total"].as_i64().unwrap(),
    };
    let kind = "checkout.session.completed";
    assert_eq!(
        credit::apply_top_up_event(&c, "evt_top_up", kind, top_up, &paid)
            .await
            .unwrap(),
        TopUpApplied::Credited
    );
    assert_eq!(
        credit::apply_top_up_event(&c, "evt_top_up", kind, top_up, &paid)
            .await
            .unwrap(),
        TopUpApplied::Duplicate
    );
    assert_eq!(books(&pool, &coop, &member).await, (2_000, 2_000));
    // Another event paying the same top-up again is sent back to the card.
    assert_eq!(
        credit::apply_top_up_event(&c, "evt_top_up_again", kind, top_up, &paid)
            .await
            .unwrap(),
        TopUpApplied::Refunding
    );
    assert_eq!(books(&pool, &coop, &member).await.0, 2_000);
    assert_eq!(orders::due_refunds(&pool).await.unwrap().len(), 1);
    // Without card payments configured, no page opens.
    let refused = credit::open_top_up(&c, None, &member, 2_000, locale).await;
    assert!(matches!(
        refused,
        Err(ServiceError::Invalid {
            msg: Msg::ErrCardUnavailable,
            ..
        })
    ));
}
