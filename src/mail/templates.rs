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

/// Why an order email is sent.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OrderMail {
    Confirmed,
    Changed,
    Cancelled,
    /// The card payment never came and the order was released.
    Expired,
    /// The day before the slot.
    Reminder,
    /// Some of it did not arrive at the hub.
    Adjusted,
}

/// An email about an order: what happened, its lines, total, where and when.
pub fn order(kind: OrderMail, locale: Locale, coop: &str, order: &crate::orders::OrderView, link: &str) -> Message {
    use crate::money::format_cents;
    let number = order.id.to_string();
    let (subject, intro) = match kind {
        OrderMail::Confirmed => (Msg::MailOrderConfirmedSubject, Msg::MailOrderConfirmedBody),
        OrderMail::Changed => (Msg::MailOrderChangedSubject, Msg::MailOrderChangedBody),
        OrderMail::Cancelled => (Msg::MailOrderCancelledSubject, Msg::MailOrderCancelledBody),
        OrderMail::Expired => (Msg::MailOrderExpiredSubject, Msg::MailOrderExpiredBody),
        OrderMail::Reminder => (Msg::MailReminderSubject, Msg::MailReminderBody),
        OrderMail::Adjusted => (Msg::MailOrderAdjustedSubject, Msg::MailOrderAdjustedBody),
    };
    let tz = crate::time::zone(&order.timezone);
    let when = crate::time::format_slot(order.slot.starts_at, order.slot.ends_at, tz, locale);
    let mut body = format!(
        "{}\n\n{}\n\n",
        Msg::MailGreeting.text(locale),
        intro.fill(locale, &[("number", &number)])
    );
    for l in &order.lines {
        body.push_str(&format!(
            "- {} × {} : {}",
            l.quantity,
            l.label(),
            format_cents(l.amount_cents(), locale)
        ));
        if l.missing > 0 {
            body.push_str(&format!(
                " ({})",
                Msg::MailMissing.fill(locale, &[("n", &l.missing.to_string())])
            ));
        }
        body.push('\n');
    }
    if order.totals.fee_cents > 0 {
        body.push_str(&format!(
            "{} : {}\n",
            Msg::DeliveryFee.text(locale),
            format_cents(order.totals.fee_cents, locale)
        ));
    }
    body.push_str(&format!(
        "{} : {}\n\n",
        Msg::Total.text(locale),
        format_cents(order.totals.total_cents, locale)
    ));
    if order.slot.is_delivery() {
        body.push_str(&Msg::MailDeliveryAt.fill(
            locale,
            &[
                (
                    "address",
                    &format!("{} {}", order.delivery_address, order.delivery_postcode),
                ),
                ("when", &when),
            ],
        ));
    } else {
        body.push_str(&Msg::MailPickupAt.fill(
            locale,
            &[
                ("place", &order.slot.place_name),
                ("address", &order.slot.address),
                ("when", &when),
            ],
        ));
    }
    body.push('\n');
    if !order.slot.instructions.is_empty() {
        body.push_str(&order.slot.instructions);
        body.push('\n');
    }
    body.push_str(&format!(
        "{}\n",
        order.payment_method.label_for(order.slot.is_delivery()).text(locale)
    ));
    body.push_str(&format!(
        "\n{link}\n\n-- \n{}\n",
        Msg::MailSignature.fill(locale, &[("coop", coop)])
    ));
    Message {
        subject: subject.fill(locale, &[("number", &number), ("coop", coop)]),
        body,
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
