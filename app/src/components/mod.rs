//! Small building blocks shared by the pages.

use leptos::prelude::*;
use maillon::coop::Page;
use maillon::i18n::Msg;

use crate::error::AppError;
use crate::i18n::{t, tf};

/// The anti-CSRF token every state-changing request must carry.
#[derive(Clone, Debug)]
pub struct CsrfToken(pub String);

pub fn provide_csrf() {
    #[cfg(feature = "ssr")]
    let token = crate::ssr::request_info().map(|i| i.csrf_token).unwrap_or_default();
    #[cfg(not(feature = "ssr"))]
    let token = document()
        .query_selector("meta[name=csrf-token]")
        .ok()
        .flatten()
        .and_then(|m| m.get_attribute("content"))
        .unwrap_or_default();
    provide_context(CsrfToken(token));
}

pub fn csrf_token() -> String {
    use_context::<CsrfToken>().map(|c| c.0).unwrap_or_default()
}

/// Hidden field carrying the anti-CSRF token; goes in every form that changes something.
#[component]
pub fn Csrf() -> impl IntoView {
    view! { <input type="hidden" name="csrf" value=csrf_token()/> }
}

/// The error of the last submission of a form, announced to screen readers.
#[component]
pub fn FormError<T: Clone + Send + Sync + 'static>(result: Signal<Option<Result<T, AppError>>>) -> impl IntoView {
    move || {
        result.get().and_then(Result::err).map(|e| {
            view! { <p class="alert error" role="alert">{t(e.msg())}</p> }
        })
    }
}

/// The result of the last submission of `action`'s form. Driven by script (inside an island)
/// it is the action's value. A plain form post, which is how every form outside an island is
/// sent, comes back to its page with the result in the address (`__path` and `__ok` or
/// `__err`, see `form_errors_back` in server/src/security.rs); it is read from there, so the
/// page says what happened either way.
pub fn outcome<S>(action: ServerAction<S>) -> Signal<Option<Result<S::Output, AppError>>>
where
    S: leptos::server_fn::ServerFn<Error = AppError> + Clone + Send + Sync + 'static,
    S::Output: Clone + Send + Sync + serde::de::DeserializeOwned + 'static,
{
    #[cfg(feature = "ssr")]
    let sent_back: Option<S::Output> = leptos_router::hooks::use_query_map().with_untracked(|q| {
        (q.get("__path").as_deref() == Some(S::PATH))
            .then(|| q.get("__ok"))
            .flatten()
            .and_then(|json| serde_json::from_str(&json).ok())
    });
    #[cfg(not(feature = "ssr"))]
    let sent_back: Option<S::Output> = None;
    Signal::derive(move || action.value().get().or_else(|| sent_back.clone().map(Ok)))
}

/// The site's script and WebAssembly, rendered by a page that has an island (the others ship
/// none). Loaded as a module at idle time; the page works before and without it.
#[component]
pub fn IslandScripts() -> impl IntoView {
    #[cfg(feature = "ssr")]
    let options = crate::ssr::state().ok().map(|s| s.leptos_options);
    #[cfg(not(feature = "ssr"))]
    let options: Option<LeptosOptions> = None;
    options.map(|options| view! { <HydrationScripts options islands=true/> })
}

/// Inside a form: a plain post comes back to its page scrolled to the element `to`, where the
/// form says what happened (see `form_errors_back` in server/src/security.rs).
#[component]
pub fn BackTo(#[prop(into)] to: String) -> impl IntoView {
    view! { <input type="hidden" name="__anchor" value=to/> }
}

/// Where a form says what happened: announced to screen readers, and the place a plain post
/// comes back to (give the form a `BackTo` with the same id).
#[component]
pub fn FormResult(#[prop(into)] id: String, children: Children) -> impl IntoView {
    // Forms of one function on one page (a plan per round kind) share its result in the
    // address: a plain post names its form (`__form`), and only that form shows it.
    #[cfg(feature = "ssr")]
    let other_form = leptos_router::hooks::use_query_map().with_untracked(|q| q.get("__form").is_some_and(|f| f != id));
    #[cfg(not(feature = "ssr"))]
    let other_form = false;
    view! { <div aria-live="polite" class="form-result" id=id>{(!other_form).then(children)}</div> }
}

/// A success notice shown once the last submission of a form went through.
#[component]
pub fn FormSuccess<T: Clone + Send + Sync + 'static>(
    result: Signal<Option<Result<T, AppError>>>,
    msg: Msg,
) -> impl IntoView {
    move || {
        result.get().and_then(Result::ok).map(|_| {
            view! { <p class="alert success" role="status">{t(msg)}</p> }
        })
    }
}

