//! The portal's pages, and the few pieces they share.

pub mod files;
pub mod help;
pub mod new_ticket;
pub mod products;
pub mod profile;
pub mod questions;
pub mod sign_in;
pub mod ticket;
pub mod tickets;

use std::future::Future;

use leptos::prelude::*;
use leptos::task::spawn_local_scoped_with_cancellation;

use crate::api::ApiError;

/// Starts a page's requests under the page: when the page goes (the customer moved on), its
/// requests are dropped, so none writes into a page that is gone. A task must not touch the
/// page's state after a change that ends the page (a sign-in, a move to another page).
#[derive(Clone, Copy)]
pub struct PageTasks(StoredValue<Option<Owner>>);

impl PageTasks {
    /// The tasks of the page being built.
    pub fn new() -> Self {
        Self(StoredValue::new(Owner::current()))
    }

    /// Runs `task` while the page is on screen.
    pub fn spawn(&self, task: impl Future<Output = ()> + 'static) {
        if let Some(owner) = self.0.try_get_value().flatten() {
            owner.with(|| spawn_local_scoped_with_cancellation(task));
        }
    }
}

/// A form being sent: whether it is under way, and why it was refused.
#[derive(Clone, Copy)]
pub struct Sending {
    /// Set while the request is under way.
    pub busy: RwSignal<bool>,
    /// The refusal, in words.
    pub error: RwSignal<Option<String>>,
}

impl Sending {
    /// Nothing sent yet.
    pub fn new() -> Self {
        Self {
            busy: RwSignal::new(false),
            error: RwSignal::new(None),
        }
    }

    /// Starts sending a form (the browser does not send it itself); false while an earlier
    /// one is still under way.
    pub fn start(&self, ev: &leptos::ev::SubmitEvent) -> bool {
        ev.prevent_default();
        if self.busy.get_untracked() {
            return false;
        }
        self.busy.set(true);
        self.error.set(None);
        true
    }

    /// The form was refused: says why, and lets it be sent again.
    pub fn refused(&self, why: String) {
        self.error.set(Some(why));
        self.busy.set(false);
    }
}

/// A ticket's status as the customer reads it.
pub fn status_label(status: &str) -> &'static str {
    match status {
        "open" => "Open",
        "awaiting_you" => "Waiting for you",
        "solved" => "Solved",
        "closed" => "Closed",
        _ => "In progress",
    }
}

/// A ticket's status as a badge.
#[component]
pub fn StatusBadge(status: String) -> impl IntoView {
    let label = status_label(&status);
    view! { <span class=format!("badge status-{status}")>{label}</span> }
}

/// A page-sized message: nothing here, or something went wrong.
#[component]
pub fn Notice(#[prop(into)] text: String) -> impl IntoView {
    view! { <p class="notice">{text}</p> }
}

/// What went wrong, when something did; read out as it appears.
#[component]
pub fn Failure(error: RwSignal<Option<String>>) -> impl IntoView {
    move || {
        error
            .get()
            .map(|text| view! { <p class="error" role="alert">{text}</p> })
    }
}

/// The words for an error the customer can act on.
pub fn explain(error: &ApiError) -> String {
    match error {
        ApiError::Problem(p) if p.code == "knowledge_base_off" => {
            "This portal has no help articles.".into()
        }
        ApiError::Problem(p) if p.code == "assets_off" => {
            "This portal does not show products.".into()
        }
        ApiError::Problem(p) if p.code == "ticket_creation_off" => {
            "New tickets cannot be opened in this portal.".into()
        }
        ApiError::Problem(p) if p.status == 404 => {
            "This is not here, or it is not yours to see.".into()
        }
        other => other.message(),
    }
}
