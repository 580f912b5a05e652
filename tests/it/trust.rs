//! Trust under attack, at the services: one cooperative's board cannot reach another's
//! accounts, farms or cycles; numbers from input are bounded before any arithmetic; files too
//! long for their table are refused; browsers' abandoned carts are purged; sign-in throttling
//! holds under concurrency; nobody can make the server hash for free or flood a mailbox; an
//! account of another cooperative cannot sign in here.

use chrono::{Duration, Utc};
use maillon::accounts::store as accounts;
use maillon::accounts::{Role, password};
use maillon::catalogue::store::{self as catalogue, PhotoOwner};
use maillon::catalogue::{CatalogueQuery, csv};
use maillon::coop::Coop;
use maillon::ctx::Ctx;
use maillon::error::ServiceError;
use maillon::i18n::Msg;
use maillon::orders::Pricing;
use maillon::orders::store::{self as orders, CartOwner};
use maillon_test_support::TestDb;
use maillon_test_support::demo::{demo, user};
use maillon_test_support::other_coop;
use sqlx::PgPool;

async fn open_cycle(pool: &PgPool, coop: &Coop) -> (i64, i64) {
    sqlx::query_as(
        "SELECT o.cycle_id, min(o.variant_id) FROM cycle_offers o JOIN order_cycles c ON c.id = o.cycle_id
         WHERE c.coop_id = $1 AND c.status = 'open' GROUP BY o.cycle_id LIMIT 1",
    )
    .bind(coop.id)
    .fetch_one(pool)
    .await
    .unwrap()
}

fn msg<T: std::fmt::Debug>(result: Result<T, ServiceError>) -> Msg {
    match result {
        Err(ServiceError::Invalid { msg, .. }) => msg,
        other => panic!("expected a message, got {other:?}"),
    }
}

#[tokio::test]
async fn the_board_cannot_grant_roles_to_another_cooperatives_members() {
    let db = TestDb::migrated().await;
    let pool = db.pool();
    let coop = demo(&pool).await;
    let other = other_coop::create(&pool).await;
    let board = user(&pool, &coop, "conseil@maillon.test").await;
    let granted = maillon::coop::store::grant_role(&ctx(&pool, &coop), board.id, other.member, Role::Board).await;
    assert!(matches!(granted, Err(ServiceError::NotFound)), "{granted:?}");
    assert_eq!(other_coop::memberships(&pool, other.member).await, [other.id]);
    let listed = maillon::coop::store::list_members(&ctx(&pool, &coop), "quetzal", 1)
        .await
        .unwrap();
    assert_eq!(listed.total, 0, "the other cooperative's member is not listed");
    // A member of the cooperative still gets the role.
    let resident = user(&pool, &coop, "habitant@maillon.test").await;
    maillon::coop::store::grant_role(&ctx(&pool, &coop), board.id, resident.id, Role::Shopkeeper)
        .await
        .unwrap();
}

#[tokio::test]
async fn another_cooperatives_farm_is_not_found_and_cannot_hold_our_photos() {
    let db = TestDb::migrated().await;
    let pool = db.pool();
    let coop = demo(&pool).await;
    let other = other_coop::create(&pool).await;
    let board = user(&pool, &coop, "conseil@maillon.test").await;
    assert!(matches!(
        catalogue::authorize_producer(&ctx(&pool, &coop), &board, other.farm).await,
        Err(ServiceError::NotFound)
    ));
    assert!(matches!(
        catalogue::authorize_producer(&ctx(&pool, &coop), &board, 999_999).await,
        Err(ServiceError::NotFound)
    ));
    let own: i64 = sqlx::query_scalar("SELECT min(id) FROM producers WHERE coop_id = $1")
        .bind(coop.id)
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(
        catalogue::authorize_producer(&ctx(&pool, &coop), &board, own)
            .await
            .unwrap(),
        own
    );
    // Whatever the code above does, the database keeps a photo in its product's cooperative.
    let png = {
        let img = image::RgbImage::from_pixel(40, 30, image::Rgb([200, 120, 40]));
        let mut out = std::io::Cursor::new(Vec::new());
        image::DynamicImage::ImageRgb8(img)
            .write_to(&mut out, image::ImageFormat::Png)
            .unwrap();
        out.into_inner()
    };
    let renditions = maillon::catalogue::photo::process(&png).unwrap();
    for owner in [PhotoOwner::Producer(other.farm), PhotoOwner::Product(other.product)] {
        let added = catalogue::add_photo(&ctx(&pool, &coop), owner, &renditions).await;
        assert!(matches!(added, Err(ServiceError::Db(_))), "{owner:?}: {added:?}");
    }
    // Nor is another cooperative's photo served here.
    assert!(matches!(
        catalogue::photo_rendition(&ctx(&pool, &coop), other.photo, 320, false).await,
        Err(ServiceError::NotFound)
    ));
    assert!(other_coop::cross_tenant_rows(&pool).await.is_empty());
}

