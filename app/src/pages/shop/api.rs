//! The shop's server functions: the shop front of a cycle, adding to the cart, the cart, and
//! checkout; and the quantities a cart form sends.
// The checkout's arguments are its form's fields, one to one (the form posts them flat and
// the authorisation matrix names them): `#[server]` functions cannot take an allow of their own.
#![allow(clippy::too_many_arguments)]

use leptos::prelude::*;
use maillon::cycles::CycleSummary;
use maillon::i18n::Msg;
use maillon::orders::{CartView, ShopFront};
use serde::{Deserialize, Serialize};

use crate::error::AppError;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ShopData {
    pub cycles: Vec<CycleSummary>,
    pub front: Option<ShopFront>,
    pub timezone: maillon::time::Zone,
}

#[server(endpoint = "shop_front", input = leptos::server_fn::codec::GetUrl)]
pub async fn get_shop(cycle: Option<i64>) -> Result<ShopData, AppError> {
    let state = crate::ssr::state()?;
    let now = chrono::Utc::now();
    let cycles = maillon::cycles::store::open_cycles(&state.ctx().at(now)).await?;
    let chosen = cycle.or(maillon::cycles::default_cycle(&cycles));
    let front = match chosen {
        Some(id) => {
            let (user, owner) = crate::ssr::shopper(false).await?;
            let pricing = user.map_or(maillon::orders::Pricing::Retail, |u| {
                maillon::orders::Pricing::for_roles(&u.roles)
            });
            let locale = crate::ssr::locale();
            Some(
                maillon::orders::store::shop_front(&state.ctx().at(now), id, pricing, owner.as_ref(), None, locale)
                    .await?,
            )
        }
        None => None,
    };
    Ok(ShopData {
        cycles,
        front,
        timezone: state.coop.timezone,
    })
}

/// `path` with `key=value` set in its query (replacing an earlier value), its fragment kept.
pub fn with_query(path: &str, key: &str, value: &str) -> String {
    let (path, fragment) = path.split_once('#').map_or((path, None), |(p, f)| (p, Some(f)));
    let (path, query) = path.split_once('?').unwrap_or((path, ""));
    let mut pairs: Vec<&str> = query
        .split('&')
        .filter(|p| !p.is_empty() && p.split('=').next() != Some(key))
        .collect();
    let pair = format!("{key}={value}");
    pairs.push(&pair);
    let mut out = format!("{path}?{}", pairs.join("&"));
    if let Some(f) = fragment {
        out.push('#');
        out.push_str(f);
    }
    out
}

