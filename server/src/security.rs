//! Per-request protections: the reader's language, a CSP nonce, the anti-CSRF token and its
//! check on every state-changing request, the client's address, and security headers.
//!
//! CSRF: a random token lives in an HttpOnly cookie and is rendered into every page; a POST
//! must carry the same value as the `csrf` form field (plain forms and server functions, whose
//! forms all include it) or the `x-csrf-token` header. On top of that, requests that a browser
//! marks as cross-site (`Sec-Fetch-Site`, `Origin`) are refused outright.
//!
//! Text with a NUL character (`%00`) is refused with a 400 before anything reads it: no form
//! field holds one, and PostgreSQL cannot store one.

use std::net::SocketAddr;
use std::sync::Arc;

use axum::body::{Body, to_bytes};
use axum::extract::{ConnectInfo, Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use maillon::i18n::{Locale, Msg};
use rand::RngCore as _;

use app::ssr::RequestInfo;

use crate::http_error::HttpError;

pub const CSRF_COOKIE: &str = "maillon_csrf";
pub const LANG_COOKIE: &str = "maillon_lang";
const MAX_FORM_BYTES: usize = 1024 * 1024;

#[derive(Clone, Debug)]
pub struct SecurityConfig {
    /// Served over HTTPS (directly or behind a proxy): cookies get `Secure`, HSTS is sent.
    pub tls: bool,
    /// Take the client address from `X-Forwarded-For` (only behind a trusted proxy).
    pub trust_proxy: bool,
    /// Extra `connect-src` for the development live-reload socket.
    pub dev_reload: Option<String>,
}

fn random_b64(bytes: usize) -> String {
    let mut buf = vec![0u8; bytes];
    rand::rngs::OsRng.fill_bytes(&mut buf);
    URL_SAFE_NO_PAD.encode(buf)
}

pub fn cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.to_owned())
}

fn client_ip(req: &Request, trust_proxy: bool) -> String {
    let forwarded = trust_proxy
        .then(|| {
            req.headers()
                .get("x-forwarded-for")?
                .to_str()
                .ok()?
                .rsplit(',')
                .next()
                .map(|s| s.trim().to_owned())
        })
        .flatten();
    forwarded
        .or_else(|| {
            req.extensions()
                .get::<ConnectInfo<SocketAddr>>()
                .map(|c| c.0.ip().to_string())
        })
        .unwrap_or_else(|| "unknown".into())
}

/// A browser tells us when a request comes from another site; such a request never changes
/// anything here.
fn is_cross_site(headers: &HeaderMap) -> bool {
    if let Some(site) = headers.get("sec-fetch-site").and_then(|v| v.to_str().ok()) {
        return !matches!(site, "same-origin" | "none");
    }
    match (
        headers.get(header::ORIGIN).and_then(|v| v.to_str().ok()),
        headers.get(header::HOST).and_then(|v| v.to_str().ok()),
    ) {
        (Some("null"), _) => true,
        (Some(origin), Some(host)) => origin.split_once("://").map(|(_, h)| h) != Some(host),
        _ => false,
    }
}

/// The token as written into a page: a fresh random pad followed by the token XOR the pad,
/// so that no two responses carry the same bytes. Pages are compressed, and a secret that
/// repeats unchanged in a compressed body next to text an attacker can inject (a search
/// query) can be guessed from the compressed sizes (BREACH); a masked token cannot.
pub fn mask_token(token: &str) -> String {
    let token = token.as_bytes();
    let mut pad = vec![0u8; token.len()];
    rand::rngs::OsRng.fill_bytes(&mut pad);
    let masked: Vec<u8> = pad.iter().zip(token).map(|(p, t)| p ^ t).collect();
    pad.extend_from_slice(&masked);
    URL_SAFE_NO_PAD.encode(pad)
}

fn unmask_token(given: &str) -> Option<Vec<u8>> {
    let bytes = URL_SAFE_NO_PAD.decode(given).ok()?;
    if bytes.is_empty() || bytes.len() % 2 != 0 {
        return None;
    }
    let (pad, masked) = bytes.split_at(bytes.len() / 2);
    Some(pad.iter().zip(masked).map(|(p, m)| p ^ m).collect())
}

/// Whether a submitted token (masked as pages carry it, or the cookie's value itself) is the
/// one of the cookie.
pub fn csrf_matches(expected: &str, given: &str) -> bool {
    let expected = expected.as_bytes();
    maillon::secret::constant_time_eq(expected, given.as_bytes())
        || unmask_token(given).is_some_and(|t| maillon::secret::constant_time_eq(expected, &t))
}

