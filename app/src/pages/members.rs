//! The board's page: every account of the cooperative and its roles, searchable and paged.

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use maillon::accounts::{Role, paths};
use maillon::coop::{MemberRow, Page};
use maillon::i18n::Msg;

use crate::components::{Csrf, FormError, FormSuccess, Pagination, loaded, outcome};
use crate::error::AppError;
use crate::i18n::{t, tf};

#[server(endpoint = "list_members", input = leptos::server_fn::codec::GetUrl)]
pub async fn list_members(query: String, page: u32) -> Result<Page<MemberRow>, AppError> {
    crate::ssr::require(maillon::accounts::Permission::ManageMembers).await?;
    Ok(maillon::coop::store::list_members(&crate::ssr::ctx()?, &query, page).await?)
}

#[cfg(feature = "ssr")]
fn parse_role(role: &str) -> Result<Role, AppError> {
    Role::parse(role).ok_or_else(|| {
        let e = AppError::Invalid {
            field: Some("role".into()),
            msg: Msg::ErrUnknownRole,
        };
        crate::ssr::set_error_status(&e);
        e
    })
}

#[server(endpoint = "grant_role")]
pub async fn grant_role(csrf: String, user_id: i64, role: String) -> Result<(), AppError> {
    let _ = csrf;
    let actor = crate::ssr::require(maillon::accounts::Permission::ManageMembers).await?;
    let role = parse_role(&role)?;
    Ok(maillon::coop::store::grant_role(&crate::ssr::ctx()?, actor.id, user_id, role).await?)
}

#[server(endpoint = "revoke_role")]
pub async fn revoke_role(csrf: String, user_id: i64, role: String) -> Result<(), AppError> {
    let _ = csrf;
    let actor = crate::ssr::require(maillon::accounts::Permission::ManageMembers).await?;
    let role = parse_role(&role)?;
    Ok(maillon::coop::store::revoke_role(&crate::ssr::ctx()?, actor.id, user_id, role).await?)
}

#[component]
pub fn MembersPage() -> impl IntoView {
    let q = use_query_map();
    let search = Memo::new(move |_| q.with(|q| q.get("q").unwrap_or_default()));
    let page = Memo::new(move |_| q.with(|q| maillon::coop::page_number(q.get("page").as_deref())));
    let grant = ServerAction::<GrantRole>::new();
    let revoke = ServerAction::<RevokeRole>::new();
    let members = Resource::new(
        move || (search.get(), page.get(), grant.version().get(), revoke.version().get()),
        |(search, page, _, _)| list_members(search, page),
    );
    view! {
        <section class="card" aria-labelledby="title">
            <h1 id="title">{t(Msg::MembersTitle)}</h1>
            <p>{t(Msg::MembersIntro)}</p>
            <form method="get" action=paths::MEMBERS role="search" class="search">
                <label for="q" class="visually-hidden">{t(Msg::MembersSearch)}</label>
                <input id="q" name="q" type="search" placeholder=t(Msg::MembersSearch) value=move || search.get()/>
                <button type="submit" class="button">{t(Msg::Search)}</button>
            </form>
            <FormError result=grant.value().into()/>
            <FormSuccess result=outcome(grant) msg=Msg::RoleGranted/>
            <FormError result=revoke.value().into()/>
            <FormSuccess result=outcome(revoke) msg=Msg::RoleRevoked/>
            {loaded(members, move |page| view! { <MemberList page grant revoke search=search.get()/> })}
        </section>
    }
}

#[component]
fn MemberList(
    page: Page<MemberRow>,
    grant: ServerAction<GrantRole>,
    revoke: ServerAction<RevokeRole>,
    search: String,
) -> impl IntoView {
    if page.items.is_empty() {
        return view! { <p class="empty">{t(Msg::MembersEmpty)}</p> }.into_any();
    }
    let count = tf(Msg::MembersCount, &[("count", &page.total.to_string())]);
    let rows = page.items.clone();
    let href = move |n: u32| format!("{}?q={}&page={n}", paths::MEMBERS, urlencode(&search));
    view! {
        <p class="muted">{count}</p>
        <ul class="members">
            {rows.into_iter().map(|m| view! { <MemberItem member=m grant revoke/> }).collect_view()}
        </ul>
        <Pagination page href/>
    }
    .into_any()
}

pub fn urlencode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

#[component]
fn MemberItem(member: MemberRow, grant: ServerAction<GrantRole>, revoke: ServerAction<RevokeRole>) -> impl IntoView {
    let name = member.name().to_owned();
    let missing: Vec<Role> = Role::ALL.into_iter().filter(|r| !member.roles.contains(r)).collect();
    let user_id = member.user_id.to_string();
    let select_id = format!("grant-{}", member.user_id);
    view! {
        <li class="member">
            <div class="member-head">
                <strong>{name.clone()}</strong>
                <span class="muted">{member.email.clone()}</span>
                {(!member.verified).then(|| view! { <span class="tag">{t(Msg::Unverified)}</span> })}
            </div>
            <ul class="chips" aria-label=tf(Msg::MemberRolesOf, &[("name", &name)])>
                {member.roles.is_empty().then(|| view! { <li class="muted">{t(Msg::NoRole)}</li> })}
                {member.roles.clone().into_iter().map(|role| {
                    let user_id = user_id.clone();
                    let role_name = t(role.label());
                    let question = tf(Msg::RevokeConfirm, &[("role", role_name), ("name", &name)]);
                    let label = tf(Msg::RevokeRoleOf, &[("role", role_name), ("name", &name)]);
                    view! {
                        <li class="chip">
                            {role_name}
                            // Destructive: the button only opens a confirmation, which works without JavaScript.
                            <details class="confirm">
                                <summary aria-label=label>{t(Msg::Revoke)}</summary>
                                <ActionForm action=revoke>
                                    <Csrf/>
                                    <input type="hidden" name="user_id" value=user_id/>
                                    <input type="hidden" name="role" value=role.code()/>
                                    <p>{question}</p>
                                    <button type="submit" class="button danger">{t(Msg::Confirm)}</button>
                                </ActionForm>
                            </details>
                        </li>
                    }
                }).collect_view()}
            </ul>
            {(!missing.is_empty()).then(move || view! {
                <ActionForm action=grant attr:class="grant">
                    <Csrf/>
                    <input type="hidden" name="user_id" value=user_id/>
                    <label for=select_id.clone()>{t(Msg::GrantRole)}</label>
                    <select id=select_id name="role">
                        {missing.iter().map(|r| view! { <option value=r.code()>{t(r.label())}</option> }).collect_view()}
                    </select>
                    <button type="submit" class="button">{t(Msg::Grant)}</button>
                </ActionForm>
            })}
        </li>
    }
}
