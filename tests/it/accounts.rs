//! Accounts against a real PostgreSQL (a fresh database per test).

use maillon::accounts::store;
use maillon::accounts::{Role, password};
use maillon::coop::{self, Coop};
use maillon::ctx::Ctx;
use maillon::error::ServiceError;
use maillon::i18n::{Locale, Msg};
use maillon_test_support::TestDb;
use maillon_test_support::demo::bare_coop;
use sqlx::PgPool;

const PASSWORD: &str = "une phrase de passe";

/// The request's context in the cooperative `coop`, with links to this site.
fn ctx(pool: &PgPool, coop: &maillon::coop::Coop) -> Ctx {
    Ctx::new(pool.clone(), coop.clone(), "http://maillon.local", chrono::Utc::now())
}

/// The token in the last email sent to `to`, from its link.
async fn last_link_token(pool: &PgPool, to: &str) -> String {
    let body: String =
        sqlx::query_scalar("SELECT body_text FROM outbox_emails WHERE to_address = $1 ORDER BY id DESC LIMIT 1")
            .bind(to)
            .fetch_one(pool)
            .await
            .unwrap();
    body.split("token=")
        .nth(1)
        .unwrap()
        .split_whitespace()
        .next()
        .unwrap()
        .to_owned()
}

async fn emails_to(pool: &PgPool, to: &str) -> Vec<String> {
    sqlx::query_scalar("SELECT subject FROM outbox_emails WHERE to_address = $1 ORDER BY id")
        .bind(to)
        .fetch_all(pool)
        .await
        .unwrap()
}

async fn verified_account(pool: &PgPool, coop: &Coop, email: &str) -> i64 {
    maillon::coop::store::sign_up(&ctx(pool, coop), email, PASSWORD, "", Locale::Fr)
        .await
        .unwrap();
    let token = last_link_token(pool, email).await;
    store::verify_email(&ctx(pool, coop), &token).await.unwrap();
    sqlx::query_scalar("SELECT id FROM users WHERE email = $1")
        .bind(email)
        .fetch_one(pool)
        .await
        .unwrap()
}

fn invalid(result: Result<impl std::fmt::Debug, ServiceError>) -> Msg {
    match result {
        Err(ServiceError::Invalid { msg, .. }) => msg,
        other => panic!("expected an invalid-input error, got {other:?}"),
    }
}