fn tokens_match(expected: &str, given: Option<&str>) -> bool {
    given.is_some_and(|g| csrf_matches(expected, g))
}

fn refuse(locale: Locale) -> HttpError {
    HttpError::forbidden().saying(Msg::ErrCsrf).in_locale(locale)
}

fn too_large(locale: Locale) -> HttpError {
    HttpError::too_large().saying(Msg::ErrFormTooLarge).in_locale(locale)
}

/// Checks the anti-CSRF token of a state-changing request, reading a form body if needed and
/// handing it on unchanged.
async fn check_csrf(req: Request, expected: Option<&str>, locale: Locale) -> Result<Request, HttpError> {
    if matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS) {
        return Ok(req);
    }
    // Stripe signs its webhook calls; their handler checks the signature instead.
    if req.uri().path() == crate::paths::WEBHOOK_PATH {
        return Ok(req);
    }
    // A platform's orders: its bearer token is the only credential that handler reads.
    if req.uri().path() == crate::paths::DFC_ORDERS {
        return Ok(req);
    }
    if is_cross_site(req.headers()) {
        return Err(refuse(locale));
    }
    let Some(expected) = expected else {
        return Err(refuse(locale));
    };
    let header_token = req.headers().get("x-csrf-token").and_then(|v| v.to_str().ok());
    if tokens_match(expected, header_token) {
        return Ok(req);
    }
    // Uploads carry the token as a field of their multipart body; their handlers check it.
    let is_multipart = content_type_is(&req, "multipart/form-data");
    if is_multipart && crate::paths::MULTIPART_PATHS.contains(&req.uri().path()) {
        return Ok(req);
    }
    let is_form = content_type_is(&req, "application/x-www-form-urlencoded");
    if !is_form {
        return Err(refuse(locale));
    }
    let (parts, body) = req.into_parts();
    let bytes = to_bytes(body, MAX_FORM_BYTES).await.map_err(|_| too_large(locale))?;
    let field = form_urlencoded::parse(&bytes)
        .find(|(k, _)| k == "csrf")
        .map(|(_, v)| v.into_owned());
    if !tokens_match(expected, field.as_deref()) {
        return Err(refuse(locale));
    }
    Ok(Request::from_parts(parts, Body::from(bytes)))
}

fn has_nul(urlencoded: &[u8]) -> bool {
    form_urlencoded::parse(urlencoded).any(|(k, v)| k.contains('\0') || v.contains('\0'))
}

/// Refuses a query string or form body carrying a NUL character, handing the request on
/// unchanged otherwise.
async fn refuse_nul(req: Request, locale: Locale) -> Result<Request, HttpError> {
    let bad = || HttpError::bad_request().saying(Msg::ErrBadRequest).in_locale(locale);
    if req.uri().query().is_some_and(|q| has_nul(q.as_bytes())) {
        return Err(bad());
    }
    let is_form = content_type_is(&req, "application/x-www-form-urlencoded");
    if !is_form {
        return Ok(req);
    }
    let (parts, body) = req.into_parts();
    let bytes = to_bytes(body, MAX_FORM_BYTES).await.map_err(|_| too_large(locale))?;
    if has_nul(&bytes) {
        return Err(bad());
    }
    Ok(Request::from_parts(parts, Body::from(bytes)))
}

pub async fn protect(State(config): State<Arc<SecurityConfig>>, mut req: Request, next: Next) -> Response {
    let chosen_locale = cookie(req.headers(), LANG_COOKIE).and_then(|l| Locale::parse(&l));
    let locale = chosen_locale.unwrap_or_default();
    req = match refuse_nul(req, locale).await {
        Ok(r) => r,
        Err(e) => return with_headers(e.into_response(), &config, None, None),
    };
    let existing_csrf = cookie(req.headers(), CSRF_COOKIE).filter(|t| t.len() >= 32);
    let req_checked = match check_csrf(req, existing_csrf.as_deref(), locale).await {
        Ok(r) => r,
        Err(e) => return with_headers(e.into_response(), &config, None, None),
    };
    req = req_checked;
    let new_csrf = existing_csrf.is_none().then(|| random_b64(32));
    let csrf_token = existing_csrf.or_else(|| new_csrf.clone()).unwrap_or_default();
    let nonce = random_b64(16);
    let info = RequestInfo {
        locale,
        chosen_locale,
        csrf_token: mask_token(&csrf_token),
        nonce: nonce.clone(),
        client_ip: client_ip(&req, config.trust_proxy),
    };
    req.extensions_mut().insert(info);
    let response = next.run(req).await;
    with_headers(response, &config, Some(&nonce), new_csrf.as_deref())
}

