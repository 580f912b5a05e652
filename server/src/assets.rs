//! How responses travel: compressed (Brotli or gzip) when the browser accepts it, the built
//! site's hashed files cached for a year, and everything else (pages with their anti-CSRF token
//! and CSP nonce, server functions, exports) never stored by any cache unless its handler says
//! otherwise (photos, QR codes).
//!
//! Static files are pre-compressed at build time by `cargo leptos build --release --precompress`
//! (`make release`): Leptos's file handler then sends `maillon.<hash>.wasm.br` as is. Other
//! responses, and every file of a development build, are compressed on the fly.

use app::assets::{Asset, Hashes};
use axum::extract::Request;
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::Response;
use leptos::config::LeptosOptions;
use tower_http::compression::predicate::{NotForContentType, Predicate, SizeAbove};
use tower_http::compression::{CompressionLayer, CompressionLevel, DefaultPredicate};

/// Files whose name carries the hash of their content: they never change.
pub const IMMUTABLE: &str = "public, max-age=31536000, immutable";
/// Other files of the site (the favicon): a day, then revalidated.
pub const PUBLIC_FILE: &str = "public, max-age=86400";
/// An unhashed build file (a build without `hash-files`): always revalidated.
pub const REVALIDATE: &str = "no-cache";
/// Pages and everything else: they carry a per-request CSP nonce and the reader's anti-CSRF
/// token, and often personal data, so no cache (shared or the browser's) keeps them.
pub const NO_STORE: &str = "no-store";

/// On-the-fly compression for what was not compressed at build time. Brotli at quality 4
/// compresses a page about as well as gzip -9 in a fraction of Brotli's default (11) time,
/// which would cost more than rendering the page. Images other than SVG are already compressed.
pub fn compression() -> CompressionLayer<impl Predicate> {
    CompressionLayer::new()
        .br(true)
        .gzip(true)
        .quality(CompressionLevel::Precise(4))
        .compress_when(
            DefaultPredicate::new()
                .and(SizeAbove::new(256))
                .and(NotForContentType::const_new("application/octet-stream")),
        )
}

/// Every response without a caching policy of its own gets `no-store`.
pub async fn no_store_by_default(req: Request, next: Next) -> Response {
    let mut response = next.run(req).await;
    if !response.headers().contains_key(header::CACHE_CONTROL) {
        response
            .headers_mut()
            .insert(header::CACHE_CONTROL, HeaderValue::from_static(NO_STORE));
    }
    response
}

/// The caching policy of a file of the built site at `path`.
pub fn file_policy(options: &LeptosOptions, path: &str) -> &'static str {
    policy_for(
        &options.site_pkg_dir,
        &options.output_name,
        app::assets::hashes(options),
        path,
    )
}

fn policy_for(pkg_dir: &str, output_name: &str, hashes: &Hashes, path: &str) -> &'static str {
    let Some(name) = path
        .strip_prefix('/')
        .and_then(|p| p.strip_prefix(pkg_dir))
        .and_then(|p| p.strip_prefix('/'))
    else {
        return PUBLIC_FILE;
    };
    let hashed = [
        (Asset::Css, &hashes.css),
        (Asset::Js, &hashes.js),
        (Asset::Wasm, &hashes.wasm),
    ]
    .into_iter()
    .any(|(asset, hash)| hash.is_some() && hashes.file_name(output_name, asset) == name);
    if hashed { IMMUTABLE } else { REVALIDATE }
}

/// Gives a file of the built site that Leptos's fallback found its caching policy (the 404
/// page it renders otherwise keeps `no-store`).
pub fn with_file_policy(options: &LeptosOptions, method: &Method, path: &str, mut response: Response) -> Response {
    let is_file = matches!(*method, Method::GET | Method::HEAD)
        && matches!(response.status(), StatusCode::OK | StatusCode::NOT_MODIFIED)
        && !response
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.starts_with("text/html"));
    if is_file {
        let headers = response.headers_mut();
        headers.insert(
            header::CACHE_CONTROL,
            HeaderValue::from_static(file_policy(options, path)),
        );
        // The same address answers Brotli, gzip or plain bytes.
        headers.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashed_files_are_immutable_and_others_are_not() {
        let hashes = Hashes::parse("js: j1\nwasm: w1\ncss: c1\n");
        let policy = |path| policy_for("pkg", "maillon", &hashes, path);
        assert_eq!(policy("/pkg/maillon.c1.css"), IMMUTABLE);
        assert_eq!(policy("/pkg/maillon.j1.js"), IMMUTABLE);
        assert_eq!(policy("/pkg/maillon.w1.wasm"), IMMUTABLE);
        // A file of another build, or an unhashed one, may change under the same name.
        assert_eq!(policy("/pkg/maillon.c0.css"), REVALIDATE);
        assert_eq!(policy("/pkg/maillon.css"), REVALIDATE);
        assert_eq!(policy("/favicon.svg"), PUBLIC_FILE);
        let unhashed = Hashes::default();
        assert_eq!(policy_for("pkg", "maillon", &unhashed, "/pkg/maillon.css"), REVALIDATE);
    }
}
