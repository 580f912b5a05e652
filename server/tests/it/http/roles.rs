//! Each role gets exactly the server functions the matrix gives it, and nothing of another
//! cooperative.

use super::*;

#[tokio::test]
async fn the_matrix_lists_every_server_function() {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_maillon"))
        .arg("server-fns")
        .output()
        .unwrap();
    let mut served: Vec<String> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(str::to_owned)
        .collect();
    served.sort();
    let mut listed: Vec<String> = MATRIX
        .iter()
        .map(|(method, name, _, _)| format!("{method} /api/{name}"))
        .collect();
    listed.sort();
    assert_eq!(
        served, listed,
        "add new server functions to MATRIX with who may call them"
    );
}

/// The ids of the second cooperative; with `own_cycles`, the cycles and rounds stay the demo's,
/// so that a function is asked to put another cooperative's things into one of ours.
fn foreign_ids(other: &other_coop::OtherCoop, own: &Ids, own_cycles: bool) -> Ids {
    let mut ids = Ids::from([
        ("USER", other.member.to_string()),
        ("FARM", other.farm.to_string()),
        ("PRODUCT", other.product.to_string()),
        ("CYCLE", other.closed_cycle.to_string()),
        ("VARIANT", other.variant.to_string()),
        ("ORDER", other.order.to_string()),
        ("SLOT", other.slot.to_string()),
        ("STOP", other.stop.to_string()),
        ("ROUND", other.round.to_string()),
        ("VEHICLE", other.vehicle.to_string()),
        ("IMPORT", other.import.to_string()),
        ("POINT", format!("point-{}", other.point)),
    ]);
    if own_cycles {
        ids.insert("CYCLE", own["CYCLE"].clone());
        ids.insert("ROUND", own["ROUND"].clone());
    }
    ids
}

async fn call(browser: &Browser, base: &str, entry: &Entry, ids: &Ids) -> (u16, String) {
    let (method, name, _, args) = entry;
    let args: Vec<(&str, &str)> = args
        .iter()
        .map(|(k, v)| (*k, ids.get(v).map_or(*v, String::as_str)))
        .collect();
    let response = if *method == "GET" {
        let query: String = args.iter().map(|(k, v)| format!("{k}={v}&")).collect();
        browser.get(base, &format!("/api/{name}?{query}")).await
    } else {
        browser.post(base, name, &args).await
    };
    let status = response.status().as_u16();
    (status, response.text().await.unwrap_or_default())
}

