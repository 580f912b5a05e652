//! Small building blocks shared by the pages.

pub mod forms;
pub mod status;

use leptos::prelude::*;
use maillon::coop::Page;
use maillon::i18n::Msg;

use crate::error::AppError;
use crate::i18n::{t, tf};

pub use forms::{BackTo, DetailedError, Field, FormError, FormResult, FormSuccess, RowErrors, outcome};
pub use status::{ErrorPage, NotFound, SignInRequired, msg_from_code};

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
                    Err(error) => view! { <crate::components::ErrorPage error/> }.into_any(),
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
        .map(|w| format!("{} {w}w", maillon::paths::photo(id, *w)))
        .collect::<Vec<_>>()
        .join(", ");
    let (width, height) = match frame {
        Frame::Landscape => (640, 480),
        Frame::Square => (640, 640),
    };
    view! {
        <img class="photo" src=maillon::paths::photo(id, 640) srcset=srcset sizes=sizes alt=alt
            width=width height=height
            loading=if eager { "eager" } else { "lazy" }
            fetchpriority=eager.then_some("high")
            decoding="async"/>
    }
}

/// A plain map (no tiles: it works offline and prints): an SVG `width` × `height` on a pale
/// ground, named for screen readers by `label`, with what is drawn on it and its legend.
#[component]
pub fn MapFigure(label: String, width: f64, height: f64, legend: AnyView, children: Children) -> impl IntoView {
    let aria = label.clone();
    view! {
        <figure class="round-map">
            <svg viewBox=format!("0 0 {width} {height}") role="img" aria-label=aria xmlns="http://www.w3.org/2000/svg">
                <title>{label}</title>
                <rect width=width height=height fill="#f4f1e8"/>
                {children()}
            </svg>
            <figcaption class="legend">{legend}</figcaption>
        </figure>
    }
}
