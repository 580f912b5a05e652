//! The tables are checked against the code: every server function the binary serves, with
//! exactly the parameters of its signature, and every page and GET route.

use super::*;

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
    let listed: BTreeSet<String> = functions().map(|(name, _, _)| (*name).to_owned()).collect();
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
    for (name, _, fields) in functions() {
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
        for rest in text.split(".route(").skip(1) {
            let (expr, handler) = rest.split_once(", ").unwrap();
            let path = route_path(expr);
            if handler.starts_with("get(") && !OTHER_ROUTES.contains(&path.as_str()) {
                routes.insert(path);
            }
        }
    }
    let pages: BTreeSet<String> = PAGES.iter().map(|(p, _)| (*p).to_owned()).collect();
    assert_eq!(
        routes, pages,
        "add new pages and GET routes to PAGES with their parameters"
    );
}

/// The path a plain route is declared with: a literal, or an address of `maillon::paths`.
fn route_path(expr: &str) -> String {
    if let Some(literal) = expr.strip_prefix('"') {
        return literal.trim_end_matches('"').to_owned();
    }
    match expr {
        "maillon::paths::PHOTO_PATTERN" => maillon::paths::PHOTO_PATTERN.to_owned(),
        "maillon::paths::PURCHASE_ORDERS_CSV_PATTERN" => maillon::paths::PURCHASE_ORDERS_CSV_PATTERN.to_owned(),
        "maillon::paths::LABEL_QR_PATTERN" => maillon::paths::LABEL_QR_PATTERN.to_owned(),
        "maillon::paths::REGISTER_CSV" => maillon::paths::REGISTER_CSV.to_owned(),
        "maillon::paths::INVOICE_XML_PATTERN" => maillon::paths::INVOICE_XML_PATTERN.to_owned(),
        "maillon::paths::BATCH_XML_PATTERN" => maillon::paths::BATCH_XML_PATTERN.to_owned(),
        "maillon::paths::ACCOUNTS_CSV" => maillon::paths::ACCOUNTS_CSV.to_owned(),
        "maillon::paths::OPEN_DATA_CSV" => maillon::paths::OPEN_DATA_CSV.to_owned(),
        "maillon::paths::OPEN_DATA_JSON" => maillon::paths::OPEN_DATA_JSON.to_owned(),
        "maillon::paths::OPEN_DATA_FLOWS_CSV" => maillon::paths::OPEN_DATA_FLOWS_CSV.to_owned(),
        "OPENAPI" => "/v1/openapi.json".to_owned(),
        "CATALOGUE" => "/v1/catalogue".to_owned(),
        "CYCLES" => "/v1/cycles".to_owned(),
        "PICKUP_POINTS" => "/v1/points-de-retrait".to_owned(),
        "ENTERPRISES" => "/dfc/enterprises".to_owned(),
        "COOPERATIVE" => "/dfc/enterprises/cooperative".to_owned(),
        "ENTERPRISE" => "/dfc/enterprises/{producer}".to_owned(),
        "CATALOG" => "/dfc/enterprises/{producer}/catalog".to_owned(),
        "ENTERPRISE_PART" => "/dfc/enterprises/{producer}/{part}/{variant}".to_owned(),
        "SALE_SESSIONS" => "/dfc/sale-sessions".to_owned(),
        "SALE_SESSION" => "/dfc/sale-sessions/{cycle}".to_owned(),
        "SESSION_OFFER" => "/dfc/sale-sessions/{cycle}/offers/{variant}".to_owned(),
        "ORDERS" | "crate::paths::DFC_ORDERS" => "/dfc/orders".to_owned(),
        "ORDER" => "/dfc/orders/{order}".to_owned(),
        "ORDER_LINE" => "/dfc/orders/{order}/lines/{variant}".to_owned(),
        "&maillon::paths::export_csv()" => maillon::paths::export_csv(),
        "WEBHOOK_PATH" | "crate::paths::WEBHOOK_PATH" => maillon::paths::STRIPE_WEBHOOK.to_owned(),
        "PHOTO_UPLOAD" | "crate::paths::PHOTO_UPLOAD" => maillon::paths::PHOTO_UPLOAD.to_owned(),
        "IMPORT_UPLOAD" | "crate::paths::IMPORT_UPLOAD" => maillon::paths::IMPORT_UPLOAD.to_owned(),
        other => panic!("a route declared with {other}: teach route_path what path it names"),
    }
}