/// Runs with two cooperatives in the database: each role of the demo cooperative calls each
/// server function with ids of its own cooperative (and gets exactly what it may call), then
/// with ids of the other cooperative, alone or mixed with its own cycles. Nothing of the other
/// cooperative may change, be linked to ours, or show in any answer.
#[tokio::test]
async fn each_role_gets_exactly_the_server_functions_it_may_call() {
    let test_db = TestDb::empty().await;
    let db = test_db.url.clone();
    let server = spawn(&db, &[]).await;
    let pool = sqlx::PgPool::connect(&db).await.unwrap();
    let other = other_coop::create(&pool).await;
    let untouched = other_coop::fingerprint(&pool, other.id).await;
    let own = demo_ids(&pool).await;
    let foreign = [foreign_ids(&other, &own, false), foreign_ids(&other, &own, true)];

    let callers: [(&str, Option<&str>); 6] = [
        ("anonymous", None),
        ("resident", Some("habitant@maillon.test")),
        ("shopkeeper", Some("commerce@maillon.test")),
        ("producer", Some("producteur@maillon.test")),
        ("hub staff", Some("hub@maillon.test")),
        ("board", Some("conseil@maillon.test")),
    ];
    let mut leaks = Vec::new();
    for (who, email) in callers {
        let browser = Browser::open(&server).await;
        if let Some(email) = email {
            let signed_in = browser.sign_in(&server.base, email, DEMO_PASSWORD).await;
            assert!(
                signed_in.status().is_redirection() || signed_in.status().is_success(),
                "{who} signs in: {}",
                signed_in.status()
            );
        }
        // Another cooperative's ids first (sign_out, last, ends the session).
        for ids in &foreign {
            for entry in MATRIX.iter().filter(|e| e.1 != "sign_out") {
                let (status, body) = call(&browser, &server.base, entry, ids).await;
                assert!(
                    status < 500,
                    "{who} calling {} with foreign ids: {status} {body}",
                    entry.1
                );
                if body.contains(other_coop::MARKER) {
                    leaks.push(format!("{who} calling {}: {body:.300}", entry.1));
                }
            }
        }
        for entry in MATRIX {
            let (_, name, access, _) = entry;
            let (status, body) = call(&browser, &server.base, entry, &own).await;
            if body.contains(other_coop::MARKER) {
                leaks.push(format!("{who} calling {name}: {body:.300}"));
            }
            let allowed = match access {
                Access::Public => true,
                Access::SignedIn => email.is_some(),
                Access::Catalogue => matches!(who, "board" | "producer"),
                Access::OwnFarm => who == "producer",
                Access::Board => who == "board",
                Access::Cycles => matches!(who, "board" | "hub staff"),
                Access::Desk => matches!(who, "board" | "hub staff" | "shopkeeper"),
                Access::Partner => false,
            };
            if allowed {
                assert!(
                    ![401, 403].contains(&status) && status < 500,
                    "{who} may call {name}, got {status}"
                );
            } else {
                let expected = if email.is_none() { 401 } else { 403 };
                assert_eq!(status, expected, "{who} calling {name}");
            }
        }
    }
    assert!(leaks.is_empty(), "the other cooperative showed:\n{}", leaks.join("\n"));
    assert_eq!(other_coop::fingerprint(&pool, other.id).await, untouched);
    assert_eq!(other_coop::cross_tenant_rows(&pool).await, Vec::<String>::new());
    assert_eq!(other_coop::memberships(&pool, other.member).await, [other.id]);
}

