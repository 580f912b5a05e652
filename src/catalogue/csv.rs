//! CSV export and import of a producer's catalogue. Exports use `;` and decimal commas, as
//! French spreadsheets expect, and are safe from formula injection (`crate::spreadsheet`);
//! imports accept `;` or `,` and either decimal mark. Every line of an import is checked before
//! anything is saved, and every error is reported with its line.

use super::{Category, ProductSummary, RowError, Stock, Unit, VariantFields, VariantInput, format_vat, parse_product};
use crate::i18n::{Locale, Msg};

/// The longest file an import keeps (the `csv_imports.content` column's limit).
pub const MAX_IMPORT_CHARS: usize = 2_000_000;

pub const COLUMNS: [&str; 15] = [
    "variant_id",
    "produit",
    "categorie",
    "unite",
    "declinaison",
    "quantite",
    "prix",
    "prix_pro",
    "colisage",
    "tva",
    "poids_g",
    "stock_mode",
    "stock",
    "plafond",
    "actif",
];

fn decimal_comma(cents: i64) -> String {
    crate::money::cents_to_decimal(cents).replace('.', ",")
}

/// The catalogue as a CSV file, one line per variant.
pub fn export(products: &[ProductSummary]) -> String {
    let mut writer = crate::spreadsheet::CsvWriter::new();
    writer.row(COLUMNS);
    for p in products {
        for v in &p.variants {
            let f = &v.fields;
            let (mode, stock, cap) = match f.stock {
                Stock::Finite(n) => ("fini", n.to_string(), String::new()),
                Stock::OnDemand { cap } => (
                    "sur_demande",
                    String::new(),
                    cap.map(|c| c.to_string()).unwrap_or_default(),
                ),
            };
            writer.row([
                v.id.to_string(),
                p.name.clone(),
                p.category.code().to_owned(),
                p.unit.code().to_owned(),
                f.name.clone(),
                f.quantity.to_string(),
                decimal_comma(f.retail_price_cents),
                decimal_comma(f.pro_price_cents),
                f.case_size.to_string(),
                format_vat(f.vat_bp, Locale::Fr).trim_end_matches(" %").to_owned(),
                f.weight_grams.to_string(),
                mode.to_owned(),
                stock,
                cap,
                if f.active && p.active { "oui" } else { "non" }.to_owned(),
            ]);
        }
    }
    writer.finish()
}

/// One checked line of an import.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImportRow {
    pub line: usize,
    /// An existing variant to update, or `None` to add one (to the product of that name,
    /// created if the producer has none).
    pub variant_id: Option<i64>,
    pub product_name: String,
    pub category: Category,
    pub unit: Unit,
    pub variant: VariantFields,
}

fn error(line: usize, field: &str, msg: Msg) -> RowError {
    RowError {
        row: line,
        field: field.to_owned(),
        msg,
        label: String::new(),
    }
}

/// Line numbers of byte offsets, counted once through the text.
struct LineCounter<'a> {
    text: &'a str,
    byte: usize,
    line: usize,
}

impl LineCounter<'_> {
    fn advance_to(&mut self, byte: usize) -> usize {
        if byte > self.byte {
            self.line += self.text.as_bytes()[self.byte..byte]
                .iter()
                .filter(|b| **b == b'\n')
                .count();
            self.byte = byte;
        }
        self.line
    }
}

