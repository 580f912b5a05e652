//! The EN 16931 Cross-Industry-Invoice XML of an invoice (UN/CEFACT CII D16B, the Factur-X
//! "EN 16931" profile), for business buyers' accounting software and the French e-invoicing
//! platforms. The test suite checks it against the Factur-X XSD.

use std::fmt::Write;

use chrono::NaiveDate;

use super::invoice::Line;
use super::{InvoiceView, Kind};

/// Text safe inside an XML element or attribute.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // Control characters are not allowed in XML 1.0, except tab and line breaks.
            c if c.is_control() && !matches!(c, '\t' | '\n' | '\r') => {}
            c => out.push(c),
        }
    }
    out
}

/// Cents as an XML decimal: "12.05", "-0.40".
fn amount(cents: i64) -> String {
    let sign = if cents < 0 { "-" } else { "" };
    format!("{sign}{}.{:02}", cents.unsigned_abs() / 100, cents.unsigned_abs() % 100)
}

/// Hundredths of a cent as a decimal with four places: "4.7393".
fn price4(centi_cents: i64) -> String {
    format!("{}.{:04}", centi_cents / 10_000, centi_cents % 10_000)
}

/// Basis points as a percentage: 550 → "5.5", 2000 → "20".
pub fn percent(bp: i32) -> String {
    let whole = bp / 100;
    let frac = bp % 100;
    match frac {
        0 => whole.to_string(),
        f if f % 10 == 0 => format!("{whole}.{}", f / 10),
        f => format!("{whole}.{f:02}"),
    }
}

fn date(day: NaiveDate) -> String {
    day.format("%Y%m%d").to_string()
}

/// A postal address written on one line ("38 rue des Sarrazins, 59000 Lille") split into the
/// street, the postcode and the town when it ends with a French postcode and town.
pub fn split_address(address: &str) -> (String, String, String) {
    if let Some((street, town)) = address.rsplit_once(',') {
        let town = town.trim();
        if let Some((code, city)) = town.split_once(' ')
            && code.len() == 5
            && code.bytes().all(|b| b.is_ascii_digit())
        {
            return (street.trim().to_owned(), code.to_owned(), city.trim().to_owned());
        }
    }
    (address.trim().to_owned(), String::new(), String::new())
}

fn address(out: &mut String, street: &str, postcode: &str, city: &str) {
    out.push_str("<ram:PostalTradeAddress>");
    if !postcode.is_empty() {
        let _ = write!(out, "<ram:PostcodeCode>{}</ram:PostcodeCode>", escape(postcode));
    }
    if !street.is_empty() {
        let _ = write!(out, "<ram:LineOne>{}</ram:LineOne>", escape(street));
    }
    if !city.is_empty() {
        let _ = write!(out, "<ram:CityName>{}</ram:CityName>", escape(city));
    }
    out.push_str("<ram:CountryID>FR</ram:CountryID></ram:PostalTradeAddress>");
}

fn tax(out: &mut String, vat_bp: i32) {
    // "S": standard or reduced rate; "Z": zero rate.
    let category = if vat_bp == 0 { "Z" } else { "S" };
    let _ = write!(
        out,
        "<ram:TypeCode>VAT</ram:TypeCode><ram:CategoryCode>{category}</ram:CategoryCode>\
         <ram:RateApplicablePercent>{}</ram:RateApplicablePercent>",
        percent(vat_bp)
    );
}

