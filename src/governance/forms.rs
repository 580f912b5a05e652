//! The governance forms as people fill them, checked before anything is stored.

use serde::{Deserialize, Serialize};

use super::{Category, ProposalKind};
use crate::i18n::Msg;

pub const NAME_MAX: usize = 120;
pub const ADDRESS_MAX: usize = 300;
pub const MAX_SHARES: i64 = 10_000;
pub const PROPOSAL_MAX: usize = 4_000;
pub const TITLE_MAX: usize = 160;
pub const OPTIONS_MAX: usize = 10;
pub const OPTION_MAX: usize = 120;

/// An application form's fields as the applicant typed them.
#[derive(Clone, Copy, Debug, Default)]
pub struct ApplicationForm<'a> {
    pub category: &'a str,
    pub name: &'a str,
    /// SIREN or RNA of an organisation, optional.
    pub registration: &'a str,
    /// The person who votes for an organisation.
    pub representative: &'a str,
    pub address: &'a str,
    pub shares: &'a str,
    /// A `SharePayment` code.
    pub payment: &'a str,
}

/// An application to become a member.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Application {
    pub category: Category,
    /// The person's name, or the organisation's legal name.
    pub name: String,
    /// SIREN or RNA number of an organisation (optional: an association may have none yet).
    pub registration: String,
    /// The person who votes for an organisation; empty for a person.
    pub representative: String,
    pub address: String,
    pub shares: i64,
    pub payment: SharePayment,
}

/// How the shares are paid: by card on Stripe's payment page when applying (recorded in the
/// register when the board approves), or by transfer or cheque, which the board records when
/// the money arrives.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum SharePayment {
    Card,
    Transfer,
    Cheque,
}

impl SharePayment {
    pub fn code(self) -> &'static str {
        match self {
            SharePayment::Card => "card",
            SharePayment::Transfer => "transfer",
            SharePayment::Cheque => "cheque",
        }
    }

    pub fn parse(code: &str) -> Option<SharePayment> {
        [SharePayment::Card, SharePayment::Transfer, SharePayment::Cheque]
            .into_iter()
            .find(|p| p.code() == code)
    }

    pub fn label(self) -> Msg {
        match self {
            SharePayment::Card => Msg::GovPayCard,
            SharePayment::Transfer => Msg::GovPayTransfer,
            SharePayment::Cheque => Msg::GovPayCheque,
        }
    }
}

fn one_line(raw: &str) -> String {
    raw.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn count(raw: &str, field: &'static str) -> Result<i64, (&'static str, Msg)> {
    let t = raw.trim();
    if t.is_empty() || t.len() > 6 || !t.bytes().all(|b| b.is_ascii_digit()) {
        return Err((field, Msg::ErrShareCount));
    }
    let n: i64 = t.parse().map_err(|_| (field, Msg::ErrShareCount))?;
    if !(1..=MAX_SHARES).contains(&n) {
        return Err((field, Msg::ErrShareCount));
    }
    Ok(n)
}

/// Checks an application; `min_shares` is the cooperative's minimum for the category chosen.
/// Errors name the field they belong to.
pub fn parse_application(
    form: &ApplicationForm<'_>,
    min_shares: impl Fn(Category) -> i64,
) -> Result<Application, (&'static str, Msg)> {
    let ApplicationForm {
        category,
        name,
        registration,
        representative,
        address,
        shares,
        payment,
    } = *form;
    let category = Category::parse(category).ok_or(("category", Msg::ErrMemberCategory))?;
    let name = one_line(name);
    if name.is_empty() || name.chars().count() > NAME_MAX {
        return Err(("name", Msg::ErrMemberName));
    }
    let registration: String = registration.chars().filter(|c| !c.is_whitespace()).collect();
    if registration.len() > 20 || !registration.chars().all(|c| c.is_ascii_alphanumeric()) {
        return Err(("registration", Msg::ErrMemberRegistration));
    }
    let representative = one_line(representative);
    if category.is_organisation() && representative.is_empty() || representative.chars().count() > NAME_MAX {
        return Err(("representative", Msg::ErrMemberRepresentative));
    }
    let address = address.trim().to_owned();
    if address.is_empty() || address.chars().count() > ADDRESS_MAX {
        return Err(("address", Msg::ErrMemberAddress));
    }
    let shares = count(shares, "shares")?;
    if shares < min_shares(category) {
        return Err(("shares", Msg::ErrSharesBelowMinimum));
    }
    let payment = SharePayment::parse(payment).ok_or(("payment", Msg::ErrSharePayment))?;
    Ok(Application {
        category,
        name,
        registration,
        representative: if category.is_organisation() {
            representative
        } else {
            String::new()
        },
        address,
        shares,
        payment,
    })
}

/// A proposal on an assembly's agenda.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProposalDraft {
    pub title: String,
    pub text: String,
    pub kind: ProposalKind,
    /// For a choice: its options. A motion's are "for" and "against".
    pub options: Vec<String>,
}

/// Checks a proposal: a title, a text, and for a choice 2 to 10 distinct options, one per line.
pub fn parse_proposal(title: &str, text: &str, options: &str) -> Result<ProposalDraft, Msg> {
    let title = one_line(title);
    if title.is_empty() || title.chars().count() > TITLE_MAX {
        return Err(Msg::ErrProposalTitle);
    }
    let text = text.trim().to_owned();
    if text.is_empty() || text.chars().count() > PROPOSAL_MAX {
        return Err(Msg::ErrProposalText);
    }
    let options: Vec<String> = options.lines().map(one_line).filter(|o| !o.is_empty()).collect();
    if options.is_empty() {
        return Ok(ProposalDraft {
            title,
            text,
            kind: ProposalKind::Motion,
            options: Vec::new(),
        });
    }
    let distinct = options
        .iter()
        .enumerate()
        .all(|(i, o)| !options[..i].iter().any(|p| p.eq_ignore_ascii_case(o)));
    if options.len() < 2
        || options.len() > OPTIONS_MAX
        || options.iter().any(|o| o.chars().count() > OPTION_MAX)
        || !distinct
    {
        return Err(Msg::ErrProposalOptions);
    }
    Ok(ProposalDraft {
        title,
        text,
        kind: ProposalKind::Choice,
        options,
    })
}

/// A member number as people type it ("12", "n° 12"), or None.
pub fn parse_member_number(text: &str) -> Option<i32> {
    let t = text.trim().trim_start_matches("n°").trim();
    (!t.is_empty() && t.len() <= 9 && t.bytes().all(|b| b.is_ascii_digit()))
        .then(|| t.parse().ok())
        .flatten()
}

/// A quorum as statutes write it ("1/4", "1 / 3"), or None.
pub fn parse_quorum(text: &str) -> Option<super::Quorum> {
    let (num, den) = text.split_once('/')?;
    let num: u32 = num.trim().parse().ok()?;
    let den: u32 = den.trim().parse().ok()?;
    super::Quorum::new(num, den).ok()
}