#[tokio::test]
async fn carts_take_bounded_quantities_for_cycles_of_the_cooperative_only() {
    let db = TestDb::migrated().await;
    let pool = db.pool();
    let coop = demo(&pool).await;
    let other = other_coop::create(&pool).await;
    let (cycle, variant) = open_cycle(&pool, &coop).await;
    let owner = CartOwner::Anon("a-browser-token-of-the-test".into());
    for quantity in [i64::MAX, i64::MIN, 0, -1, maillon::orders::MAX_LINE_QUANTITY + 1] {
        let added = orders::add_to_cart(
            &maillon::ctx::Ctx::new(pool.clone(), coop.clone(), "http://test", Utc::now()),
            maillon::ids::CycleId(cycle),
            &owner,
            Pricing::Retail,
            maillon::ids::VariantId(variant),
            quantity,
        )
        .await;
        assert_eq!(msg(added), Msg::ErrOrderQuantity, "{quantity}");
    }
    orders::add_to_cart(
        &maillon::ctx::Ctx::new(pool.clone(), coop.clone(), "http://test", Utc::now()),
        maillon::ids::CycleId(cycle),
        &owner,
        Pricing::Retail,
        maillon::ids::VariantId(variant),
        1,
    )
    .await
    .unwrap();
    // Once in the cart, the largest addition is refused without overflowing.
    let added = orders::add_to_cart(
        &maillon::ctx::Ctx::new(pool.clone(), coop.clone(), "http://test", Utc::now()),
        maillon::ids::CycleId(cycle),
        &owner,
        Pricing::Retail,
        maillon::ids::VariantId(variant),
        maillon::orders::MAX_LINE_QUANTITY,
    )
    .await;
    assert_eq!(msg(added), Msg::ErrOrderQuantity);

    for foreign in [other.open_cycle, 999_999] {
        let set = orders::set_cart(
            &maillon::ctx::Ctx::new(pool.clone(), coop.clone(), "http://test", Utc::now()),
            foreign,
            &owner,
            Pricing::Retail,
            &[(other.variant, 1)],
        )
        .await;
        assert!(matches!(set, Err(ServiceError::NotFound)), "{set:?}");
        let added = orders::add_to_cart(
            &maillon::ctx::Ctx::new(pool.clone(), coop.clone(), "http://test", Utc::now()),
            maillon::ids::CycleId(foreign),
            &owner,
            Pricing::Retail,
            maillon::ids::VariantId(other.variant),
            1,
        )
        .await;
        assert!(matches!(added, Err(ServiceError::NotFound)), "{added:?}");
    }
    assert!(other_coop::cross_tenant_rows(&pool).await.is_empty());
}

#[tokio::test]
async fn an_import_longer_than_its_table_holds_is_refused_with_a_message() {
    let db = TestDb::migrated().await;
    let pool = db.pool();
    let coop = demo(&pool).await;
    let producer = user(&pool, &coop, "producteur@maillon.test").await;
    let farm = catalogue::managed_producer(&ctx(&pool, &coop), &producer, None)
        .await
        .unwrap();
    let long = "a".repeat(csv::MAX_IMPORT_CHARS + 1);
    assert_eq!(
        msg(catalogue::create_import(&ctx(&pool, &coop), farm, producer.id, &long).await),
        Msg::ErrCsvTooLarge
    );
    let fits = "é".repeat(csv::MAX_IMPORT_CHARS);
    catalogue::create_import(&ctx(&pool, &coop), farm, producer.id, &fits)
        .await
        .unwrap();
}

