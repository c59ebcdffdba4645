//! Routes and the state every page shares.

use leptos::prelude::*;
use leptos_router::components::{ParentRoute, Route, Router, Routes};
use leptos_router::path;

use crate::api::Session;
use crate::components::palette::{Palette, PaletteOpen};
use crate::components::shell::{Crumbs, Shell};
use crate::components::status::{ToastArea, Toasts};
use crate::pages::accounts::{form::account_form, list::AccountList, page::account_page};
use crate::pages::contacts::{form::contact_form, list::ContactList, page::contact_page};
use crate::pages::home::Home;
use crate::pages::login::Login;
use crate::pages::not_found::NotFound;
use crate::pages::sla::calendar_form::calendar_form;
use crate::pages::sla::calendars::{calendar_page, CalendarList};
use crate::pages::sla::policies::{policy_page, PolicyList};
use crate::pages::sla::policy_form::policy_form;
use crate::pages::users::{user_form, UserList};

/// The app.
#[component]
pub fn App() -> impl IntoView {
    provide_context(Session::new());
    provide_context(Crumbs(RwSignal::new(Vec::new())));
    provide_context(Toasts::new());
    provide_context(PaletteOpen(RwSignal::new(false)));
    view! {
        <Router>
            <Routes fallback=NotFound>
                <Route path=path!("/login") view=Login/>
                <ParentRoute path=path!("") view=ShellWithPalette>
                    <Route path=path!("") view=Home/>
                    <Route path=path!("accounts") view=AccountList/>
                    <Route path=path!("accounts/new") view=|| account_form(false)/>
                    <Route path=path!("accounts/:id") view=account_page/>
                    <Route path=path!("accounts/:id/edit") view=|| account_form(true)/>
                    <Route path=path!("contacts") view=ContactList/>
                    <Route path=path!("contacts/new") view=|| contact_form(false)/>
                    <Route path=path!("contacts/:id") view=contact_page/>
                    <Route path=path!("contacts/:id/edit") view=|| contact_form(true)/>
                    <Route path=path!("users") view=UserList/>
                    <Route path=path!("users/new") view=|| user_form(false)/>
                    <Route path=path!("users/:id/edit") view=|| user_form(true)/>
                    <Route path=path!("sla/calendars") view=CalendarList/>
                    <Route path=path!("sla/calendars/new") view=|| calendar_form(false)/>
                    <Route path=path!("sla/calendars/:id") view=calendar_page/>
                    <Route path=path!("sla/calendars/:id/edit") view=|| calendar_form(true)/>
                    <Route path=path!("sla/policies") view=PolicyList/>
                    <Route path=path!("sla/policies/new") view=|| policy_form(false)/>
                    <Route path=path!("sla/policies/:id") view=policy_page/>
                    <Route path=path!("sla/policies/:id/edit") view=|| policy_form(true)/>
                    <Route path=path!("*any") view=NotFound/>
                </ParentRoute>
            </Routes>
        </Router>
        <ToastArea/>
    }
}

#[component]
fn ShellWithPalette() -> impl IntoView {
    view! {
        <Shell/>
        <Palette/>
    }
}
