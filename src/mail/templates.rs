//! The emails the platform sends, in the recipient's language.

use crate::i18n::{Locale, Msg};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Message {
    pub subject: String,
    pub body: String,
}

fn compose(locale: Locale, coop: &str, subject: Msg, paragraph: Msg, link: &str, ignore_note: bool) -> Message {
    let coop_arg = [("coop", coop)];
    let mut body = format!(
        "{}\n\n{}\n{}\n",
        Msg::MailGreeting.text(locale),
        paragraph.text(locale),
        link
    );
    if ignore_note {
        body.push('\n');
        body.push_str(Msg::MailIgnore.text(locale));
        body.push('\n');
    }
    body.push_str(&format!("\n-- \n{}\n", Msg::MailSignature.fill(locale, &coop_arg)));
    Message {
        subject: subject.fill(locale, &coop_arg),
        body,
    }
}

pub fn verify_email(locale: Locale, coop: &str, link: &str) -> Message {
    compose(locale, coop, Msg::MailVerifySubject, Msg::MailVerifyBody, link, true)
}

pub fn account_exists(locale: Locale, coop: &str, link: &str) -> Message {
    compose(locale, coop, Msg::MailExistsSubject, Msg::MailExistsBody, link, true)
}

pub fn reset_password(locale: Locale, coop: &str, link: &str) -> Message {
    compose(locale, coop, Msg::MailResetSubject, Msg::MailResetBody, link, true)
}

pub fn password_changed(locale: Locale, coop: &str, link: &str) -> Message {
    compose(
        locale,
        coop,
        Msg::MailPasswordChangedSubject,
        Msg::MailPasswordChangedBody,
        link,
        false,
    )
}

/// A decision of the board on a membership application: `body` (with `args`), then `extra`
/// paragraphs, then the link to the applicant's page.
fn decision(locale: Locale, subject: Msg, body: Msg, args: &[(&str, &str)], extra: &str, link: &str) -> Message {
    Message {
        subject: subject.fill(locale, args),
        body: format!(
            "{}\n\n{}{extra}\n{}\n\n-- \n{}\n",
            Msg::MailGreeting.text(locale),
            body.fill(locale, args),
            link,
            Msg::MailSignature.fill(locale, args),
        ),
    }
}

/// The board approved a membership application: the member's number.
pub fn membership_approved(locale: Locale, coop: &str, number: i32, link: &str) -> Message {
    let number = number.to_string();
    let args = [("coop", coop), ("number", number.as_str())];
    decision(
        locale,
        Msg::MailMemberApprovedSubject,
        Msg::MailMemberApprovedBody,
        &args,
        "",
        link,
    )
}

/// The board refused a membership application: its reason, and the card refund if the shares
/// were paid by card.
pub fn membership_refused(locale: Locale, coop: &str, reason: &str, card_refund: bool, link: &str) -> Message {
    let refund = if card_refund {
        format!("\n\n{}", Msg::GovCardRefunded.text(locale))
    } else {
        String::new()
    };
    decision(
        locale,
        Msg::MailMemberRefusedSubject,
        Msg::MailMemberRefusedBody,
        &[("coop", coop), ("reason", reason)],
        &refund,
        link,
    )
}

/// The cycle is open: sent to members who asked for it.
pub fn cycle_open(locale: Locale, coop: &str, cycle: &str, closes: &str, link: &str) -> Message {
    let body = format!(
        "{}\n\n{}\n{}\n\n{}\n\n-- \n{}\n",
        Msg::MailGreeting.text(locale),
        Msg::MailCycleOpenBody.fill(locale, &[("cycle", cycle), ("closes", closes)]),
        link,
        Msg::MailCycleOpenUnsubscribe.text(locale),
        Msg::MailSignature.fill(locale, &[("coop", coop)]),
    );
    Message {
        subject: Msg::MailCycleOpenSubject.fill(locale, &[("cycle", cycle), ("coop", coop)]),
        body,
    }
}

/// To a partner association: goods are waiting for it at the hub; the link confirms receipt.
pub fn donation_waiting(locale: Locale, coop: &str, what: &str, link: &str) -> Message {
    let coop_arg = [("coop", coop)];
    Message {
        subject: Msg::MailDonationSubject.fill(locale, &coop_arg),
        body: format!(
            "{}\n\n{}\n{}\n\n-- \n{}\n",
            Msg::MailGreeting.text(locale),
            Msg::MailDonationBody.fill(locale, &[("what", what)]),
            link,
            Msg::MailSignature.fill(locale, &coop_arg)
        ),
    }
}

/// A member's message sent through the actors directory: the sender's name and address (so
/// that the actor can answer), then the message as typed.
pub fn actor_contact(locale: Locale, coop: &str, from: &str, from_email: &str, text: &str, link: &str) -> Message {
    let coop_arg = [("coop", coop)];
    Message {
        subject: Msg::MailActorSubject.fill(locale, &[("coop", coop), ("from", from)]),
        body: format!(
            "{}\n\n{}\n\n{}\n\n{}\n{}\n\n-- \n{}\n",
            Msg::MailGreeting.text(locale),
            Msg::MailActorBody.fill(locale, &[("from", from), ("email", from_email)]),
            text,
            Msg::MailActorFooter.text(locale),
            link,
            Msg::MailSignature.fill(locale, &coop_arg)
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn verification_email_carries_the_link_in_the_right_language() {
        let fr = verify_email(Locale::Fr, "Maillon Lille", "http://x/compte/verifier?token=abc");
        assert_eq!(fr.subject, "Confirmez votre adresse — Maillon Lille");
        assert!(fr.body.contains("\nhttp://x/compte/verifier?token=abc\n"));
        assert!(fr.body.contains("L'équipe de Maillon Lille"));
        let en = reset_password(Locale::En, "Maillon Lille", "http://x/r");
        assert!(en.subject.starts_with("Choose a new password"));
        assert!(en.body.contains("usable once"));
    }
}
