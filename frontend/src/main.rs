//! Rapport's staff web app: Leptos, rendered in the browser, talking only to the REST API.

mod api;
mod app;
mod components;
mod pages;

use web_shared::format;

fn main() {
    console_error_panic_hook::set_once();
    // The shell index.html paints while the app loads.
    if let Some(shell) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id("boot-shell"))
    {
        shell.remove();
    }
    leptos::mount::mount_to_body(app::App);
}
