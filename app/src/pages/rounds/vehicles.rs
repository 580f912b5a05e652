//! The hub's vehicles: the fleet the solver plans rounds with.

use leptos::prelude::*;
use maillon::hub::rounds::VehicleView;
use maillon::hub::{VEHICLE_KINDS, vehicle_label};
use maillon::i18n::Msg;

use super::api::{SaveVehicle, SetVehicleActive, list_vehicles};
use super::parts::clock;
use crate::components::{Csrf, DetailedError, Field, FormSuccess, loaded, outcome};
use crate::i18n::{t, use_locale};

#[component]
pub fn VehiclesPage() -> impl IntoView {
    let save = ServerAction::<SaveVehicle>::new();
    let toggle = ServerAction::<SetVehicleActive>::new();
    let data = Resource::new(
        move || save.version().get() + toggle.version().get(),
        |_| list_vehicles(),
    );
    let locale = use_locale();
    view! {
        <p><a href=crate::paths::CYCLES>{t(Msg::CyclesTitle)}</a></p>
        <h1>{t(Msg::VehiclesTitle)}</h1>
        <p class="hint">{t(Msg::VehiclesHint)}</p>
        {loaded(data, move |vehicles: Vec<VehicleView>| view! {
            <section class="card" aria-labelledby="fleet-title">
                <h2 id="fleet-title">{t(Msg::Fleet)}</h2>
                {if vehicles.is_empty() { view! { <p class="empty">{t(Msg::NoVehiclesYet)}</p> }.into_any() } else {
                    view! { <ul class="slot-list">
                        {vehicles.into_iter().map(|v| {
                            let f = &v.fields;
                            let summary = Msg::VehicleSummary.fill(locale, &[
                                ("kg", &f.capacity_kg.to_string()), ("litres", &f.capacity_litres.to_string()),
                                ("speed", &f.speed_kmh.to_string()), ("start", &clock(f.shift_start, locale)),
                                ("end", &clock(f.shift_end, locale)), ("trips", &f.max_trips.to_string()),
                            ]);
                            view! {
                                <li class:inactive=!v.active>
                                    <strong>{f.name.clone()}</strong> " · " {vehicle_label(f.kind).text(locale)}
                                    <br/><small class="muted">{summary}</small>
                                    <ActionForm action=toggle attr:class="inline-form">
                                        <Csrf/>
                                        <input type="hidden" name="id" value=v.id/>
                                        <input type="hidden" name="active" value=(!v.active).to_string()/>
                                        <button type="submit" class="button small">{if v.active { t(Msg::Withdraw) } else { t(Msg::Restore) }}</button>
                                    </ActionForm>
                                </li>
                            }
                        }).collect_view()}
                    </ul> }.into_any()
                }}
            </section>
        })}
        <section class="card" aria-labelledby="new-vehicle">
            <h2 id="new-vehicle">{t(Msg::NewVehicle)}</h2>
            <ActionForm action=save>
                <Csrf/>
                <DetailedError result=save.value().into()/>
                <FormSuccess result=outcome(save) msg=Msg::Saved/>
                <Field name="vehicle[name]" label=Msg::VehicleName maxlength=80/>
                <div class="field">
                    <label for="vehicle-kind">{t(Msg::VehicleKind)}</label>
                    <select id="vehicle-kind" name="vehicle[kind]">
                        {VEHICLE_KINDS.iter().map(|(k, m)| view! { <option value=k.code()>{t(*m)}</option> }).collect_view()}
                    </select>
                </div>
                <div class="two">
                    <Field name="vehicle[capacity_kg]" label=Msg::CapacityKg kind="number"/>
                    <Field name="vehicle[capacity_litres]" label=Msg::CapacityLitres kind="number"/>
                </div>
                <div class="two">
                    <Field name="vehicle[speed_kmh]" label=Msg::SpeedKmh kind="number" hint=Msg::SpeedHint/>
                    <Field name="vehicle[max_trips]" label=Msg::MaxTrips kind="number" required=false value="1"/>
                </div>
                <div class="two">
                    <Field name="vehicle[shift_start]" label=Msg::ShiftStart kind="time"/>
                    <Field name="vehicle[shift_end]" label=Msg::ShiftEnd kind="time"/>
                </div>
                <button type="submit" class="button primary">{t(Msg::Save)}</button>
            </ActionForm>
        </section>
    }
}
