//! The real server over HTTP: authorisation matrix, CSRF, headers, account enumeration, and
//! two servers sharing one database.

use std::time::Duration;

use maillon_test_support::TestDb;
use maillon_test_support::demo::DEMO_PASSWORD;
use maillon_test_support::server::Browser;
use maillon_test_support::{other_coop, smtp};

use crate::spawn;

#[derive(Clone, Copy, Debug, PartialEq)]
enum Access {
    Public,
    SignedIn,
    /// A producer (their own farm, FARM below) or the board (any farm).
    Catalogue,
    /// A producer, for their own farm profile.
    OwnFarm,
    Board,
    /// Hub staff or the board: order cycles, places.
    Cycles,
    /// Hub staff, the board or a shopkeeper: the pickup desk.
    Desk,
}

/// Every server function, who may call it, and harmless arguments. `sign_out` comes last as
/// it ends the caller's session. The test below fails if a server function is missing here.
/// (HTTP method, server function, who may call it, arguments)
///
/// Upper-case values name ids: in the demo cooperative (ORDER, SLOT, STOP, ROUND, VEHICLE,
/// IMPORT and POINT then name none), or in a second cooperative the callers are strangers to.
type Entry = (
    &'static str,
    &'static str,
    Access,
    &'static [(&'static str, &'static str)],
);

