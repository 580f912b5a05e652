//! Hostile input through the real server: every server function's every field and every page's
//! every query parameter (and path parameter) receive huge, negative, non-numeric, overlong and
//! control-character values, one field at a time. Nothing may answer 5xx, break the connection
//! or show the "something went wrong on our side" message: bad input gets a 4xx and a message.
//!
//! The tables below are checked against the code: every server function the binary serves must
//! be in FUNCTIONS with exactly the parameters of its signature (read from `app/src`), and every
//! page route of `app/src/lib.rs` and GET route of `server/src` must be in PAGES.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use maillon_test_support::TestDb;
use maillon_test_support::demo::DEMO_PASSWORD;
use maillon_test_support::server::Browser;

use crate::spawn;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Who {
    Anonymous,
    Resident,
    Shopkeeper,
    Producer,
    Board,
}

/// (server function, who calls it, every field with a value that gets past the other checks).
/// A nested field is written `outer[inner]` as the forms send it; only the outer name is checked
/// against the signature.
type Function = (&'static str, Who, &'static [(&'static str, &'static str)]);

const FUNCTIONS: &[Function] = &[
    ("whoami", Who::Anonymous, &[]),
    ("showcase", Who::Anonymous, &[]),
    ("set_locale", Who::Anonymous, &[("locale", "fr")]),
    (
        "sign_up",
        Who::Anonymous,
        &[
            ("email", "hostile-new@example.org"),
            ("password", "a long enough passphrase"),
            ("display_name", "Nouvel Habitant"),
        ],
    ),
    ("verify_email", Who::Anonymous, &[("token", "not-a-token")]),
    (
        "sign_in",
        Who::Anonymous,
        &[
            ("email", "nobody@example.org"),
            ("password", "wrong password!"),
            ("next", "/catalogue"),
        ],
    ),
    (
        "request_password_reset",
        Who::Anonymous,
        &[("email", "nobody@example.org")],
    ),
    (
        "reset_password",
        Who::Anonymous,
        &[("token", "not-a-token"), ("password", "a long enough passphrase")],
    ),
    (
        "change_password",
        Who::Resident,
        &[
            ("current_password", "not the password"),
            ("new_password", "a long enough passphrase"),
        ],
    ),
    ("cycle_notifications", Who::Resident, &[]),
    ("set_cycle_notifications", Who::Resident, &[("notify", "on")]),
    ("list_members", Who::Board, &[("query", "a"), ("page", "1")]),
    ("grant_role", Who::Board, &[("user_id", "USER"), ("role", "producer")]),
    ("revoke_role", Who::Board, &[("user_id", "USER"), ("role", "producer")]),
    (
        "catalogue",
        Who::Anonymous,
        &[
            ("query[category]", "Vegetables"),
            ("query[producer_id]", "FARM"),
            ("query[search]", "pate"),
            ("query[label]", "Organic"),
            ("query[page]", "1"),
            ("query[per_page]", "10"),
        ],
    ),
    ("product", Who::Anonymous, &[("id", "PRODUCT")]),
    ("producer", Who::Anonymous, &[("id", "FARM")]),
    ("my_catalogue", Who::Board, &[("producer", "FARM")]),
    ("product_for_edit", Who::Producer, &[("id", "PRODUCT")]),
    (
        "save_product",
        Who::Producer,
        &[
            ("producer", "FARM"),
            ("product_id", "PRODUCT"),
            ("name", "Poireaux"),
            ("description", "Des poireaux."),
            ("category", "legumes"),
            ("unit", "kg"),
            ("labels[0]", "ab"),
            ("active", "on"),
            ("variants[0][id]", "VARIANT"),
            ("variants[0][name]", "Botte"),
            ("variants[0][quantity]", "1000"),
            ("variants[0][retail_price]", "2,40"),
            ("variants[0][pro_price]", "2,00"),
            ("variants[0][case_size]", "10"),
            ("variants[0][vat]", "5,5"),
            ("variants[0][weight_grams]", "1000"),
            ("variants[0][stock_mode]", "finite"),
            ("variants[0][stock]", "40"),
            ("variants[0][cap]", ""),
            ("variants[0][active]", "on"),
        ],
    ),
    (
        "bulk_save",
        Who::Producer,
        &[
            ("producer", "FARM"),
            ("rows[0][variant_id]", "VARIANT"),
            ("rows[0][retail_price]", "2,40"),
            ("rows[0][stock]", "40"),
            ("rows[0][active]", "on"),
        ],
    ),
    (
        "import_preview",
        Who::Producer,
        &[("producer", "FARM"), ("id", "999999")],
    ),
    ("apply_import", Who::Producer, &[("producer", "FARM"), ("id", "999999")]),
    (
        "save_farm_profile",
        Who::Producer,
        &[
            ("profile[farm_name]", "Ferme du Vert Bocage"),
            ("profile[town]", "Wambrechies"),
            ("profile[address]", "12 chemin du Bocage"),
            ("profile[story]", "Une ferme."),
            ("profile[produce]", "Légumes"),
            ("profile[labels][0]", "ab"),
            ("profile[contact_email]", "ferme@example.org"),
            ("profile[phone]", "03 20 00 00 00"),
            ("profile[latitude]", "50.68"),
            ("profile[longitude]", "3.05"),
        ],
    ),
    ("shop_front", Who::Shopkeeper, &[("cycle", "CYCLE")]),
    (
        "add_to_cart",
        Who::Shopkeeper,
        &[
            ("cycle_id", "CYCLE"),
            ("variant_id", "VARIANT"),
            ("quantity", "CASE"),
            ("back", "/catalogue"),
        ],
    ),
    ("cart", Who::Shopkeeper, &[("cycle", "CYCLE")]),
    (
        "update_cart",
        Who::Shopkeeper,
        &[
            ("cycle_id", "CYCLE"),
            ("lines[0][variant_id]", "VARIANT"),
            ("lines[0][quantity]", "CASE"),
        ],
    ),
    (
        "checkout",
        Who::Resident,
        &[
            ("cycle_id", "CYCLE"),
            ("attempt", "hostile-attempt-0001"),
            ("slot", "SLOT"),
            ("address", "3 rue de la Paix"),
            ("postcode", "59000"),
            ("phone", "06 12 34 56 78"),
            ("payment", "pickup"),
        ],
    ),
    ("my_orders", Who::Resident, &[("page", "1")]),
    ("order", Who::Resident, &[("id", "ORDER")]),
    (
        "add_to_order",
        Who::Resident,
        &[("id", "ORDER"), ("variant_id", "VARIANT"), ("quantity", "1")],
    ),
    (
        "change_order",
        Who::Resident,
        &[
            ("id", "ORDER"),
            ("lines[0][variant_id]", "VARIANT"),
            ("lines[0][quantity]", "1"),
            ("slot", "SLOT"),
        ],
    ),
    ("cancel_order", Who::Resident, &[("id", "999999")]),
    ("order_again", Who::Resident, &[("id", "ORDER")]),
    ("pay_order", Who::Resident, &[("id", "ORDER")]),
    ("list_cycles", Who::Board, &[("page", "1")]),
    (
        "create_cycle",
        Who::Board,
        &[
            ("cycle[name]", "Cycle hostile"),
            ("cycle[opens_at]", "2031-01-05T08:00"),
            ("cycle[closes_at]", "2031-01-07T20:00"),
        ],
    ),
    ("cycle_detail", Who::Board, &[("id", "CYCLE")]),
    ("not_offered", Who::Board, &[("id", "CYCLE")]),
    (
        "offer_new_products",
        Who::Board,
        &[("id", "CYCLE"), ("variants[0]", "VARIANT")],
    ),
    (
        "update_cycle",
        Who::Board,
        &[
            ("id", "999999"),
            ("cycle[name]", "Cycle hostile"),
            ("cycle[opens_at]", "2031-01-05T08:00"),
            ("cycle[closes_at]", "2031-01-07T20:00"),
        ],
    ),
    ("cycle_action", Who::Board, &[("id", "999999"), ("action", "schedule")]),
    ("duplicate_cycle", Who::Board, &[("id", "CYCLE")]),
    (
        "add_producer_offers",
        Who::Board,
        &[("id", "CYCLE"), ("producer_id", "FARM")],
    ),
    (
        "save_offers",
        Who::Board,
        &[
            ("id", "CYCLE"),
            ("rows[0][variant_id]", "VARIANT"),
            ("rows[0][cap]", "100"),
            ("rows[0][retail_price]", "2,40"),
            ("rows[0][pro_price]", "2,00"),
            ("rows[0][remove]", ""),
        ],
    ),
    (
        "add_slot",
        Who::Board,
        &[
            ("id", "CYCLE"),
            ("slot[place]", "POINT"),
            ("slot[date]", "2031-01-09"),
            ("slot[starts]", "17:00"),
            ("slot[ends]", "19:00"),
            ("slot[capacity]", "20"),
        ],
    ),
    ("delete_slot", Who::Board, &[("slot_id", "999999")]),
    ("places", Who::Board, &[]),
    (
        "save_pickup_point",
        Who::Board,
        &[
            ("id", "999999"),
            ("point[name]", "Point hostile"),
            ("point[kind]", "shop"),
            ("point[address]", "1 rue du Test"),
            ("point[instructions]", "Au fond"),
            ("point[latitude]", "50.63"),
            ("point[longitude]", "3.06"),
        ],
    ),
    (
        "save_zone",
        Who::Board,
        &[
            ("id", "999999"),
            ("zone[name]", "Zone hostile"),
            ("zone[postcodes]", "59000, 59800"),
            ("zone[fee]", "3,50"),
            ("zone[minimum]", "20"),
            ("zone[latitude]", "50.63"),
            ("zone[longitude]", "3.06"),
        ],
    ),
    (
        "set_place_active",
        Who::Board,
        &[("place", "point-999999"), ("active", "true")],
    ),
    (
        "desk_orders",
        Who::Board,
        &[("cycle", "CYCLE"), ("q", "Martin"), ("page", "1")],
    ),
    (
        "record_collection",
        Who::Board,
        &[("order_id", "999999"), ("hand_over", "1"), ("paid", "on")],
    ),
    ("cycle_logistics", Who::Board, &[("id", "CYCLE")]),
    (
        "record_reception",
        Who::Board,
        &[
            ("cycle_id", "CYCLE"),
            ("lines[0][variant_id]", "VARIANT"),
            ("lines[0][received]", "3"),
            ("rule", "pro_rata"),
            ("confirm", "on"),
        ],
    ),
    ("complete_reception", Who::Board, &[("cycle_id", "999999")]),
    ("my_purchase_orders", Who::Producer, &[]),
    ("packing_lists", Who::Board, &[("id", "CYCLE")]),
    (
        "mark_basket_ready",
        Who::Board,
        &[("order_id", "999999"), ("ready", "true")],
    ),
    ("list_vehicles", Who::Board, &[]),
    (
        "save_vehicle",
        Who::Board,
        &[
            ("id", "999999"),
            ("vehicle[name]", "Vélo hostile"),
            ("vehicle[kind]", "cargo_bike"),
            ("vehicle[capacity_kg]", "100"),
            ("vehicle[capacity_litres]", "300"),
            ("vehicle[speed_kmh]", "15"),
            ("vehicle[shift_start]", "08:00"),
            ("vehicle[shift_end]", "12:00"),
            ("vehicle[max_trips]", "2"),
        ],
    ),
    (
        "set_vehicle_active",
        Who::Board,
        &[("id", "999999"), ("active", "true")],
    ),
    ("cycle_rounds", Who::Board, &[("id", "CYCLE")]),
    (
        "save_supplier",
        Who::Board,
        &[
            ("cycle_id", "CYCLE"),
            ("producer_id", "FARM"),
            ("mode", "drop_off"),
            ("drop_off_start", "2031-01-08T08:00"),
            ("drop_off_end", "2031-01-08T10:00"),
        ],
    ),
    (
        "plan_rounds",
        Who::Board,
        &[
            ("cycle_id", "CYCLE"),
            ("kind", "delivery"),
            ("day", "2031-01-09"),
            ("vehicles[999999]", "on"),
        ],
    ),
    (
        "move_stop",
        Who::Board,
        &[("stop_id", "999999"), ("round_id", "999999"), ("position", "1")],
    ),
    ("round_manifest", Who::Board, &[("id", "999999")]),
    (
        "place_delivery",
        Who::Board,
        &[("order_id", "999999"), ("latitude", "50.63"), ("longitude", "3.06")],
    ),
    (
        "mark_stop",
        Who::Board,
        &[
            ("stop_id", "999999"),
            ("status", "done"),
            ("note", "Laissé au voisin"),
            ("paid", "on"),
        ],
    ),
    ("get_settings", Who::Board, &[]),
    ("save_settings", Who::Board, &[("commission", "15")]),
    ("sign_out", Who::Anonymous, &[]),
];