fn line(out: &mut String, n: usize, l: &Line) {
    let _ = write!(
        out,
        "<ram:IncludedSupplyChainTradeLineItem>\
         <ram:AssociatedDocumentLineDocument><ram:LineID>{n}</ram:LineID></ram:AssociatedDocumentLineDocument>\
         <ram:SpecifiedTradeProduct><ram:Name>{}</ram:Name></ram:SpecifiedTradeProduct>\
         <ram:SpecifiedLineTradeAgreement><ram:NetPriceProductTradePrice><ram:ChargeAmount>{}</ram:ChargeAmount>\
         </ram:NetPriceProductTradePrice></ram:SpecifiedLineTradeAgreement>\
         <ram:SpecifiedLineTradeDelivery><ram:BilledQuantity unitCode=\"C62\">{}</ram:BilledQuantity></ram:SpecifiedLineTradeDelivery>\
         <ram:SpecifiedLineTradeSettlement><ram:ApplicableTradeTax>",
        escape(&l.description),
        price4(l.unit_ht_centi_cents()),
        l.quantity,
    );
    tax(out, l.vat_bp);
    let _ = write!(
        out,
        "</ram:ApplicableTradeTax><ram:SpecifiedTradeSettlementLineMonetarySummation>\
         <ram:LineTotalAmount>{}</ram:LineTotalAmount></ram:SpecifiedTradeSettlementLineMonetarySummation>\
         </ram:SpecifiedLineTradeSettlement></ram:IncludedSupplyChainTradeLineItem>",
        amount(l.total_ht_cents),
    );
}

