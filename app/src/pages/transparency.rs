//! The territory's public figures: the transparency page (no sign-in, readable without
//! JavaScript, charts drawn on the server with a table beside each), the open data page (the
//! files, their licence and their dictionary) and the board's choice of licence.

use leptos::prelude::*;
use maillon::hub as impact;
use maillon::i18n::{Locale, Msg, format_decimal};
use maillon::money::format_cents;
use maillon::time::format_date;
use maillon::transparency::{COLUMNS, CycleRow, Figures, Licence, Transparency, YearView};

use crate::components::{Csrf, FormError, FormSuccess, loaded, outcome};
use crate::error::AppError;
use crate::i18n::{t, tf, use_locale};

#[server(endpoint = "public_figures", input = leptos::server_fn::codec::GetUrl)]
pub async fn public_figures() -> Result<Transparency, AppError> {
    Ok(maillon::transparency::store::transparency(&crate::ssr::ctx()?).await?)
}

#[server(endpoint = "save_open_data_licence")]
pub async fn save_open_data_licence(
    csrf: String,
    licence: String,
    #[server(default)] value_chains: String,
) -> Result<(), AppError> {
    let _ = csrf;
    let user = crate::ssr::require(maillon::accounts::Permission::ManageSettings).await?;
    let licence = Licence::parse(&licence)
        .ok_or_else(|| maillon::error::ServiceError::field("licence", Msg::ErrOpenDataLicence))?;
    let open = value_chains == "on";
    Ok(maillon::transparency::store::set_open_data(&crate::ssr::ctx()?, &user, licence, open).await?)
}

fn kg(thousandths: i64, locale: Locale) -> String {
    maillon::money::format_thousandths(thousandths, locale)
}

fn percent(bp: Option<i64>, locale: Locale) -> String {
    bp.map_or_else(
        || "—".to_owned(),
        |bp| format!("{} %", format_decimal(bp as f64 / 100.0, 1, locale)),
    )
}

/// The transparency page, public.
#[component]
pub fn TransparencyPage() -> impl IntoView {
    let data = Resource::new(|| (), |_| public_figures());
    view! {
        <section class="card" aria-labelledby="title">
            <h1 id="title">{t(Msg::TransparencyTitle)}</h1>
            <p class="muted">{t(Msg::TransparencyIntro)}</p>
            {loaded(data, move |d: Transparency| {
                let locale = use_locale();
                let licence = d.licence;
                view! {
                    {d.years.is_empty().then(|| view! { <p class="empty">{t(Msg::TransparencyEmpty)}</p> })}
                    {d.years.into_iter().map(|y| view! { <Year year=y/> }).collect_view()}
                    <OpenDataLinks licence=licence titled=true/>
                    <Factors locale=locale/>
                }
            })}
        </section>
    }
}

#[component]
fn Year(year: YearView) -> impl IntoView {
    let locale = use_locale();
    let id = format!("y{}", year.year);
    let labelled = id.clone();
    let published: Vec<(CycleRow, Figures)> = year
        .cycles
        .iter()
        .filter_map(|c| c.figures.clone().map(|f| (c.clone(), f)))
        .collect();
    view! {
        <section aria-labelledby=labelled>
            <h2 id=id>{tf(Msg::TransparencyYear, &[("year", &year.year.to_string())])}</h2>
            {match &year.total {
                Some(f) => key_figures(f, locale).into_any(),
                None => view! { <p class="alert">{t(Msg::TransparencyYearSuppressed)}</p> }.into_any(),
            }}
            {(year.suppressed > 0).then(|| view! {
                <p class="muted">{tf(Msg::TransparencySuppressedCycles, &[("n", &year.suppressed.to_string())])}</p>
            })}
            {(!published.is_empty()).then(|| view! {
                {co2_chart(&published, locale)}
                {share_chart(&published, locale)}
            })}
            <CycleTable year=year locale=locale/>
        </section>
    }
}

