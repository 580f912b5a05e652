//! The farm's public profile, edited by its producer, and its photos.

use leptos::prelude::*;
use maillon::catalogue::ProducerProfile;
use maillon::i18n::Msg;

use super::api::{Dashboard, SaveFarmProfile, my_catalogue};
use super::parts::{LabelChoices, PhotoList, PhotoUpload};
use crate::components::{Csrf, DetailedError, Field, FormSuccess, loaded, outcome};
use crate::i18n::t;

#[component]
pub fn FarmProfilePage() -> impl IntoView {
    let data = Resource::new(|| (), |_| my_catalogue(None));
    let save = ServerAction::<SaveFarmProfile>::new();
    loaded(
        data,
        move |d: Dashboard| view! { <FarmProfileForm profile=d.producer save/> },
    )
}

#[component]
fn FarmProfileForm(profile: Option<ProducerProfile>, save: ServerAction<SaveFarmProfile>) -> impl IntoView {
    let value = |f: fn(&ProducerProfile) -> String| profile.as_ref().map(f).unwrap_or_default();
    let coordinate = |c: Option<f64>| c.map(|v| v.to_string()).unwrap_or_default();
    let (farm_name, town, address, story, produce, email, phone) = (
        value(|p| p.farm_name.clone()),
        value(|p| p.town.clone()),
        value(|p| p.address.clone()),
        value(|p| p.story.clone()),
        value(|p| p.produce.clone()),
        value(|p| p.contact_email.clone()),
        value(|p| p.phone.clone()),
    );
    let latitude = coordinate(profile.as_ref().and_then(|p| p.latitude));
    let longitude = coordinate(profile.as_ref().and_then(|p| p.longitude));
    let labels = profile.as_ref().map(|p| p.labels.clone()).unwrap_or_default();
    let photos = profile.map(|p| (p.id, p.farm_name, p.photo_ids));
    view! {
        <section class="card" aria-labelledby="title">
            <h1 id="title">{t(Msg::FarmProfileTitle)}</h1>
            <ActionForm action=save>
                <Csrf/>
                <DetailedError result=save.value().into()/>
                <FormSuccess result=outcome(save) msg=Msg::Saved/>
                <Field name="profile[farm_name]" label=Msg::FarmName value=farm_name maxlength=120/>
                <Field name="profile[town]" label=Msg::Town value=town maxlength=120/>
                <Field name="profile[address]" label=Msg::Address value=address required=false maxlength=300/>
                <div class="field">
                    <label for="story">{t(Msg::FarmStory)}</label>
                    <textarea id="story" name="profile[story]" rows="5" maxlength="4000">{story}</textarea>
                </div>
                <Field name="profile[produce]" label=Msg::FarmProduce value=produce required=false maxlength=300/>
                <LabelChoices name="profile[labels]" selected=labels/>
                <Field name="profile[contact_email]" label=Msg::ContactEmail kind="email" value=email required=false/>
                <Field name="profile[phone]" label=Msg::Phone kind="tel" value=phone required=false/>
                <div class="two">
                    <Field name="profile[latitude]" label=Msg::Latitude value=latitude required=false hint=Msg::CoordinatesHint/>
                    <Field name="profile[longitude]" label=Msg::Longitude value=longitude required=false/>
                </div>
                <button type="submit" class="button primary">{t(Msg::Save)}</button>
            </ActionForm>
        </section>
        {photos.map(|(id, name, ids)| view! {
            <section class="card" aria-labelledby="photos-title">
                <h2 id="photos-title">{t(Msg::Photos)}</h2>
                <PhotoList ids alt=name/>
                <PhotoUpload target="producer" target_id=id back=maillon::paths::FARM_PROFILE.into()/>
            </section>
        })}
    }
}
