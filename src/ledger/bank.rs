//! Bank details checked when they are typed: an IBAN (its country's length and its mod-97
//! check digits) and a BIC (ISO 9362: bank, country, location, optional branch).

/// SEPA countries and the length of their IBANs.
const IBAN_LENGTHS: [(&str, usize); 37] = [
    ("AD", 24),
    ("AT", 20),
    ("BE", 16),
    ("BG", 22),
    ("CH", 21),
    ("CY", 28),
    ("CZ", 24),
    ("DE", 22),
    ("DK", 18),
    ("EE", 20),
    ("ES", 24),
    ("FI", 18),
    ("FR", 27),
    ("GB", 22),
    ("GI", 23),
    ("GR", 27),
    ("HR", 21),
    ("HU", 28),
    ("IE", 22),
    ("IS", 26),
    ("IT", 27),
    ("LI", 21),
    ("LT", 20),
    ("LU", 20),
    ("LV", 21),
    ("MC", 27),
    ("MT", 31),
    ("NL", 18),
    ("NO", 15),
    ("PL", 28),
    ("PT", 25),
    ("RO", 24),
    ("SE", 24),
    ("SI", 19),
    ("SK", 24),
    ("SM", 27),
    ("VA", 22),
];

/// An IBAN as typed ("fr76 3000 6000 …"), normalised to upper case without spaces, if it is
/// one of a SEPA country with its length and valid check digits.
pub fn parse_iban(raw: &str) -> Option<String> {
    let iban: String = raw
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .map(|c| c.to_ascii_uppercase())
        .collect();
    if !iban.bytes().all(|b| b.is_ascii_alphanumeric()) || iban.len() < 15 {
        return None;
    }
    let country = &iban[..2];
    let length = IBAN_LENGTHS.iter().find(|(c, _)| *c == country)?.1;
    if iban.len() != length || !iban[2..4].bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    // Move the first four characters to the end, letters to numbers (A = 10), mod 97 = 1.
    let rearranged = iban[4..].bytes().chain(iban[..4].bytes());
    let mut rest: u32 = 0;
    for b in rearranged {
        let value = if b.is_ascii_digit() {
            u32::from(b - b'0')
        } else {
            u32::from(b - b'A') + 10
        };
        rest = if value >= 10 {
            (rest * 100 + value) % 97
        } else {
            (rest * 10 + value) % 97
        };
    }
    (rest == 1).then_some(iban)
}

/// A BIC as typed, normalised, if it has the ISO 9362 form: 4 letters (bank), 2 letters
/// (country), 2 letters or digits (location), and optionally 3 letters or digits (branch).
pub fn parse_bic(raw: &str) -> Option<String> {
    let bic: String = raw
        .chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| c.to_ascii_uppercase())
        .collect();
    let b = bic.as_bytes();
    let ok = (b.len() == 8 || b.len() == 11)
        && b[..6].iter().all(u8::is_ascii_uppercase)
        && b[6..].iter().all(u8::is_ascii_alphanumeric);
    ok.then_some(bic)
}

/// An IBAN written in groups of four, as people read it.
pub fn format_iban(iban: &str) -> String {
    iban.as_bytes()
        .chunks(4)
        .map(|c| String::from_utf8_lossy(c).into_owned())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Checks a bank account form: the holder's name, the IBAN's checksum, the BIC's form.
pub fn parse_bank_account(
    holder: &str,
    iban: &str,
    bic: &str,
) -> Result<super::BankAccount, (&'static str, crate::i18n::Msg)> {
    use crate::i18n::Msg;
    let holder = holder.split_whitespace().collect::<Vec<_>>().join(" ");
    if holder.is_empty() || holder.chars().count() > 70 {
        return Err(("holder", Msg::ErrAccountHolder));
    }
    let iban = parse_iban(iban).ok_or(("iban", Msg::ErrIban))?;
    let bic = parse_bic(bic).ok_or(("bic", Msg::ErrBic))?;
    Ok(super::BankAccount { holder, iban, bic })
}