/// Every page and plain GET route, with the query parameters it reads (and `__err`/`__path`,
/// which Leptos reads on every page to show a plain form's error). `:id`-like segments are
/// path parameters, filled with the hostile values too.
const PAGES: &[(&str, &[&str])] = &[
    ("/", &[]),
    ("/inscription", &[]),
    ("/inscription/envoye", &[]),
    ("/compte/verifier", &["token"]),
    ("/connexion", &["verified", "reset", "suite"]),
    ("/mot-de-passe/oubli", &[]),
    ("/mot-de-passe/envoye", &[]),
    ("/mot-de-passe/nouveau", &["token"]),
    ("/compte", &[]),
    ("/conseil/membres", &["q", "page"]),
    ("/conseil/reglages", &[]),
    (
        "/catalogue",
        &["categorie", "producteur", "q", "label", "page", "par_page"],
    ),
    ("/produits/:id", &[]),
    ("/producteurs/:id", &[]),
    ("/producteur", &["producteur", "photo_erreur", "photo"]),
    ("/producteur/profil", &[]),
    ("/producteur/produits/nouveau", &["producteur"]),
    (
        "/producteur/produits/:id",
        &["producteur", "enregistre", "photo_erreur"],
    ),
    ("/producteur/edition", &["producteur"]),
    ("/producteur/import", &["producteur", "erreur"]),
    ("/producteur/import/:id", &["producteur"]),
    ("/boutique", &["cycle", "ajoute"]),
    ("/panier", &["cycle"]),
    ("/commandes", &["page"]),
    ("/commandes/:id", &["confirmee", "paiement"]),
    ("/hub/cycles", &["page"]),
    ("/hub/cycles/:id", &["copie"]),
    ("/hub/lieux", &[]),
    ("/hub/cycles/:id/bons", &[]),
    ("/hub/cycles/:id/preparation", &["par"]),
    ("/hub/cycles/:id/tournees", &[]),
    ("/hub/tournees/:id", &[]),
    ("/hub/vehicules", &[]),
    ("/producteur/bons", &[]),
    ("/retrait", &["cycle", "q", "page"]),
    ("/photos/{id}/{width}", &[]),
    ("/producteur/export.csv", &["producteur"]),
    ("/hub/cycles/{id}/bons.csv", &[]),
    ("/hub/etiquettes/{id}/qr.svg", &[]),
];

