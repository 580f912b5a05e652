//! The reader's language in the UI: read from the request on the server, from `<html lang>`
//! in the browser, so both render the same text.

use leptos::prelude::*;
use maillon::i18n::{Locale, Msg};

pub fn provide_locale() -> Locale {
    #[cfg(feature = "ssr")]
    let locale = crate::ssr::request_info().map(|i| i.locale).unwrap_or_default();
    #[cfg(not(feature = "ssr"))]
    let locale = document()
        .document_element()
        .and_then(|e| e.get_attribute("lang"))
        .and_then(|l| Locale::parse(&l))
        .unwrap_or_default();
    provide_context(locale);
    locale
}

pub fn use_locale() -> Locale {
    use_context::<Locale>().unwrap_or_default()
}

/// The message in the reader's language.
pub fn t(msg: Msg) -> &'static str {
    msg.text(use_locale())
}

/// The message with its placeholders filled in.
pub fn tf(msg: Msg, args: &[(&str, &str)]) -> String {
    msg.fill(use_locale(), args)
}
