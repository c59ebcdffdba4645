//! Living in a partner's page: the partner's look, and the frame fitted to the content.
//!
//! The partner's script (`/portal/embed.js`) opens the portal with `?parent=` its page's
//! origin. The portal tells that page its height through `postMessage`, addressed to that
//! origin only, and only when it is one of the partner's allowed origins; the script in turn
//! listens only to messages from Rapport's origin and its own frame.

use api_types::portal::PortalBranding;
use js_sys::{Object, Reflect};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

/// Where the page that framed this tab said it lives; kept for the tab's later pages.
const PARENT_KEY: &str = "rapport.portal.parent";

/// The message type the embed script listens for.
const RESIZE: &str = "rapport-portal:resize";

fn document() -> Option<web_sys::Document> {
    web_sys::window().and_then(|w| w.document())
}

/// Dresses the page in the partner's branding: its name as the title, its language, its
/// accent colour (with a text colour that reads on it, and a link colour that reads on
/// white).
pub fn apply_branding(branding: &PortalBranding) {
    let Some(document) = document() else {
        return;
    };
    document.set_title(&branding.name);
    let Some(root) = document
        .document_element()
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
    else {
        return;
    };
    if let Some(language) = &branding.language {
        let _ = root.set_attribute("lang", language);
    }
    if let Some(palette) = branding
        .accent_color
        .as_deref()
        .and_then(domain::portal::palette)
    {
        let style = root.style();
        let _ = style.set_property("--accent", &palette.accent);
        let _ = style.set_property("--on-accent", palette.on_accent);
        let _ = style.set_property("--accent-ink", &palette.ink);
    }
}

/// Remembers for the tab's later pages where the page framing this one said it lives
/// (`?parent=`), before the address changes.
pub fn remember_parent() {
    if let Some(named) = crate::api::query_value("parent") {
        crate::api::keep(PARENT_KEY, &named);
    }
}

/// Keeps telling the framing page how tall the portal is, if the portal is framed by one of
/// the partner's `allowed_origins`.
pub fn fit_frame_to_content(allowed_origins: &[String]) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let framed = window
        .parent()
        .ok()
        .flatten()
        .is_some_and(|parent| !Object::is(&parent, &window));
    let Some(origin) =
        crate::api::kept(PARENT_KEY).filter(|o| framed && allowed_origins.contains(o))
    else {
        return;
    };
    let Some(body) = document().and_then(|d| d.body()) else {
        return;
    };
    let measured = body.clone();
    let tell = Closure::<dyn FnMut()>::new(move || {
        let Some(parent) = web_sys::window().and_then(|w| w.parent().ok().flatten()) else {
            return;
        };
        let message = Object::new();
        let _ = Reflect::set(&message, &"type".into(), &RESIZE.into());
        let height = f64::from(measured.scroll_height());
        let _ = Reflect::set(&message, &"height".into(), &height.into());
        let _ = parent.post_message(&message, &origin);
    });
    if let Ok(observer) = web_sys::ResizeObserver::new(tell.as_ref().unchecked_ref()) {
        observer.observe(&body);
    }
    // The observer calls it for as long as the page lives.
    tell.forget();
}