/// GET routes of `server/src` that are not pages or data for the tests above.
const OTHER_ROUTES: [&str; 2] = ["/healthz", "/api/{*fn_name}"];

fn hostile_values() -> Vec<String> {
    let mut values: Vec<String> = [
        "",
        "0",
        "-1",
        "-9223372036854775808",
        "9223372036854775807",
        "99999999999999999999999",
        "100000000",
        "4294967296",
        "1e308",
        "NaN",
        "abc",
        "\u{0}\u{1b}[2J\r\n\t",
        "=cmd|'/c calc'!A0",
        "%",
        "../../etc/passwd",
        "true",
    ]
    .iter()
    .map(|v| (*v).to_owned())
    .collect();
    values.push("é".repeat(3000));
    values
}

/// Fewer values for pages: each is a whole server-side render.
fn hostile_page_values() -> Vec<String> {
    let mut values: Vec<String> = [
        "-1",
        "99999999999999999999999",
        "100000000",
        "abc",
        "\u{0}\r\n",
        "%",
        "=1+1",
    ]
    .iter()
    .map(|v| (*v).to_owned())
    .collect();
    values.push("x".repeat(3000));
    values
}

const CSV: &str = "produit;categorie;unite;declinaison;quantite;prix;tva;stock_mode;stock;actif\n\
                   Carottes;legumes;kg;;1000;2,40;5,5;fini;30;oui\n";

