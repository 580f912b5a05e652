//! Value chains for public decision-makers (local authorities' partners, the board, hub
//! staff): over a period, what went from the producers of each commune through the hub to
//! each destination, by product category, with the distance the goods travelled and the share
//! produced near the hub; a flow diagram drawn on the server, with the tables it draws.

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use maillon::catalogue::Category;
use maillon::i18n::{Locale, Msg};
use maillon::money::{format_cents, format_thousandths};
use maillon::time::format_date;
use maillon::transparency::flows::{LOCAL_KM, Part, ValueChains, per_mille};

use crate::error::AppError;
use crate::i18n::{t, tf, use_locale};

#[server(endpoint = "value_chains_view", input = leptos::server_fn::codec::GetUrl)]
pub async fn value_chains_view(
    #[server(default)] from: String,
    #[server(default)] to: String,
) -> Result<ValueChains, AppError> {
    crate::ssr::require(maillon::accounts::Permission::ViewValueChains).await?;
    let ctx = crate::ssr::ctx()?;
    let period = maillon::transparency::flows::parse_period(&from, &to, ctx.today())
        .map_err(|m| maillon::error::ServiceError::field("from", m))?;
    // "" gathers the origins and destinations the diagram does not name; the page says "others".
    Ok(maillon::transparency::store::value_chains(&ctx, period, "").await?)
}

fn kg(grams: i64, locale: Locale) -> String {
    format!("{} kg", format_thousandths(grams, locale))
}

fn share(part: i64, whole: i64, locale: Locale) -> String {
    format!(
        "{} %",
        maillon::i18n::format_decimal(per_mille(part, whole) as f64 / 10.0, 1, locale)
    )
}

fn name(raw: &str, locale: Locale) -> String {
    if raw.is_empty() {
        Msg::ValueChainsOthers.text(locale).to_owned()
    } else {
        raw.to_owned()
    }
}

fn category(code: &str, locale: Locale) -> String {
    Category::parse(code).map_or_else(|| code.to_owned(), |c| c.label().text(locale).to_owned())
}