#[tokio::test]
async fn any_page_number_lists_without_overflow() {
    let db = TestDb::migrated().await;
    let pool = db.pool();
    let coop = demo(&pool).await;
    for page in [0, 2, 100_000_000, u32::MAX] {
        let query = CatalogueQuery {
            page,
            per_page: u32::MAX,
            ..Default::default()
        };
        let listed = catalogue::catalogue(&ctx(&pool, &coop), &query).await.unwrap();
        assert!(listed.page >= 1 && listed.page <= maillon::coop::MAX_PAGE);
        maillon::coop::store::list_members(&ctx(&pool, &coop), "", page)
            .await
            .unwrap();
        maillon::cycles::store::list_cycles(
            &maillon::ctx::Ctx::new(pool.clone(), coop.clone(), "http://test", Utc::now()),
            page,
        )
        .await
        .unwrap();
    }
}

#[tokio::test]
async fn abandoned_browser_carts_are_purged_and_accounts_carts_kept() {
    let db = TestDb::migrated().await;
    let pool = db.pool();
    let coop = demo(&pool).await;
    let (cycle, variant) = open_cycle(&pool, &coop).await;
    let resident = user(&pool, &coop, "habitant@maillon.test").await;
    let fresh = CartOwner::Anon("fresh-browser".into());
    let stale = CartOwner::Anon("stale-browser".into());
    for owner in [&fresh, &stale, &CartOwner::User(resident.id)] {
        orders::add_to_cart(
            &maillon::ctx::Ctx::new(pool.clone(), coop.clone(), "http://test", Utc::now()),
            maillon::ids::CycleId(cycle),
            owner,
            Pricing::Retail,
            maillon::ids::VariantId(variant),
            1,
        )
        .await
        .unwrap();
    }
    sqlx::query("UPDATE carts SET updated_at = now() - make_interval(days => $1) WHERE anon_token = 'stale-browser'")
        .bind(orders::ANONYMOUS_CART_DAYS as i32 + 1)
        .execute(&pool)
        .await
        .unwrap();
    let carts = |pool: PgPool| async move {
        let tokens: Vec<Option<String>> =
            sqlx::query_scalar("SELECT anon_token FROM carts WHERE cycle_id = $1 ORDER BY anon_token NULLS FIRST")
                .bind(cycle)
                .fetch_all(&pool)
                .await
                .unwrap();
        tokens
    };
    let purged = orders::purge_anonymous_carts(&pool, Utc::now()).await.unwrap();
    assert_eq!(purged, 1);
    assert_eq!(carts(pool.clone()).await, [None, Some("fresh-browser".to_owned())]);

    // A cart in use stays fresh: adding to it marks it.
    sqlx::query("UPDATE carts SET updated_at = now() - interval '20 days' WHERE anon_token = 'fresh-browser'")
        .execute(&pool)
        .await
        .unwrap();
    orders::add_to_cart(
        &maillon::ctx::Ctx::new(pool.clone(), coop.clone(), "http://test", Utc::now()),
        maillon::ids::CycleId(cycle),
        &fresh,
        Pricing::Retail,
        maillon::ids::VariantId(variant),
        1,
    )
    .await
    .unwrap();
    let later = Utc::now() + Duration::days(15);
    sqlx::query("UPDATE order_cycles SET closes_at = $2 + interval '1 day' WHERE id = $1")
        .bind(cycle)
        .bind(later)
        .execute(&pool)
        .await
        .unwrap();
    assert_eq!(orders::purge_anonymous_carts(&pool, later).await.unwrap(), 0);

    // Once the cycle no longer takes orders, no browser can use its cart.
    assert_eq!(
        orders::purge_anonymous_carts(&pool, later + Duration::days(2))
            .await
            .unwrap(),
        1
    );
    assert_eq!(carts(pool.clone()).await, [None]);
}

