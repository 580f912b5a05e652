//! CSV files meant to be opened in a spreadsheet: `;` between cells and a byte-order mark, as
//! French spreadsheets expect, and every cell safe from formula injection. A cell that a
//! spreadsheet would read as a formula (one starting with `=`, `+`, `-`, `@`, a tab or a
//! carriage return) is written with a leading apostrophe, which spreadsheets take as "this is
//! text"; [`restore`] removes it again when such a file is imported back. Every CSV export goes
//! through [`CsvWriter`], so none can forget it.

use std::borrow::Cow;

/// Characters that make a spreadsheet evaluate a cell.
const FORMULA_STARTS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// A plain number ("-3", "4,80") is shown as a number, never evaluated: it is left as it is.
fn is_plain_number(cell: &str) -> bool {
    let digits = cell.strip_prefix('-').unwrap_or(cell);
    let mut parts = digits.splitn(2, ['.', ',']);
    let whole = parts.next().unwrap_or("");
    let fraction = parts.next();
    !whole.is_empty()
        && whole.bytes().all(|b| b.is_ascii_digit())
        && fraction.is_none_or(|f| !f.is_empty() && f.bytes().all(|b| b.is_ascii_digit()))
}

/// Whether a cell needs the apostrophe: it would be evaluated, or it is already an apostrophe
/// before such a cell (so that [`restore`] gives back exactly what was written).
fn needs_guard(cell: &str) -> bool {
    match cell.chars().next() {
        Some('\'') => needs_guard(&cell[1..]),
        Some(c) => FORMULA_STARTS.contains(&c) && !is_plain_number(cell),
        None => false,
    }
}

/// The cell as written to a file: with a leading apostrophe when a spreadsheet would evaluate it.
pub fn neutralise(cell: &str) -> Cow<'_, str> {
    if needs_guard(cell) {
        Cow::Owned(format!("'{cell}"))
    } else {
        Cow::Borrowed(cell)
    }
}

/// The cell as it was before [`neutralise`], for files imported back.
pub fn restore(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if needs_guard(rest) => rest,
        _ => cell,
    }
}

/// Writes rows of cells, each neutralised, into a `;`-separated CSV text with a byte-order mark
/// (so that spreadsheets read the accents right).
pub struct CsvWriter {
    writer: csv::Writer<Vec<u8>>,
}

impl Default for CsvWriter {
    fn default() -> Self {
        Self::new()
    }
}

impl CsvWriter {
    pub fn new() -> Self {
        let mut buffer = Vec::new();
        buffer.extend_from_slice("\u{feff}".as_bytes());
        CsvWriter {
            writer: csv::WriterBuilder::new().delimiter(b';').from_writer(buffer),
        }
    }

    pub fn row<I, S>(&mut self, cells: I)
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        let cells: Vec<String> = cells.into_iter().map(|c| neutralise(c.as_ref()).into_owned()).collect();
        // Writing to memory cannot fail.
        self.writer.write_record(&cells).expect("writing CSV to memory");
    }

    pub fn finish(self) -> String {
        let bytes = self.writer.into_inner().expect("flushing CSV to memory");
        String::from_utf8(bytes).expect("CSV of UTF-8 strings")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn formulas_become_text_and_numbers_stay_numbers() {
        for cell in [
            "=1+1",
            "+33 6 12",
            "-2+3+cmd|' /C calc'!A0",
            "@SUM(A1)",
            "\tx",
            "\r=1",
            "'=1",
        ] {
            assert_eq!(neutralise(cell), format!("'{cell}"), "{cell:?}");
        }
        for cell in ["Poireaux", "-3", "4,80", "-12.5", "", "a=b", "'quoted'", " =1"] {
            assert_eq!(neutralise(cell), cell, "{cell:?}");
        }
    }

    #[test]
    fn written_rows_are_neutralised_and_quoted() {
        let mut w = CsvWriter::new();
        w.row(["nom", "prix"]);
        w.row(["=HYPERLINK(\"http://evil\")", "3,50"]);
        w.row(["Pâté; maison", "-2"]);
        let text = w.finish();
        assert!(text.starts_with("\u{feff}nom;prix\n"), "{text}");
        assert!(text.contains("\"'=HYPERLINK(\"\"http://evil\"\")\";3,50\n"), "{text}");
        assert!(text.contains("\"Pâté; maison\";-2\n"), "{text}");
    }

    proptest! {
        #[test]
        fn restore_gives_back_what_was_neutralised(cell in "['=+@\\-\t\r]{0,3}[a-z0-9 ,.=']{0,6}") {
            let written = neutralise(&cell);
            prop_assert_eq!(restore(&written), cell.as_str());
            let first = written.chars().next();
            prop_assert!(first.is_none_or(|c| !FORMULA_STARTS.contains(&c)) || is_plain_number(&written));
        }
    }
}
