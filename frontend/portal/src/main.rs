//! Rapport's customer self-service portal: customers of a partner open and follow their
//! support tickets, read the public knowledge base and see what their company owns, inside
//! the partner's website (framed at `/portal/{partner_key}`) or on its own. It talks only to
//! `/api/v1/portal/…` with portal tokens.

mod api;
mod app;
mod embed;
mod pages;
mod router;

fn main() {
    console_error_panic_hook::set_once();
    web_shared::remove_boot_shell();
    leptos::mount::mount_to_body(app::App);
}
