//! The governance server functions: thin, each a permission check and one service call.

// A server function's arguments are its form's fields, one to one.
#![allow(clippy::too_many_arguments)]

use leptos::prelude::*;
use maillon::audit::EntryView;
use maillon::coop::Page;
use maillon::governance::{
    AssemblyPage, AssemblySummary, CollegesPage, DecisionView, MemberView, MyMembership, RegisterDocument,
};

use crate::error::AppError;

#[cfg(feature = "ssr")]
use maillon::{accounts::Permission, governance::store as gov};

#[cfg(feature = "ssr")]
async fn signed_in() -> Result<(maillon::ctx::Ctx, maillon::accounts::store::CurrentUser), AppError> {
    let user = crate::ssr::require(Permission::SignedIn).await?;
    Ok((crate::ssr::ctx()?, user))
}

#[cfg(feature = "ssr")]
async fn board() -> Result<(maillon::ctx::Ctx, maillon::accounts::store::CurrentUser), AppError> {
    let user = crate::ssr::require(Permission::Govern).await?;
    Ok((crate::ssr::ctx()?, user))
}

#[server(endpoint = "my_membership", input = leptos::server_fn::codec::GetUrl)]
pub async fn get_membership() -> Result<MyMembership, AppError> {
    let (ctx, user) = signed_in().await?;
    Ok(gov::my_membership(&ctx, user.id, crate::ssr::card_payments_enabled()).await?)
}

#[server(endpoint = "apply_membership")]
pub async fn apply_membership(
    csrf: String,
    category: String,
    name: String,
    #[server(default)] registration: String,
    #[server(default)] representative: String,
    address: String,
    shares: String,
    payment: String,
) -> Result<(), AppError> {
    let _ = csrf;
    let (ctx, user) = signed_in().await?;
    let form = maillon::governance::forms::ApplicationForm {
        category: &category,
        name: &name,
        registration: &registration,
        representative: &representative,
        address: &address,
        shares: &shares,
        payment: &payment,
    };
    gov::apply(&ctx, user.id, &form, crate::ssr::card_payments_enabled()).await?;
    if payment == maillon::governance::forms::SharePayment::Card.code() {
        // The application is kept whatever the payment service answers: it can be paid from
        // the membership page.
        let url = crate::ssr::open_share_payment().await?;
        leptos_axum::redirect(&url);
    }
    Ok(())
}

/// Opens (or reopens) the payment page of my application's shares, paid by card.
#[server(endpoint = "pay_shares")]
pub async fn pay_shares(csrf: String) -> Result<(), AppError> {
    let _ = csrf;
    signed_in().await?;
    let url = crate::ssr::open_share_payment().await?;
    leptos_axum::redirect(&url);
    Ok(())
}

/// `confirm` comes from the confirmation's button: without it, nothing happens.
#[server(endpoint = "leave_cooperative")]
pub async fn leave_cooperative(csrf: String, #[server(default)] confirm: String) -> Result<(), AppError> {
    let _ = csrf;
    let (ctx, user) = signed_in().await?;
    if confirm != "yes" {
        return Err(maillon::error::ServiceError::invalid(maillon::i18n::Msg::GovLeaveWarning).into());
    }
    Ok(gov::request_leave(&ctx, user.id).await?)
}

#[server(endpoint = "list_assemblies", input = leptos::server_fn::codec::GetUrl)]
pub async fn list_assemblies() -> Result<(maillon::time::Zone, Vec<AssemblySummary>), AppError> {
    let (ctx, user) = signed_in().await?;
    let board = maillon::accounts::allows(&user.roles, Permission::Govern);
    Ok((ctx.coop().timezone, gov::list_assemblies(&ctx, user.id, board).await?))
}

#[server(endpoint = "get_assembly", input = leptos::server_fn::codec::GetUrl)]
pub async fn get_assembly(id: i64) -> Result<AssemblyPage, AppError> {
    let (ctx, user) = signed_in().await?;
    let board = maillon::accounts::allows(&user.roles, Permission::Govern);
    Ok(gov::assembly_page(&ctx, user.id, board, id).await?)
}

#[server(endpoint = "give_proxy")]
pub async fn give_proxy(csrf: String, assembly: i64, holder: String) -> Result<(), AppError> {
    let _ = csrf;
    let (ctx, user) = signed_in().await?;
    Ok(gov::give_proxy(&ctx, user.id, assembly, &holder).await?)
}

