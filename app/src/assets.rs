//! Names of the built site's assets. With `hash-files`, cargo-leptos names them
//! `maillon.<hash>.css` (and `.js`, `.wasm`) and lists the hashes in `hash.txt` beside the
//! server binary; a name that changes with the content can be cached for a year by browsers
//! (the server sends those files with `immutable`).

use std::sync::OnceLock;

use leptos::config::LeptosOptions;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Asset {
    Css,
    Js,
    Wasm,
}

/// The hashes of one build, as listed in its hash file (`css: …`, `js: …`, `wasm: …`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Hashes {
    pub css: Option<String>,
    pub js: Option<String>,
    pub wasm: Option<String>,
}

impl Hashes {
    pub fn parse(text: &str) -> Self {
        let mut hashes = Hashes::default();
        for (kind, hash) in text.lines().filter_map(|l| l.split_once(':')) {
            let hash = Some(hash.trim().to_owned()).filter(|h| !h.is_empty());
            match kind.trim() {
                "css" => hashes.css = hash,
                "js" => hashes.js = hash,
                "wasm" => hashes.wasm = hash,
                _ => {}
            }
        }
        hashes
    }

    /// The file name of an asset of the output `name`.
    pub fn file_name(&self, name: &str, asset: Asset) -> String {
        let (hash, plain_suffix, ext) = match asset {
            Asset::Css => (&self.css, "", "css"),
            Asset::Js => (&self.js, "", "js"),
            // Unhashed, wasm-bindgen calls the module `<name>_bg.wasm`.
            Asset::Wasm => (&self.wasm, "_bg", "wasm"),
        };
        match hash {
            Some(h) => format!("{name}.{h}.{ext}"),
            None => format!("{name}{plain_suffix}.{ext}"),
        }
    }
}

/// The hashes of the running build, read once: from the hash file beside the executable when
/// `options.hash_files` is set, else none (plain names).
pub fn hashes(options: &LeptosOptions) -> &'static Hashes {
    static HASHES: OnceLock<Hashes> = OnceLock::new();
    HASHES.get_or_init(|| {
        if !options.hash_files {
            return Hashes::default();
        }
        let path = hash_file_path(options);
        match std::fs::read_to_string(&path) {
            Ok(text) => Hashes::parse(&text),
            Err(e) => {
                tracing::error!(path = %path.display(), error = %e, "reading the hash file of the site's assets");
                Hashes::default()
            }
        }
    })
}

/// Where cargo-leptos writes the hash file, and where Leptos reads it: beside the binary.
pub fn hash_file_path(options: &LeptosOptions) -> std::path::PathBuf {
    std::env::current_exe()
        .ok()
        .and_then(|exe| exe.parent().map(|p| p.to_path_buf()))
        .unwrap_or_default()
        .join(options.hash_file.as_ref())
}

/// The address of an asset, e.g. `/pkg/maillon.3f2a….css`.
pub fn href(options: &LeptosOptions, asset: Asset) -> String {
    format!(
        "/{}/{}",
        options.site_pkg_dir,
        hashes(options).file_name(&options.output_name, asset)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashed_and_plain_names() {
        let h = Hashes::parse("js: abc\nwasm: def\ncss: 0123\n");
        assert_eq!(h.file_name("maillon", Asset::Css), "maillon.0123.css");
        assert_eq!(h.file_name("maillon", Asset::Js), "maillon.abc.js");
        assert_eq!(h.file_name("maillon", Asset::Wasm), "maillon.def.wasm");
        let plain = Hashes::parse("");
        assert_eq!(plain.file_name("maillon", Asset::Css), "maillon.css");
        assert_eq!(plain.file_name("maillon", Asset::Wasm), "maillon_bg.wasm");
    }
}