fn small_png() -> Vec<u8> {
    let img = image::RgbImage::from_pixel(40, 30, image::Rgb([90, 140, 60]));
    let mut out = std::io::Cursor::new(Vec::new());
    image::DynamicImage::ImageRgb8(img)
        .write_to(&mut out, image::ImageFormat::Png)
        .unwrap();
    out.into_inner()
}

fn source(path: &str) -> String {
    std::fs::read_to_string(format!("{}/../{path}", env!("CARGO_MANIFEST_DIR"))).unwrap()
}

fn app_sources() -> Vec<String> {
    let root = format!("{}/../app/src", env!("CARGO_MANIFEST_DIR"));
    let mut files = vec![format!("{root}/lib.rs")];
    let mut pages: Vec<String> = std::fs::read_dir(format!("{root}/pages"))
        .unwrap()
        .map(|e| e.unwrap().path().display().to_string())
        .collect();
    pages.sort();
    files.extend(pages);
    files.iter().map(|f| std::fs::read_to_string(f).unwrap()).collect()
}

/// The parameters of every `#[server(endpoint = "…")]` function, read from its signature
/// (`csrf` aside: every form has it).
fn server_fn_signatures() -> BTreeMap<String, BTreeSet<String>> {
    let mut out = BTreeMap::new();
    for text in app_sources() {
        let mut rest = text.as_str();
        while let Some(at) = rest.find("#[server(endpoint = \"") {
            rest = &rest[at + "#[server(endpoint = \"".len()..];
            let name = rest[..rest.find('"').unwrap()].to_owned();
            let fn_at = rest.find("fn ").unwrap();
            let open = fn_at + rest[fn_at..].find('(').unwrap();
            let mut depth = 0;
            let mut params = String::new();
            for c in rest[open..].chars() {
                match c {
                    '(' | '<' | '[' => depth += 1,
                    ')' | '>' | ']' => depth -= 1,
                    _ => {}
                }
                if depth == 0 {
                    break;
                }
                params.push(c);
            }
            let mut names = BTreeSet::new();
            let mut depth = 0;
            let mut current = String::new();
            for c in params[1..].chars().chain(std::iter::once(',')) {
                match c {
                    '(' | '<' | '[' => depth += 1,
                    ')' | '>' | ']' => depth -= 1,
                    _ => {}
                }
                if c == ',' && depth == 0 {
                    let param = current.trim().to_owned();
                    // Drop attributes such as `#[server(default)]`.
                    let param = match param.rfind(']') {
                        Some(end) if param.starts_with('#') => param[end + 1..].trim().to_owned(),
                        _ => param,
                    };
                    if let Some((name, _)) = param.split_once(':') {
                        let name = name.trim().to_owned();
                        if name != "csrf" {
                            names.insert(name);
                        }
                    }
                    current.clear();
                } else {
                    current.push(c);
                }
            }
            out.insert(name, names);
        }
    }
    out
}

