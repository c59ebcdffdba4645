//! Rapport's staff web app: Leptos, rendered in the browser, talking only to the REST API.

mod api;
mod app;
mod components;
mod pages;

use web_shared::format;

fn main() {
    console_error_panic_hook::set_once();
    web_shared::remove_boot_shell();
    leptos::mount::mount_to_body(app::App);
}