#[server(endpoint = "add_to_cart")]
pub async fn add_to_cart(
    csrf: String,
    cycle_id: i64,
    variant_id: i64,
    quantity: i64,
    #[server(default)] back: Option<String>,
) -> Result<i64, AppError> {
    let _ = csrf;
    let ctx = crate::ssr::ctx()?;
    let (user, owner) = crate::ssr::shopper(true).await?;
    let owner = owner.ok_or(AppError::Internal)?;
    let pricing = user.map_or(maillon::orders::Pricing::Retail, |u| {
        maillon::orders::Pricing::for_roles(&u.roles)
    });
    let count = maillon::orders::store::add_to_cart(
        &ctx,
        maillon::ids::CycleId(cycle_id),
        &owner,
        pricing,
        maillon::ids::VariantId(variant_id),
        quantity,
    )
    .await?;
    // Without JavaScript the page reloads: it says what happened and comes back to the product,
    // on the page the form was on (shop, catalogue or product page).
    if crate::ssr::is_plain_form_post() {
        let page = back
            .as_deref()
            .and_then(maillon::redirect::local_path)
            .map_or_else(|| format!("{}?cycle={cycle_id}", crate::paths::SHOP), str::to_owned);
        let page = page.split('#').next().unwrap_or_default();
        leptos_axum::redirect(&format!(
            "{}#v{variant_id}",
            with_query(page, "ajoute", &count.to_string())
        ));
    }
    Ok(count)
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CartData {
    pub cart: Option<CartView>,
    pub timezone: maillon::time::Zone,
    /// Fresh for each display of the checkout form: submitting it twice makes one order.
    pub attempt_key: String,
}

#[server(endpoint = "cart", input = leptos::server_fn::codec::GetUrl)]
pub async fn cart(cycle: Option<i64>) -> Result<CartData, AppError> {
    let state = crate::ssr::state()?;
    let now = chrono::Utc::now();
    let chosen = match cycle {
        Some(id) => Some(id),
        None => maillon::cycles::default_cycle(&maillon::cycles::store::open_cycles(&state.ctx().at(now)).await?),
    };
    let cart = match chosen {
        Some(id) => {
            let (user, owner) = crate::ssr::shopper(false).await?;
            let pricing = user.map_or(maillon::orders::Pricing::Retail, |u| {
                maillon::orders::Pricing::for_roles(&u.roles)
            });
            Some(
                maillon::orders::store::cart_view(
                    &state.ctx().at(now),
                    id,
                    owner.as_ref(),
                    pricing,
                    crate::ssr::card_payments_enabled(),
                    crate::ssr::locale(),
                )
                .await?,
            )
        }
        None => None,
    };
    Ok(CartData {
        cart,
        timezone: state.coop.timezone,
        attempt_key: maillon::secret::random_token()[..32].replace('_', "-"),
    })
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LineInput {
    #[serde(default)]
    pub variant_id: String,
    #[serde(default)]
    pub quantity: String,
}

/// Quantities typed in a form, as (variant, quantity); a blank quantity means 0.
pub fn parse_lines(lines: &[LineInput]) -> Result<Vec<(i64, i64)>, AppError> {
    lines
        .iter()
        .map(|l| {
            let variant = l
                .variant_id
                .trim()
                .parse::<i64>()
                .map_err(|_| AppError::BadRequest("variant".into()))?;
            let q = l.quantity.trim();
            let quantity = if q.is_empty() {
                0
            } else {
                q.parse::<i64>()
                    .ok()
                    .filter(|q| *q >= 0)
                    .ok_or_else(|| AppError::Invalid {
                        field: Some("quantity".into()),
                        msg: Msg::ErrOrderQuantity,
                    })?
            };
            Ok((variant, quantity))
        })
        .collect()
}

#[server(endpoint = "update_cart")]
pub async fn update_cart(
    csrf: String,
    cycle_id: i64,
    #[server(default)] lines: Vec<LineInput>,
) -> Result<(), AppError> {
    let _ = csrf;
    let ctx = crate::ssr::ctx()?;
    let (user, owner) = crate::ssr::shopper(true).await?;
    let owner = owner.ok_or(AppError::Internal)?;
    let pricing = user.map_or(maillon::orders::Pricing::Retail, |u| {
        maillon::orders::Pricing::for_roles(&u.roles)
    });
    let lines = parse_lines(&lines).inspect_err(crate::ssr::set_error_status)?;
    maillon::orders::store::set_cart(&ctx, cycle_id, &owner, pricing, &lines).await?;
    Ok(())
}

#[server(endpoint = "checkout")]
pub async fn checkout(
    csrf: String,
    cycle_id: i64,
    attempt: String,
    #[server(default)] slot: String,
    #[server(default)] address: String,
    #[server(default)] postcode: String,
    #[server(default)] phone: String,
    #[server(default)] payment: String,
    #[server(default)] round_up: String,
) -> Result<i64, AppError> {
    use maillon::orders::OrderStatus;
    let _ = csrf;
    let user = crate::ssr::require(maillon::accounts::Permission::SignedIn).await?;
    let ctx = crate::ssr::ctx()?;
    // What is missing or unreadable is reported by the checkout, which first keeps the form.
    let choice = maillon::orders::store::CheckoutChoice {
        slot_id: slot.trim().parse::<i64>().ok(),
        address,
        postcode,
        phone,
        payment: maillon::orders::PaymentMethod::parse(payment.trim()),
        round_up: round_up == "yes",
        attempt_key: attempt,
    };
    let placed = maillon::orders::store::checkout(
        &ctx,
        &user,
        cycle_id,
        &choice,
        crate::ssr::card_payments_enabled(),
        crate::ssr::payment_ttl(),
    )
    .await?;
    if choice.round_up {
        crate::ssr::collect_round_ups_soon();
    }
    if placed.status == OrderStatus::PendingPayment {
        // The order is kept whatever the payment service answers: it can be paid from its page.
        match crate::ssr::open_card_payment(placed.order_id).await {
            Ok(url) => leptos_axum::redirect(&url),
            Err(_) => leptos_axum::redirect(&format!(
                "{}/{}?{}",
                crate::paths::ORDERS,
                placed.order_id,
                crate::paths::Notice::PaymentFailed.code()
            )),
        }
    } else {
        leptos_axum::redirect(&format!(
            "{}/{}?{}",
            crate::paths::ORDERS,
            placed.order_id,
            crate::paths::Notice::Placed.code()
        ));
    }
    Ok(placed.order_id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_added_count_replaces_an_earlier_one() {
        assert_eq!(with_query("/catalogue", "ajoute", "1"), "/catalogue?ajoute=1");
        assert_eq!(
            with_query("/catalogue?q=jus&ajoute=1#v3", "ajoute", "2"),
            "/catalogue?q=jus&ajoute=2#v3"
        );
    }
}
