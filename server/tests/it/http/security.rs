//! CSRF and origin checks, security headers, compression and caching, answers that do not
//! tell whether an account exists, and two servers sharing one database.

use super::*;

#[tokio::test]
async fn state_changes_need_the_csrf_token_and_the_same_origin() {
    let test_db = TestDb::empty().await;
    let db = test_db.url.clone();
    let server = spawn(&db, &[]).await;
    let browser = Browser::open(&server).await;
    let url = format!("{}/api/request_password_reset", server.base);

    let without = browser
        .http
        .post(&url)
        .form(&[("email", "a@example.org")])
        .send()
        .await
        .unwrap();
    assert_eq!(without.status(), 403);
    assert!(without.text().await.unwrap().contains("Ce formulaire a expiré"));
    let wrong = browser
        .http
        .post(&url)
        .form(&[("csrf", "x".repeat(43).as_str()), ("email", "a@example.org")])
        .send()
        .await
        .unwrap();
    assert_eq!(wrong.status(), 403);
    let cross_site = browser
        .http
        .post(&url)
        .header("origin", "https://evil.example")
        .form(&[("csrf", browser.csrf.as_str()), ("email", "a@example.org")])
        .send()
        .await
        .unwrap();
    assert_eq!(cross_site.status(), 403);
    // The header alone is enough, whatever the form field says.
    let header_token = browser
        .http
        .post(&url)
        .header("x-csrf-token", &browser.csrf)
        .form(&[("csrf", "ignored"), ("email", "a@example.org")])
        .send()
        .await
        .unwrap();
    assert!(header_token.status().is_redirection() || header_token.status().is_success());
    let ok = browser
        .post(&server.base, "request_password_reset", &[("email", "a@example.org")])
        .await;
    assert!(
        ok.status().is_redirection() || ok.status().is_success(),
        "{}",
        ok.status()
    );
}

#[tokio::test]
async fn pages_carry_security_headers_and_unknown_pages_are_404() {
    let test_db = TestDb::empty().await;
    let db = test_db.url.clone();
    let server = spawn(&db, &[]).await;
    let browser = Browser::open(&server).await;
    let home = browser.get(&server.base, "/").await;
    assert_eq!(home.status(), 200);
    let headers = home.headers().clone();
    let csp = headers["content-security-policy"].to_str().unwrap().to_owned();
    let nonce = csp
        .split("'nonce-")
        .nth(1)
        .unwrap()
        .split('\'')
        .next()
        .unwrap()
        .to_owned();
    assert!(csp.contains("frame-ancestors 'none'"), "{csp}");
    assert_eq!(headers["x-content-type-options"], "nosniff");
    assert_eq!(headers["referrer-policy"], "same-origin");
    let html = home.text().await.unwrap();
    assert!(
        html.contains(&format!("nonce=\"{nonce}\"")),
        "scripts carry the response's nonce"
    );
    assert!(html.contains("<html lang=\"fr\""));
    assert!(html.contains("Maillon Lille Métropole"));

    let missing = browser.get(&server.base, "/nulle-part").await;
    assert_eq!(missing.status(), 404);
    assert!(missing.text().await.unwrap().contains("Page introuvable"));
    let members = browser.get(&server.base, "/conseil/membres").await;
    assert_eq!(
        members.status(),
        401,
        "the board page asks anonymous visitors to sign in"
    );
}

#[tokio::test]
async fn responses_are_compressed_and_only_site_files_are_cached() {
    let test_db = TestDb::empty().await;
    let db = test_db.url.clone();
    // A site root of our own: the favicon is a file of the site, served by the fallback.
    let site = std::env::temp_dir().join(format!("maillon-it-site-{}", std::process::id()));
    std::fs::create_dir_all(site.join("pkg")).unwrap();
    std::fs::write(
        site.join("favicon.svg"),
        "<svg xmlns=\"http://www.w3.org/2000/svg\"></svg>",
    )
    .unwrap();
    let server = spawn(&db, &[("LEPTOS_SITE_ROOT", site.display().to_string())]).await;
    let http = reqwest::Client::new();
    for encoding in ["br", "gzip"] {
        let page = http
            .get(format!("{}/catalogue", server.base))
            .header("accept-encoding", encoding)
            .send()
            .await
            .unwrap();
        assert_eq!(page.status(), 200);
        assert_eq!(page.headers()["content-encoding"], encoding);
        assert_eq!(
            page.headers()["cache-control"],
            "no-store",
            "pages carry a nonce and a token"
        );
        assert!(page.headers()["vary"].to_str().unwrap().contains("accept-encoding"));
    }
    let plain = http.get(format!("{}/catalogue", server.base)).send().await.unwrap();
    assert!(!plain.headers().contains_key("content-encoding"));
    let api = http.get(format!("{}/api/whoami", server.base)).send().await.unwrap();
    assert_eq!(api.headers()["cache-control"], "no-store");

    let icon = http.get(format!("{}/favicon.svg", server.base)).send().await.unwrap();
    assert_eq!(icon.status(), 200);
    assert_eq!(icon.headers()["cache-control"], "public, max-age=86400");
    let missing = http
        .get(format!("{}/pkg/nothing.css", server.base))
        .send()
        .await
        .unwrap();
    assert_eq!(missing.status(), 404);
    assert_eq!(missing.headers()["cache-control"], "no-store");
    let _ = std::fs::remove_dir_all(&site);
}