const MATRIX: &[Entry] = &[
    ("GET", "whoami", Access::Public, &[]),
    ("GET", "showcase", Access::Public, &[]),
    ("POST", "set_locale", Access::Public, &[("locale", "fr")]),
    (
        "POST",
        "sign_up",
        Access::Public,
        &[
            ("email", "matrix-new@example.org"),
            ("password", "a long enough passphrase"),
            ("display_name", ""),
        ],
    ),
    ("POST", "verify_email", Access::Public, &[("token", "not-a-token")]),
    (
        "POST",
        "sign_in",
        Access::Public,
        &[("email", "matrix@example.org"), ("password", "wrong password!")],
    ),
    (
        "POST",
        "request_password_reset",
        Access::Public,
        &[("email", "matrix@example.org")],
    ),
    (
        "POST",
        "reset_password",
        Access::Public,
        &[("token", "not-a-token"), ("password", "a long enough passphrase")],
    ),
    (
        "POST",
        "change_password",
        Access::SignedIn,
        &[
            ("current_password", "not the password"),
            ("new_password", "a long enough passphrase"),
        ],
    ),
    ("GET", "list_members", Access::Board, &[("query", ""), ("page", "1")]),
    (
        "POST",
        "grant_role",
        Access::Board,
        &[("user_id", "USER"), ("role", "producer")],
    ),
    (
        "POST",
        "revoke_role",
        Access::Board,
        &[("user_id", "USER"), ("role", "producer")],
    ),
    (
        "GET",
        "catalogue",
        Access::Public,
        &[
            ("query[search]", "pate"),
            ("query[page]", "1"),
            ("query[per_page]", "10"),
        ],
    ),
    ("GET", "product", Access::Public, &[("id", "PRODUCT")]),
    ("GET", "producer", Access::Public, &[("id", "FARM")]),
    ("GET", "my_catalogue", Access::Catalogue, &[("producer", "FARM")]),
    ("GET", "product_for_edit", Access::Catalogue, &[("id", "PRODUCT")]),
    (
        "POST",
        "save_product",
        Access::Catalogue,
        &[
            ("producer", "FARM"),
            ("product_id", "PRODUCT"),
            ("name", "Poireaux"),
            ("description", ""),
            ("category", "legumes"),
            ("unit", "kg"),
        ],
    ),
    ("POST", "bulk_save", Access::Catalogue, &[("producer", "FARM")]),
    (
        "GET",
        "import_preview",
        Access::Catalogue,
        &[("producer", "FARM"), ("id", "IMPORT")],
    ),
    (
        "POST",
        "apply_import",
        Access::Catalogue,
        &[("producer", "FARM"), ("id", "IMPORT")],
    ),
    (
        "POST",
        "save_farm_profile",
        Access::OwnFarm,
        &[
            ("profile[farm_name]", "Ferme du Vert Bocage"),
            ("profile[town]", "Wambrechies"),
            ("profile[address]", ""),
            ("profile[story]", ""),
            ("profile[produce]", ""),
            ("profile[contact_email]", ""),
            ("profile[phone]", ""),
            ("profile[latitude]", ""),
            ("profile[longitude]", ""),
        ],
    ),
    ("GET", "shop_front", Access::Public, &[]),
    (
        "POST",
        "add_to_cart",
        Access::Public,
        &[("cycle_id", "CYCLE"), ("variant_id", "VARIANT"), ("quantity", "1")],
    ),
    ("GET", "cart", Access::Public, &[]),
    (
        "POST",
        "update_cart",
        Access::Public,
        &[
            ("cycle_id", "CYCLE"),
            ("lines[0][variant_id]", "VARIANT"),
            ("lines[0][quantity]", "1"),
        ],
    ),
    (
        "POST",
        "checkout",
        Access::SignedIn,
        &[("cycle_id", "CYCLE"), ("attempt", "matrix-attempt-1"), ("slot", "SLOT")],
    ),
    ("GET", "my_orders", Access::SignedIn, &[("page", "1")]),
    ("GET", "order", Access::SignedIn, &[("id", "ORDER")]),
    ("POST", "change_order", Access::SignedIn, &[("id", "ORDER")]),
    (
        "POST",
        "add_to_order",
        Access::SignedIn,
        &[("id", "ORDER"), ("variant_id", "VARIANT"), ("quantity", "1")],
    ),
    ("POST", "cancel_order", Access::SignedIn, &[("id", "ORDER")]),
    ("POST", "order_again", Access::SignedIn, &[("id", "ORDER")]),
    ("POST", "pay_order", Access::SignedIn, &[("id", "ORDER")]),
    ("GET", "cycle_notifications", Access::SignedIn, &[]),
    ("POST", "set_cycle_notifications", Access::SignedIn, &[]),
    ("GET", "list_cycles", Access::Cycles, &[("page", "1")]),
    (
        "POST",
        "create_cycle",
        Access::Cycles,
        &[("cycle[name]", ""), ("cycle[opens_at]", ""), ("cycle[closes_at]", "")],
    ),
    ("GET", "cycle_detail", Access::Cycles, &[("id", "CYCLE")]),
    (
        "POST",
        "update_cycle",
        Access::Cycles,
        &[
            ("id", "CYCLE"),
            ("cycle[name]", ""),
            ("cycle[opens_at]", ""),
            ("cycle[closes_at]", ""),
        ],
    ),
    (
        "POST",
        "cycle_action",
        Access::Cycles,
        &[("id", "CYCLE"), ("action", "schedule")],
    ),
    ("POST", "duplicate_cycle", Access::Cycles, &[("id", "CYCLE")]),
    ("GET", "not_offered", Access::Cycles, &[("id", "CYCLE")]),
    (
        "POST",
        "offer_new_products",
        Access::Cycles,
        &[("id", "CYCLE"), ("variants[0]", "VARIANT")],
    ),
    (
        "POST",
        "add_producer_offers",
        Access::Cycles,
        &[("id", "CYCLE"), ("producer_id", "FARM")],
    ),
    (
        "POST",
        "save_offers",
        Access::Cycles,
        &[
            ("id", "CYCLE"),
            ("rows[0][variant_id]", "VARIANT"),
            ("rows[0][cap]", ""),
        ],
    ),
    (
        "POST",
        "add_slot",
        Access::Cycles,
        &[
            ("id", "CYCLE"),
            ("slot[place]", "POINT"),
            ("slot[date]", "2031-01-09"),
            ("slot[starts]", "17:00"),
            ("slot[ends]", "19:00"),
            ("slot[capacity]", "20"),
        ],
    ),
    ("POST", "delete_slot", Access::Cycles, &[("slot_id", "SLOT")]),
    ("GET", "places", Access::Cycles, &[]),
    (
        "POST",
        "save_pickup_point",
        Access::Cycles,
        &[
            ("point[name]", ""),
            ("point[kind]", ""),
            ("point[address]", ""),
            ("point[instructions]", ""),
            ("point[latitude]", ""),
            ("point[longitude]", ""),
        ],
    ),
    (
        "POST",
        "save_zone",
        Access::Cycles,
        &[
            ("zone[name]", ""),
            ("zone[postcodes]", ""),
            ("zone[fee]", ""),
            ("zone[minimum]", ""),
        ],
    ),
    (
        "POST",
        "set_place_active",
        Access::Cycles,
        &[("place", "POINT"), ("active", "true")],
    ),
    ("GET", "desk_orders", Access::Desk, &[("q", ""), ("page", "1")]),
    (
        "POST",
        "record_collection",
        Access::Desk,
        &[("order_id", "ORDER"), ("hand_over", "1")],
    ),
    ("GET", "cycle_logistics", Access::Cycles, &[("id", "CYCLE")]),
    (
        "POST",
        "record_reception",
        Access::Cycles,
        &[
            ("cycle_id", "CYCLE"),
            ("lines[0][variant_id]", "VARIANT"),
            ("lines[0][received]", "x"),
            ("rule", "pro_rata"),
        ],
    ),
    ("POST", "complete_reception", Access::Cycles, &[("cycle_id", "CYCLE")]),
    ("GET", "my_purchase_orders", Access::OwnFarm, &[]),
    ("GET", "packing_lists", Access::Cycles, &[("id", "CYCLE")]),
    (
        "POST",
        "mark_basket_ready",
        Access::Cycles,
        &[("order_id", "ORDER"), ("ready", "true")],
    ),
    ("GET", "list_vehicles", Access::Cycles, &[]),
    ("POST", "save_vehicle", Access::Cycles, &[("vehicle[name]", "")]),
    (
        "POST",
        "set_vehicle_active",
        Access::Cycles,
        &[("id", "VEHICLE"), ("active", "true")],
    ),
    ("GET", "cycle_rounds", Access::Cycles, &[("id", "CYCLE")]),
    (
        "POST",
        "save_supplier",
        Access::Cycles,
        &[("cycle_id", "CYCLE"), ("producer_id", "FARM"), ("mode", "collection")],
    ),
    (
        "POST",
        "plan_rounds",
        Access::Cycles,
        &[("cycle_id", "CYCLE"), ("kind", "delivery"), ("day", "x")],
    ),
    (
        "POST",
        "move_stop",
        Access::Cycles,
        &[("stop_id", "STOP"), ("round_id", "ROUND"), ("position", "1")],
    ),
    ("GET", "round_manifest", Access::Cycles, &[("id", "ROUND")]),
    (
        "POST",
        "place_delivery",
        Access::Cycles,
        &[("order_id", "ORDER"), ("latitude", "50.6"), ("longitude", "3.0")],
    ),
    (
        "POST",
        "mark_stop",
        Access::Cycles,
        &[("stop_id", "STOP"), ("status", "done")],
    ),
    ("GET", "get_settings", Access::Board, &[]),
    ("POST", "save_settings", Access::Board, &[("commission", "15")]),
    ("POST", "sign_out", Access::Public, &[]),
];

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