pub fn parse(content: &str) -> Result<Vec<ImportRow>, Vec<RowError>> {
    let content = content.trim_start_matches('\u{feff}');
    let first_line = content.lines().next().unwrap_or("");
    if first_line.trim().is_empty() {
        return Err(vec![error(1, "", Msg::ErrCsvEmpty)]);
    }
    let delimiter = if first_line.matches(';').count() >= first_line.matches(',').count() {
        b';'
    } else {
        b','
    };
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .from_reader(content.as_bytes());
    let headers: Vec<String> = match reader.headers() {
        Ok(h) => h.iter().map(|c| c.trim().to_lowercase()).collect(),
        Err(_) => return Err(vec![error(1, "", Msg::ErrCsvUnreadable)]),
    };
    let index = |name: &str| headers.iter().position(|h| h == name);
    let missing: Vec<RowError> = COLUMNS
        .iter()
        .filter(|c| !matches!(**c, "variant_id" | "plafond" | "poids_g" | "prix_pro" | "colisage"))
        .filter(|c| index(c).is_none())
        .map(|c| error(1, c, Msg::ErrCsvMissingColumn))
        .collect();
    if !missing.is_empty() {
        return Err(missing);
    }

    let mut rows = Vec::new();
    let mut errors = Vec::new();
    let mut lines_before = LineCounter {
        text: content,
        byte: 0,
        line: 1,
    };
    for (i, record) in reader.records().enumerate() {
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                let line = e.position().map_or(i + 2, |p| p.line() as usize);
                errors.push(error(line, "", Msg::ErrCsvUnreadable));
                continue;
            }
        };
        // The file's own line number, blank lines included (the reader places a record at the
        // start of the blank lines before it).
        let line = match record.position() {
            Some(p) => {
                let start = (p.byte() as usize).min(content.len());
                let bytes = content.as_bytes();
                let blank = bytes[start..]
                    .iter()
                    .take_while(|b| matches!(b, b'\n' | b'\r'))
                    .filter(|b| **b == b'\n')
                    .count();
                lines_before.advance_to(start) + blank
            }
            None => i + 2,
        };
        // A cell our export guarded against formula injection comes back as it was typed.
        let get = |name: &str| {
            let cell = index(name).and_then(|i| record.get(i)).unwrap_or("");
            crate::spreadsheet::restore(cell).trim().to_owned()
        };
        if record.iter().all(|f| f.trim().is_empty()) {
            continue;
        }
        let variant_id = match get("variant_id") {
            s if s.is_empty() => None,
            s => match s.parse::<i64>() {
                Ok(id) => Some(id),
                Err(_) => {
                    errors.push(error(line, "variant_id", Msg::ErrNotYourVariant));
                    continue;
                }
            },
        };
        let product = parse_product(&get("produit"), "", &get("categorie"), &get("unite"), &[], true);
        let active = matches!(get("actif").to_lowercase().as_str(), "oui" | "yes" | "true" | "1" | "");
        let mode = match get("stock_mode").to_lowercase().as_str() {
            "sur_demande" | "on_demand" => "on_demand",
            _ => "finite",
        };
        let variant = VariantInput {
            name: get("declinaison"),
            quantity: get("quantite"),
            retail_price: get("prix"),
            pro_price: get("prix_pro"),
            case_size: get("colisage"),
            vat: get("tva"),
            weight_grams: get("poids_g"),
            stock_mode: mode.to_owned(),
            stock: get("stock"),
            cap: get("plafond"),
            active,
        }
        .parse();
        match (product, variant) {
            (Ok(p), Ok(v)) => rows.push(ImportRow {
                line,
                variant_id,
                product_name: p.name,
                category: p.category,
                unit: p.unit,
                variant: v,
            }),
            (p, v) => {
                let field_errors = p.err().into_iter().flatten().chain(v.err().into_iter().flatten());
                // Named by its product: a DFC catalogue's lines are not a file the producer saw.
                let label = get("produit");
                errors.extend(field_errors.map(|e| RowError {
                    row: line,
                    field: e.field,
                    msg: e.msg,
                    label: label.clone(),
                }));
            }
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    if rows.is_empty() {
        return Err(vec![error(1, "", Msg::ErrCsvEmpty)]);
    }
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalogue::{Label, VariantView};

    fn product() -> ProductSummary {
        ProductSummary {
            id: 1,
            name: "Pâté de campagne; maison".into(),
            producer_id: 1,
            producer_name: "Ferme".into(),
            category: Category::Meat,
            unit: Unit::G,
            labels: vec![Label::Organic],
            active: true,
            photo_id: None,
            variants: vec![VariantView {
                id: 42,
                fields: VariantFields {
                    name: "Bocal".into(),
                    quantity: 180,
                    retail_price_cents: 590,
                    pro_price_cents: 480,
                    case_size: 6,
                    vat_bp: 550,
                    weight_grams: 320,
                    stock: Stock::Finite(12),
                    active: true,
                },
            }],
        }
    }

    #[test]
    fn an_export_imports_back_unchanged() {
        let csv = export(&[product()]);
        assert!(csv.starts_with("\u{feff}variant_id;produit;categorie"));
        assert!(
            csv.contains("\"Pâté de campagne; maison\""),
            "fields with the delimiter are quoted: {csv}"
        );
        assert!(csv.contains(";5,90;4,80;6;5,5;"));
        let rows = parse(&csv).unwrap();
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0].variant_id, Some(42));
        assert_eq!(rows[0].product_name, "Pâté de campagne; maison");
        assert_eq!(rows[0].variant, product().variants[0].fields);
    }

    #[test]
    fn formulas_are_exported_as_text_and_imported_back_as_typed() {
        let mut evil = product();
        evil.name = "=HYPERLINK(\"http://evil.example\";\"Prix\")".into();
        evil.variants[0].fields.name = "@SUM(A1)".into();
        let csv = export(&[evil.clone()]);
        let cells: Vec<&str> = csv.lines().nth(1).unwrap().split(';').collect();
        assert!(cells[1].starts_with("\"'="), "{csv}");
        assert_eq!(cells.iter().find(|c| c.contains("SUM")), Some(&"'@SUM(A1)"), "{csv}");
        for cell in csv.lines().flat_map(|l| l.split(';')) {
            let cell = cell.trim_start_matches('"');
            assert!(
                !cell.starts_with(['=', '+', '@', '\t', '\r']),
                "no cell starts a formula: {cell:?}"
            );
        }
        let rows = parse(&csv).unwrap();
        assert_eq!(rows[0].product_name, evil.name);
        assert_eq!(rows[0].variant.name, "@SUM(A1)");
    }

    #[test]
    fn commas_and_a_new_product_are_understood() {
        let csv = "produit,categorie,unite,declinaison,quantite,prix,tva,stock_mode,stock,actif\n\
                   Carottes,legumes,kg,,1000,\"2,40\",5.5,fini,30,oui\n\
                   Confiture,epicerie,g,Pot,350,4.2,5.5,sur_demande,,oui\n";
        let rows = parse(csv).unwrap();
        assert_eq!(rows[0].variant_id, None);
        assert_eq!(rows[0].variant.retail_price_cents, 240);
        assert_eq!(rows[1].variant.stock, Stock::OnDemand { cap: None });
        assert_eq!(rows[1].line, 3);
    }

    #[test]
    fn every_bad_line_is_reported_with_its_number() {
        let csv = "produit;categorie;unite;declinaison;quantite;prix;tva;stock_mode;stock;actif\n\
                   Carottes;legumes;kg;;1000;2,40;5,5;fini;30;oui\n\
                   Navets;bijoux;kg;;1000;abc;5,5;fini;30;oui\n\
                   Poireaux;legumes;kg;;1000;2;5,5;fini;-3;oui\n";
        let errors = parse(csv).unwrap_err();
        let found: Vec<(usize, &str)> = errors.iter().map(|e| (e.row, e.field.as_str())).collect();
        assert_eq!(found, [(3, "category"), (3, "retail_price"), (4, "stock")]);
    }

    #[test]
    fn missing_columns_and_empty_files_are_refused() {
        let errors = parse("produit;prix\nCarottes;2\n").unwrap_err();
        assert!(
            errors
                .iter()
                .any(|e| e.field == "categorie" && e.msg == Msg::ErrCsvMissingColumn)
        );
        assert_eq!(parse("").unwrap_err()[0].msg, Msg::ErrCsvEmpty);
        let header_only = COLUMNS.join(";");
        assert_eq!(parse(&header_only).unwrap_err()[0].msg, Msg::ErrCsvEmpty);
    }
}

