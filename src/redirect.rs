//! Where a redirect taken from input (a `suite` after sign-in, a form's `back`, a Referer) may
//! lead: a path of this site, nothing else.
//!
//! Browsers forgive a lot when they resolve a `Location`: they drop tabs and newlines anywhere,
//! read a backslash as a slash, and take `//host` as another origin. So `/\t/evil.example`
//! and `/\evil.example` both lead to `evil.example`. Rather than guess how each browser reads
//! an odd address, only plain ones are accepted: visible ASCII, one leading slash, no
//! backslash, and a path that stays so once its percent-escapes are decoded.

/// Longest redirect target accepted; a longer one falls back to the caller's default.
pub const MAX_LEN: usize = 2048;

/// `raw` if it is a same-origin path (`/…`, with an optional query and fragment), else `None`.
pub fn local_path(raw: &str) -> Option<&str> {
    let plain = !raw.is_empty() && raw.len() <= MAX_LEN && raw.chars().all(|c| c.is_ascii_graphic());
    if !plain || !is_single_slash_path(raw.as_bytes()) {
        return None;
    }
    // The path part once decoded must be as plain: `/%2F/evil` or `/%09/evil` is refused too,
    // whatever a server or proxy between here and the browser might make of it.
    let path = raw.split(['?', '#']).next().unwrap_or_default();
    let decoded = percent_decode(path)?;
    let decoded_plain = decoded.iter().all(|b| b.is_ascii_graphic() || *b >= 0x80);
    (decoded_plain && is_single_slash_path(&decoded)).then_some(raw)
}

fn is_single_slash_path(bytes: &[u8]) -> bool {
    bytes.first() == Some(&b'/') && !matches!(bytes.get(1), Some(b'/' | b'\\')) && !bytes.contains(&b'\\')
}

/// Decodes `%XX` escapes; `None` when an escape is malformed.
fn percent_decode(text: &str) -> Option<Vec<u8>> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = bytes.get(i + 1..i + 3)?;
            let hex = std::str::from_utf8(hex).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_of_this_site_are_kept() {
        for ok in [
            "/",
            "/compte",
            "/panier?cycle=3",
            "/catalogue?q=p%C3%A2t%C3%A9&page=2#v12",
            "/catalogue?q=a%20b",
            "/produits/5#photos",
        ] {
            assert_eq!(local_path(ok), Some(ok), "{ok:?}");
        }
    }

    #[test]
    fn anything_that_could_lead_elsewhere_is_refused() {
        for hostile in [
            "",
            "compte",
            "//evil.example",
            "//evil.example/compte",
            "/\\evil.example",
            "\\\\evil.example",
            "/\t/evil.example",
            "\t//evil.example",
            "/\n/evil.example",
            "/\r\n/evil.example",
            " /compte",
            "/compte ",
            "/com pte",
            "/\0evil",
            "/compte\0",
            "/%09/evil.example",
            "/%2F/evil.example",
            "/%2f%2fevil.example",
            "/%5Cevil.example",
            "/%0a/evil",
            "/%zz",
            "/%4",
            "https://evil.example",
            "http:/evil.example",
            "javascript:alert(1)",
            "JavaScript:alert(1)",
            "data:text/html,hi",
            "/\u{7f}evil",
            "/\u{85}/evil",
            "/\u{2028}/evil",
            "/é",
        ] {
            assert_eq!(local_path(hostile), None, "{hostile:?}");
        }
        assert_eq!(local_path(&format!("/{}", "a".repeat(MAX_LEN))), None);
    }
}