/// The request's context in the cooperative `coop`, with links to this site.
fn ctx(pool: &PgPool, coop: &maillon::coop::Coop) -> Ctx {
    Ctx::new(pool.clone(), coop.clone(), "http://127.0.0.1:3000", chrono::Utc::now())
}

#[tokio::test]
async fn forty_parallel_wrong_passwords_get_no_more_guesses_than_the_limit() {
    let db = TestDb::migrated().await;
    let pool = db.pool();
    let coop = demo(&pool).await;
    let ctx = ctx(&pool, &coop);
    let hashed_before = password::runs();
    let attempts = (0..40).map(|i| {
        let ctx = &ctx;
        async move {
            // From many addresses, so that only the account's limit applies.
            let ip = format!("198.51.100.{i}");
            let guess = format!("mauvais mot de passe {i}");
            accounts::sign_in(ctx, "habitant@maillon.test", &guess, &ip).await
        }
    });
    let answers = futures_join_all(attempts).await;
    let checked = answers
        .iter()
        .filter(|a| !matches!(a, Err(ServiceError::TooManyAttempts)))
        .count();
    assert!(
        answers.iter().all(|a| matches!(
            a,
            Err(ServiceError::TooManyAttempts) | Err(ServiceError::Invalid { .. })
        )),
        "{answers:?}"
    );
    assert_eq!(checked as i64, accounts::MAX_FAILURES_PER_ACCOUNT, "{answers:?}");
    assert!(
        password::runs() - hashed_before <= accounts::MAX_FAILURES_PER_ACCOUNT as usize,
        "{} passwords verified",
        password::runs() - hashed_before
    );
    // The right password is refused too until the window has passed.
    let right = accounts::sign_in(&ctx, "habitant@maillon.test", maillon::demo::PASSWORD, "203.0.113.1").await;
    assert!(matches!(right, Err(ServiceError::TooManyAttempts)), "{right:?}");
}

/// Joins futures on the current task, the way parallel requests reach the service.
async fn futures_join_all<F: std::future::Future>(futures: impl IntoIterator<Item = F>) -> Vec<F::Output> {
    let handles: Vec<_> = futures.into_iter().map(Box::pin).collect();
    let mut outputs: Vec<Option<F::Output>> = handles.iter().map(|_| None).collect();
    let mut handles: Vec<Option<_>> = handles.into_iter().map(Some).collect();
    std::future::poll_fn(|cx| {
        let mut pending = false;
        for (slot, out) in handles.iter_mut().zip(outputs.iter_mut()) {
            if let Some(fut) = slot {
                match fut.as_mut().poll(cx) {
                    std::task::Poll::Ready(v) => {
                        *out = Some(v);
                        *slot = None;
                    }
                    std::task::Poll::Pending => pending = true,
                }
            }
        }
        if pending {
            std::task::Poll::Pending
        } else {
            std::task::Poll::Ready(())
        }
    })
    .await;
    outputs.into_iter().map(Option::unwrap).collect()
}

#[tokio::test]
async fn a_made_up_reset_link_is_refused_before_any_hashing() {
    let db = TestDb::migrated().await;
    let pool = db.pool();
    let coop = demo(&pool).await;
    let hashed_before = password::runs();
    let long = "x".repeat(500);
    for token in ["not-a-token", "", long.as_str()] {
        let reset = accounts::reset_password(&ctx(&pool, &coop), token, "a long enough passphrase").await;
        assert_eq!(msg(reset), Msg::ErrTokenInvalid);
    }
    assert_eq!(
        password::runs(),
        hashed_before,
        "no hash for a link that does not exist"
    );
}

async fn emails_to(pool: &PgPool, address: &str) -> i64 {
    sqlx::query_scalar("SELECT count(*) FROM outbox_emails WHERE lower(to_address) = lower($1)")
        .bind(address)
        .fetch_one(pool)
        .await
        .unwrap()
}

