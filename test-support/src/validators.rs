//! The official validators, run on what Maillon produced: `scripts/validate-xml.py` (XML, IBANs)
//! and `scripts/validate-openapi.py` (the public API against its document), with
//! the PyPI packages `make test-tools` installs into `target/validators`. A missing validator
//! fails the test: a check that cannot run must not pass.

use std::path::PathBuf;
use std::process::Command;

fn workspace() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// Validates `xml` as `kind` ("cii": EN 16931 CII against the Factur-X XSD; "pain001": SEPA
/// pain.001.001.03), panicking with the schema's complaint when it is not valid.
fn python(root: &std::path::Path) -> PathBuf {
    let python = std::env::var_os("MAILLON_VALIDATORS_PYTHON")
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("target/validators/bin/python"));
    assert!(
        python.exists(),
        "{} is missing: run `make test-tools` to install the validators",
        python.display()
    );
    python
}

pub fn validate(kind: &str, xml: &str) {
    let root = workspace();
    let python = python(&root);
    let file = tempfile_path(kind);
    std::fs::write(&file, xml).unwrap();
    let out = Command::new(&python)
        .arg(root.join("scripts/validate-xml.py"))
        .arg(kind)
        .arg(&file)
        .output()
        .expect("run the XML validator");
    let _ = std::fs::remove_file(&file);
    assert!(
        out.status.success(),
        "{kind} not valid: {}\n{xml}",
        String::from_utf8_lossy(&out.stderr)
    );
}

fn tempfile_path(kind: &str) -> PathBuf {
    use std::sync::atomic::{AtomicU64, Ordering};
    static N: AtomicU64 = AtomicU64::new(0);
    std::env::temp_dir().join(format!(
        "maillon-{kind}-{}-{}.xml",
        std::process::id(),
        N.fetch_add(1, Ordering::Relaxed)
    ))
}

/// schwifty's verdict (the IBAN registry's rules: country, length, check digits and national
/// checks) on each candidate IBAN.
pub fn iban_verdicts(candidates: &[String]) -> Vec<bool> {
    let root = workspace();
    let file = tempfile_path("ibans");
    std::fs::write(&file, candidates.join("\n")).unwrap();
    let out = Command::new(python(&root))
        .arg(root.join("scripts/validate-xml.py"))
        .arg("iban")
        .arg(&file)
        .output()
        .expect("run schwifty");
    let _ = std::fs::remove_file(&file);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| l == "1")
        .collect()
}

/// Checks the running server's public API against its OpenAPI document
/// (`scripts/validate-openapi.py`: the document valid, every path answering as described);
/// returns the paths checked.
pub fn openapi(base: &str) -> Vec<String> {
    let root = workspace();
    let out = Command::new(python(&root))
        .arg(root.join("scripts/validate-openapi.py"))
        .arg(base)
        .output()
        .expect("run the OpenAPI check");
    assert!(
        out.status.success(),
        "the API does not answer as documented: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(str::to_owned)
        .collect()
}

/// The DFC conformance check (`end2end/dfc/conformance.mjs`): the official DFC connector, from
/// the npm packages `make test-tools` installs, imports each path of the running server offline,
/// exports it and imports it again; returns, per path, what it read of each object.
pub fn dfc(base: &str, paths: &[String]) -> serde_json::Value {
    dfc_as(base, paths, None)
}

/// The same, as a platform: with its bearer token on every request.
pub fn dfc_as(base: &str, paths: &[String], token: Option<&str>) -> serde_json::Value {
    let out = connector(|c| {
        c.arg(base).args(paths);
        if let Some(token) = token {
            c.env("DFC_TOKEN", token);
        }
    });
    serde_json::from_slice(&out).expect("the connector's report")
}

/// The order a platform would post, written by the official connector: lines of
/// (offer IRI, quantity) of the sale session `session`.
pub fn dfc_order(session: &str, lines: &[(String, i64)]) -> String {
    let out = connector(|c| {
        c.arg("--order")
            .arg(session)
            .args(lines.iter().map(|(offer, q)| format!("{offer}={q}")));
    });
    String::from_utf8(out).expect("the connector writes UTF-8")
}

/// Runs `end2end/dfc/conformance.mjs` with the arguments `args` gives; its output.
fn connector(args: impl FnOnce(&mut Command)) -> Vec<u8> {
    let root = workspace();
    let connector = root.join("end2end/node_modules/@datafoodconsortium/connector");
    assert!(
        connector.exists(),
        "{} is missing: run `make test-tools` to install the DFC connector",
        connector.display()
    );
    let mut command = Command::new("node");
    command.arg(root.join("end2end/dfc/conformance.mjs"));
    args(&mut command);
    let out = command.output().expect("run node");
    assert!(
        out.status.success(),
        "the DFC connector failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}