#[tokio::test]
async fn sign_up_verify_then_sign_in() {
    let db = TestDb::migrated().await;
    let pool = db.pool();
    let coop = bare_coop(&pool).await;
    maillon::coop::store::sign_up(&ctx(&pool, &coop), "Lea@Example.org", PASSWORD, " Léa ", Locale::Fr)
        .await
        .unwrap();
    assert_eq!(
        emails_to(&pool, "Lea@Example.org").await,
        ["Confirmez votre adresse — Coop de test"]
    );

    // Not verified yet: the right password gets a clear message, not a session.
    assert_eq!(
        invalid(store::sign_in(&ctx(&pool, &coop), "lea@example.org", PASSWORD, "1.1.1.1").await),
        Msg::ErrEmailNotVerified
    );

    let token = last_link_token(&pool, "Lea@Example.org").await;
    store::verify_email(&ctx(&pool, &coop), &token).await.unwrap();
    assert_eq!(
        invalid(store::verify_email(&ctx(&pool, &coop), &token).await),
        Msg::ErrTokenInvalid,
        "tokens are single-use"
    );

    let signed_in = store::sign_in(&ctx(&pool, &coop), "LEA@example.org", PASSWORD, "1.1.1.1")
        .await
        .unwrap();
    let user = store::current_user(&ctx(&pool, &coop), signed_in.user_id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(user.display_name, "Léa");
    // The first account of an install is board; everyone joins as resident.
    assert_eq!(user.roles, [Role::Board, Role::Resident]);
    let stored: String = sqlx::query_scalar("SELECT password_hash FROM users")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert!(stored.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"));
    assert!(password::verify_blocking(PASSWORD, &stored));
}

#[tokio::test]
async fn only_the_first_account_becomes_board() {
    let db = TestDb::migrated().await;
    let pool = db.pool();
    let coop = bare_coop(&pool).await;
    let first = verified_account(&pool, &coop, "first@example.org").await;
    let second = verified_account(&pool, &coop, "second@example.org").await;
    let coop = &coop;
    let roles = |id| {
        let pool = pool.clone();
        async move { store::current_user(&ctx(&pool, coop), id).await.unwrap().unwrap().roles }
    };
    assert!(roles(first).await.contains(&Role::Board));
    assert_eq!(roles(second).await, [Role::Resident]);
}

/// Parallel sign-ups on a fresh install: every one succeeds (they used to deadlock on the
/// cooperative's row), and exactly one becomes board.
#[tokio::test]
async fn parallel_first_sign_ups_all_succeed_and_one_becomes_board() {
    let db = TestDb::migrated().await;
    let pool = db.pool();
    let coop = bare_coop(&pool).await;
    let sign_ups: Vec<_> = (0..12)
        .map(|i| {
            let (pool, coop) = (pool.clone(), coop.clone());
            tokio::spawn(async move {
                let email = format!("parallel{i}@example.org");
                maillon::coop::store::sign_up(&ctx(&pool, &coop), &email, PASSWORD, "", Locale::Fr).await
            })
        })
        .collect();
    for s in sign_ups {
        s.await.unwrap().unwrap();
    }
    let (members, board): (i64, i64) = sqlx::query_as(
        "SELECT (SELECT count(*) FROM memberships WHERE coop_id = $1),
                (SELECT count(*) FROM member_roles WHERE coop_id = $1 AND role = 'board')",
    )
    .bind(coop.id)
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!((members, board), (12, 1));
}

#[tokio::test]
async fn signing_up_with_a_taken_address_answers_the_same_and_tells_the_owner() {
    let db = TestDb::migrated().await;
    let pool = db.pool();
    let coop = bare_coop(&pool).await;
    maillon::coop::store::sign_up(&ctx(&pool, &coop), "taken@example.org", PASSWORD, "", Locale::En)
        .await
        .unwrap();
    let again = maillon::coop::store::sign_up(
        &ctx(&pool, &coop),
        "TAKEN@example.org",
        "another passphrase",
        "",
        Locale::Fr,
    )
    .await;
    assert!(again.is_ok(), "same answer as a new address");
    let users: i64 = sqlx::query_scalar("SELECT count(*) FROM users")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(users, 1);
    let subjects: Vec<String> = sqlx::query_scalar("SELECT subject FROM outbox_emails ORDER BY id")
        .fetch_all(&pool)
        .await
        .unwrap();
    // The owner chose English: the warning is in English.
    assert_eq!(
        subjects,
        ["Confirm your address — Coop de test", "Your account — Coop de test"]
    );
}

#[tokio::test]
async fn bad_input_is_refused_with_the_field_and_nothing_is_written() {
    let db = TestDb::migrated().await;
    let pool = db.pool();
    let coop = bare_coop(&pool).await;
    let short = maillon::coop::store::sign_up(&ctx(&pool, &coop), "a@example.org", "too short", "", Locale::Fr).await;
    assert!(matches!(
        short,
        Err(ServiceError::Invalid {
            field: Some("password"),
            msg: Msg::ErrPasswordTooShort
        })
    ));
    let email = maillon::coop::store::sign_up(&ctx(&pool, &coop), "not an email", PASSWORD, "", Locale::Fr).await;
    assert!(matches!(
        email,
        Err(ServiceError::Invalid {
            field: Some("email"),
            msg: Msg::ErrEmailInvalid
        })
    ));
    let counts: (i64, i64) =
        sqlx::query_as("SELECT (SELECT count(*) FROM users), (SELECT count(*) FROM outbox_emails)")
            .fetch_one(&pool)
            .await
            .unwrap();
    assert_eq!(counts, (0, 0));
}

#[tokio::test]
async fn failed_sign_ins_are_throttled_per_account_whether_it_exists_or_not() {
    let db = TestDb::migrated().await;
    let pool = db.pool();
    let coop = bare_coop(&pool).await;
    verified_account(&pool, &coop, "known@example.org").await;
    for email in ["known@example.org", "unknown@example.org"] {
        for attempt in 0..store::MAX_FAILURES_PER_ACCOUNT {
            let result = store::sign_in(
                &ctx(&pool, &coop),
                email,
                "wrong password!",
                &format!("10.0.0.{attempt}"),
            )
            .await;
            assert_eq!(invalid(result), Msg::ErrBadCredentials, "{email} attempt {attempt}");
        }
        // Past the limit even the right password is refused for a while, for both.
        let blocked = store::sign_in(&ctx(&pool, &coop), email, PASSWORD, "10.0.1.1").await;
        assert!(
            matches!(blocked, Err(ServiceError::TooManyAttempts)),
            "{email}: {blocked:?}"
        );
    }
}

#[tokio::test]
async fn failed_sign_ins_are_throttled_per_client_address() {
    let db = TestDb::migrated().await;
    let pool = db.pool();
    let coop = bare_coop(&pool).await;
    verified_account(&pool, &coop, "victim@example.org").await;
    for n in 0..store::MAX_FAILURES_PER_ADDRESS {
        let _ = store::sign_in(
            &ctx(&pool, &coop),
            &format!("guess{n}@example.org"),
            "wrong password!",
            "6.6.6.6",
        )
        .await;
    }
    let blocked = store::sign_in(&ctx(&pool, &coop), "victim@example.org", PASSWORD, "6.6.6.6").await;
    assert!(matches!(blocked, Err(ServiceError::TooManyAttempts)));
    assert!(
        store::sign_in(&ctx(&pool, &coop), "victim@example.org", PASSWORD, "7.7.7.7")
            .await
            .is_ok()
    );
}

#[tokio::test]
async fn password_reset_link_works_once_and_expires() {
    let db = TestDb::migrated().await;
    let pool = db.pool();
    let coop = bare_coop(&pool).await;
    let user_id = verified_account(&pool, &coop, "reset@example.org").await;
    let before = store::current_user(&ctx(&pool, &coop), user_id)
        .await
        .unwrap()
        .unwrap()
        .password_changed_at;

    // Unknown address: same answer, nothing sent.
    store::request_password_reset(&ctx(&pool, &coop), "nobody@example.org")
        .await
        .unwrap();
    assert!(emails_to(&pool, "nobody@example.org").await.is_empty());

    store::request_password_reset(&ctx(&pool, &coop), "reset@example.org")
        .await
        .unwrap();
    let token = last_link_token(&pool, "reset@example.org").await;
    assert_eq!(
        invalid(store::reset_password(&ctx(&pool, &coop), &token, "short").await),
        Msg::ErrPasswordTooShort
    );
    store::reset_password(&ctx(&pool, &coop), &token, "a brand new passphrase")
        .await
        .unwrap();
    assert_eq!(
        invalid(store::reset_password(&ctx(&pool, &coop), &token, "yet another passphrase").await),
        Msg::ErrTokenInvalid
    );
    assert!(
        store::sign_in(
            &ctx(&pool, &coop),
            "reset@example.org",
            "a brand new passphrase",
            "1.1.1.1"
        )
        .await
        .is_ok()
    );
    let after = store::current_user(&ctx(&pool, &coop), user_id)
        .await
        .unwrap()
        .unwrap()
        .password_changed_at;
    assert!(after > before, "older sessions no longer match the password's age");

    // Some minutes later (one reset link per address per few minutes), another link.
    sqlx::query("UPDATE account_emails_sent SET sent_at = sent_at - interval '1 hour'")
        .execute(&pool)
        .await
        .unwrap();
    store::request_password_reset(&ctx(&pool, &coop), "reset@example.org")
        .await
        .unwrap();
    let token = last_link_token(&pool, "reset@example.org").await;
    sqlx::query("UPDATE account_tokens SET expires_at = now() - interval '1 second' WHERE used_at IS NULL")
        .execute(&pool)
        .await
        .unwrap();
    assert_eq!(
        invalid(store::reset_password(&ctx(&pool, &coop), &token, "too late passphrase").await),
        Msg::ErrTokenInvalid
    );
}

#[tokio::test]
async fn changing_the_password_checks_the_current_one() {
    let db = TestDb::migrated().await;
    let pool = db.pool();
    let coop = bare_coop(&pool).await;
    let user_id = verified_account(&pool, &coop, "change@example.org").await;
    let wrong = store::change_password(&ctx(&pool, &coop), user_id, "not my password", "a new passphrase here").await;
    assert_eq!(invalid(wrong), Msg::ErrCurrentPasswordWrong);
    let changed_at = store::change_password(&ctx(&pool, &coop), user_id, PASSWORD, "a new passphrase here")
        .await
        .unwrap();
    let user = store::current_user(&ctx(&pool, &coop), user_id).await.unwrap().unwrap();
    assert_eq!(user.password_changed_at, changed_at);
    assert!(
        emails_to(&pool, "change@example.org")
            .await
            .iter()
            .any(|s| s.starts_with("Votre mot de passe a changé"))
    );
}

#[tokio::test]
async fn board_grants_and_revokes_but_keeps_one_board_member() {
    let db = TestDb::migrated().await;
    let pool = db.pool();
    let coop = bare_coop(&pool).await;
    let board = verified_account(&pool, &coop, "board@example.org").await;
    let member = verified_account(&pool, &coop, "member@example.org").await;
    coop::store::grant_role(&ctx(&pool, &coop), board, member, Role::Producer)
        .await
        .unwrap();
    coop::store::grant_role(&ctx(&pool, &coop), board, member, Role::Producer)
        .await
        .unwrap();
    let roles = store::current_user(&ctx(&pool, &coop), member)
        .await
        .unwrap()
        .unwrap()
        .roles;
    assert_eq!(roles, [Role::Producer, Role::Resident]);

    assert_eq!(
        invalid(coop::store::revoke_role(&ctx(&pool, &coop), board, board, Role::Board).await),
        Msg::ErrLastBoard
    );
    coop::store::grant_role(&ctx(&pool, &coop), board, member, Role::Board)
        .await
        .unwrap();
    coop::store::revoke_role(&ctx(&pool, &coop), board, board, Role::Board)
        .await
        .unwrap();
    assert!(matches!(
        coop::store::grant_role(&ctx(&pool, &coop), board, 999_999, Role::Board).await,
        Err(ServiceError::NotFound)
    ));
}

#[tokio::test]
async fn members_are_searched_and_paged() {
    let db = TestDb::migrated().await;
    let pool = db.pool();
    let coop = bare_coop(&pool).await;
    let hash = password::hash(PASSWORD.into()).await.unwrap();
    for n in 0..60 {
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO users (email, password_hash, display_name) VALUES ($1, $2, $3) RETURNING id",
        )
        .bind(format!("person{n:02}@example.org"))
        .bind(&hash)
        .bind(if n == 7 { "Éloïse Martin_%" } else { "" })
        .fetch_one(&pool)
        .await
        .unwrap();
        let mut conn = pool.acquire().await.unwrap();
        coop::store::join(&mut conn, &ctx(&pool, &coop), id, &[Role::Resident], None)
            .await
            .unwrap();
    }
    let first = coop::store::list_members(&ctx(&pool, &coop), "", 1).await.unwrap();
    assert_eq!(first.total, 60);
    assert_eq!(first.items.len(), coop::store::MEMBERS_PER_PAGE as usize);
    assert_eq!(first.pages(), 3);
    let last = coop::store::list_members(&ctx(&pool, &coop), "", 3).await.unwrap();
    assert_eq!(last.items.len(), 10);
    let found = coop::store::list_members(&ctx(&pool, &coop), "martin_%", 1)
        .await
        .unwrap();
    assert_eq!(found.items.len(), 1, "LIKE wildcards in the search are taken literally");
    assert_eq!(found.items[0].display_name, "Éloïse Martin_%");
    assert!(
        coop::store::list_members(&ctx(&pool, &coop), "nobody", 1)
            .await
            .unwrap()
            .items
            .is_empty()
    );
}
