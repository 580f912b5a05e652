//! The SEPA credit transfer file (ISO 20022 pain.001.001.03) of a batch of payouts, for the
//! cooperative's bank. The test suite checks it against the XSD shipped by the PyPI package
//! `sepaxml`.

use std::fmt::Write;

use chrono::{NaiveDate, NaiveDateTime};

use super::cii::escape;

/// Who pays: the cooperative's account.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Debtor {
    pub name: String,
    pub iban: String,
    pub bic: String,
}

/// One transfer to a producer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Transfer {
    /// At most 35 characters, unique in the batch ("MAILLON-V12").
    pub end_to_end_id: String,
    pub creditor_name: String,
    pub iban: String,
    pub bic: String,
    pub amount_cents: i64,
    /// What the producer's bank statement shows (at most 140 characters).
    pub remittance: String,
}

/// Text in the characters every SEPA bank accepts (the EPC's Latin subset): accents dropped,
/// anything else a space, cut to `max` characters.
pub fn sepa_text(raw: &str, max: usize) -> String {
    let mut out = String::new();
    for c in raw.chars() {
        let mapped = match c {
            'à' | 'â' | 'ä' | 'á' | 'ã' => 'a',
            'À' | 'Â' | 'Ä' | 'Á' | 'Ã' => 'A',
            'é' | 'è' | 'ê' | 'ë' => 'e',
            'É' | 'È' | 'Ê' | 'Ë' => 'E',
            'î' | 'ï' | 'í' => 'i',
            'Î' | 'Ï' | 'Í' => 'I',
            'ô' | 'ö' | 'ó' | 'õ' => 'o',
            'Ô' | 'Ö' | 'Ó' | 'Õ' => 'O',
            'ù' | 'û' | 'ü' | 'ú' => 'u',
            'Ù' | 'Û' | 'Ü' | 'Ú' => 'U',
            'ç' => 'c',
            'Ç' => 'C',
            'ñ' => 'n',
            'Ñ' => 'N',
            'œ' => 'o',
            'Œ' => 'O',
            '’' | '‘' => '\'',
            c if c.is_ascii_alphanumeric() || "/-?:().,'+ ".contains(c) => c,
            _ => ' ',
        };
        out.push(mapped);
    }
    let collapsed = out.split_whitespace().collect::<Vec<_>>().join(" ");
    collapsed.chars().take(max).collect()
}

fn amount(cents: i64) -> String {
    format!("{}.{:02}", cents / 100, cents % 100)
}

/// The pain.001.001.03 document: one payment information block, one transfer per payout,
/// batch booking, SEPA service level, charges shared (SLEV).
pub fn pain001(
    message_id: &str,
    created_at: NaiveDateTime,
    execution: NaiveDate,
    debtor: &Debtor,
    transfers: &[Transfer],
) -> String {
    let total: i64 = transfers.iter().map(|t| t.amount_cents).sum();
    let debtor_name = escape(&sepa_text(&debtor.name, 70));
    let mut out = String::with_capacity(1200 + 600 * transfers.len());
    let _ = write!(
        out,
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
         <Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:pain.001.001.03\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">\
         <CstmrCdtTrfInitn><GrpHdr><MsgId>{id}</MsgId><CreDtTm>{created}</CreDtTm><NbOfTxs>{n}</NbOfTxs>\
         <CtrlSum>{sum}</CtrlSum><InitgPty><Nm>{debtor_name}</Nm></InitgPty></GrpHdr>\
         <PmtInf><PmtInfId>{id}</PmtInfId><PmtMtd>TRF</PmtMtd><BtchBookg>true</BtchBookg><NbOfTxs>{n}</NbOfTxs>\
         <CtrlSum>{sum}</CtrlSum><PmtTpInf><SvcLvl><Cd>SEPA</Cd></SvcLvl></PmtTpInf><ReqdExctnDt>{execution}</ReqdExctnDt>\
         <Dbtr><Nm>{debtor_name}</Nm></Dbtr><DbtrAcct><Id><IBAN>{iban}</IBAN></Id></DbtrAcct>\
         <DbtrAgt><FinInstnId><BIC>{bic}</BIC></FinInstnId></DbtrAgt><ChrgBr>SLEV</ChrgBr>",
        id = escape(&sepa_text(message_id, 35)),
        created = created_at.format("%Y-%m-%dT%H:%M:%S"),
        n = transfers.len(),
        sum = amount(total),
        execution = execution.format("%Y-%m-%d"),
        iban = escape(&debtor.iban),
        bic = escape(&debtor.bic),
    );
    for t in transfers {
        let _ = write!(
            out,
            "<CdtTrfTxInf><PmtId><EndToEndId>{}</EndToEndId></PmtId><Amt><InstdAmt Ccy=\"EUR\">{}</InstdAmt></Amt>\
             <CdtrAgt><FinInstnId><BIC>{}</BIC></FinInstnId></CdtrAgt><Cdtr><Nm>{}</Nm></Cdtr>\
             <CdtrAcct><Id><IBAN>{}</IBAN></Id></CdtrAcct><RmtInf><Ustrd>{}</Ustrd></RmtInf></CdtTrfTxInf>",
            escape(&sepa_text(&t.end_to_end_id, 35)),
            amount(t.amount_cents),
            escape(&t.bic),
            escape(&sepa_text(&t.creditor_name, 70)),
            escape(&t.iban),
            escape(&sepa_text(&t.remittance, 140)),
        );
    }
    out.push_str("</PmtInf></CstmrCdtTrfInitn></Document>\n");
    out
}