/// A labelled input with an optional hint tied to it for screen readers.
#[component]
pub fn Field(
    name: &'static str,
    label: Msg,
    #[prop(default = "text")] kind: &'static str,
    #[prop(optional)] autocomplete: Option<&'static str>,
    #[prop(optional)] hint: Option<Msg>,
    #[prop(default = true)] required: bool,
    #[prop(optional)] minlength: Option<u32>,
    #[prop(optional)] maxlength: Option<u32>,
    #[prop(optional, into)] value: Option<String>,
) -> impl IntoView {
    let id = format!("field-{name}");
    let hint_id = format!("{id}-hint");
    let described = hint.map(|_| hint_id.clone());
    view! {
        <div class="field">
            <label for=id.clone()>{t(label)}</label>
            <input
                id=id
                name=name
                type=kind
                autocomplete=autocomplete
                required=required
                minlength=minlength
                maxlength=maxlength
                value=value
                aria-describedby=described
            />
            {hint.map(|h| view! { <p class="hint" id=hint_id>{t(h)}</p> })}
        </div>
    }
}

/// Previous / next links for a paged list; `href` builds the link to a page number.
#[component]
pub fn Pagination<T: 'static>(page: Page<T>, href: impl Fn(u32) -> String + 'static) -> impl IntoView {
    let pages = page.pages();
    let current = page.page;
    view! {
        <nav class="pagination" aria-label=t(Msg::Pagination)>
            {page.has_previous().then(|| view! { <a rel="prev" href=href(current - 1)>{t(Msg::PagePrevious)}</a> })}
            <span aria-current="page">{tf(Msg::PageOf, &[("page", &current.to_string()), ("pages", &pages.to_string())])}</span>
            {page.has_next().then(|| view! { <a rel="next" href=href(current + 1)>{t(Msg::PageNext)}</a> })}
        </nav>
    }
}

/// A page's data once loaded, else what its error calls for (sign-in, 404 or a message).
pub fn loaded<R, T, V>(resource: R, show: impl Fn(T) -> V + Clone + Send + Sync + 'static) -> impl IntoView
where
    R: Get<Value = Option<Result<T, AppError>>> + Copy + Send + Sync + 'static,
    T: Send + Sync + 'static,
    V: IntoView + 'static,
{
    view! {
        <Transition fallback=|| view! { <p>{t(Msg::Loading)}</p> }>
            {move || {
                let show = show.clone();
                resource.get().map(move |r| match r {
                    Ok(value) => show(value).into_any(),
                    Err(error) => view! { <crate::pages::ErrorPage error/> }.into_any(),
                })
            }}
        </Transition>
    }
}

/// The shape the layout crops a photo to (style/main.css: `.photo`, `.shop-item .photo`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Frame {
    /// 4:3, the catalogue's cards and galleries.
    Landscape,
    /// 1:1, the shop's thumbnails.
    Square,
}

/// A product or farm photo, lazily loaded: see [`photo_framed`].
pub fn photo(id: i64, alt: String, sizes: &'static str) -> impl IntoView {
    photo_framed(id, alt, sizes, Frame::Landscape, false)
}

/// A photo in the three widths the server keeps (the browser picks one for `sizes`, the
/// space the layout gives it), as WebP where the browser takes it (`/photos/ID/WIDTH`
/// negotiates). Width and height give the frame's proportions, which the stylesheet crops
/// the photo to, so the page does not move when it arrives. Photos below a phone's first
/// screen load only when scrolled to; `eager` is for the one that is on it.
pub fn photo_framed(id: i64, alt: String, sizes: &'static str, frame: Frame, eager: bool) -> impl IntoView {
    // The widths of `maillon::catalogue::photo::WIDTHS` (a server-only module).
    let srcset = [320, 640, 1280]
        .iter()
        .map(|w| format!("/photos/{id}/{w} {w}w"))
        .collect::<Vec<_>>()
        .join(", ");
    let (width, height) = match frame {
        Frame::Landscape => (640, 480),
        Frame::Square => (640, 640),
    };
    view! {
        <img class="photo" src=format!("/photos/{id}/640") srcset=srcset sizes=sizes alt=alt
            width=width height=height
            loading=if eager { "eager" } else { "lazy" }
            fetchpriority=eager.then_some("high")
            decoding="async"/>
    }
}