/// The values of the MATRIX's upper-case names.
type Ids = std::collections::HashMap<&'static str, String>;

async fn demo_ids(pool: &sqlx::PgPool) -> Ids {
    let target: i64 = sqlx::query_scalar("SELECT id FROM users WHERE email = 'jules.denis@maillon.test'")
        .fetch_one(pool)
        .await
        .unwrap();
    let farm: i64 = sqlx::query_scalar(
        "SELECT p.id FROM producers p JOIN users u ON u.id = p.user_id WHERE u.email = 'producteur@maillon.test'",
    )
    .fetch_one(pool)
    .await
    .unwrap();
    let product: i64 = sqlx::query_scalar("SELECT min(id) FROM products WHERE producer_id = $1")
        .bind(farm)
        .fetch_one(pool)
        .await
        .unwrap();
    let (cycle, variant): (i64, i64) = sqlx::query_as(
        "SELECT o.cycle_id, min(o.variant_id) FROM cycle_offers o JOIN order_cycles c ON c.id = o.cycle_id
         WHERE c.status = 'open' GROUP BY o.cycle_id LIMIT 1",
    )
    .fetch_one(pool)
    .await
    .unwrap();
    let none = "999999".to_owned();
    Ids::from([
        ("USER", target.to_string()),
        ("FARM", farm.to_string()),
        ("PRODUCT", product.to_string()),
        ("CYCLE", cycle.to_string()),
        ("VARIANT", variant.to_string()),
        ("ORDER", none.clone()),
        ("SLOT", none.clone()),
        ("STOP", none.clone()),
        ("ROUND", none.clone()),
        ("VEHICLE", none.clone()),
        ("IMPORT", none),
        ("POINT", "point-999999".to_owned()),
    ])
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
    assert_eq!(other_coop::fingerprint(&pool, other.id).await, untouched);
    assert_eq!(other_coop::cross_tenant_rows(&pool).await, Vec::<String>::new());
    assert_eq!(other_coop::memberships(&pool, other.member).await, [other.id]);
}

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
            .form(&[("csrf", browser.csrf.as_str()), ("commission", commission)])
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
    // The demo's residents' order confirmations go out too; each address gets one email.
    let recipients = || -> Vec<String> {
        sink.received()
            .iter()
            .filter_map(|m| m.lines().find(|l| l.starts_with("To: ")).map(str::to_owned))
            .collect()
    };
    let sign_ups = |all: &[String]| all.iter().filter(|r| r.contains("@example.org")).count();
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