/// The text of an uploaded file: UTF-8, or else Windows-1252, which French spreadsheets
/// still save CSV files in. NUL bytes, which no text holds (and PostgreSQL refuses), are dropped.
pub fn decode(bytes: &[u8]) -> String {
    if let Ok(text) = std::str::from_utf8(bytes) {
        return text.replace('\0', "");
    }
    const HIGH: [char; 32] = [
        '€', '\u{81}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{8d}', 'Ž', '\u{8f}', '\u{90}', '‘',
        '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u{9d}', 'ž', 'Ÿ',
    ];
    bytes
        .iter()
        .filter(|&&b| b != 0)
        .map(|&b| match b {
            0x80..=0x9f => HIGH[(b - 0x80) as usize],
            _ => char::from(b),
        })
        .collect()
}

#[cfg(test)]
mod decode_tests {
    #[test]
    fn windows_1252_files_are_read() {
        assert_eq!(super::decode("Pâté".as_bytes()), "Pâté");
        assert_eq!(
            super::decode(&[b'P', 0xE2, b't', 0xE9, b' ', 0x9C, b'u', b'f', b' ', 0x80]),
            "Pâté œuf €"
        );
        assert_eq!(super::decode(b"a;\0b\n"), "a;b\n");
        assert_eq!(super::decode(&[0, 0xE9, 0]), "é");
    }
}