/// The invoice's CII XML document.
pub fn invoice_xml(invoice: &InvoiceView, payment_terms: &str) -> String {
    let mut out = String::with_capacity(4096 + 800 * invoice.totals.lines.len());
    out.push_str(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
         <rsm:CrossIndustryInvoice xmlns:rsm=\"urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100\" \
         xmlns:qdt=\"urn:un:unece:uncefact:data:standard:QualifiedDataType:100\" \
         xmlns:ram=\"urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100\" \
         xmlns:udt=\"urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100\">\
         <rsm:ExchangedDocumentContext><ram:GuidelineSpecifiedDocumentContextParameter>\
         <ram:ID>urn:cen.eu:en16931:2017</ram:ID></ram:GuidelineSpecifiedDocumentContextParameter>\
         </rsm:ExchangedDocumentContext>",
    );
    let seller = &invoice.seller;
    let _ = write!(
        out,
        "<rsm:ExchangedDocument><ram:ID>{}</ram:ID><ram:TypeCode>{}</ram:TypeCode>\
         <ram:IssueDateTime><udt:DateTimeString format=\"102\">{}</udt:DateTimeString></ram:IssueDateTime>\
         <ram:IncludedNote><ram:Content>{}</ram:Content><ram:SubjectCode>REG</ram:SubjectCode></ram:IncludedNote>",
        invoice.number,
        invoice.kind.type_code(),
        date(invoice.issued_on),
        escape(&format!(
            "{} {} – SIREN {}{}",
            seller.legal_name,
            seller.legal_form,
            seller.siren,
            if seller.registry.is_empty() {
                String::new()
            } else {
                format!(" – {}", seller.registry)
            }
        )),
    );
    if invoice.kind == Kind::CreditNote && !invoice.reason.is_empty() {
        let _ = write!(
            out,
            "<ram:IncludedNote><ram:Content>{}</ram:Content></ram:IncludedNote>",
            escape(&invoice.reason)
        );
    }
    out.push_str("</rsm:ExchangedDocument><rsm:SupplyChainTradeTransaction>");
    for (n, l) in invoice.totals.lines.iter().enumerate() {
        line(&mut out, n + 1, l);
    }
    let _ = write!(
        out,
        "<ram:ApplicableHeaderTradeAgreement><ram:SellerTradeParty><ram:Name>{}</ram:Name>\
         <ram:SpecifiedLegalOrganization><ram:ID schemeID=\"0002\">{}</ram:ID></ram:SpecifiedLegalOrganization>",
        escape(&seller.legal_name),
        escape(&seller.siren),
    );
    address(&mut out, &seller.street, &seller.postcode, &seller.city);
    if !seller.vat_number.is_empty() {
        let _ = write!(
            out,
            "<ram:SpecifiedTaxRegistration><ram:ID schemeID=\"VA\">{}</ram:ID></ram:SpecifiedTaxRegistration>",
            escape(&seller.vat_number)
        );
    }
    let _ = write!(
        out,
        "</ram:SellerTradeParty><ram:BuyerTradeParty><ram:Name>{}</ram:Name>",
        escape(&invoice.buyer_name)
    );
    if !invoice.buyer_siren.is_empty() {
        let _ = write!(
            out,
            "<ram:SpecifiedLegalOrganization><ram:ID schemeID=\"0002\">{}</ram:ID></ram:SpecifiedLegalOrganization>",
            escape(&invoice.buyer_siren)
        );
    }
    let (street, postcode, city) = split_address(&invoice.buyer_address);
    address(&mut out, &street, &postcode, &city);
    let _ = write!(
        out,
        "</ram:BuyerTradeParty><ram:BuyerOrderReferencedDocument><ram:IssuerAssignedID>{}</ram:IssuerAssignedID>\
         </ram:BuyerOrderReferencedDocument></ram:ApplicableHeaderTradeAgreement>\
         <ram:ApplicableHeaderTradeDelivery><ram:ActualDeliverySupplyChainEvent><ram:OccurrenceDateTime>\
         <udt:DateTimeString format=\"102\">{}</udt:DateTimeString></ram:OccurrenceDateTime>\
         </ram:ActualDeliverySupplyChainEvent></ram:ApplicableHeaderTradeDelivery>\
         <ram:ApplicableHeaderTradeSettlement><ram:InvoiceCurrencyCode>EUR</ram:InvoiceCurrencyCode>",
        invoice.order_id,
        date(invoice.sale_date),
    );
    for v in &invoice.totals.vat {
        let _ = write!(
            out,
            "<ram:ApplicableTradeTax><ram:CalculatedAmount>{}</ram:CalculatedAmount>",
            amount(v.vat_cents)
        );
        // CalculatedAmount, TypeCode, BasisAmount, CategoryCode, Rate: the schema's order.
        let category = if v.vat_bp == 0 { "Z" } else { "S" };
        let _ = write!(
            out,
            "<ram:TypeCode>VAT</ram:TypeCode><ram:BasisAmount>{}</ram:BasisAmount>\
             <ram:CategoryCode>{category}</ram:CategoryCode><ram:RateApplicablePercent>{}</ram:RateApplicablePercent>\
             </ram:ApplicableTradeTax>",
            amount(v.base_cents),
            percent(v.vat_bp),
        );
    }
    let t = &invoice.totals;
    let _ = write!(
        out,
        "<ram:SpecifiedTradePaymentTerms><ram:Description>{}</ram:Description></ram:SpecifiedTradePaymentTerms>\
         <ram:SpecifiedTradeSettlementHeaderMonetarySummation>\
         <ram:LineTotalAmount>{ht}</ram:LineTotalAmount><ram:TaxBasisTotalAmount>{ht}</ram:TaxBasisTotalAmount>\
         <ram:TaxTotalAmount currencyID=\"EUR\">{}</ram:TaxTotalAmount><ram:GrandTotalAmount>{total}</ram:GrandTotalAmount>\
         <ram:DuePayableAmount>{total}</ram:DuePayableAmount></ram:SpecifiedTradeSettlementHeaderMonetarySummation>",
        escape(payment_terms),
        amount(t.total_vat_cents),
        ht = amount(t.total_ht_cents),
        total = amount(t.total_cents),
    );
    if let Some(cancelled) = &invoice.cancels {
        let _ = write!(
            out,
            "<ram:InvoiceReferencedDocument><ram:IssuerAssignedID>{}</ram:IssuerAssignedID>\
             <ram:FormattedIssueDateTime><qdt:DateTimeString format=\"102\">{}</qdt:DateTimeString>\
             </ram:FormattedIssueDateTime></ram:InvoiceReferencedDocument>",
            cancelled.number,
            date(cancelled.issued_on),
        );
    }
    out.push_str(
        "</ram:ApplicableHeaderTradeSettlement></rsm:SupplyChainTradeTransaction></rsm:CrossIndustryInvoice>\n",
    );
    out
}