fn with_headers(
    mut response: Response,
    config: &SecurityConfig,
    nonce: Option<&str>,
    new_csrf: Option<&str>,
) -> Response {
    let headers = response.headers_mut();
    if let Some(token) = new_csrf {
        let secure = if config.tls { "; Secure" } else { "" };
        let value = format!("{CSRF_COOKIE}={token}; Path=/; HttpOnly; SameSite=Lax{secure}");
        if let Ok(v) = HeaderValue::from_str(&value) {
            headers.append(header::SET_COOKIE, v);
        }
    }
    let script_src = match nonce {
        Some(n) => format!("'nonce-{n}' 'strict-dynamic' 'wasm-unsafe-eval'"),
        None => "'none'".to_owned(),
    };
    let connect = config
        .dev_reload
        .as_deref()
        .map(|r| format!(" {r}"))
        .unwrap_or_default();
    let csp = format!(
        "default-src 'self'; script-src {script_src}; style-src 'self'; img-src 'self' data: blob:; font-src 'self'; \
         connect-src 'self'{connect}; frame-ancestors 'none'; base-uri 'none'; form-action 'self'; object-src 'none'"
    );
    let mut set = |name: &'static str, value: &str| {
        if let Ok(v) = HeaderValue::from_str(value) {
            headers.insert(name, v);
        }
    };
    set("content-security-policy", &csp);
    set("x-content-type-options", "nosniff");
    set("x-frame-options", "DENY");
    // Same-origin keeps the Referer that plain form posts are redirected back to.
    set("referrer-policy", "same-origin");
    set("cross-origin-opener-policy", "same-origin");
    set("permissions-policy", "geolocation=(), microphone=(), payment=()");
    if config.tls {
        set("strict-transport-security", "max-age=63072000; includeSubDomains");
    }
    response
}

/// What a failing server function answers. A plain form post (no script: no JavaScript, or a
/// page without islands) to a server function is answered by Leptos with a redirect back to the
/// form's page. This puts what happened in that address, the way Leptos reads an error
/// (`__path` and `__err`), and a success likewise (`__path` and `__ok`, the function's JSON
/// result), so that the page's server action shows the error, and `components::outcome` the
/// success, as if the form had been sent by script. Any previous outcome is dropped from the
/// address. Any other caller gets the status the error calls for (`AppError::status`), however
/// the error was built: server functions answer 500 unless told otherwise, so a 400 or 404
/// built without setting its status would otherwise reach the client as a server fault.
///
/// A form may name where on its page the outcome is shown (a hidden `__anchor` field, see
/// `components::BackTo`): the address then ends with that fragment, so a long page comes back
/// scrolled to the message rather than to its top.
pub async fn form_errors_back(req: Request, next: Next) -> Response {
    let is_api = req.uri().path().starts_with("/api/");
    let is_post = req.method() == Method::POST;
    let fn_path = req.uri().path().to_owned();
    let referer = req.headers().get(header::REFERER).cloned();
    let (req, anchor) = if is_api && is_post {
        match form_anchor(req).await {
            Ok(found) => found,
            Err(e) => return e.into_response(),
        }
    } else {
        (req, None)
    };
    let host = req
        .headers()
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .map(str::to_owned);
    let response = next.run(req).await;
    if !is_api {
        return response;
    }
    let failed = response.headers().contains_key("serverfnerror");
    let location = response
        .headers()
        .get(header::LOCATION)
        .and_then(|l| l.to_str().ok())
        .map(str::to_owned);
    match location {
        Some(location) if is_post => {
            back_to_form(
                response,
                &location,
                &fn_path,
                referer.as_ref(),
                host.as_deref(),
                failed,
                anchor.as_deref(),
            )
            .await
        }
        _ if failed && response.status() == StatusCode::INTERNAL_SERVER_ERROR => with_error_status(response).await,
        _ => response,
    }
}

