//! Following the event stream from a page: what to do when tickets change elsewhere.

use std::cell::Cell;
use std::rc::Rc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
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
    let alive = Arc::new(AtomicBool::new(true));
    let pending = Rc::new(Cell::new(false));
    {
        let alive = alive.clone();
        on_cleanup(move || alive.store(false, Ordering::Relaxed));
    }
    Effect::new(move |seen: Option<()>| {
        let latest = live.latest();
        // What came before the page opened is in what it loaded.
        if seen.is_none() || pending.get() {
            return;
        }
        let relevant = match &latest {
            Some(LiveEvent::Ticket(event)) => wanted(event),
            Some(LiveEvent::Resync) => true,
            None => false,
        };
        if relevant {
            pending.set(true);
            let (alive, pending) = (alive.clone(), pending.clone());
            set_timeout(
                move || {
                    pending.set(false);
                    if alive.load(Ordering::Relaxed) {
                        let _ = then.try_run(());
                    }
                },
                GATHER,
            );
        }
    });
}