/// The pages and plain routes of the board and hub, with another cooperative's ids: none finds
/// anything, and none shows anything of it.
#[tokio::test]
async fn the_board_and_hub_see_nothing_of_another_cooperative() {
    let test_db = TestDb::empty().await;
    let db = test_db.url.clone();
    let server = spawn(&db, &[]).await;
    let pool = sqlx::PgPool::connect(&db).await.unwrap();
    let other = other_coop::create(&pool).await;
    let untouched = other_coop::fingerprint(&pool, other.id).await;
    // (path, whether it is a list that answers 200 without anything of the other cooperative)
    let paths = [
        (format!("/produits/{}", other.product), false),
        (format!("/producteurs/{}", other.farm), false),
        (format!("/catalogue?producteur={}", other.farm), true),
        (format!("/producteur?producteur={}", other.farm), false),
        (format!("/producteur/produits/{}", other.product), false),
        (format!("/producteur/edition?producteur={}", other.farm), false),
        (
            format!("/producteur/import/{}?producteur={}", other.import, other.farm),
            false,
        ),
        (format!("/producteur/export.csv?producteur={}", other.farm), false),
        (format!("/hub/cycles/{}", other.open_cycle), false),
        (format!("/hub/cycles/{}/bons", other.closed_cycle), false),
        (format!("/hub/cycles/{}/bons.csv", other.closed_cycle), false),
        (format!("/hub/cycles/{}/preparation", other.closed_cycle), false),
        (format!("/hub/cycles/{}/tournees", other.closed_cycle), false),
        (format!("/hub/tournees/{}", other.round), false),
        (format!("/hub/etiquettes/{}/qr.svg", other.order), false),
        (format!("/commandes/{}", other.order), false),
        (format!("/photos/{}/320", other.photo), false),
        (format!("/retrait?cycle={}&q=Membre", other.closed_cycle), true),
        ("/conseil/membres?q=quetzal".to_owned(), true),
        ("/hub/cycles".to_owned(), true),
        ("/hub/lieux".to_owned(), true),
        ("/hub/vehicules".to_owned(), true),
        ("/boutique".to_owned(), true),
        ("/".to_owned(), true),
        (format!("/dfc/enterprises/{}", other.farm), false),
        (
            format!("/dfc/enterprises/{}/offers/{}", other.farm, other.variant),
            false,
        ),
        (format!("/dfc/sale-sessions/{}", other.open_cycle), false),
        (
            format!("/dfc/sale-sessions/{}/offers/{}", other.open_cycle, other.variant),
            false,
        ),
        ("/dfc/enterprises".to_owned(), true),
        ("/dfc/sale-sessions".to_owned(), true),
    ];
    for email in ["conseil@maillon.test", "hub@maillon.test"] {
        let browser = Browser::open(&server).await;
        browser.sign_in(&server.base, email, DEMO_PASSWORD).await;
        for (path, list) in &paths {
            let response = browser.get(&server.base, path).await;
            let status = response.status().as_u16();
            let body = response.text().await.unwrap();
            assert!(
                !body.contains(other_coop::MARKER),
                "{email} {path} shows the other cooperative: {status}"
            );
            if *list {
                // The members list is the board's only.
                assert!(
                    status == 200 || (status == 403 && path.starts_with("/conseil")),
                    "{email} {path}: {status}"
                );
            } else {
                assert!([403, 404].contains(&status), "{email} {path} found something: {status}");
            }
        }
    }

    // The two holes found: the board's photo upload to another cooperative's farm, and a role
    // granted to another cooperative's member (who then showed in the members list).
    let board = Browser::open(&server).await;
    board.sign_in(&server.base, "conseil@maillon.test", DEMO_PASSWORD).await;
    let farm = other.farm.to_string();
    assert_eq!(
        upload(&board, &server.base, "producer", &farm, png()).await.status(),
        404
    );
    assert_eq!(
        upload(&board, &server.base, "producer", "999999", png()).await.status(),
        404
    );
    let member = other.member.to_string();
    let granted = board
        .post(
            &server.base,
            "grant_role",
            &[("user_id", member.as_str()), ("role", "board")],
        )
        .await;
    assert_eq!(granted.status(), 404);

    // DFC orders: the other cooperative's platform token opens nothing here; ours finds none
    // of its orders and cannot order from its sale session.
    sqlx::query(
        "INSERT INTO dfc_tokens (coop_id, platform, user_id, token_hash, issued_at) VALUES ($1, 'Ailleurs', $2, $3, now())",
    )
    .bind(other.id)
    .bind(other.member)
    .bind(maillon::secret::token_hash("their-platform-token"))
    .execute(&pool)
    .await
    .unwrap();
    let http = reqwest::Client::new();
    let theirs = http
        .get(format!("{}/dfc/orders", server.base))
        .bearer_auth("their-platform-token")
        .send()
        .await
        .unwrap();
    assert_eq!(theirs.status(), 401);
    let issued = board
        .post(
            &server.base,
            "issue_platform_token",
            &[("platform", "Ici"), ("email", "habitant@maillon.test")],
        )
        .await;
    assert_eq!(issued.status(), 200);
    let page = board
        .get(&server.base, maillon::paths::PLATFORMS)
        .await
        .text()
        .await
        .unwrap();
    let ours = maillon_test_support::server::issued_token(&page).expect("the token issued");
    let order = http
        .get(format!("{}/dfc/orders/{}", server.base, other.order))
        .bearer_auth(&ours)
        .send()
        .await
        .unwrap();
    assert_eq!(order.status(), 404);
    let session = format!("{}/dfc/sale-sessions/{}", server.base, other.open_cycle);
    let posted =
        maillon_test_support::validators::dfc_order(&session, &[(format!("{session}/offers/{}", other.variant), 1)]);
    let placed = http
        .post(format!("{}/dfc/orders", server.base))
        .bearer_auth(&ours)
        .body(posted)
        .send()
        .await
        .unwrap();
    assert_eq!(placed.status(), 404);
    let listed = http
        .get(format!("{}/dfc/orders", server.base))
        .bearer_auth(&ours)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(!listed.contains(other_coop::MARKER));
    assert_eq!(other_coop::fingerprint(&pool, other.id).await, untouched);
    assert_eq!(other_coop::cross_tenant_rows(&pool).await, Vec::<String>::new());
    assert_eq!(other_coop::memberships(&pool, other.member).await, [other.id]);
}