#[test]
fn the_tables_cover_every_server_function_field_and_every_page() {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_maillon"))
        .arg("server-fns")
        .output()
        .unwrap();
    let served: BTreeSet<String> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .filter_map(|l| l.split_once(" /api/").map(|(_, name)| name.to_owned()))
        .collect();
    let listed: BTreeSet<String> = FUNCTIONS.iter().map(|(name, _, _)| (*name).to_owned()).collect();
    assert_eq!(
        served, listed,
        "add new server functions to FUNCTIONS with all their fields"
    );

    let signatures = server_fn_signatures();
    assert_eq!(
        signatures.keys().cloned().collect::<BTreeSet<_>>(),
        served,
        "every served function is found in app/src"
    );
    for (name, _, fields) in FUNCTIONS {
        let outer: BTreeSet<String> = fields
            .iter()
            .map(|(f, _)| f.split('[').next().unwrap().to_owned())
            .collect();
        assert_eq!(&outer, &signatures[*name], "the fields of {name}");
    }

    let lib = source("app/src/lib.rs");
    let mut routes: BTreeSet<String> = lib
        .split("path!(\"")
        .skip(1)
        .map(|rest| rest[..rest.find('"').unwrap()].to_owned())
        .collect();
    for file in std::fs::read_dir(format!("{}/src", env!("CARGO_MANIFEST_DIR"))).unwrap() {
        let text = std::fs::read_to_string(file.unwrap().path()).unwrap();
        for rest in text.split(".route(\"").skip(1) {
            let (path, handler) = rest.split_once('"').unwrap();
            if handler.trim_start_matches(", ").starts_with("get(") && !OTHER_ROUTES.contains(&path) {
                routes.insert(path.to_owned());
            }
        }
    }
    let pages: BTreeSet<String> = PAGES.iter().map(|(p, _)| (*p).to_owned()).collect();
    assert_eq!(
        routes, pages,
        "add new pages and GET routes to PAGES with their parameters"
    );
}