fn png() -> Vec<u8> {
    let img = image::RgbImage::from_pixel(800, 600, image::Rgb([90, 140, 60]));
    let mut out = std::io::Cursor::new(Vec::new());
    image::DynamicImage::ImageRgb8(img)
        .write_to(&mut out, image::ImageFormat::Png)
        .unwrap();
    out.into_inner()
}

async fn upload(browser: &Browser, base: &str, target: &str, id: &str, bytes: Vec<u8>) -> reqwest::Response {
    let form = reqwest::multipart::Form::new()
        .text("csrf", browser.csrf.clone())
        .text("target", target.to_owned())
        .text("target_id", id.to_owned())
        .part("photo", reqwest::multipart::Part::bytes(bytes).file_name("photo.png"));
    browser
        .http
        .post(format!("{base}/producteur/photos"))
        .multipart(form)
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn photos_are_uploaded_by_their_owner_only_and_served_with_long_caching() {
    let test_db = TestDb::empty().await;
    let db = test_db.url.clone();
    let server = spawn(&db, &[]).await;
    let pool = sqlx::PgPool::connect(&db).await.unwrap();
    let product: i64 = sqlx::query_scalar(
        "SELECT min(p.id) FROM products p JOIN producers f ON f.id = p.producer_id JOIN users u ON u.id = f.user_id
         WHERE u.email = 'producteur@maillon.test'",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    let product = product.to_string();

    let anonymous = Browser::open(&server).await;
    assert_eq!(
        upload(&anonymous, &server.base, "product", &product, png())
            .await
            .status(),
        401
    );
    let other_farm = Browser::open(&server).await;
    other_farm
        .sign_in(&server.base, "vergers@maillon.test", DEMO_PASSWORD)
        .await;
    assert_eq!(
        upload(&other_farm, &server.base, "product", &product, png())
            .await
            .status(),
        403
    );

    let owner = Browser::open(&server).await;
    owner
        .sign_in(&server.base, "producteur@maillon.test", DEMO_PASSWORD)
        .await;
    let not_a_photo = upload(
        &owner,
        &server.base,
        "product",
        &product,
        b"%PDF-1.4 pretending".to_vec(),
    )
    .await;
    assert_eq!(not_a_photo.status(), 422);
    assert!(not_a_photo.text().await.unwrap().contains("JPEG, PNG ou WebP"));
    let created = upload(&owner, &server.base, "product", &product, png()).await;
    assert_eq!(created.status(), 201);
    let photo = created.text().await.unwrap();

    let served = anonymous.get(&server.base, &format!("/photos/{photo}/640")).await;
    assert_eq!(served.status(), 200);
    assert_eq!(served.headers()["content-type"], "image/jpeg");
    assert!(
        served.headers()["cache-control"]
            .to_str()
            .unwrap()
            .contains("immutable")
    );
    let etag = served.headers()["etag"].clone();
    let again = anonymous
        .http
        .get(format!("{}/photos/{photo}/640", server.base))
        .header("if-none-match", etag)
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), 304);
    assert_eq!(served.headers()["vary"], "accept");
    // A browser that takes WebP gets the WebP rendition at the same address.
    let webp = anonymous
        .http
        .get(format!("{}/photos/{photo}/640", server.base))
        .header("accept", "image/avif,image/webp,image/apng,image/*,*/*;q=0.8")
        .send()
        .await
        .unwrap();
    assert_eq!(webp.status(), 200);
    assert_eq!(webp.headers()["content-type"], "image/webp");
    assert_eq!(webp.headers()["vary"], "accept");
    assert_ne!(webp.headers()["etag"], served.headers()["etag"]);
    let bytes = webp.bytes().await.unwrap();
    assert_eq!(&bytes[..4], b"RIFF");
    assert_eq!(&bytes[8..12], b"WEBP");
    let page = anonymous
        .get(&server.base, &format!("/produits/{product}"))
        .await
        .text()
        .await
        .unwrap();
    assert!(page.contains(&format!("/photos/{photo}/640")));
    // Responsive: every stored width offered, the frame's proportions set, nothing shifts.
    assert!(page.contains(&format!(
        "/photos/{photo}/320 320w, /photos/{photo}/640 640w, /photos/{photo}/1280 1280w"
    )));
    assert!(page.contains("width=\"640\" height=\"480\""));
}

