//! What the list of cycles and a cycle's page share: its status, and preparing the following
//! week from it.

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use maillon::cycles::CycleStatus;
use maillon::i18n::Msg;

use super::api::{COPIED, DuplicateCycle};
use crate::components::{Csrf, DetailedError};
use crate::i18n::t;

/// The button that prepares the following week from a cycle; `compact` in the list of cycles.
#[component]
pub(super) fn DuplicateCycleForm(id: i64, #[prop(optional)] compact: bool) -> impl IntoView {
    let duplicate = ServerAction::<DuplicateCycle>::new();
    view! {
        <ActionForm action=duplicate attr:class={if compact { "inline-form" } else { "" }}>
            <Csrf/>
            <DetailedError result=duplicate.value().into()/>
            <input type="hidden" name="id" value=id/>
            {(!compact).then(|| view! { <p class="hint">{t(Msg::PrepareNextWeekHint)}</p> })}
            <button type="submit" class="button" class:small=compact>{t(Msg::PrepareNextWeek)}</button>
        </ActionForm>
    }
}

/// Said on the copy's page, once, after "prepare the following week".
#[component]
pub(super) fn CycleCopiedNotice() -> impl IntoView {
    let q = use_query_map();
    move || {
        q.with(|q| q.get(COPIED).is_some())
            .then(|| view! { <p class="alert success" role="status">{t(Msg::CycleCopied)}</p> })
    }
}

pub(super) fn status_tag(status: CycleStatus, scheduled: bool) -> impl IntoView {
    view! {
        <span class=format!("status {}", status.code())>{t(status.label())}</span>
        {(status == CycleStatus::Draft && scheduled).then(|| view! { " " <span class="tag">{t(Msg::CycleScheduled)}</span> })}
    }
}
