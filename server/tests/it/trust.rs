//! Trust under attack, over HTTP: where a sign-in may send the browser, per-address limits on
//! what makes the server hash passwords, idle expiry that slides with use, membership of the
//! cooperative served, and the reader's language across sign-in.

use std::time::Duration;

use maillon_test_support::TestDb;
use maillon_test_support::demo::DEMO_PASSWORD;
use maillon_test_support::other_coop;
use maillon_test_support::server::Browser;

use crate::spawn;

async fn whoami(browser: &Browser, base: &str) -> serde_json::Value {
    let response = browser.get(base, "/api/whoami").await;
    assert_eq!(response.status(), 200);
    serde_json::from_str(&response.text().await.unwrap()).unwrap()
}

#[tokio::test]
async fn after_sign_in_a_hostile_suite_never_leads_to_another_site() {
    let test_db = TestDb::empty().await;
    let db = test_db.url.clone();
    let server = spawn(&db, &[]).await;
    for next in [
        "/\t/evil.example",
        "/\t\t/evil.example/compte",
        "//evil.example",
        "/\\evil.example",
        "\\\\evil.example",
        "https://evil.example/",
        "javascript:alert(1)",
        "/\n/evil.example",
        "/compte\r\nSet-Cookie: x=1",
        "/\u{1}x",
        "/\u{7f}",
        "/é",
    ] {
        for plain in [false, true] {
            let browser = Browser::open(&server).await;
            let mut request = browser.http.post(format!("{}/api/sign_in", server.base)).form(&[
                ("csrf", browser.csrf.as_str()),
                ("email", "habitant@maillon.test"),
                ("password", DEMO_PASSWORD),
                ("next", next),
            ]);
            if plain {
                let referer = format!("{}/connexion", server.base);
                request = request.header("accept", "text/html").header("referer", referer);
            }
            let response = request.send().await.unwrap();
            let status = response.status().as_u16();
            assert!(status < 500, "{next:?} (plain: {plain}): {status}");
            let location = response
                .headers()
                .get("location")
                .map(|l| l.to_str().unwrap().to_owned())
                .unwrap_or_default();
            assert_eq!(location, "/compte", "{next:?} (plain: {plain})");
            assert!(
                !whoami(&browser, &server.base).await.is_null(),
                "signed in all the same"
            );
        }
    }
    // A path of this site is where the browser goes back to.
    let browser = Browser::open(&server).await;
    let response = browser
        .post(
            &server.base,
            "sign_in",
            &[
                ("email", "habitant@maillon.test"),
                ("password", DEMO_PASSWORD),
                ("next", "/panier?cycle=1"),
            ],
        )
        .await;
    assert_eq!(response.headers()["location"], "/panier?cycle=1");
    // A NUL character is refused before anything reads it.
    let nul = browser
        .post(
            &server.base,
            "sign_in",
            &[
                ("email", "habitant@maillon.test"),
                ("password", DEMO_PASSWORD),
                ("next", "/\0//evil.example"),
            ],
        )
        .await;
    assert_eq!(nul.status(), 400);
}

#[tokio::test]
async fn a_client_address_past_its_allowance_gets_429_in_its_language() {
    let test_db = TestDb::empty().await;
    let db = test_db.url.clone();
    let server = spawn(
        &db,
        &[
            ("MAILLON_AUTH_REQUESTS_PER_IP", "3".into()),
            ("MAILLON_TRUST_PROXY", "true".into()),
        ],
    )
    .await;
    let browser = Browser::open(&server).await;
    let from = |ip: &'static str, function: &'static str, form: Vec<(&'static str, &'static str)>| {
        let mut fields = vec![("csrf", browser.csrf.clone())];
        fields.extend(form.into_iter().map(|(k, v)| (k, v.to_owned())));
        browser
            .http
            .post(format!("{}/api/{function}", server.base))
            .header("x-forwarded-for", ip)
            .form(&fields)
    };
    let wrong = || vec![("email", "habitant@maillon.test"), ("password", "wrong password!")];
    for _ in 0..3 {
        let answer = from("192.0.2.1", "sign_in", wrong()).send().await.unwrap();
        assert_eq!(answer.status(), 422);
    }
    // The allowance covers every request that hashes a password.
    for (function, form) in [
        ("sign_in", wrong()),
        (
            "sign_up",
            vec![
                ("email", "nouveau@example.org"),
                ("password", "a long enough passphrase"),
                ("display_name", ""),
            ],
        ),
        ("request_password_reset", vec![("email", "habitant@maillon.test")]),
        (
            "reset_password",
            vec![("token", "not-a-token"), ("password", "a long enough passphrase")],
        ),
    ] {
        let refused = from("192.0.2.1", function, form).send().await.unwrap();
        assert_eq!(refused.status(), 429, "{function}");
        assert!(refused.text().await.unwrap().contains("TooManyRequests"));
    }
    // Another address is not held back.
    let other = from("192.0.2.2", "sign_in", wrong()).send().await.unwrap();
    assert_eq!(other.status(), 422);

    // Without JavaScript, the form comes back saying so, in the reader's language.
    for (lang, text) in [
        ("fr", "Trop de demandes depuis votre connexion"),
        ("en", "Too many requests from your connection"),
    ] {
        if lang == "en" {
            browser.post(&server.base, "set_locale", &[("locale", "en")]).await;
        }
        let refused = from("192.0.2.1", "sign_in", wrong())
            .header("accept", "text/html")
            .header("referer", format!("{}/connexion", server.base))
            .send()
            .await
            .unwrap();
        assert!(refused.status().is_redirection(), "{}", refused.status());
        let back = refused.headers()["location"].to_str().unwrap().to_owned();
        assert!(
            back.starts_with(&format!("{}/connexion?", server.base)) && back.contains("__err="),
            "{back}"
        );
        let page = browser.http.get(&back).send().await.unwrap().text().await.unwrap();
        assert!(page.contains(text), "{lang}: the page says why");
    }
}