#[tokio::test]
async fn anyone_typing_an_address_sends_it_one_email_per_few_minutes_at_most() {
    let db = TestDb::migrated().await;
    let pool = db.pool();
    let coop = demo(&pool).await;
    let ctx = ctx(&pool, &coop);
    let resident = "habitant@maillon.test";
    let before = emails_to(&pool, resident).await;
    let resets = (0..25).map(|_| accounts::request_password_reset(&ctx, resident));
    for answer in futures_join_all(resets).await {
        answer.unwrap(); // the same answer whether an email went out or not
    }
    assert_eq!(emails_to(&pool, resident).await, before + 1, "one reset link");

    // Signing up again and again with a taken address: one "you already have an account".
    let board = "CONSEIL@maillon.test";
    let before_board = emails_to(&pool, board).await;
    let sign_ups = (0..10).map(|i| {
        let ctx = &ctx;
        async move {
            let name = format!("Intrus {i}");
            maillon::coop::store::sign_up(ctx, board, "a long enough passphrase", &name, Default::default()).await
        }
    });
    for answer in futures_join_all(sign_ups).await {
        answer.unwrap();
    }
    assert_eq!(emails_to(&pool, board).await, before_board + 1);
    // A reset link is another kind of email: the owner asking for one still gets it.
    accounts::request_password_reset(&ctx, board).await.unwrap();
    assert_eq!(emails_to(&pool, board).await, before_board + 2);

    // A few minutes later, the owner can be written to again.
    sqlx::query("UPDATE account_emails_sent SET sent_at = sent_at - make_interval(secs => $1)")
        .bind(accounts::ACCOUNT_EMAIL_INTERVAL.num_seconds() as f64 + 1.0)
        .execute(&pool)
        .await
        .unwrap();
    accounts::request_password_reset(&ctx, resident).await.unwrap();
    assert_eq!(emails_to(&pool, resident).await, before + 2);
    // Unknown addresses get no email and the same answer.
    accounts::request_password_reset(&ctx, "personne@example.org")
        .await
        .unwrap();
    assert_eq!(emails_to(&pool, "personne@example.org").await, 0);
}

#[tokio::test]
async fn an_account_of_another_cooperative_cannot_sign_in_here() {
    let db = TestDb::migrated().await;
    let pool = db.pool();
    let coop = demo(&pool).await;
    let other = other_coop::create(&pool).await;
    let phrase = "la phrase de passe de Quetzal";
    sqlx::query("UPDATE users SET password_hash = $2 WHERE id = $1")
        .bind(other.member)
        .bind(password::hash(phrase.into()).await.unwrap())
        .execute(&pool)
        .await
        .unwrap();
    let other_coop: Coop = {
        let (id, slug, name, timezone) = sqlx::query_as("SELECT id, slug, name, timezone FROM coops WHERE id = $1")
            .bind(other.id)
            .fetch_one(&pool)
            .await
            .unwrap();
        Coop {
            id,
            slug,
            name,
            timezone,
        }
    };
    let email = other_coop::MEMBER_EMAIL;
    // Its own cooperative lets it in: the password is right.
    let there = accounts::sign_in(
        &ctx(&pool, &maillon::coop::store::by_id(&pool, other_coop.id).await.unwrap()),
        email,
        phrase,
        "192.0.2.1",
    )
    .await;
    assert!(there.is_ok(), "{there:?}");
    // Here it is answered like a wrong password, and its session would find nobody.
    let here = accounts::sign_in(&ctx(&pool, &coop), email, phrase, "192.0.2.1").await;
    assert_eq!(msg(here), Msg::ErrBadCredentials);
    assert!(
        accounts::current_user(&ctx(&pool, &coop), other.member)
            .await
            .unwrap()
            .is_none()
    );
    assert!(
        accounts::current_user(
            &ctx(&pool, &maillon::coop::store::by_id(&pool, other.id).await.unwrap()),
            other.member
        )
        .await
        .unwrap()
        .is_some()
    );
    assert_eq!(other_coop::memberships(&pool, other.member).await, [other.id]);
}
