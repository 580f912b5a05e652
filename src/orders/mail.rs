//! The email about an order (confirmed, changed, cancelled, expired, reminded, adjusted): its
//! lines, total, where and when, in the buyer's language. It lives with orders so that `mail`
//! stays a leaf that knows nothing of them.

use super::OrderView;
use crate::i18n::{Locale, Msg};
use crate::mail::templates::Message;

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
pub fn order(kind: OrderMail, locale: Locale, coop: &str, order: &OrderView, link: &str) -> Message {
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
    let tz = order.timezone.tz();
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
