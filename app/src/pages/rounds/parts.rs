//! What the rounds and manifest pages share: shift times, weights and volumes as the language
//! writes them, a stop's times, and the map of the rounds.

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use leptos::prelude::*;
use maillon::geo::{Point, project};
use maillon::hub::rounds::RoundView;
use maillon::i18n::{Locale, Msg, format_decimal};

use crate::components::MapFigure;

/// A vehicle's shift time, as the language writes it.
pub(super) fn clock(at: chrono::NaiveTime, locale: Locale) -> String {
    use chrono::Timelike;
    maillon::time::format_clock(at.hour(), at.minute(), locale)
}

pub(super) fn kg(grams: i64, locale: Locale) -> String {
    format_decimal(grams as f64 / 1000.0, 1, locale)
}

pub(super) fn litres(ml: i64, locale: Locale) -> String {
    format_decimal(ml as f64 / 1000.0, 0, locale)
}

/// "arrives 08:13 · window 17:00–20:00", or "· before 10:00" for a drop due by a time.
pub(super) fn stop_times(
    arrives: DateTime<Utc>,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
    tz: Tz,
    locale: Locale,
) -> String {
    let local = from.with_timezone(&tz);
    if local.time() == chrono::NaiveTime::MIN {
        Msg::StopBefore.fill(
            locale,
            &[
                ("at", &maillon::time::format_time(arrives, tz, locale)),
                ("to", &maillon::time::format_time(to, tz, locale)),
            ],
        )
    } else {
        Msg::StopTimes.fill(
            locale,
            &[
                ("at", &maillon::time::format_time(arrives, tz, locale)),
                ("from", &maillon::time::format_time(from, tz, locale)),
                ("to", &maillon::time::format_time(to, tz, locale)),
            ],
        )
    }
}

/// One colour per round, told apart by hue and also by the number on each stop (the same
/// colours as `.c0`…`.c7` in the style sheet: the page's CSP allows no inline styles).
pub(super) const ROUND_COLOURS: [&str; 8] = [
    "#2f5d3a", "#b5542a", "#2d5c8a", "#8a2d6f", "#8a6d1f", "#1f7a7a", "#5a3d99", "#6b6b6b",
];

pub(super) fn colour(i: usize) -> &'static str {
    ROUND_COLOURS[i % ROUND_COLOURS.len()]
}

/// The hub and the rounds' stops on a plain map (no tiles: it works offline and prints), each
/// round a coloured loop from the hub with its stops numbered in visiting order.
pub(super) fn rounds_map(depot: Point, rounds: &[RoundView], locale: Locale) -> impl IntoView + use<> {
    let (w, h) = (360.0, 300.0);
    let mut points = vec![depot];
    points.extend(rounds.iter().flat_map(|r| r.stops.iter().map(|s| s.point)));
    let xy = project(&points, w, h, 18.0);
    let hub = xy[0];
    let mut next = 1;
    let mut loops = Vec::new();
    let mut marks = Vec::new();
    for (i, r) in rounds.iter().enumerate() {
        let stops: Vec<(f64, f64)> = xy[next..next + r.stops.len()].to_vec();
        next += r.stops.len();
        let path: Vec<String> = std::iter::once(hub)
            .chain(stops.iter().copied())
            .chain(std::iter::once(hub))
            .map(|(x, y)| format!("{x:.1},{y:.1}"))
            .collect();
        loops.push(view! { <polyline points=path.join(" ") fill="none" stroke=colour(i) stroke-width="2" stroke-linejoin="round" opacity="0.8"/> });
        for (n, (x, y)) in stops.into_iter().enumerate() {
            marks.push(view! {
                <g>
                    <circle cx=format!("{x:.1}") cy=format!("{y:.1}") r="7" fill=colour(i) stroke="#fff" stroke-width="1"/>
                    <text x=format!("{x:.1}") y=format!("{:.1}", y + 3.5) text-anchor="middle" font-size="9" fill="#fff">{n + 1}</text>
                </g>
            });
        }
    }
    let label = Msg::MapLabel.fill(locale, &[("n", &rounds.len().to_string())]);
    let legend = view! {
        <span><span class="swatch hub"></span>{Msg::MapHub.text(locale)}</span>
        {rounds.iter().enumerate().map(|(i, r)| view! {
            <span><span class=format!("swatch c{}", i % ROUND_COLOURS.len())></span>
                {Msg::RoundName.fill(locale, &[("vehicle", &r.vehicle_name), ("trip", &r.trip.to_string())])}</span>
        }).collect_view()}
    };
    view! {
        <MapFigure label width=w height=h legend=legend.into_any()>
            {loops}
            {marks}
            <rect x=format!("{:.1}", hub.0 - 8.0) y=format!("{:.1}", hub.1 - 8.0) width="16" height="16" fill="#1b1b1b"/>
            <text x=format!("{:.1}", hub.0) y=format!("{:.1}", hub.1 + 4.0) text-anchor="middle" font-size="10" fill="#fff">"H"</text>
        </MapFigure>
    }
}
