//! The event stream (`/api/v1/events`): ticket changes as they commit, for pages to follow.
//! Read with `fetch`, because an `EventSource` cannot send the access token; reconnected after
//! any break, with a fresh token when the old one was refused. A hidden tab lets its stream go
//! (a browser allows six connections to a server over HTTP/1.1, and an agent has many tabs)
//! and reads afresh when it shows again.

use std::cell::RefCell;
use std::rc::Rc;
use std::time::Duration;

use api_types::live::TicketEvent;
use api_types::phone::CallEvent;
use leptos::prelude::*;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

use web_shared::sleep;

use super::Session;

/// How long to wait before reconnecting after a break, at least; up to twice as long, so
/// clients do not all come back at once after a restart.
const RECONNECT: Duration = Duration::from_secs(3);
/// How often to look whether the user is signed in and the tab shown.
const IDLE: Duration = Duration::from_millis(250);

/// What the stream says.
#[derive(Debug, Clone, PartialEq)]
pub enum LiveEvent {
    /// Something happened to a ticket.
    Ticket(TicketEvent),
    /// A call rings, was answered or ended.
    Call(CallEvent),
    /// Changes may have gone unseen: read afresh what is on screen.
    Resync,
}

type Listener = Rc<dyn Fn(&LiveEvent)>;

/// The stream's state in this tab.
#[derive(Default)]
struct State {
    /// Who hears each event, by a number to stop hearing by.
    listeners: Vec<(u64, Listener)>,
    next: u64,
    /// Ends the connection being read.
    abort: Option<web_sys::AbortController>,
    running: bool,
}

/// The stream, shared through the context: pages [`Live::listen`] to it.
#[derive(Clone, Copy)]
pub struct Live(StoredValue<Rc<RefCell<State>>, LocalStorage>);

impl Live {
    /// Opens the stream for as long as the calling component lives.
    pub fn start(session: Session) -> Live {
        let state = Rc::new(RefCell::new(State {
            running: true,
            ..State::default()
        }));
        let live = Live(StoredValue::new_local(state.clone()));
        let on_visibility = {
            let state = state.clone();
            Closure::<dyn Fn()>::new(move || {
                if hidden() {
                    abort(&state);
                }
            })
        };
        let document = web_sys::window().and_then(|w| w.document());
        if let Some(document) = &document {
            let _ = document.add_event_listener_with_callback(
                "visibilitychange",
                on_visibility.as_ref().unchecked_ref(),
            );
        }
        {
            let state = send_wrapper::SendWrapper::new((state.clone(), document, on_visibility));
            on_cleanup(move || {
                let (state, document, on_visibility) = &*state;
                state.borrow_mut().running = false;
                abort(state);
                if let Some(document) = document {
                    let _ = document.remove_event_listener_with_callback(
                        "visibilitychange",
                        on_visibility.as_ref().unchecked_ref(),
                    );
                }
            });
        }
        leptos::task::spawn_local(async move {
            while state.borrow().running {
                if session.me.get_untracked().is_none() || hidden() {
                    sleep(IDLE).await;
                    continue;
                }
                let _ = follow(&session, &state).await;
                if state.borrow().running && !hidden() {
                    sleep(RECONNECT.mul_f64(1.0 + js_sys::Math::random())).await;
                }
            }
        });
        live
    }

    /// Calls `hear` with every event until the calling component goes.
    pub fn listen(&self, hear: impl Fn(&LiveEvent) + 'static) {
        let Some(state) = self.0.try_get_value() else {
            return;
        };
        let number = {
            let mut state = state.borrow_mut();
            state.next += 1;
            let number = state.next;
            state.listeners.push((number, Rc::new(hear)));
            number
        };
        let state = send_wrapper::SendWrapper::new(state);
        on_cleanup(move || state.borrow_mut().listeners.retain(|(n, _)| *n != number));
    }
}