#[server(endpoint = "revoke_proxy")]
pub async fn revoke_proxy(csrf: String, assembly: i64) -> Result<(), AppError> {
    let _ = csrf;
    let (ctx, user) = signed_in().await?;
    Ok(gov::revoke_proxy(&ctx, user.id, assembly).await?)
}

/// `choices[i]`: the option index chosen on the i-th proposal, or "abstain".
#[server(endpoint = "cast_vote")]
pub async fn cast_vote(
    csrf: String,
    assembly: i64,
    member: i64,
    #[server(default)] choices: Vec<String>,
) -> Result<(), AppError> {
    let _ = csrf;
    let (ctx, user) = signed_in().await?;
    if choices.len() > 20 {
        return Err(maillon::error::ServiceError::invalid(maillon::i18n::Msg::ErrVoteChoices).into());
    }
    let choices: Vec<Option<u8>> = choices
        .iter()
        .map(|c| match c.as_str() {
            "abstain" => Ok(None),
            n => n.parse::<u8>().map(Some),
        })
        .collect::<Result<_, _>>()
        .map_err(|_| {
            AppError::from(maillon::error::ServiceError::invalid(
                maillon::i18n::Msg::ErrVoteChoices,
            ))
        })?;
    Ok(gov::vote(&ctx, user.id, assembly, member, &choices).await?)
}

#[server(endpoint = "list_decisions", input = leptos::server_fn::codec::GetUrl)]
pub async fn list_decisions() -> Result<Vec<DecisionView>, AppError> {
    let (ctx, user) = signed_in().await?;
    let board = maillon::accounts::allows(&user.roles, Permission::Govern);
    gov::member_or_board(&ctx, user.id, board).await?;
    Ok(gov::decisions(&ctx).await?)
}

#[server(endpoint = "member_register", input = leptos::server_fn::codec::GetUrl)]
pub async fn member_register(page: u32) -> Result<(Vec<MemberView>, Page<MemberView>), AppError> {
    let (ctx, _) = board().await?;
    Ok((gov::applications(&ctx).await?, gov::register(&ctx, page).await?))
}

/// The whole register with its movements, to print.
#[server(endpoint = "print_register", input = leptos::server_fn::codec::GetUrl)]
pub async fn print_register() -> Result<RegisterDocument, AppError> {
    let (ctx, _) = board().await?;
    Ok(gov::register_document(&ctx).await?)
}

#[server(endpoint = "approve_member")]
pub async fn approve_member(csrf: String, member: i64) -> Result<i32, AppError> {
    let _ = csrf;
    let (ctx, user) = board().await?;
    Ok(gov::approve(&ctx, user.id, member).await?)
}

#[server(endpoint = "refuse_member")]
pub async fn refuse_member(csrf: String, member: i64, reason: String) -> Result<(), AppError> {
    let _ = csrf;
    let (ctx, user) = board().await?;
    Ok(gov::refuse(&ctx, user.id, member, &reason).await?)
}

#[server(endpoint = "record_share_movement")]
pub async fn record_share_movement(
    csrf: String,
    number: String,
    kind: String,
    #[server(default)] shares: String,
    #[server(default)] amount: String,
    reference: String,
    on: String,
) -> Result<(), AppError> {
    let _ = csrf;
    let (ctx, user) = board().await?;
    let member = gov::member_by_number(&ctx, &number).await?;
    Ok(gov::record_movement(&ctx, user.id, member, &kind, &shares, &amount, &reference, &on).await?)
}

#[server(endpoint = "get_colleges", input = leptos::server_fn::codec::GetUrl)]
pub async fn get_colleges() -> Result<CollegesPage, AppError> {
    let (ctx, _) = board().await?;
    Ok(gov::colleges_page(&ctx).await?)
}

