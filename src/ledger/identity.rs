//! The cooperative's legal identity, as its invoices state it (the French legal mentions of the
//! seller: name, legal form, address, SIREN, VAT number, registry), and its form.

use serde::{Deserialize, Serialize};

use super::invoice::{siren_is_valid, vat_number_of};
use crate::i18n::Msg;

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Identity {
    pub legal_name: String,
    /// "SCIC SAS à capital variable".
    pub legal_form: String,
    pub street: String,
    pub postcode: String,
    pub city: String,
    pub siren: String,
    /// "FR" + key + SIREN; empty when the cooperative is not liable to VAT.
    pub vat_number: String,
    /// "RCS Lille Métropole".
    pub registry: String,
    /// The account producers are paid from (SEPA transfers); empty until the board gives it.
    #[serde(default)]
    pub iban: String,
    #[serde(default)]
    pub bic: String,
}

/// The identity form's fields as the board typed them.
#[derive(Clone, Copy, Debug, Default)]
pub struct IdentityForm<'a> {
    pub legal_name: &'a str,
    pub legal_form: &'a str,
    pub street: &'a str,
    pub postcode: &'a str,
    pub city: &'a str,
    pub siren: &'a str,
    pub vat_number: &'a str,
    pub registry: &'a str,
    pub iban: &'a str,
    pub bic: &'a str,
}

fn one_line(
    raw: &str,
    max: usize,
    field: &'static str,
    msg: Msg,
    required: bool,
) -> Result<String, (&'static str, Msg)> {
    let text = raw.split_whitespace().collect::<Vec<_>>().join(" ");
    if (required && text.is_empty()) || text.chars().count() > max {
        return Err((field, msg));
    }
    Ok(text)
}

/// Checks the form: the SIREN's key, the VAT number's key against the SIREN. Errors name the
/// field they belong to.
pub fn parse_identity(form: &IdentityForm<'_>) -> Result<Identity, (&'static str, Msg)> {
    let digits = |raw: &str| raw.chars().filter(|c| !c.is_whitespace()).collect::<String>();
    let legal_name = one_line(form.legal_name, 120, "legal_name", Msg::ErrLegalName, true)?;
    let legal_form = one_line(form.legal_form, 120, "legal_form", Msg::ErrLegalForm, true)?;
    let street = one_line(form.street, 200, "street", Msg::ErrStreet, true)?;
    let postcode = digits(form.postcode);
    if postcode.len() != 5 || !postcode.bytes().all(|b| b.is_ascii_digit()) {
        return Err(("postcode", Msg::ErrInvoicePostcode));
    }
    let city = one_line(form.city, 80, "city", Msg::ErrCity, true)?;
    let siren = digits(form.siren);
    if !siren_is_valid(&siren) {
        return Err(("siren", Msg::ErrSiren));
    }
    let vat_number = digits(form.vat_number).to_ascii_uppercase();
    if !vat_number.is_empty() && vat_number_of(&siren).as_deref() != Some(vat_number.as_str()) {
        return Err(("vat_number", Msg::ErrVatNumber));
    }
    let registry = one_line(form.registry, 120, "registry", Msg::ErrRegistry, false)?;
    // The bank account is optional, but whole: an IBAN with its BIC.
    let (iban, bic) = if form.iban.trim().is_empty() && form.bic.trim().is_empty() {
        (String::new(), String::new())
    } else {
        (
            super::bank::parse_iban(form.iban).ok_or(("iban", Msg::ErrIban))?,
            super::bank::parse_bic(form.bic).ok_or(("bic", Msg::ErrBic))?,
        )
    };
    Ok(Identity {
        legal_name,
        legal_form,
        street,
        postcode,
        city,
        siren,
        vat_number,
        registry,
        iban,
        bic,
    })
}
