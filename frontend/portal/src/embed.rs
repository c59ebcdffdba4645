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
    if let Some(accent) = branding.accent_color.as_deref().and_then(rgb) {
        let style = root.style();
        let (r, g, b) = accent;
        let _ = style.set_property("--accent", &format!("rgb({r} {g} {b})"));
        let on = if luminance(accent) > 0.45 {
            "#111827"
        } else {
            "#ffffff"
        };
        let _ = style.set_property("--on-accent", on);
        // Links on white need 4.5:1: a light accent leaves them in ink.
        let ink = if luminance(accent) < 0.18 {
            format!("rgb({r} {g} {b})")
        } else {
            "#1c2430".to_owned()
        };
        let _ = style.set_property("--accent-ink", &ink);
    }
}

/// `#rrggbb` as its three channels.
fn rgb(color: &str) -> Option<(u8, u8, u8)> {
    let hex = color.strip_prefix('#').filter(|h| h.len() == 6)?;
    let channel = |i: usize| u8::from_str_radix(hex.get(i..i + 2)?, 16).ok();
    Some((channel(0)?, channel(2)?, channel(4)?))
}

/// Relative luminance (WCAG), 0 for black to 1 for white.
fn luminance((r, g, b): (u8, u8, u8)) -> f64 {
    let linear = |c: u8| {
        let c = f64::from(c) / 255.0;
        if c <= 0.03928 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b)
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
