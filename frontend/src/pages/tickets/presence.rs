//! Working a ticket beside colleagues: who else has it open, and a reply being written that
//! survives the page reading the ticket afresh when someone else changes it.

use std::time::Duration;

use api_types::live::TicketViewer;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use crate::api::{self, Session};

/// How often an open ticket page says it is still open (the server forgets it after 30 s).
const EVERY: Duration = Duration::from_secs(10);

/// The others who have this ticket open.
#[derive(Clone, Copy)]
pub struct Others(RwSignal<Vec<TicketViewer>>);

/// The reply being written, and the ticket it is for.
#[derive(Clone, Copy)]
pub struct Draft(pub RwSignal<(String, String)>);

impl Draft {
    /// The text written for `ticket` (read once: the composer keeps its own copy).
    pub fn text(&self, ticket: &str) -> String {
        self.0.with_untracked(|(id, text)| {
            if id == ticket {
                text.clone()
            } else {
                String::new()
            }
        })
    }

    /// Keeps `text` as what is written for `ticket`.
    pub fn keep(&self, ticket: &str, text: String) {
        if self
            .0
            .with_untracked(|(id, kept)| id != ticket || *kept != text)
        {
            self.0.set((ticket.to_owned(), text));
        }
    }
}

/// Tells the server, now and every few seconds, that the ticket of the route is open here, and
/// that it no longer is when the page closes; provides [`Others`] and [`Draft`].
pub fn follow_presence() {
    let session = expect_context::<Session>();
    let params = use_params_map();
    let others = Others(RwSignal::new(Vec::new()));
    provide_context(others);
    provide_context(Draft(RwSignal::new((String::new(), String::new()))));
    let tick = RwSignal::new(0_u32);
    if let Ok(handle) = set_interval_with_handle(move || tick.update(|t| *t += 1), EVERY) {
        on_cleanup(move || handle.clear());
    }
    let me = session
        .me
        .with_untracked(|me| me.as_ref().map(|me| me.id.clone()))
        .unwrap_or_default();
    let shown = StoredValue::new(String::new());
    Effect::new(move |_| {
        tick.track();
        let id = params.with(|p| p.get("id").unwrap_or_default());
        if id.is_empty() {
            return;
        }
        let before = shown.get_value();
        if before != id && !before.is_empty() {
            leptos::task::spawn_local(async move {
                let _ = api::tickets::leave(&session, &before).await;
            });
            others.0.set(Vec::new());
        }
        shown.set_value(id.clone());
        let me = me.clone();
        leptos::task::spawn_local(async move {
            if let Ok(viewers) = api::tickets::view(&session, &id).await {
                let _ = others
                    .0
                    .try_set(viewers.into_iter().filter(|v| v.user_id != me).collect());
            }
        });
    });
    on_cleanup(move || {
        if let Some(id) = shown.try_get_value().filter(|id| !id.is_empty()) {
            leptos::task::spawn_local(async move {
                let _ = api::tickets::leave(&session, &id).await;
            });
        }
    });
}

/// "Also here: …" when others have the ticket open.
#[component]
pub fn Viewers() -> impl IntoView {
    let others = use_context::<Others>();
    move || {
        let names: Vec<String> = others
            .map(|o| o.0.get().into_iter().map(|v| v.name).collect())
            .unwrap_or_default();
        (!names.is_empty()).then(|| {
            view! {
                <p class="viewers" role="status">
                    <span class="viewers-dot" aria-hidden="true"></span>
                    {format!("Also viewing: {}", names.join(", "))}
                </p>
            }
        })
    }
}
