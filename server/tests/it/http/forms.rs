//! Plain forms, without JavaScript: each comes back to its page, or lands on what it made.

use super::*;

#[tokio::test]
async fn plain_form_posts_come_back_to_their_page_with_what_happened() {
    let test_db = TestDb::empty().await;
    let db = test_db.url.clone();
    let server = spawn(&db, &[]).await;
    let browser = Browser::open(&server).await;
    browser
        .sign_in(&server.base, "conseil@maillon.test", DEMO_PASSWORD)
        .await;
    let page = format!("{}/conseil/reglages", server.base);
    let post = |referer: String, commission: &'static str| {
        browser
            .http
            .post(format!("{}/api/save_settings", server.base))
            .header("accept", "text/html")
            .header("referer", referer)
            .form(&[("csrf", browser.csrf.as_str()), ("coop", commission)])
            .send()
    };
    // A refused value comes back with the error…
    let refused = post(page.clone(), "250").await.unwrap();
    assert!(refused.status().is_redirection());
    let back = refused.headers()["location"].to_str().unwrap().to_owned();
    assert!(back.contains("__path=%2Fapi%2Fsave_settings&__err="), "{back}");
    // …and a success, sent from that address, with the result instead of the old error.
    let saved = post(back, "12").await.unwrap();
    assert!(saved.status().is_redirection());
    let back = saved.headers()["location"].to_str().unwrap().to_owned();
    assert!(back.starts_with(&page), "{back}");
    assert!(back.contains("__path=%2Fapi%2Fsave_settings&__ok=null"), "{back}");
    assert!(!back.contains("__err"), "{back}");
    let html = browser.http.get(&back).send().await.unwrap().text().await.unwrap();
    assert!(
        html.contains("<p role=\"status\" class=\"alert success\">Enregistré."),
        "the page says it was saved"
    );
    let html = browser
        .get(&server.base, "/conseil/reglages")
        .await
        .text()
        .await
        .unwrap();
    assert!(!html.contains("Enregistré."), "only the address sent back says so");
}

/// "Préparer la semaine suivante" as a plain form: staff land on the draft copy, told so.
#[tokio::test]
async fn preparing_the_following_week_lands_on_the_draft_copy() {
    let test_db = TestDb::empty().await;
    let db = test_db.url.clone();
    let server = spawn(&db, &[]).await;
    let pool = sqlx::PgPool::connect(&db).await.unwrap();
    let ids = demo_ids(&pool).await;
    let browser = Browser::open(&server).await;
    browser.sign_in(&server.base, "hub@maillon.test", DEMO_PASSWORD).await;
    let page = format!("{}/hub/cycles/{}", server.base, ids["CYCLE"]);
    let sent = browser
        .http
        .post(format!("{}/api/duplicate_cycle", server.base))
        .header("accept", "text/html")
        .header("referer", &page)
        .form(&[("csrf", browser.csrf.as_str()), ("id", ids["CYCLE"].as_str())])
        .send()
        .await
        .unwrap();
    assert!(sent.status().is_redirection(), "{}", sent.status());
    let location = sent.headers()["location"].to_str().unwrap().to_owned();
    let copy: i64 = sqlx::query_scalar("SELECT max(id) FROM order_cycles WHERE status = 'draft'")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(location, format!("/hub/cycles/{copy}?copie=1"));
    let html = browser.get(&server.base, &location).await.text().await.unwrap();
    assert!(
        html.contains("Semaine suivante préparée"),
        "the copy's page says it was prepared"
    );
    assert!(
        html.contains("Préparer la semaine suivante"),
        "and can itself be carried forward"
    );
    let html = browser
        .get(&server.base, &format!("/hub/cycles/{copy}"))
        .await
        .text()
        .await
        .unwrap();
    assert!(
        !html.contains("Semaine suivante préparée"),
        "only the address sent there says so"
    );
}

/// Without JavaScript, a checkout form sent twice (a second tap while the first is still
/// running) must not end on an error page that invites ordering again: both submissions are
/// sent to the one order they made.
#[tokio::test]
async fn a_plain_checkout_form_sent_twice_lands_both_times_on_the_order() {
    let test_db = TestDb::empty().await;
    let db = test_db.url.clone();
    let server = spawn(&db, &[]).await;
    let pool = sqlx::PgPool::connect(&db).await.unwrap();
    let (cycle, variant, slot): (i64, i64, i64) = sqlx::query_as(
        "SELECT o.cycle_id, v.id, (SELECT min(s.id) FROM slots s WHERE s.cycle_id = o.cycle_id AND s.pickup_point_id IS NOT NULL)
         FROM cycle_offers o JOIN order_cycles c ON c.id = o.cycle_id JOIN variants v ON v.id = o.variant_id
         WHERE c.status = 'open' AND v.stock_mode = 'finite' AND v.case_size = 1 ORDER BY v.id LIMIT 1",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    let browser = Browser::open(&server).await;
    browser
        .sign_in(&server.base, "habitant@maillon.test", DEMO_PASSWORD)
        .await;
    let (cycle_s, variant_s, slot_s) = (cycle.to_string(), variant.to_string(), slot.to_string());
    let added = browser
        .post(
            &server.base,
            "add_to_cart",
            &[("cycle_id", &cycle_s), ("variant_id", &variant_s), ("quantity", "1")],
        )
        .await;
    assert_eq!(added.status(), 200);
    // The slot's row is held so that the first submission is still running when the second
    // arrives.
    let mut blocker = pool.begin().await.unwrap();
    sqlx::query("SELECT id FROM slots WHERE id = $1 FOR UPDATE")
        .bind(slot)
        .execute(&mut *blocker)
        .await
        .unwrap();
    let submit = || {
        let request = browser
            .http
            .post(format!("{}/api/checkout", server.base))
            .header("accept", "text/html,application/xhtml+xml")
            .header("referer", format!("{}/panier?cycle={cycle}", server.base))
            .form(&[
                ("csrf", browser.csrf.as_str()),
                ("cycle_id", cycle_s.as_str()),
                ("attempt", "plain-double-0001"),
                ("slot", slot_s.as_str()),
                ("address", ""),
                ("postcode", ""),
                ("payment", "pickup"),
            ]);
        tokio::spawn(async move { request.send().await.unwrap() })
    };
    let queued = |n: i64| {
        let pool = pool.clone();
        async move {
            for _ in 0..400 {
                let waiting: i64 = sqlx::query_scalar(
                    "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'",
                )
                .fetch_one(&pool)
                .await
                .unwrap();
                if waiting >= n {
                    return;
                }
                tokio::time::sleep(Duration::from_millis(25)).await;
            }
            panic!("{n} submissions never queued");
        }
    };
    let first = submit();
    queued(1).await;
    let second = submit();
    queued(2).await;
    blocker.commit().await.unwrap();
    let mut landed = Vec::new();
    for response in [first.await.unwrap(), second.await.unwrap()] {
        assert!(response.status().is_redirection(), "{}", response.status());
        let location = response.headers()["location"].to_str().unwrap().to_owned();
        assert!(
            location.starts_with("/commandes/") && location.ends_with("?confirmee=1"),
            "sent to the order, not back with an error: {location}"
        );
        landed.push(location);
    }
    assert_eq!(landed[0], landed[1]);
    let orders: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM orders o JOIN users u ON u.id = o.user_id WHERE u.email = 'habitant@maillon.test' AND o.cycle_id = $1",
    )
    .bind(cycle)
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!(orders, 1, "one order in this cycle (the demo's past cycle has another)");
}
