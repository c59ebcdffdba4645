//! Rapport's staff web app: Leptos, rendered in the browser, talking only to the REST API.

mod api;
mod app;
mod components;
mod format;
mod pages;

fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(app::App);
}