fn key_figures(f: &Figures, locale: Locale) -> impl IntoView + use<> {
    let item = |label: Msg, value: String| {
        view! { <div><dt>{t(label)}</dt><dd>{value}</dd></div> }
    };
    view! {
        <dl class="impact figures">
            {item(Msg::TransparencyTurnover, format_cents(f.turnover_cents, locale))}
            {item(Msg::TransparencyProducersShare, format!("{} ({})", format_cents(f.producers_cents, locale), percent(f.producer_share_bp(), locale)))}
            {item(Msg::TransparencyDeliveredKg, format!("{} kg", kg(f.delivered_grams, locale)))}
            {item(Msg::TransparencyHubKm, format!("{} km", kg(f.hub_m, locale)))}
            {item(Msg::TransparencyHubCo2, format!("{} kgCO2e", kg(f.hub_g_co2e, locale)))}
            {item(Msg::TransparencyAlone, format!("{} km · {} kgCO2e", kg(f.alone_m, locale), kg(f.alone_g_co2e, locale)))}
            {item(Msg::TransparencyCars, format!("{} km · {} kgCO2e", kg(f.cars_m, locale), kg(f.cars_g_co2e, locale)))}
            {item(Msg::TransparencyPerKg, f.g_co2e_per_kg().map_or_else(|| "—".to_owned(), |g| format!("{g} gCO2e/kg")))}
            {item(Msg::TransparencyFill, percent(f.fill_bp(), locale))}
            {item(Msg::TransparencyFund, format!("{} / {}", format_cents(f.fund_in_cents, locale), format_cents(f.fund_out_cents, locale)))}
            {item(Msg::TransparencyRescued, format!("{} kg · {}", kg(f.rescued_grams, locale), format_cents(f.rescued_cents, locale)))}
            {item(Msg::TransparencyPeople, format!("{} / {}", f.producers, f.households))}
        </dl>
    }
}

/// Bars of the hub's emissions beside the two counterfactuals', one group per cycle.
fn co2_chart(cycles: &[(CycleRow, Figures)], locale: Locale) -> impl IntoView + use<> {
    const COLOURS: [&str; 3] = ["#2f5d3a", "#b5542a", "#6b6b6b"];
    let (w, h, top) = (360.0_f64, 150.0_f64, 10.0_f64);
    let max = cycles
        .iter()
        .map(|(_, f)| f.hub_g_co2e.max(f.alone_g_co2e).max(f.cars_g_co2e))
        .max()
        .unwrap_or(0)
        .max(1) as f64;
    let group = w / cycles.len() as f64;
    let bar = (group / 4.0).min(24.0);
    let bars = cycles
        .iter()
        .enumerate()
        .flat_map(|(i, (_, f))| {
            [f.hub_g_co2e, f.alone_g_co2e, f.cars_g_co2e]
                .into_iter()
                .enumerate()
                .map(move |(k, g)| {
                    let height = (g as f64 / max) * (h - top);
                    let x = i as f64 * group + (group - 3.0 * bar) / 2.0 + k as f64 * bar;
                    view! {
                        <rect x=format!("{x:.1}") y=format!("{:.1}", h - height) width=format!("{:.1}", bar - 1.0)
                            height=format!("{height:.1}") fill=COLOURS[k]/>
                    }
                })
        })
        .collect_view();
    let legend = [
        ("c0", Msg::TransparencyHubCo2),
        ("c1", Msg::TransparencyAlone),
        ("c7", Msg::TransparencyCars),
    ];
    chart(Msg::TransparencyChartCo2, (w, h), bars, &legend, locale)
}

/// One bar per cycle: its sales, the producers' part filled in.
fn share_chart(cycles: &[(CycleRow, Figures)], locale: Locale) -> impl IntoView + use<> {
    let (w, h) = (360.0_f64, 120.0_f64);
    let max = cycles.iter().map(|(_, f)| f.turnover_cents).max().unwrap_or(0).max(1) as f64;
    let slot = w / cycles.len() as f64;
    let bar = (slot * 0.6).min(40.0);
    let bars = cycles
        .iter()
        .enumerate()
        .map(|(i, (_, f))| {
            let x = i as f64 * slot + (slot - bar) / 2.0;
            let total = (f.turnover_cents.max(0) as f64 / max) * (h - 10.0);
            let part = (f.producers_cents.max(0) as f64 / max) * (h - 10.0);
            view! {
                <rect x=format!("{x:.1}") y=format!("{:.1}", h - total) width=format!("{bar:.1}") height=format!("{total:.1}") fill="#d9d2bf"/>
                <rect x=format!("{x:.1}") y=format!("{:.1}", h - part) width=format!("{bar:.1}") height=format!("{part:.1}") fill="#2f5d3a"/>
            }
        })
        .collect_view();
    let legend = [
        ("c0", Msg::TransparencyProducersShare),
        ("muted-swatch", Msg::TransparencyTurnover),
    ];
    chart(Msg::TransparencyChartShare, (w, h), bars, &legend, locale)
}