#[tokio::test]
async fn the_csv_export_belongs_to_its_farm() {
    let test_db = TestDb::empty().await;
    let db = test_db.url.clone();
    let server = spawn(&db, &[]).await;
    let resident = Browser::open(&server).await;
    resident
        .sign_in(&server.base, "habitant@maillon.test", DEMO_PASSWORD)
        .await;
    assert_eq!(resident.get(&server.base, "/producteur/export.csv").await.status(), 403);
    let producer = Browser::open(&server).await;
    producer
        .sign_in(&server.base, "producteur@maillon.test", DEMO_PASSWORD)
        .await;
    let export = producer.get(&server.base, "/producteur/export.csv").await;
    assert_eq!(export.status(), 200);
    assert!(
        export.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/csv")
    );
    let csv = export.text().await.unwrap();
    assert!(
        csv.contains("Poireaux") && !csv.contains("Pommes Reinette"),
        "only the producer's own products"
    );
}

/// The opening rush in miniature, through the real request path: many signed-in buyers check
/// out the last units of a variant at once. Exactly the stock is sold, nobody gets a 5xx, and
/// every loser is told which line ran out.
#[tokio::test]
async fn concurrent_checkouts_over_http_never_oversell() {
    const STOCK: i64 = 3;
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
    sqlx::query("UPDATE variants SET stock = $2 WHERE id = $1")
        .bind(variant)
        .bind(STOCK)
        .execute(&pool)
        .await
        .unwrap();
    let emails: Vec<String> = sqlx::query_scalar(
        "SELECT u.email FROM users u JOIN member_roles r ON r.user_id = u.id AND r.role = 'resident' ORDER BY u.id LIMIT 10",
    )
    .fetch_all(&pool)
    .await
    .unwrap();
    assert_eq!(emails.len(), 10);
    let mut buyers = Vec::new();
    for email in &emails {
        let browser = Browser::open(&server).await;
        browser.sign_in(&server.base, email, DEMO_PASSWORD).await;
        let added = browser
            .post(
                &server.base,
                "add_to_cart",
                &[
                    ("cycle_id", &cycle.to_string()),
                    ("variant_id", &variant.to_string()),
                    ("quantity", "1"),
                ],
            )
            .await;
        assert_eq!(added.status(), 200, "{email} adds to cart");
        buyers.push(browser);
    }
    let base = server.base.clone();
    let tasks: Vec<_> = buyers
        .into_iter()
        .enumerate()
        .map(|(i, browser)| {
            let base = base.clone();
            tokio::spawn(async move {
                let response = browser
                    .post(
                        &base,
                        "checkout",
                        &[
                            ("cycle_id", cycle.to_string().as_str()),
                            ("attempt", format!("rush-attempt-{i:04}").as_str()),
                            ("slot", slot.to_string().as_str()),
                            ("payment", "pickup"),
                        ],
                    )
                    .await;
                let status = response.status().as_u16();
                (status, response.text().await.unwrap())
            })
        })
        .collect();
    let (mut won, mut lost) = (0, 0);
    for t in tasks {
        let (status, body) = t.await.unwrap();
        match status {
            200 | 302 | 303 => won += 1,
            409 => {
                assert!(body.contains("OutOfStock"), "{body}");
                assert!(body.contains(&format!("\"variant_id\":{variant}")), "{body}");
                lost += 1;
            }
            other => panic!("unexpected {other}: {body}"),
        }
    }
    assert_eq!((won, lost), (STOCK, 10 - STOCK));
    let stock: i64 = sqlx::query_scalar("SELECT stock FROM variants WHERE id = $1")
        .bind(variant)
        .fetch_one(&pool)
        .await
        .unwrap();
    let sold: i64 = sqlx::query_scalar(
        "SELECT coalesce(sum(quantity), 0)::bigint FROM order_lines l JOIN orders o ON o.id = l.order_id
         WHERE l.variant_id = $1 AND o.status = 'confirmed'",
    )
    .bind(variant)
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!((stock, sold), (0, STOCK));
}