fn tell(state: &Rc<RefCell<State>>, event: &LiveEvent) {
    let listeners: Vec<Listener> = state
        .borrow()
        .listeners
        .iter()
        .map(|(_, l)| l.clone())
        .collect();
    for hear in listeners {
        hear(event);
    }
}

fn abort(state: &Rc<RefCell<State>>) {
    if let Some(abort) = state.borrow_mut().abort.take() {
        abort.abort();
    }
}

fn hidden() -> bool {
    web_sys::window()
        .and_then(|w| w.document())
        .is_some_and(|d| d.hidden())
}

/// Reads one connection of the stream until it ends. Each connection
/// starts with a [`LiveEvent::Resync`]: what committed before it opened (after the pages on
/// screen read, or while the last connection was down) reaches no one otherwise. Pages that
/// start listening later read after the stream opened, and are not told.
async fn follow(
    session: &Session,
    state: &Rc<RefCell<State>>,
) -> Result<(), wasm_bindgen::JsValue> {
    if session.access_token_fresh().is_none() && !web_shared::http::refresh(*session).await {
        session.expire();
        return Ok(());
    }
    let Some(token) = session.access_token_fresh() else {
        return Ok(());
    };
    let headers = web_sys::Headers::new()?;
    headers.set("Accept", "text/event-stream")?;
    headers.set("Authorization", &format!("Bearer {token}"))?;
    let init = web_sys::RequestInit::new();
    init.set_headers(&headers);
    let controller = web_sys::AbortController::new()?;
    init.set_signal(Some(&controller.signal()));
    state.borrow_mut().abort = Some(controller);
    let window = web_sys::window().ok_or("no window")?;
    let response: web_sys::Response =
        JsFuture::from(window.fetch_with_str_and_init("/api/v1/events", &init))
            .await?
            .unchecked_into();
    if response.status() == 401 {
        session.forget_access_token();
        return Ok(());
    }
    let Some(body) = response.body().filter(|_| response.ok()) else {
        return Ok(());
    };
    tell(state, &LiveEvent::Resync);
    let reader: web_sys::ReadableStreamDefaultReader = body.get_reader().unchecked_into();
    let mut pending: Vec<u8> = Vec::new();
    loop {
        // A broken or abandoned connection ends the stream as its end would.
        let Ok(chunk) = JsFuture::from(reader.read()).await else {
            return Ok(());
        };
        let done = js_sys::Reflect::get(&chunk, &"done".into())?;
        if done.as_bool().unwrap_or(true) {
            return Ok(());
        }
        let value = js_sys::Reflect::get(&chunk, &"value".into())?;
        pending.extend(value.unchecked_into::<js_sys::Uint8Array>().to_vec());
        while let Some(end) = pending.windows(2).position(|w| w == b"\n\n") {
            let block: Vec<u8> = pending.drain(..end + 2).collect();
            match parse(&String::from_utf8_lossy(&block)) {
                Some(Said::Event(event)) => tell(state, &event),
                // The session ended: the next connection refreshes the token or signs out.
                Some(Said::End) => {
                    session.forget_access_token();
                    abort(state);
                    return Ok(());
                }
                None => {}
            }
        }
    }
}

/// One block of the stream.
enum Said {
    Event(LiveEvent),
    End,
}

/// One block of the stream; comments and unknown events are none.
fn parse(block: &str) -> Option<Said> {
    let field = |name: &str| {
        block
            .lines()
            .find_map(|l| l.strip_prefix(name))
            .map(str::trim)
    };
    match field("event:")? {
        "ticket" => serde_json::from_str(field("data:")?)
            .ok()
            .map(|e| Said::Event(LiveEvent::Ticket(e))),
        "call" => serde_json::from_str(field("data:")?)
            .ok()
            .map(|e| Said::Event(LiveEvent::Call(e))),
        "resync" => Some(Said::Event(LiveEvent::Resync)),
        "end" => Some(Said::End),
        _ => None,
    }
}
