//! Keyboard use of the inbox and the ticket page. In the inbox j and k move between tickets,
//! Enter opens one, x chooses it and a assigns it to oneself; on a ticket r starts a reply and
//! n an internal note. Keys typed into a field are the field's.

use leptos::ev;
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement, KeyboardEvent};

/// Whether the key belongs to what has focus (a field) or comes with a modifier.
fn not_ours(ev: &KeyboardEvent) -> bool {
    if ev.ctrl_key() || ev.meta_key() || ev.alt_key() {
        return true;
    }
    let target = ev.target().and_then(|t| t.dyn_into::<Element>().ok());
    target.is_some_and(|t| {
        matches!(t.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT")
            || t.closest("[contenteditable], dialog")
                .ok()
                .flatten()
                .is_some()
    })
}

fn document() -> Option<web_sys::Document> {
    web_sys::window().and_then(|w| w.document())
}

/// The inbox's rows, in order.
fn rows() -> Vec<Element> {
    let Some(list) = document().and_then(|d| {
        d.query_selector_all("table[aria-label='Tickets'] tbody tr")
            .ok()
    }) else {
        return Vec::new();
    };
    (0..list.length())
        .filter_map(|i| list.item(i).and_then(|n| n.dyn_into::<Element>().ok()))
        .collect()
}

/// The row holding the focus, by its place.
fn current(rows: &[Element]) -> Option<usize> {
    let focused = document()?.active_element()?;
    let row = focused.closest("tr").ok().flatten()?;
    rows.iter().position(|r| *r == row)
}

fn focus_in(row: &Element, selector: &str) {
    if let Some(element) = row
        .query_selector(selector)
        .ok()
        .flatten()
        .and_then(|e| e.dyn_into::<HtmlElement>().ok())
    {
        let _ = element.focus();
    }
}

fn click_in(row: &Element, selector: &str) {
    if let Some(element) = row
        .query_selector(selector)
        .ok()
        .flatten()
        .and_then(|e| e.dyn_into::<HtmlElement>().ok())
    {
        element.click();
    }
}

/// The inbox's keys, while the inbox is shown; `assign` gives a ticket (by id) to oneself.
pub fn inbox_keys(assign: Callback<String>) {
    let handle = window_event_listener(ev::keydown, move |ev| {
        if not_ours(&ev) {
            return;
        }
        let rows = rows();
        let here = current(&rows);
        let go = |to: usize| {
            if let Some(row) = rows.get(to) {
                focus_in(row, "td.primary-cell a");
            }
        };
        match ev.key().as_str() {
            "j" => go(here.map_or(0, |i| (i + 1).min(rows.len().saturating_sub(1)))),
            "k" => go(here.map_or(0, |i| i.saturating_sub(1))),
            "x" => {
                if let Some(row) = here.and_then(|i| rows.get(i)) {
                    click_in(row, "td.select-cell input");
                    focus_in(row, "td.primary-cell a");
                }
            }
            "a" => {
                let link = here
                    .and_then(|i| rows.get(i))
                    .and_then(|row| row.query_selector("td.primary-cell a").ok().flatten())
                    .and_then(|a| a.get_attribute("href"));
                if let Some(id) = link.as_deref().and_then(|h| h.strip_prefix("/tickets/")) {
                    assign.run(id.to_owned());
                }
            }
            _ => return,
        }
        ev.prevent_default();
    });
    on_cleanup(move || handle.remove());
}

/// The ticket page's keys: r starts a reply, n an internal note.
pub fn ticket_keys() {
    let handle = window_event_listener(ev::keydown, move |ev| {
        if not_ours(&ev) {
            return;
        }
        let kind = match ev.key().as_str() {
            "r" => "kind-reply",
            "n" => "kind-note",
            _ => return,
        };
        let Some(document) = document() else { return };
        let by_id = |id: &str| {
            document
                .get_element_by_id(id)
                .and_then(|e| e.dyn_into::<HtmlElement>().ok())
        };
        if let (Some(choice), Some(body)) = (by_id(kind), by_id("message-body")) {
            ev.prevent_default();
            choice.click();
            let _ = body.focus();
        }
    });
    on_cleanup(move || handle.remove());
}
