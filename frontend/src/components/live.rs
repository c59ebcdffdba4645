//! Following the event stream from a page: what to do when tickets change elsewhere.

use std::cell::Cell;
use std::rc::Rc;
use std::time::Duration;

use api_types::live::TicketEvent;
use leptos::prelude::*;

use crate::api::live::{Live, LiveEvent};

/// Changes that come this close together are answered once.
const GATHER: Duration = Duration::from_millis(600);

/// Runs `then` after ticket changes that `wanted` accepts, and after a `resync`, for as long as
/// the calling component lives: once per burst of changes, shortly after the first.
pub fn on_ticket_change(wanted: impl Fn(&TicketEvent) -> bool + 'static, then: Callback<()>) {
    let Some(live) = use_context::<Live>() else {
        return;
    };
    let pending = Rc::new(Cell::new(false));
    live.listen(move |event| {
        let relevant = match event {
            LiveEvent::Ticket(event) => wanted(event),
            LiveEvent::Resync => true,
            LiveEvent::Call(_) => false,
        };
        if relevant && !pending.replace(true) {
            let pending = pending.clone();
            set_timeout(
                move || {
                    pending.set(false);
                    // The page may have gone in the meantime.
                    let _ = then.try_run(());
                },
                GATHER,
            );
        }
    });
}