struct Ids(BTreeMap<&'static str, String>);

impl Ids {
    async fn of_demo(pool: &sqlx::PgPool) -> Ids {
        let one = |sql: &'static str| async move {
            let id: i64 = sqlx::query_scalar(sql).fetch_one(pool).await.unwrap();
            id.to_string()
        };
        let mut ids = BTreeMap::new();
        ids.insert(
            "USER",
            one("SELECT id FROM users WHERE email = 'jules.denis@maillon.test'").await,
        );
        ids.insert(
            "FARM",
            one("SELECT p.id FROM producers p JOIN users u ON u.id = p.user_id WHERE u.email = 'producteur@maillon.test'")
                .await,
        );
        ids.insert(
            "PRODUCT",
            one("SELECT min(p.id) FROM products p JOIN producers f ON f.id = p.producer_id JOIN users u ON u.id = f.user_id
                 WHERE u.email = 'producteur@maillon.test'")
            .await,
        );
        ids.insert(
            "CYCLE",
            one("SELECT min(id) FROM order_cycles WHERE status = 'open'").await,
        );
        ids.insert(
            "VARIANT",
            one("SELECT min(o.variant_id) FROM cycle_offers o JOIN order_cycles c ON c.id = o.cycle_id WHERE c.status = 'open'")
                .await,
        );
        ids.insert(
            "CASE",
            one(
                "SELECT v.case_size::bigint FROM variants v WHERE v.id = (SELECT min(o.variant_id) FROM cycle_offers o
                 JOIN order_cycles c ON c.id = o.cycle_id WHERE c.status = 'open')",
            )
            .await,
        );
        ids.insert(
            "SLOT",
            one("SELECT min(s.id) FROM slots s JOIN order_cycles c ON c.id = s.cycle_id WHERE c.status = 'open'").await,
        );
        ids.insert(
            "ORDER",
            one("SELECT min(o.id) FROM orders o JOIN users u ON u.id = o.user_id WHERE u.email = 'hugo.bernard@maillon.test'")
                .await,
        );
        ids.insert(
            "POINT",
            format!("point-{}", one("SELECT min(id) FROM pickup_points").await),
        );
        ids.insert("PHOTO", "1".to_owned());
        Ids(ids)
    }

    fn fill(&self, value: &str) -> String {
        self.0.get(value).cloned().unwrap_or_else(|| value.to_owned())
    }
}

fn encode(pairs: &[(String, String)]) -> String {
    let mut query = form_urlencoded::Serializer::new(String::new());
    for (k, v) in pairs {
        query.append_pair(k, v);
    }
    query.finish()
}

fn segment(value: &str) -> String {
    form_urlencoded::byte_serialize(value.as_bytes()).collect()
}

/// One request's outcome, judged: a 5xx, a broken connection or the internal-error message fail.
fn judge(what: &str, outcome: Result<(u16, String), String>, failures: &mut Vec<String>) {
    match outcome {
        Err(e) => failures.push(format!("{what}: no answer ({e})")),
        Ok((status, body)) => {
            let internal = body.contains("\"Internal\"") || body.contains("Une erreur est survenue de notre côté");
            if status >= 500 || internal {
                let excerpt: String = body.chars().take(200).collect();
                failures.push(format!("{what}: {status} {excerpt}"));
            }
        }
    }
}