#[tokio::test]
async fn answers_do_not_tell_whether_an_address_has_an_account() {
    let test_db = TestDb::empty().await;
    let db = test_db.url.clone();
    let server = spawn(&db, &[]).await;
    let browser = Browser::open(&server).await;
    let body = |r: reqwest::Response| async move {
        (
            r.status(),
            r.headers().get("location").cloned(),
            r.text().await.unwrap(),
        )
    };

    let known = body(
        browser
            .sign_in(&server.base, "habitant@maillon.test", "wrong password!")
            .await,
    )
    .await;
    let unknown = body(
        browser
            .sign_in(&server.base, "personne@maillon.test", "wrong password!")
            .await,
    )
    .await;
    assert_eq!(known, unknown);
    assert_eq!(known.0, 422);

    let form = |email| {
        [
            ("email", email),
            ("password", "a long enough passphrase"),
            ("display_name", ""),
        ]
    };
    let taken = body(
        browser
            .post(&server.base, "sign_up", &form("habitant@maillon.test"))
            .await,
    )
    .await;
    let free = body(browser.post(&server.base, "sign_up", &form("libre@example.org")).await).await;
    assert_eq!(taken, free);

    let reset_known = body(
        browser
            .post(
                &server.base,
                "request_password_reset",
                &[("email", "habitant@maillon.test")],
            )
            .await,
    )
    .await;
    let reset_unknown = body(
        browser
            .post(
                &server.base,
                "request_password_reset",
                &[("email", "personne@maillon.test")],
            )
            .await,
    )
    .await;
    assert_eq!(reset_known, reset_unknown);
}

#[tokio::test]
async fn two_servers_share_sessions_and_send_each_email_once() {
    let test_db = TestDb::empty().await;
    let db = test_db.url.clone();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let smtp_url = format!("smtp://127.0.0.1:{}", listener.local_addr().unwrap().port());
    let sink = smtp::serve(listener);
    let a = spawn(&db, &[("MAILLON_SMTP_URL", smtp_url.clone())]).await;
    let b = spawn(&db, &[("MAILLON_SMTP_URL", smtp_url)]).await;

    // A session opened on one server is valid on the other (cookies do not depend on the port).
    let browser = Browser::open(&a).await;
    browser.sign_in(&a.base, "habitant@maillon.test", DEMO_PASSWORD).await;
    let on_b = browser.get(&b.base, "/api/whoami").await.text().await.unwrap();
    assert!(on_b.contains("Léa Martin"), "{on_b}");
    browser.post(&b.base, "sign_out", &[]).await;
    let on_a = browser.get(&a.base, "/api/whoami").await.text().await.unwrap();
    assert_eq!(on_a, "null", "signing out on one server signs out everywhere");

    // Emails queued through both servers are each delivered once, by one of them.
    let count = 12;
    for n in 0..count {
        let server = if n % 2 == 0 { &a } else { &b };
        let email = format!("twice{n}@example.org");
        let form = [
            ("email", email.as_str()),
            ("password", "a long enough passphrase"),
            ("display_name", ""),
        ];
        browser.post(&server.base, "sign_up", &form).await;
    }
    // The demo's order confirmations and assembly notices go out too; each address gets each
    // email (its body) once.
    let recipients = || -> Vec<String> {
        sink.received()
            .iter()
            .filter_map(|m| {
                let to = m.lines().find(|l| l.starts_with("To: "))?;
                // The body tells two emails to one address apart (headers fold long subjects).
                let body = m
                    .split_once("\r\n\r\n")
                    .or_else(|| m.split_once("\n\n"))
                    .map_or("", |(_, b)| b);
                Some(format!("{to} {body}"))
            })
            .collect()
    };
    let sign_ups = |all: &[String]| {
        all.iter()
            .filter(|r| r.split(' ').nth(1).is_some_and(|to| to.contains("@example.org")))
            .count()
    };
    for _ in 0..80 {
        if sign_ups(&recipients()) >= count {
            break;
        }
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
    tokio::time::sleep(Duration::from_secs(3)).await; // time for a duplicate to show up, if any
    let mut all = recipients();
    assert_eq!(sign_ups(&all), count, "{all:?}");
    let sent = all.len();
    all.sort();
    all.dedup();
    assert_eq!(all.len(), sent, "no email was sent twice");
}
