//! Keeps a form's unsaved changes from being lost without a word: while a form holds changes,
//! every way of leaving the page asks first.

use std::cell::Cell;

use leptos::prelude::*;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

const QUESTION: &str = "You have changes that are not saved. Leave and lose them?";

thread_local! {
    /// The open form's "holds unsaved changes" (one form is open at a time).
    static UNSAVED: Cell<Option<RwSignal<bool>>> = const { Cell::new(None) };
    /// Set while Back is being undone, so that the popstate this causes is not asked about.
    static RESTORING: Cell<bool> = const { Cell::new(false) };
}

/// Whether the app may navigate away now: nothing is unsaved, or the user agrees to lose it.
/// The app's own navigation (the palette, say) asks this before it goes.
pub fn may_leave() -> bool {
    let Some(dirty) = UNSAVED
        .get()
        .filter(|d| d.try_get_untracked() == Some(true))
    else {
        return true;
    };
    let leave = web_sys::window()
        .and_then(|w| w.confirm_with_message(QUESTION).ok())
        .unwrap_or(true);
    if leave {
        dirty.set(false);
    }
    leave
}

/// While `dirty`, leaving asks first: closing or reloading the tab (the browser's own
/// question), following a link, Back ([`watch_history`]), and the app's navigation through
/// [`may_leave`]. The click listener runs in the capture phase, before the router's.
pub fn guard(dirty: RwSignal<bool>) {
    UNSAVED.set(Some(dirty));
    let unload = window_event_listener(leptos::ev::beforeunload, move |ev| {
        if dirty.get_untracked() {
            ev.prevent_default();
        }
    });
    let on_click = Closure::<dyn Fn(web_sys::MouseEvent)>::new(move |ev: web_sys::MouseEvent| {
        let new_tab = ev.ctrl_key() || ev.meta_key() || ev.shift_key() || ev.button() != 0;
        if ev.default_prevented() || new_tab {
            return;
        }
        // Links that leave the page: not in-page (`#…`) ones, not those opening another tab.
        let leaves = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .and_then(|e| {
                e.closest("a[href]:not([href^='#']):not([target='_blank'])")
                    .ok()
                    .flatten()
            })
            .is_some();
        if leaves && !may_leave() {
            ev.prevent_default();
            ev.stop_immediate_propagation();
        }
    });
    let listener = on_click
        .as_ref()
        .unchecked_ref::<js_sys::Function>()
        .clone();
    if let Some(window) = web_sys::window() {
        let _ = window.add_event_listener_with_callback_and_bool("click", &listener, true);
    }
    // The browser's objects stay on this thread; the wrapper only lets the cleanup hold them.
    let held = send_wrapper::SendWrapper::new((listener, on_click));
    on_cleanup(move || {
        unload.remove();
        if UNSAVED.get() == Some(dirty) {
            UNSAVED.set(None);
        }
        let (listener, on_click) = held.take();
        if let Some(window) = web_sys::window() {
            let _ = window.remove_event_listener_with_callback_and_bool("click", &listener, true);
        }
        drop(on_click);
    });
}

/// Makes Back and Forward ask too. Called once, before the router starts: listeners on the
/// window run in the order they were added, and this one must run before the router's.
pub fn watch_history() {
    // The address has already changed when popstate fires; staying means going forward again
    // (the way off a form is Back; Forward onto another page is not told apart).
    let on_popstate = Closure::<dyn Fn(web_sys::Event)>::new(move |ev: web_sys::Event| {
        if RESTORING.replace(false) {
            ev.stop_immediate_propagation();
            return;
        }
        if !may_leave() {
            ev.stop_immediate_propagation();
            if let Some(history) = web_sys::window().and_then(|w| w.history().ok()) {
                RESTORING.set(true);
                let _ = history.forward();
            }
        }
    });
    if let Some(window) = web_sys::window() {
        let _ = window.add_event_listener_with_callback(
            "popstate",
            on_popstate.as_ref().unchecked_ref::<js_sys::Function>(),
        );
    }
    on_popstate.forget(); // for the life of the page
}