async fn back_to_form(
    response: Response,
    location: &str,
    fn_path: &str,
    referer: Option<&HeaderValue>,
    host: Option<&str>,
    failed: bool,
    anchor: Option<&str>,
) -> Response {
    // Leptos sends a plain form back to its page (the Referer, less any previous `__err`); a
    // success the function redirected elsewhere itself says what happened there.
    let before_query = |url: &str| url.split(['?', '#']).next().unwrap_or_default().to_owned();
    let sent_back = referer
        .and_then(|r| r.to_str().ok())
        .is_some_and(|r| before_query(r) == before_query(location));
    let succeeded_back = sent_back && response.status().is_redirection();
    if !(failed || succeeded_back) {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let Ok(bytes) = to_bytes(body, 64 * 1024).await else {
        return Response::from_parts(parts, Body::empty());
    };
    let outcome = if failed {
        ("__err", base64::engine::general_purpose::URL_SAFE.encode(&bytes))
    } else {
        // Results are small (a count, a summary); a large one is left out of the address.
        let json = std::str::from_utf8(&bytes)
            .ok()
            .filter(|j| j.len() <= 2048)
            .unwrap_or("");
        ("__ok", json.to_owned())
    };
    let location = back_path(location, host);
    let location = location.split('#').next().unwrap_or_default().to_owned();
    let (path, query) = location.split_once('?').unwrap_or((&location, ""));
    let kept: Vec<(String, String)> = form_urlencoded::parse(query.as_bytes())
        .filter(|(k, _)| !matches!(k.as_ref(), "__err" | "__path" | "__ok" | "__form"))
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    let mut query = form_urlencoded::Serializer::new(String::new());
    for (k, v) in &kept {
        query.append_pair(k, v);
    }
    query.append_pair("__path", fn_path);
    if let Some(form) = anchor {
        query.append_pair("__form", form);
    }
    query.append_pair(outcome.0, &outcome.1);
    let fragment = anchor.map(|a| format!("#{a}")).unwrap_or_default();
    let target = format!("{path}?{}{fragment}", query.finish());
    if let Ok(v) = HeaderValue::from_str(&target) {
        parts.headers.insert(header::LOCATION, v);
    }
    parts.headers.remove(header::CONTENT_LENGTH);
    Response::from_parts(parts, Body::from(bytes))
}

/// Whether the request's body is of this media type.
fn content_type_is(req: &Request, media_type: &str) -> bool {
    req.headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with(media_type))
}

/// The `__anchor` field of a plain form post, when it is a plain element id; the request is
/// handed on unchanged.
async fn form_anchor(req: Request) -> Result<(Request, Option<String>), HttpError> {
    let is_form = content_type_is(&req, "application/x-www-form-urlencoded");
    if !is_form {
        return Ok((req, None));
    }
    let (parts, body) = req.into_parts();
    let bytes = to_bytes(body, MAX_FORM_BYTES)
        .await
        .map_err(|_| HttpError::too_large())?;
    let anchor = anchor_in(&bytes);
    Ok((Request::from_parts(parts, Body::from(bytes)), anchor))
}