#[tokio::test]
async fn a_session_in_use_stays_open_and_an_idle_one_ends() {
    let test_db = TestDb::empty().await;
    let db = test_db.url.clone();
    // 0.002 h = 7.2 s without activity; a session in use is saved again every 0.6 s or so.
    let server = spawn(&db, &[("MAILLON_SESSION_IDLE_HOURS", "0.002".into())]).await;
    let browser = Browser::open(&server).await;
    let signed_in = browser
        .sign_in(&server.base, "habitant@maillon.test", DEMO_PASSWORD)
        .await;
    assert!(signed_in.status().is_redirection() || signed_in.status().is_success());
    // Twelve seconds of use, well past the idle window: still signed in.
    for second in 0..12 {
        tokio::time::sleep(Duration::from_secs(1)).await;
        assert!(
            !whoami(&browser, &server.base).await.is_null(),
            "signed out after {} s of use",
            second + 1
        );
    }
    // Left alone longer than the window, it ends.
    tokio::time::sleep(Duration::from_secs(9)).await;
    assert!(whoami(&browser, &server.base).await.is_null());
}

#[tokio::test]
async fn only_members_of_the_cooperative_sign_in_and_act_here() {
    let test_db = TestDb::empty().await;
    let db = test_db.url.clone();
    let server = spawn(&db, &[]).await;
    let pool = sqlx::PgPool::connect(&db).await.unwrap();
    let other = other_coop::create(&pool).await;
    // Give the other cooperative's member a password it knows (the demo's, hashed the same).
    sqlx::query("UPDATE users SET password_hash = (SELECT password_hash FROM users WHERE email = 'habitant@maillon.test') WHERE id = $1")
        .bind(other.member)
        .execute(&pool)
        .await
        .unwrap();
    let browser = Browser::open(&server).await;
    let refused = browser
        .sign_in(&server.base, other_coop::MEMBER_EMAIL, DEMO_PASSWORD)
        .await;
    assert_eq!(refused.status(), 422, "answered like a wrong password");
    assert!(whoami(&browser, &server.base).await.is_null());

    // A session opened while a member does nothing once the account is no longer one.
    let resident = Browser::open(&server).await;
    resident
        .sign_in(&server.base, "habitant@maillon.test", DEMO_PASSWORD)
        .await;
    assert!(!whoami(&resident, &server.base).await.is_null());
    sqlx::query(
        "WITH u AS (SELECT id FROM users WHERE email = 'habitant@maillon.test')
         DELETE FROM member_roles WHERE user_id = (SELECT id FROM u)",
    )
    .execute(&pool)
    .await
    .unwrap();
    sqlx::query("DELETE FROM memberships WHERE user_id = (SELECT id FROM users WHERE email = 'habitant@maillon.test')")
        .execute(&pool)
        .await
        .unwrap();
    assert!(whoami(&resident, &server.base).await.is_null());
    let change = resident
        .post(
            &server.base,
            "change_password",
            &[
                ("current_password", DEMO_PASSWORD),
                ("new_password", "a long enough passphrase"),
            ],
        )
        .await;
    assert_eq!(change.status(), 401);
    assert_eq!(other_coop::memberships(&pool, other.member).await, [other.id]);
}

#[tokio::test]
async fn the_language_chosen_before_signing_in_is_kept() {
    let test_db = TestDb::empty().await;
    let db = test_db.url.clone();
    let server = spawn(&db, &[]).await;
    let pool = sqlx::PgPool::connect(&db).await.unwrap();
    let browser = Browser::open(&server).await;
    let chosen = browser.post(&server.base, "set_locale", &[("locale", "en")]).await;
    assert!(chosen.status().is_success(), "{}", chosen.status());
    // The resident's account is in French.
    let signed_in = browser
        .sign_in(&server.base, "habitant@maillon.test", DEMO_PASSWORD)
        .await;
    assert!(signed_in.status().is_redirection() || signed_in.status().is_success());
    let page = browser.get(&server.base, "/compte").await.text().await.unwrap();
    assert!(page.contains("<html lang=\"en\""), "still in English after signing in");
    let stored: String = sqlx::query_scalar("SELECT locale FROM users WHERE email = 'habitant@maillon.test'")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(stored, "en", "and the account remembers it for other devices");

    // Without a choice on this browser, the account's language applies.
    let elsewhere = Browser::open(&server).await;
    elsewhere
        .sign_in(&server.base, "habitant@maillon.test", DEMO_PASSWORD)
        .await;
    let page = elsewhere.get(&server.base, "/compte").await.text().await.unwrap();
    assert!(page.contains("<html lang=\"en\""));
}