async fn send(request: reqwest::RequestBuilder) -> Result<(u16, String), String> {
    let response = request.send().await.map_err(|e| e.to_string())?;
    let status = response.status().as_u16();
    Ok((status, response.text().await.unwrap_or_default()))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn hostile_input_never_gets_a_server_error() {
    let test_db = TestDb::empty().await;
    let db = test_db.url.clone();
    let server = spawn(&db, &[]).await;
    let pool = sqlx::PgPool::connect(&db).await.unwrap();
    let ids = Arc::new(Ids::of_demo(&pool).await);

    let mut browsers = BTreeMap::new();
    for (who, email) in [
        (Who::Anonymous, None),
        // A resident with an order in the open cycle, so that order functions reach it.
        (Who::Resident, Some("hugo.bernard@maillon.test")),
        (Who::Shopkeeper, Some("commerce@maillon.test")),
        (Who::Producer, Some("producteur@maillon.test")),
        (Who::Board, Some("conseil@maillon.test")),
    ] {
        let browser = Browser::open(&server).await;
        if let Some(email) = email {
            let signed_in = browser.sign_in(&server.base, email, DEMO_PASSWORD).await;
            assert!(signed_in.status().as_u16() < 400, "{email} signs in");
        }
        browsers.insert(who, Arc::new(browser));
    }

    let values = hostile_values();
    let sources = app_sources();
    let is_get = |name: &str| {
        let needle = format!("#[server(endpoint = \"{name}\", input = leptos::server_fn::codec::GetUrl)]");
        sources.iter().any(|s| s.contains(&needle))
    };
    let mut jobs: Vec<(String, reqwest::RequestBuilder)> = Vec::new();
    for (name, who, fields) in FUNCTIONS {
        let browser = &browsers[who];
        let get = is_get(name);
        for (i, (field, _)) in fields.iter().enumerate() {
            for value in &values {
                let mut args: Vec<(String, String)> =
                    fields.iter().map(|(k, v)| ((*k).to_owned(), ids.fill(v))).collect();
                args[i].1 = value.clone();
                let url = format!("{}/api/{name}", server.base);
                let request = if get {
                    browser.http.get(format!("{url}?{}", encode(&args)))
                } else {
                    let mut form = vec![("csrf".to_owned(), browser.csrf.clone())];
                    form.extend(args);
                    browser
                        .http
                        .post(url)
                        .header("content-type", "application/x-www-form-urlencoded")
                        .body(encode(&form))
                };
                jobs.push((format!("{name} {field}={value:?} as {who:?}"), request));
            }
        }
    }
    let page_values = hostile_page_values();
    for (path, params) in PAGES {
        for who in [Who::Anonymous, Who::Producer, Who::Board] {
            let browser = &browsers[&who];
            let segments = path.matches(':').count() + path.matches('{').count();
            let fill_path = |value: &str| -> String {
                path.split('/')
                    .map(|s| {
                        if s.starts_with(':') || s.starts_with('{') {
                            segment(value)
                        } else {
                            s.to_owned()
                        }
                    })
                    .collect::<Vec<_>>()
                    .join("/")
            };
            let plain = fill_path(&ids.fill("PRODUCT"));
            for value in &page_values {
                if segments > 0 {
                    let url = format!("{}{}", server.base, fill_path(value));
                    jobs.push((format!("GET {url:.120} as {who:?}"), browser.http.get(url)));
                }
                for param in params.iter().copied().chain(["__err", "__path"]) {
                    let query = encode(&[(param.to_owned(), value.clone())]);
                    let url = format!("{}{plain}?{query}", server.base);
                    jobs.push((format!("GET {url:.120} as {who:?}"), browser.http.get(url)));
                }
            }
        }
    }

    // The multipart uploads (plain forms, so that they work without JavaScript).
    let png = small_png();
    for who in [Who::Producer, Who::Board] {
        let browser = &browsers[&who];
        let photo_fields = [
            ("target", "product".to_owned()),
            ("target_id", ids.fill("PRODUCT")),
            ("back", "/producteur".to_owned()),
        ];
        for html in [false, true] {
            for i in 0..=photo_fields.len() {
                for value in &values {
                    let mut form = reqwest::multipart::Form::new().text("csrf", browser.csrf.clone());
                    for (j, (k, v)) in photo_fields.iter().enumerate() {
                        form = form.text(*k, if i == j { value.clone() } else { v.clone() });
                    }
                    // Past the last field, the file itself is hostile.
                    let file = if i == photo_fields.len() {
                        value.clone().into_bytes()
                    } else {
                        png.clone()
                    };
                    form = form.part("photo", reqwest::multipart::Part::bytes(file).file_name("p.png"));
                    let field = photo_fields.get(i).map_or("photo", |f| f.0);
                    let mut request = browser
                        .http
                        .post(format!("{}/producteur/photos", server.base))
                        .multipart(form);
                    if html {
                        request = request.header("accept", "text/html");
                    }
                    jobs.push((
                        format!("upload photo {field}={value:.40?} as {who:?} html={html}"),
                        request,
                    ));
                }
            }
            for (field, value) in values
                .iter()
                .map(|v| ("producer", v))
                .chain(values.iter().map(|v| ("file", v)))
            {
                let (producer, content) = match field {
                    "producer" => (value.clone(), CSV.to_owned()),
                    _ => (ids.fill("FARM"), value.clone()),
                };
                let form = reqwest::multipart::Form::new()
                    .text("csrf", browser.csrf.clone())
                    .text("producer", producer)
                    .part(
                        "file",
                        reqwest::multipart::Part::bytes(content.into_bytes()).file_name("c.csv"),
                    );
                let mut request = browser
                    .http
                    .post(format!("{}/producteur/import/fichier", server.base))
                    .multipart(form);
                if html {
                    request = request.header("accept", "text/html");
                }
                jobs.push((
                    format!("upload CSV {field}={value:.40?} as {who:?} html={html}"),
                    request,
                ));
            }
        }
    }

    let total = jobs.len();
    let limit = Arc::new(tokio::sync::Semaphore::new(4));
    let mut tasks = tokio::task::JoinSet::new();
    for (what, request) in jobs {
        let permit = limit.clone().acquire_owned().await.unwrap();
        tasks.spawn(async move {
            let outcome = send(request).await;
            drop(permit);
            (what, outcome)
        });
    }
    let mut failures = Vec::new();
    while let Some(done) = tasks.join_next().await {
        let (what, outcome) = done.unwrap();
        judge(&what, outcome, &mut failures);
    }
    failures.sort();
    assert!(
        failures.is_empty(),
        "{} of {total} hostile requests failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// A PNG of 10,000 × 10,000 black pixels at one bit a pixel: a small file, a huge picture.
fn image_bomb() -> Vec<u8> {
    let side = 10_000u32;
    let mut out = Vec::new();
    let mut encoder = png::Encoder::new(&mut out, side, side);
    encoder.set_color(png::ColorType::Grayscale);
    encoder.set_depth(png::BitDepth::One);
    encoder.set_compression(png::Compression::Fast);
    let mut writer = encoder.write_header().unwrap();
    writer
        .write_image_data(&vec![0u8; (side as usize).div_ceil(8) * side as usize])
        .unwrap();
    writer.finish().unwrap();
    out
}

async fn upload(
    browser: &Browser,
    base: &str,
    path: &str,
    fields: &[(&str, String)],
    file: (&str, Vec<u8>),
) -> (u16, String) {
    let mut form = reqwest::multipart::Form::new().text("csrf", browser.csrf.clone());
    for (k, v) in fields {
        form = form.text(k.to_string(), v.clone());
    }
    form = form.part(
        file.0.to_owned(),
        reqwest::multipart::Part::bytes(file.1).file_name("upload"),
    );
    let response = browser
        .http
        .post(format!("{base}{path}"))
        .multipart(form)
        .send()
        .await
        .unwrap();
    (response.status().as_u16(), response.text().await.unwrap())
}

/// The items of issue 12 one by one: each bad input gets its 4xx and its message.
#[tokio::test]
async fn bad_input_gets_the_right_status_and_a_message() {
    let test_db = TestDb::empty().await;
    let db = test_db.url.clone();
    let server = spawn(&db, &[]).await;
    let pool = sqlx::PgPool::connect(&db).await.unwrap();
    let ids = Ids::of_demo(&pool).await;
    let anonymous = Browser::open(&server).await;

    // An error built by hand in a server function keeps its status.
    let response = anonymous.post(&server.base, "set_locale", &[("locale", "xx")]).await;
    assert_eq!(response.status(), 400);
    assert!(response.text().await.unwrap().contains("BadRequest"));
    // Page numbers beyond any list, and NUL characters.
    for path in [
        "/catalogue?page=100000000",
        "/api/catalogue?query[page]=4294967295&query[per_page]=4294967295&query[search]=",
    ] {
        assert_eq!(anonymous.get(&server.base, path).await.status(), 200, "{path}");
    }
    let nul = anonymous.get(&server.base, "/catalogue?q=a%00b").await;
    assert_eq!(nul.status(), 400);
    assert!(
        nul.text()
            .await
            .unwrap()
            .contains("La demande n'a pas pu être comprise")
    );

    let shopkeeper = Browser::open(&server).await;
    shopkeeper
        .sign_in(&server.base, "commerce@maillon.test", DEMO_PASSWORD)
        .await;
    let huge = shopkeeper
        .post(
            &server.base,
            "add_to_cart",
            &[
                ("cycle_id", &ids.fill("CYCLE")),
                ("variant_id", &ids.fill("VARIANT")),
                ("quantity", "9223372036854775807"),
            ],
        )
        .await;
    assert_eq!(huge.status(), 422);
    assert!(huge.text().await.unwrap().contains("ErrOrderQuantity"));

    let producer = Browser::open(&server).await;
    producer
        .sign_in(&server.base, "producteur@maillon.test", DEMO_PASSWORD)
        .await;
    let too_long = "a".repeat(maillon::catalogue::csv::MAX_IMPORT_CHARS + 1).into_bytes();
    let (status, body) = upload(
        &producer,
        &server.base,
        "/producteur/import/fichier",
        &[],
        ("file", too_long),
    )
    .await;
    assert_eq!(
        (status, body.contains("2 millions de caractères")),
        (422, true),
        "{body}"
    );

    let started = std::time::Instant::now();
    let target = [("target", "product".to_owned()), ("target_id", ids.fill("PRODUCT"))];
    let (status, body) = upload(
        &producer,
        &server.base,
        "/producteur/photos",
        &target,
        ("photo", image_bomb()),
    )
    .await;
    assert_eq!((status, body.contains("40 millions de pixels")), (422, true), "{body}");
    assert!(
        started.elapsed() < std::time::Duration::from_secs(10),
        "an image bomb is refused at once, not decoded ({:?})",
        started.elapsed()
    );
    for (target_id, expected) in [("abc", 400), ("", 400), ("999999", 404), ("-1", 404)] {
        let fields = [("target", "producer".to_owned()), ("target_id", target_id.to_owned())];
        let (status, _) = upload(
            &producer,
            &server.base,
            "/producteur/photos",
            &fields,
            ("photo", small_png()),
        )
        .await;
        assert_eq!(status, expected, "target_id={target_id:?}");
    }
}