/// Trade prices and exact stock are for shopkeepers and producers: anonymous visitors and
/// residents get retail prices and "only N left", in the product's data as on its page.
#[tokio::test]
async fn trade_prices_and_exact_stock_are_not_public() {
    let test_db = TestDb::empty().await;
    let db = test_db.url.clone();
    let server = spawn(&db, &[]).await;
    let pool = sqlx::PgPool::connect(&db).await.unwrap();
    // A product whose variant has distinctive trade terms and stock.
    let (product, variant): (i64, i64) = sqlx::query_as(
        "SELECT p.id, min(v.id) FROM products p JOIN variants v ON v.product_id = p.id
         WHERE p.listed AND v.active GROUP BY p.id ORDER BY p.id LIMIT 1",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    sqlx::query(
        "UPDATE variants SET retail_price_cents = 1777, pro_price_cents = 98765, case_size = 37, stock_mode = 'finite',
                            stock = 43219 WHERE id = $1",
    )
    .bind(variant)
    .execute(&pool)
    .await
    .unwrap();
    let secrets = [
        "98765",
        "987,65",
        "43219",
        "pro_price",
        "case_size",
        "\"stock\"",
        "colis de 37",
    ];
    for (who, email) in [("anonymous", None), ("resident", Some("habitant@maillon.test"))] {
        let browser = Browser::open(&server).await;
        if let Some(email) = email {
            browser.sign_in(&server.base, email, DEMO_PASSWORD).await;
        }
        for path in [format!("/api/product?id={product}"), format!("/produits/{product}")] {
            let response = browser.get(&server.base, &path).await;
            assert_eq!(response.status(), 200, "{who} {path}");
            let body = response.text().await.unwrap();
            assert!(
                body.contains("1777") || body.contains("17,77"),
                "{who} {path} shows the retail price"
            );
            for secret in secrets {
                assert!(!body.contains(secret), "{who} {path} shows {secret}");
            }
        }
    }
    let shopkeeper = Browser::open(&server).await;
    shopkeeper
        .sign_in(&server.base, "commerce@maillon.test", DEMO_PASSWORD)
        .await;
    let data = shopkeeper
        .get(&server.base, &format!("/api/product?id={product}"))
        .await
        .text()
        .await
        .unwrap();
    assert!(
        data.contains("\"pro_price_cents\":98765") && data.contains("\"case_size\":37"),
        "{data}"
    );
    assert!(!data.contains("43219"), "not even shopkeepers see the exact stock");
    let page = shopkeeper
        .get(&server.base, &format!("/produits/{product}"))
        .await
        .text()
        .await
        .unwrap();
    assert!(
        page.contains("Prix pro 987,65") && page.contains("colis de 37"),
        "the page shows the trade terms"
    );
}

