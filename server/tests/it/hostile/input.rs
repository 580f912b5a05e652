//! Every field of every server function and every parameter of every page, one hostile value
//! at a time: never a server error.

use super::*;

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
    for (name, who, fields) in functions() {
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
