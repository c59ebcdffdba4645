//! The event stream (`/api/v1/events`): ticket changes as they commit, for pages to follow.
//! Read with `fetch`, because an `EventSource` cannot send the access token; reconnected after
//! any break, with a fresh token when the old one was refused.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

use api_types::live::TicketEvent;
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

use super::Session;

/// How long to wait before reconnecting after a break.
const RECONNECT: Duration = Duration::from_secs(3);
/// How often to look whether the user is signed in yet.
const SIGNING_IN: Duration = Duration::from_millis(200);

/// What the stream said last.
#[derive(Debug, Clone, PartialEq)]
pub enum LiveEvent {
    /// Something happened to a ticket.
    Ticket(TicketEvent),
    /// Changes may have gone unseen: read afresh what is on screen.
    Resync,
}

/// The stream, shared through the context: pages track [`Live::latest`].
#[derive(Clone, Copy)]
pub struct Live {
    /// The latest event, numbered so the same event twice still counts twice.
    latest: RwSignal<Option<(u64, LiveEvent)>>,
}

impl Live {
    /// Opens the stream for as long as the calling component lives.
    pub fn start(session: Session) -> Live {
        let live = Live {
            latest: RwSignal::new(None),
        };
        let running = Arc::new(AtomicBool::new(true));
        let abort = web_sys::AbortController::new().ok();
        {
            let running = running.clone();
            let abort = send_wrapper::SendWrapper::new(abort.clone());
            on_cleanup(move || {
                running.store(false, Ordering::Relaxed);
                if let Some(abort) = abort.as_ref() {
                    abort.abort();
                }
            });
        }
        let signal = abort.map(|a| a.signal());
        leptos::task::spawn_local(async move {
            let mut connected = false;
            while running.load(Ordering::Relaxed) {
                if session.me.get_untracked().is_none() {
                    sleep(SIGNING_IN).await;
                    continue;
                }
                // A reconnection missed what happened in between.
                let opened = follow(&session, live, signal.as_ref(), connected).await;
                connected |= opened.unwrap_or(false);
                sleep(RECONNECT).await;
            }
        });
        live
    }

    /// The latest event (tracked), if any came yet.
    pub fn latest(&self) -> Option<LiveEvent> {
        self.latest.get().map(|(_, event)| event)
    }

    fn tell(&self, event: LiveEvent) {
        self.latest.update(|latest| {
            let n = latest.as_ref().map_or(0, |(n, _)| n + 1);
            *latest = Some((n, event));
        });
    }
}

/// Reads one connection of the stream until it ends; whether it opened. A `reconnection`
/// starts with a [`LiveEvent::Resync`].
async fn follow(
    session: &Session,
    live: Live,
    abort: Option<&web_sys::AbortSignal>,
    reconnection: bool,
) -> Result<bool, wasm_bindgen::JsValue> {
    if session.access_token_fresh().is_none() && !super::refresh(session).await {
        return Ok(false);
    }
    let Some(token) = session.access_token_fresh() else {
        return Ok(false);
    };
    let headers = web_sys::Headers::new()?;
    headers.set("Accept", "text/event-stream")?;
    headers.set("Authorization", &format!("Bearer {token}"))?;
    let init = web_sys::RequestInit::new();
    init.set_headers(&headers);
    init.set_signal(abort);
    let window = web_sys::window().ok_or("no window")?;
    let response: web_sys::Response =
        JsFuture::from(window.fetch_with_str_and_init("/api/v1/events", &init))
            .await?
            .unchecked_into();
    if response.status() == 401 {
        session.forget_access_token();
        return Ok(false);
    }
    let Some(body) = response.body().filter(|_| response.ok()) else {
        return Ok(false);
    };
    if reconnection {
        live.tell(LiveEvent::Resync);
    }
    let reader: web_sys::ReadableStreamDefaultReader = body.get_reader().unchecked_into();
    let mut pending: Vec<u8> = Vec::new();
    loop {
        // A broken connection ends the stream as its end would.
        let Ok(chunk) = JsFuture::from(reader.read()).await else {
            return Ok(true);
        };
        let done = js_sys::Reflect::get(&chunk, &"done".into())?;
        if done.as_bool().unwrap_or(true) {
            return Ok(true);
        }
        let value = js_sys::Reflect::get(&chunk, &"value".into())?;
        pending.extend(value.unchecked_into::<js_sys::Uint8Array>().to_vec());
        while let Some(end) = pending.windows(2).position(|w| w == b"\n\n") {
            let block: Vec<u8> = pending.drain(..end + 2).collect();
            if let Some(event) = parse(&String::from_utf8_lossy(&block)) {
                live.tell(event);
            }
        }
    }
}

/// One block of the stream as an event; comments and unknown events are none.
fn parse(block: &str) -> Option<LiveEvent> {
    let field = |name: &str| {
        block
            .lines()
            .find_map(|l| l.strip_prefix(name))
            .map(str::trim)
    };
    match field("event:")? {
        "ticket" => serde_json::from_str(field("data:")?)
            .ok()
            .map(LiveEvent::Ticket),
        "resync" => Some(LiveEvent::Resync),
        _ => None,
    }
}

async fn sleep(duration: Duration) {
    let millis = i32::try_from(duration.as_millis()).unwrap_or(i32::MAX);
    let wait = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(window) = web_sys::window() {
            let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, millis);
        }
    });
    let _ = JsFuture::from(wait).await;
}