fn anchor_in(form: &[u8]) -> Option<String> {
    form_urlencoded::parse(form)
        .find(|(k, _)| k == "__anchor")
        .map(|(_, v)| v.into_owned())
        .filter(|v| (1..=64).contains(&v.len()) && v.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_'))
}

/// The page a plain form goes back to, on this site. Leptos takes it from the Referer, which
/// names this site (a cross-site post is refused before), but whatever the header holds, only
/// an address of this host whose path passes `maillon::redirect::local_path` goes out; else
/// the home page.
fn back_path(location: &str, host: Option<&str>) -> String {
    if location.starts_with('/') {
        return maillon::redirect::local_path(location).unwrap_or("/").to_owned();
    }
    if let Some((scheme @ ("http" | "https"), rest)) = location.split_once("://") {
        let (authority, path) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
        if Some(authority) == host
            && let Some(path) = maillon::redirect::local_path(path)
        {
            return format!("{scheme}://{authority}{path}");
        }
    }
    "/".to_owned()
}

/// Gives a server function's error response the status of the error it carries.
async fn with_error_status(response: Response) -> Response {
    let (mut parts, body) = response.into_parts();
    let Ok(bytes) = to_bytes(body, 256 * 1024).await else {
        return Response::from_parts(parts, Body::empty());
    };
    if let Some(status) = error_status(&bytes) {
        parts.status = status;
    }
    Response::from_parts(parts, Body::from(bytes))
}

fn error_status(body: &[u8]) -> Option<StatusCode> {
    let error: app::error::AppError = serde_json::from_slice(body).ok()?;
    StatusCode::from_u16(error.status()).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.insert(*k, HeaderValue::from_static(v));
        }
        h
    }

    #[test]
    fn cross_site_requests_are_recognised() {
        assert!(is_cross_site(&headers(&[("sec-fetch-site", "cross-site")])));
        assert!(is_cross_site(&headers(&[("sec-fetch-site", "same-site")])));
        assert!(!is_cross_site(&headers(&[("sec-fetch-site", "same-origin")])));
        assert!(is_cross_site(&headers(&[
            ("origin", "https://evil.example"),
            ("host", "maillon.coop")
        ])));
        assert!(!is_cross_site(&headers(&[
            ("origin", "https://maillon.coop"),
            ("host", "maillon.coop")
        ])));
        assert!(is_cross_site(&headers(&[("origin", "null"), ("host", "maillon.coop")])));
        assert!(!is_cross_site(&headers(&[("host", "maillon.coop")])));
    }

    #[test]
    fn a_server_function_error_answers_with_its_own_status() {
        use app::error::AppError;
        let body = |e: &AppError| serde_json::to_vec(e).unwrap();
        assert_eq!(
            error_status(&body(&AppError::BadRequest("x".into()))),
            Some(StatusCode::BAD_REQUEST)
        );
        assert_eq!(error_status(&body(&AppError::NotFound)), Some(StatusCode::NOT_FOUND));
        assert_eq!(
            error_status(&body(&AppError::Internal)),
            Some(StatusCode::INTERNAL_SERVER_ERROR)
        );
        assert_eq!(error_status(b"not json"), None);
    }

    #[test]
    fn only_a_plain_element_id_is_taken_as_anchor() {
        assert_eq!(anchor_in(b"csrf=x&__anchor=desk-12").as_deref(), Some("desk-12"));
        assert_eq!(anchor_in(b"__anchor=a%22onload%3D"), None);
        assert_eq!(anchor_in(b"__anchor=%2F%2Fevil.example"), None);
        assert_eq!(anchor_in(b"__anchor="), None);
        assert_eq!(anchor_in(b"csrf=x"), None);
    }

    #[test]
    fn plain_forms_go_back_to_a_page_of_this_site_only() {
        let host = Some("maillon.coop");
        assert_eq!(
            back_path("https://maillon.coop/panier?cycle=2", host),
            "https://maillon.coop/panier?cycle=2"
        );
        assert_eq!(back_path("http://maillon.coop", host), "/");
        assert_eq!(back_path("/compte", host), "/compte");
        for hostile in [
            "https://evil.example/panier",
            "https://maillon.coop.evil.example/panier",
            "https://maillon.coop@evil.example/",
            "https://maillon.coop//evil.example/",
            "https://maillon.coop/\\evil.example",
            "https://maillon.coop/\t/evil.example",
            "//evil.example/",
            "javascript:alert(1)",
            "",
        ] {
            assert_eq!(back_path(hostile, host), "/", "{hostile:?}");
        }
        assert_eq!(back_path("https://maillon.coop/compte", None), "/");
    }

    #[test]
    fn nul_characters_are_found_encoded_or_not() {
        assert!(has_nul(b"a=1&q=x%00y"));
        assert!(has_nul(b"a%00=1"));
        assert!(!has_nul(b"a=1&q=%0D%0A%1B"));
    }

    #[test]
    fn masked_tokens_differ_each_time_and_still_match() {
        let token = random_b64(32);
        let (a, b) = (mask_token(&token), mask_token(&token));
        assert_ne!(a, b);
        assert!(!a.contains(&token));
        assert!(csrf_matches(&token, &a) && csrf_matches(&token, &b));
        assert!(csrf_matches(&token, &token));
        assert!(!csrf_matches(&token, &mask_token(&random_b64(32))));
        assert!(!csrf_matches(&token, ""));
        assert!(!csrf_matches(&token, "not base64 at all!"));
    }

    #[test]
    fn cookies_are_read_by_name() {
        let h = headers(&[("cookie", "a=1; maillon_lang=en; maillon_csrf=xyz")]);
        assert_eq!(cookie(&h, LANG_COOKIE).as_deref(), Some("en"));
        assert_eq!(cookie(&h, CSRF_COOKIE).as_deref(), Some("xyz"));
        assert_eq!(cookie(&h, "missing"), None);
    }
}