/// Every CSV export neutralises cells a spreadsheet would run as formulas.
#[tokio::test]
async fn csv_exports_are_safe_from_formula_injection() {
    let test_db = TestDb::empty().await;
    let db = test_db.url.clone();
    let server = spawn(&db, &[]).await;
    let pool = sqlx::PgPool::connect(&db).await.unwrap();
    let farm: i64 = sqlx::query_scalar(
        "SELECT p.id FROM producers p JOIN users u ON u.id = p.user_id WHERE u.email = 'producteur@maillon.test'",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    let formula = "=HYPERLINK(\"http://evil.example\";\"Cliquez\")";
    sqlx::query("UPDATE producers SET farm_name = $2 WHERE id = $1")
        .bind(farm)
        .bind("@SUM(1+1)*cmd|' /C calc'!A0")
        .execute(&pool)
        .await
        .unwrap();
    sqlx::query("UPDATE products SET name = $2 WHERE producer_id = $1")
        .bind(farm)
        .bind(formula)
        .execute(&pool)
        .await
        .unwrap();
    sqlx::query(
        "UPDATE order_lines l SET product_name = $2 FROM variants v JOIN products p ON p.id = v.product_id
         WHERE v.id = l.variant_id AND p.producer_id = $1",
    )
    .bind(farm)
    .bind(formula)
    .execute(&pool)
    .await
    .unwrap();
    let cycle: i64 = sqlx::query_scalar("SELECT min(id) FROM order_cycles WHERE status = 'open'")
        .fetch_one(&pool)
        .await
        .unwrap();

    let producer = Browser::open(&server).await;
    producer
        .sign_in(&server.base, "producteur@maillon.test", DEMO_PASSWORD)
        .await;
    let hub = Browser::open(&server).await;
    hub.sign_in(&server.base, "hub@maillon.test", DEMO_PASSWORD).await;
    for (browser, path) in [
        (&producer, "/producteur/export.csv".to_owned()),
        (&hub, format!("/hub/cycles/{cycle}/bons.csv")),
    ] {
        let response = browser.get(&server.base, &path).await;
        assert_eq!(response.status(), 200, "{path}");
        let csv = response.text().await.unwrap();
        assert!(csv.contains("'=HYPERLINK"), "{path}: {csv:.400}");
        for cell in csv_cells(csv.trim_start_matches('\u{feff}')) {
            assert!(
                !cell.starts_with(['=', '+', '@', '\t', '\r']),
                "{path}: a cell starts a formula: {cell}"
            );
        }
    }
}

/// The cells of a `;`-separated CSV text, quotes removed.
fn csv_cells(text: &str) -> Vec<String> {
    let mut cells = Vec::new();
    let mut cell = String::new();
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' if quoted && chars.peek() == Some(&'"') => {
                cell.push('"');
                chars.next();
            }
            '"' => quoted = !quoted,
            ';' | '\n' if !quoted => cells.push(std::mem::take(&mut cell)),
            c => cell.push(c),
        }
    }
    cells.push(cell);
    cells
}

#[tokio::test]
async fn a_basket_label_qr_is_scoped_like_the_pickup_desk() {
    let test_db = TestDb::empty().await;
    let db = test_db.url.clone();
    let server = spawn(&db, &[]).await;
    let pool = sqlx::PgPool::connect(&db).await.unwrap();
    // The demo's orders collected at the partner shop, and one collected elsewhere.
    let shop_order: i64 = sqlx::query_scalar(
        "SELECT min(o.id) FROM orders o JOIN slots s ON s.id = o.slot_id JOIN pickup_points pp ON pp.id = s.pickup_point_id
         JOIN shops sh ON sh.id = pp.shop_id JOIN users u ON u.id = sh.user_id WHERE u.email = 'commerce@maillon.test'",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    let other_order: i64 = sqlx::query_scalar(
        "SELECT min(o.id) FROM orders o JOIN slots s ON s.id = o.slot_id LEFT JOIN pickup_points pp ON pp.id = s.pickup_point_id
         WHERE pp.shop_id IS NULL OR pp.shop_id NOT IN
             (SELECT sh.id FROM shops sh JOIN users u ON u.id = sh.user_id WHERE u.email = 'commerce@maillon.test')",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    let qr = |order: i64| format!("/hub/etiquettes/{order}/qr.svg");
    let shopkeeper = Browser::open(&server).await;
    shopkeeper
        .sign_in(&server.base, "commerce@maillon.test", DEMO_PASSWORD)
        .await;
    assert_eq!(shopkeeper.get(&server.base, &qr(shop_order)).await.status(), 200);
    assert_eq!(
        shopkeeper.get(&server.base, &qr(other_order)).await.status(),
        403,
        "a shopkeeper gets no QR code of another place's basket"
    );
    let hub = Browser::open(&server).await;
    hub.sign_in(&server.base, "hub@maillon.test", DEMO_PASSWORD).await;
    assert_eq!(hub.get(&server.base, &qr(other_order)).await.status(), 200);
    assert_eq!(hub.get(&server.base, &qr(shop_order)).await.status(), 200);
    assert_eq!(hub.get(&server.base, &qr(999_999)).await.status(), 404);
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
        "SELECT count(*) FROM orders o JOIN users u ON u.id = o.user_id WHERE u.email = 'habitant@maillon.test'",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!(orders, 1);
}