/// The colleges as the statutes define them: `names[i]`, `weights[i]`, and for each category
/// the college row it votes in (`college_of[category]`, "" for none) and its minimum shares.
#[server(endpoint = "define_colleges")]
pub async fn define_colleges(
    csrf: String,
    #[server(default)] names: Vec<String>,
    #[server(default)] weights: Vec<String>,
    #[server(default)] college_of: Vec<String>,
    #[server(default)] minimum: Vec<String>,
) -> Result<(), AppError> {
    use maillon::error::ServiceError;
    use maillon::governance::Category;
    use maillon::i18n::Msg;
    let _ = csrf;
    let (ctx, user) = board().await?;
    if names.len() > 10 || weights.len() != names.len() || college_of.len() > Category::ALL.len() {
        return Err(ServiceError::field("weight", Msg::ErrCollegeWeightSum).into());
    }
    let mut defs: Vec<gov::CollegeDef> = names
        .iter()
        .zip(&weights)
        .filter(|(n, w)| !(n.trim().is_empty() && w.trim().is_empty()))
        .map(|(n, w)| gov::CollegeDef {
            name: n.clone(),
            weight: w.clone(),
            categories: Vec::new(),
        })
        .collect();
    for (i, category) in Category::ALL.into_iter().enumerate() {
        let Some(row) = college_of.get(i).filter(|r| !r.is_empty()) else {
            continue;
        };
        let row: usize = row
            .parse()
            .map_err(|_| ServiceError::field("categories", Msg::ErrCollegeCategories))?;
        let min: i32 = minimum
            .get(i)
            .and_then(|m| m.trim().parse().ok())
            .ok_or(ServiceError::field("categories", Msg::ErrCollegeCategories))?;
        defs.get_mut(row)
            .ok_or(ServiceError::field("categories", Msg::ErrCollegeCategories))?
            .categories
            .push((category, min));
    }
    Ok(gov::define_colleges(&ctx, user.id, &defs).await?)
}

#[server(endpoint = "governance_settings", input = leptos::server_fn::codec::GetUrl)]
pub async fn governance_settings() -> Result<maillon::governance::Settings, AppError> {
    let (ctx, _) = board().await?;
    Ok(gov::get_settings(&ctx).await?)
}

#[server(endpoint = "save_governance_settings")]
pub async fn save_governance_settings(
    csrf: String,
    share_value: String,
    notice_days: String,
    max_proxies: String,
    ordinary_quorum: String,
    ordinary_majority: String,
    extraordinary_quorum: String,
    extraordinary_majority: String,
    #[server(default)] refund_rule: String,
) -> Result<(), AppError> {
    let _ = csrf;
    let (ctx, user) = board().await?;
    let fields = [
        share_value.as_str(),
        &notice_days,
        &max_proxies,
        &ordinary_quorum,
        &ordinary_majority,
        &extraordinary_quorum,
        &extraordinary_majority,
        &refund_rule,
    ];
    Ok(gov::save_settings(&ctx, user.id, fields).await?)
}

#[server(endpoint = "reweigh_colleges")]
pub async fn reweigh_colleges(
    csrf: String,
    decision: i64,
    #[server(default)] ids: Vec<i64>,
    #[server(default)] weights: Vec<String>,
) -> Result<(), AppError> {
    let _ = csrf;
    let (ctx, user) = board().await?;
    let pairs: Vec<(i64, String)> = ids.into_iter().zip(weights).take(10).collect();
    Ok(gov::reweigh_colleges(&ctx, user.id, &pairs, decision).await?)
}

/// Convenes an assembly: `titles[i]`, `bodies[i]`, `options[i]` (one per line, none for a
/// motion) make its agenda.
#[server(endpoint = "convene_assembly")]
pub async fn convene_assembly(
    csrf: String,
    kind: String,
    title: String,
    opens: String,
    closes: String,
    #[server(default)] titles: Vec<String>,
    #[server(default)] bodies: Vec<String>,
    #[server(default)] options: Vec<String>,
) -> Result<i64, AppError> {
    let _ = csrf;
    let (ctx, user) = board().await?;
    let agenda: Vec<(String, String, String)> = titles
        .into_iter()
        .enumerate()
        // One more than the service accepts, so that too long an agenda is refused, not cut.
        .take(21)
        .map(|(i, t)| {
            (
                t,
                bodies.get(i).cloned().unwrap_or_default(),
                options.get(i).cloned().unwrap_or_default(),
            )
        })
        .collect();
    let id = gov::convene(&ctx, user.id, &kind, &title, (&opens, &closes), &agenda).await?;
    leptos_axum::redirect(&maillon::paths::assembly(id));
    Ok(id)
}

#[server(endpoint = "audit_log", input = leptos::server_fn::codec::GetUrl)]
pub async fn audit_log(page: u32) -> Result<(maillon::time::Zone, Vec<EntryView>, bool), AppError> {
    let (ctx, _) = board().await?;
    let (entries, more) = maillon::audit::list(&ctx, page).await?;
    Ok((ctx.coop().timezone, entries, more))
}
