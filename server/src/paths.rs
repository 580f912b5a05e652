//! The addresses of the plain routes that the security layer treats apart: they are declared
//! here, below both, so that the routes and the layer agree without importing each other.

/// Stripe's webhook: signed by Stripe, so it carries no session and no anti-CSRF token.
pub const WEBHOOK_PATH: &str = maillon::paths::STRIPE_WEBHOOK;

/// The DFC orders a platform posts: authenticated by its bearer token, never by a cookie, so
/// it carries no anti-CSRF token.
pub const DFC_ORDERS: &str = "/dfc/orders";

/// A photo upload, a multipart form.
pub const PHOTO_UPLOAD: &str = maillon::paths::PHOTO_UPLOAD;
/// A CSV file to import, a multipart form.
pub const IMPORT_UPLOAD: &str = maillon::paths::IMPORT_UPLOAD;

/// Paths whose multipart bodies carry their own `csrf` field, checked by the handler.
pub const MULTIPART_PATHS: [&str; 2] = [PHOTO_UPLOAD, IMPORT_UPLOAD];