/// A chart's frame: the drawing, named for screen readers (the table beside it holds the
/// numbers), on a base line, with its legend: each swatch's class and what it stands for.
fn chart<B: IntoView + 'static>(
    label: Msg,
    (w, h): (f64, f64),
    bars: B,
    legend: &[(&'static str, Msg)],
    locale: Locale,
) -> impl IntoView + use<B> {
    let label = label.text(locale);
    let legend = legend
        .iter()
        .map(|(class, msg)| view! { <span><span class=format!("swatch {class}")></span>{msg.text(locale)}</span> })
        .collect_view();
    view! {
        <figure class="chart">
            <svg viewBox=format!("0 0 {w} {h}") role="img" aria-label=label xmlns="http://www.w3.org/2000/svg">
                <title>{label}</title>
                <line x1="0" y1=h x2=w y2=h stroke="#1b1b1b" stroke-width="1"/>
                {bars}
            </svg>
            <figcaption class="legend">{legend}</figcaption>
        </figure>
    }
}

/// The cycles' figures as a table, for screen readers and for whoever prefers numbers.
#[component]
fn CycleTable(year: YearView, locale: Locale) -> impl IntoView {
    view! {
        <div class="table-scroll">
            <table class="figures-table">
                <caption>{t(Msg::TransparencyCycles)}</caption>
                <thead><tr>
                    <th scope="col">{t(Msg::RescueCycle)}</th>
                    <th scope="col">{t(Msg::TransparencyTurnover)}</th>
                    <th scope="col">{t(Msg::TransparencyProducersShare)}</th>
                    <th scope="col">{t(Msg::TransparencyDeliveredKg)}</th>
                    <th scope="col">{t(Msg::TransparencyHubKm)}</th>
                    <th scope="col">{t(Msg::TransparencyHubCo2)}</th>
                    <th scope="col">{t(Msg::TransparencyAlone)}</th>
                    <th scope="col">{t(Msg::TransparencyCars)}</th>
                    <th scope="col">{t(Msg::TransparencyFill)}</th>
                </tr></thead>
                <tbody>
                    {year.cycles.into_iter().map(|c| {
                        let name = tf(Msg::TransparencyCycle, &[("date", &format_date(c.closed_on, locale))]);
                        match c.figures {
                            None => view! {
                                <tr><th scope="row">{name}</th><td colspan="8" class="muted">{t(Msg::TransparencyHidden)}</td></tr>
                            }.into_any(),
                            Some(f) => {
                                let rounds = f.hub_m > 0;
                                view! {
                                    <tr>
                                        <th scope="row">{name}</th>
                                        <td>{format_cents(f.turnover_cents, locale)}</td>
                                        <td>{percent(f.producer_share_bp(), locale)}</td>
                                        <td>{format!("{} kg", kg(f.delivered_grams, locale))}</td>
                                        <td>{if rounds { format!("{} km", kg(f.hub_m, locale)) } else { t(Msg::TransparencyNoRounds).to_owned() }}</td>
                                        <td>{format!("{} kg", kg(f.hub_g_co2e, locale))}</td>
                                        <td>{format!("{} kg", kg(f.alone_g_co2e, locale))}</td>
                                        <td>{format!("{} kg", kg(f.cars_g_co2e, locale))}</td>
                                        <td>{percent(f.fill_bp(), locale)}</td>
                                    </tr>
                                }.into_any()
                            }
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}

/// The open data's files and licence; `titled` gives them their own heading (the
/// transparency page), the open data page's title already says it.
#[component]
fn OpenDataLinks(licence: Licence, titled: bool) -> impl IntoView {
    view! {
        <section aria-label=t(Msg::OpenDataTitle)>
            {titled.then(|| view! { <h2>{t(Msg::OpenDataTitle)}</h2> })}
            <p>{t(Msg::OpenDataNoPersonal)}</p>
            <p>{tf(Msg::OpenDataLicence, &[("licence", licence.name())])} " "
                <a href=licence.url() rel="license">{licence.code()}</a></p>
            <p class="actions">
                <a class="button" href=maillon::paths::OPEN_DATA_CSV download>{t(Msg::OpenDataCsv)}</a>
                <a class="button" href=maillon::paths::OPEN_DATA_JSON>{t(Msg::OpenDataJson)}</a>
                <a class="button" href=maillon::paths::OPEN_DATA>{t(Msg::OpenDataDictionary)}</a>
            </p>
        </section>
    }
}

#[component]
fn Factors(locale: Locale) -> impl IntoView {
    let n = |x: f64, d: usize| format_decimal(x, d, locale);
    view! {
        <section aria-labelledby="factors">
            <h2 id="factors">{t(Msg::TransparencyFactors)}</h2>
            <p>{tf(Msg::TransparencyFactorsFuel, &[
                ("diesel", &n(impact::DIESEL_KG_CO2E_PER_L, 2)),
                ("elec", &n(impact::ELECTRICITY_FR_KG_CO2E_PER_KWH, 3)),
            ])}</p>
            <p>{tf(Msg::TransparencyFactorsVehicles, &[
                ("bike", &n(impact::CARGO_BIKE_KWH_PER_KM, 2)),
                ("evan", &n(impact::E_VAN_KWH_PER_KM, 2)),
                ("van", &n(impact::DIESEL_VAN_L_PER_KM, 3)),
                ("car", &n(impact::CAR_L_PER_KM, 3)),
            ])}</p>
            <p>{tf(Msg::TransparencyMethod, &[("detour", &n(impact::DEFAULT_DETOUR_FACTOR, 1))])}</p>
        </section>
    }
}

/// The open data: where the files are, their licence, and what each column means.
#[component]
pub fn OpenDataPage() -> impl IntoView {
    let data = Resource::new(|| (), |_| public_figures());
    let locale = use_locale();
    view! {
        <section class="card" aria-labelledby="title">
            <h1 id="title">{t(Msg::OpenDataTitle)}</h1>
            {loaded(data, move |d: Transparency| view! {
                <OpenDataLinks licence=d.licence titled=false/>
                {d.value_chains_open.then(|| view! {
                    <h2>{t(Msg::NavValueChains)}</h2>
                    <p>{t(Msg::OpenDataFlowsHint)}</p>
                    <p><a class="button" href=maillon::paths::OPEN_DATA_FLOWS_CSV download>{t(Msg::OpenDataFlowsCsv)}</a></p>
                    <p><code>{maillon::transparency::flows::OPEN_COLUMNS.join(", ")}</code></p>
                })}
            })}
            <h2 id="dictionnaire">{t(Msg::OpenDataDictionary)}</h2>
            <div class="table-scroll">
                <table class="figures-table dictionary">
                    <thead><tr>
                        <th scope="col">{t(Msg::OpenDataColumn)}</th>
                        <th scope="col">{t(Msg::OpenDataUnit)}</th>
                        <th scope="col">{t(Msg::OpenDataMeaning)}</th>
                    </tr></thead>
                    <tbody>
                        {COLUMNS.iter().map(|c| view! {
                            <tr><th scope="row"><code>{c.key}</code></th><td>{c.unit}</td><td>{c.meaning.text(locale)}</td></tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
        </section>
    }
}

/// The board's choice of licence for the open data (on the settings page).
#[component]
pub fn LicenceSettings() -> impl IntoView {
    let save = ServerAction::<SaveOpenDataLicence>::new();
    let data = Resource::new(move || save.version().get(), |_| public_figures());
    view! {
        <section class="card narrow" aria-labelledby="licence-title">
            <h2 id="licence-title">{t(Msg::OpenDataLicenceField)}</h2>
            {loaded(data, move |d: Transparency| view! {
                <ActionForm action=save>
                    <Csrf/>
                    <FormError result=save.value().into()/>
                    <FormSuccess result=outcome(save) msg=Msg::Saved/>
                    <label for="licence">{t(Msg::OpenDataLicenceField)}</label>
                    <select id="licence" name="licence">
                        {Licence::ALL.into_iter().map(|l| view! {
                            <option value=l.code() selected=l == d.licence>{l.name()}</option>
                        }).collect_view()}
                    </select>
                    <label class="check" for="value-chains-open">
                        <input id="value-chains-open" type="checkbox" name="value_chains" value="on" checked=d.value_chains_open/>
                        {t(Msg::OpenDataFlowsOpen)}
                    </label>
                    <button type="submit" class="button primary">{t(Msg::Save)}</button>
                </ActionForm>
            })}
        </section>
    }
}
