//! What the farm profile and the product form share: quality labels to tick, photos and their
//! upload form.

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use maillon::catalogue::Label;
use maillon::i18n::Msg;

use crate::components::{csrf_token, photo};
use crate::i18n::t;

#[component]
pub(super) fn LabelChoices(name: &'static str, selected: Vec<Label>) -> impl IntoView {
    view! {
        <fieldset class="checkboxes">
            <legend>{t(Msg::QualityLabel)}</legend>
            {Label::ALL.iter().enumerate().map(|(i, l)| {
                let id = format!("{}-{}", name.replace(['[', ']'], "-"), l.code());
                let for_id = id.clone();
                view! {
                    <label for=for_id class="check">
                        <input type="checkbox" id=id name=format!("{name}[{i}]") value=l.code() checked=selected.contains(l)/>
                        {t(l.label())}
                    </label>
                }
            }).collect_view()}
        </fieldset>
    }
}

#[component]
pub(super) fn PhotoList(ids: Vec<i64>, alt: String) -> impl IntoView {
    if ids.is_empty() {
        return view! { <p class="empty">{t(Msg::NoPhotoYet)}</p> }.into_any();
    }
    view! {
        <div class="gallery">
            {ids.into_iter().map(|id| photo(id, alt.clone(), "(min-width: 40rem) 33vw, 50vw")).collect_view()}
        </div>
    }
    .into_any()
}

/// A plain multipart form: works without JavaScript, the server answers with a redirect.
#[component]
pub(super) fn PhotoUpload(target: &'static str, target_id: i64, back: String) -> impl IntoView {
    let q = use_query_map();
    let error = move || {
        q.with(|q| q.get("photo_erreur"))
            .and_then(|code| crate::components::msg_from_code(&code))
    };
    let added = move || q.with(|q| q.get("photo").is_some());
    view! {
        {move || error().map(|m| view! { <p class="alert error" role="alert">{t(m)}</p> })}
        {move || added().then(|| view! { <p class="alert success" role="status">{t(Msg::PhotoAdded)}</p> })}
        <form method="post" action=maillon::paths::PHOTO_UPLOAD enctype="multipart/form-data" class="upload">
            <input type="hidden" name="csrf" value=csrf_token()/>
            <input type="hidden" name="target" value=target/>
            <input type="hidden" name="target_id" value=target_id/>
            <input type="hidden" name="back" value=back/>
            <div class="field">
                <label for="photo">{t(Msg::AddPhoto)}</label>
                <input id="photo" name="photo" type="file" accept="image/jpeg,image/png,image/webp" required aria-describedby="photo-hint"/>
                <p class="hint" id="photo-hint">{t(Msg::PhotoHint)}</p>
            </div>
            <button type="submit" class="button">{t(Msg::Upload)}</button>
        </form>
    }
}