#[component]
pub fn ValueChainsPage() -> impl IntoView {
    let q = use_query_map();
    let period = Memo::new(move |_| q.with(|q| (q.get("du").unwrap_or_default(), q.get("au").unwrap_or_default())));
    let data = Resource::new(move || period.get(), |(from, to)| value_chains_view(from, to));
    view! {
        <section class="card" aria-labelledby="title">
            <h1 id="title">{t(Msg::ValueChainsTitle)}</h1>
            <p class="muted">{t(Msg::ValueChainsHint)}</p>
            <Transition fallback=|| view! { <p>{t(Msg::Loading)}</p> }>
                {move || data.get().map(|r| {
                    let (from, to) = period.get_untracked();
                    match r {
                        Ok(v) => view! {
                            <PeriodForm from=v.from.map(|d| d.to_string()).unwrap_or(from) to=v.to.map(|d| d.to_string()).unwrap_or(to)/>
                            <Chains v/>
                        }.into_any(),
                        // A period it cannot read: the form again, with the dates as typed
                        // and why (answered 422).
                        Err(AppError::Invalid { msg, .. }) => {
                            #[cfg(feature = "ssr")]
                            crate::ssr::set_error_status(&AppError::Invalid { field: None, msg });
                            view! {
                                <p class="alert error" role="alert">{t(msg)}</p>
                                <PeriodForm from to/>
                            }.into_any()
                        }
                        Err(error) => view! { <crate::components::ErrorPage error/> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn PeriodForm(from: String, to: String) -> impl IntoView {
    view! {
        <form method="get" action=maillon::paths::VALUE_CHAINS class="filters">
            <div class="field">
                <label for="chains-from">{t(Msg::ValueChainsFrom)}</label>
                <input id="chains-from" type="date" name="du" value=from required/>
            </div>
            <div class="field">
                <label for="chains-to">{t(Msg::ValueChainsTo)}</label>
                <input id="chains-to" type="date" name="au" value=to required/>
            </div>
            <button type="submit" class="button">{t(Msg::Show)}</button>
        </form>
    }
}

#[component]
fn Chains(v: ValueChains) -> impl IntoView {
    let locale = use_locale();
    if v.grams == 0 {
        return view! { <p class="empty">{t(Msg::ValueChainsEmpty)}</p> }.into_any();
    }
    let period = match (v.from, v.to) {
        (Some(f), Some(t)) => tf(
            Msg::ValueChainsPeriod,
            &[
                ("from", &format_date(f, locale)),
                ("to", &format_date(t, locale)),
                ("n", &v.cycles.to_string()),
            ],
        ),
        _ => String::new(),
    };
    view! {
        <p role="status">{period}</p>
        <dl class="impact figures">
            <div><dt>{t(Msg::ValueChainsWeight)}</dt><dd>{kg(v.grams, locale)}</dd></div>
            <div><dt>{t(Msg::ValueChainsMoney)}</dt><dd>{format_cents(v.cents, locale)}</dd></div>
            <div><dt>{tf(Msg::ValueChainsLocal, &[("km", &LOCAL_KM[0].to_string())])}</dt><dd>{share(v.local_grams[0], v.grams, locale)}</dd></div>
            <div><dt>{tf(Msg::ValueChainsLocal, &[("km", &LOCAL_KM[1].to_string())])}</dt><dd>{share(v.local_grams[1], v.grams, locale)}</dd></div>
            <div><dt>{t(Msg::ValueChainsSupplyKm)}</dt><dd>{format!("{} km", format_thousandths(v.supply_m, locale))}</dd></div>
        </dl>
        {(v.unplaced_grams > 0).then(|| view! { <p class="muted">{tf(Msg::ValueChainsUnplaced, &[("kg", &kg(v.unplaced_grams, locale))])}</p> })}
        {flow_diagram(&v, locale)}
        <PartsTable caption=Msg::ValueChainsOrigins parts=v.origins.clone() total=v.grams label=name/>
        <PartsTable caption=Msg::ValueChainsCategories parts=v.categories.clone() total=v.grams label=category/>
        <PartsTable caption=Msg::ValueChainsDestinations parts=v.destinations.clone() total=v.grams label=name/>
        <p class="muted">{t(Msg::ValueChainsMethod)}</p>
    }
    .into_any()
}

#[component]
fn PartsTable(caption: Msg, parts: Vec<Part>, total: i64, label: fn(&str, Locale) -> String) -> impl IntoView {
    let locale = use_locale();
    view! {
        <div class="table-scroll">
            <table class="figures-table">
                <caption>{t(caption)}</caption>
                <thead><tr>
                    <th scope="col">{t(Msg::ValueChainsName)}</th>
                    <th scope="col">{t(Msg::ValueChainsWeight)}</th>
                    <th scope="col">{t(Msg::ValueChainsShare)}</th>
                    <th scope="col">{t(Msg::ValueChainsMoney)}</th>
                </tr></thead>
                <tbody>
                    {parts.into_iter().map(|p| view! {
                        <tr>
                            <th scope="row">{label(&p.name, locale)}</th>
                            <td>{kg(p.grams, locale)}</td>
                            <td>{share(p.grams, total, locale)}</td>
                            <td>{format_cents(p.cents, locale)}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}

/// Nodes of one column: (name, grams) top to bottom, with their top and height in the drawing.
fn column(parts: &[(String, i64)], total: i64, height: f64, gap: f64) -> Vec<(String, i64, f64, f64)> {
    let scale = (height - gap * (parts.len().saturating_sub(1)) as f64) / total.max(1) as f64;
    let mut y = 0.0;
    parts
        .iter()
        .map(|(n, g)| {
            let h = (*g as f64 * scale).max(1.0);
            let node = (n.clone(), *g, y, h);
            y += h + gap;
            node
        })
        .collect()
}

/// What the diagram draws of one side: the links added up by their name on that side.
fn side(v: &ValueChains, origin: bool) -> Vec<(String, i64)> {
    let mut by: Vec<(String, i64)> = Vec::new();
    for (o, d, g) in &v.links {
        let key = if origin { o } else { d };
        match by.iter_mut().find(|(n, _)| n == key) {
            Some(entry) => entry.1 += g,
            None => by.push((key.clone(), *g)),
        }
    }
    // Heaviest first, "others" (the empty name) last.
    by.sort_by(|a, b| a.0.is_empty().cmp(&b.0.is_empty()).then(b.1.cmp(&a.1)));
    by
}

/// Producers' communes on the left, the hub in the middle, destinations on the right, each
/// band as wide as the kilograms it carries.
fn flow_diagram(v: &ValueChains, locale: Locale) -> impl IntoView + use<> {
    let (w, h, top, gap) = (360.0, 260.0, 8.0, 6.0);
    let (node, left_x, hub_x, right_x) = (8.0, 112.0, 176.0, 240.0);
    let origins = column(&side(v, true), v.grams, h - 2.0 * top, gap);
    let destinations = column(&side(v, false), v.grams, h - 2.0 * top, gap);
    let hub_h = h - 2.0 * top;
    let short = |s: &str| {
        let s = name(s, locale);
        if s.chars().count() > 20 {
            format!("{}…", s.chars().take(19).collect::<String>())
        } else {
            s
        }
    };
    let band = |x0: f64, y0: f64, x1: f64, y1: f64, thick: f64| {
        let mid = (x0 + x1) / 2.0;
        format!(
            "M{x0:.1},{y0:.1} C{mid:.1},{y0:.1} {mid:.1},{y1:.1} {x1:.1},{y1:.1} L{x1:.1},{:.1} C{mid:.1},{:.1} {mid:.1},{:.1} {x0:.1},{:.1} Z",
            y1 + thick,
            y1 + thick,
            y0 + thick,
            y0 + thick
        )
    };
    let mut hub_in = top;
    let mut hub_out = top;
    let scale = hub_h / v.grams.max(1) as f64;
    let mut shapes = Vec::new();
    for (n, g, y, hgt) in &origins {
        let thick = *g as f64 * scale;
        shapes.push(
            view! { <path d=band(left_x + node, top + y, hub_x, hub_in, thick) fill="#2f5d3a" opacity="0.35"/> }
                .into_any(),
        );
        hub_in += thick;
        shapes.push(view! {
            <rect x=left_x y=format!("{:.1}", top + y) width=node height=format!("{hgt:.1}") fill="#2f5d3a"/>
            <text x=format!("{:.1}", left_x - 4.0) y=format!("{:.1}", top + y + hgt / 2.0 + 3.0) text-anchor="end" font-size="10">{short(n)}</text>
        }.into_any());
    }
    for (n, g, y, hgt) in &destinations {
        let thick = *g as f64 * scale;
        shapes.push(
            view! { <path d=band(hub_x + node, hub_out, right_x, top + y, thick) fill="#b5542a" opacity="0.35"/> }
                .into_any(),
        );
        hub_out += thick;
        shapes.push(view! {
            <rect x=right_x y=format!("{:.1}", top + y) width=node height=format!("{hgt:.1}") fill="#b5542a"/>
            <text x=format!("{:.1}", right_x + node + 4.0) y=format!("{:.1}", top + y + hgt / 2.0 + 3.0) font-size="10">{short(n)}</text>
        }.into_any());
    }
    let label = Msg::ValueChainsDiagram.text(locale).to_owned();
    let aria = label.clone();
    view! {
        <figure class="chart">
            <svg viewBox=format!("0 0 {w} {h}") role="img" aria-label=aria xmlns="http://www.w3.org/2000/svg">
                <title>{label}</title>
                {shapes}
                <rect x=hub_x y=top width=node height=format!("{hub_h:.1}") fill="#1b1b1b"/>
                <text x=format!("{:.1}", hub_x + node / 2.0) y=format!("{:.1}", top - 1.0) text-anchor="middle" font-size="8">{Msg::MapHub.text(locale)}</text>
            </svg>
            <figcaption class="legend">
                <span><span class="swatch origin"></span>{Msg::ValueChainsOrigins.text(locale)}</span>
                <span><span class="swatch destination"></span>{Msg::ValueChainsDestinations.text(locale)}</span>
            </figcaption>
        </figure>
    }
}
