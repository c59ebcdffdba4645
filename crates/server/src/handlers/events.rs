//! `/api/v1/events`: the organization's ticket changes as they commit, as Server-Sent Events.

use std::time::Duration;

use actix_web::http::header::{self, ContentEncoding};
use actix_web::web::Bytes;
use actix_web::{get, HttpResponse};
use api_types::live::TicketEvent;
use api_types::phone::CallEvent;
use db::live::Subject;
use domain::OrgId;
use futures_util::stream::{self, Stream};
use tokio::sync::broadcast::{error::RecvError, Receiver};
use tokio::time::{timeout_at, Instant};

use crate::auth::{Access::Permission as Can, Caller, Routes};
use crate::error::ApiError;
use crate::kit::{Reply, State};
use crate::live::Signal;
use crate::state::AppState;

/// A comment line sent when nothing else was, so proxies keep the stream open and a closed
/// connection is noticed.
const KEEPALIVE: Duration = Duration::from_secs(25);
/// How often an open stream confirms that its session still stands.
const RECONFIRM: Duration = Duration::from_secs(60);

/// The event stream: any staff user who reads tickets.
pub fn routes(r: &mut Routes) {
    r.add(event_stream, Can(domain::Permission::ReadTickets));
}

/// The organization's ticket changes as they happen, as Server-Sent Events (`text/event-stream`).
///
/// Each `ticket` event's data is a JSON `TicketEvent`: which ticket, what happened, who did
/// it: every change committed after the answer's headers arrive. Each `call` event's data is
/// a JSON `CallEvent`: a telephony provider reported that a call rings, was answered or
/// ended (a web app pops up the caller of a call ringing for its user). A `resync` event says
/// changes may have gone unseen (the server's feed broke and reopened, or this client fell
/// behind): read afresh what is on screen. An
/// `end` event closes the stream because the session ended. A comment line comes every 25
/// seconds when nothing else does. Nothing is replayed after a reconnect, so a client reads
/// afresh then too.
#[utoipa::path(
    tag = "tickets",
    responses((
        status = 200,
        description = "The stream; each `ticket` event carries a TicketEvent",
        content_type = "text/event-stream",
        body = TicketEvent,
    )),
)]
#[get("/events")]
pub async fn event_stream(state: State, caller: Caller) -> Reply {
    let principal = state.run(caller, |_, p| Ok(p)).await?;
    let live = state.live.clone();
    let receiver = actix_web::web::block(move || live.subscribe(principal.org))
        .await
        .map_err(|e| ApiError::Internal(e.to_string()))?;
    let open = Open {
        receiver,
        state: state.into_inner().as_ref().clone(),
        caller,
        org: principal.org,
        confirm_at: Instant::now() + RECONFIRM,
        started: false,
    };
    Ok(HttpResponse::Ok()
        .content_type("text/event-stream")
        .insert_header((header::CACHE_CONTROL, "no-cache"))
        // Compressing would hold events back until a block fills.
        .insert_header(ContentEncoding::Identity)
        .insert_header(("X-Accel-Buffering", "no"))
        .streaming(events(open)))
}

/// An open stream.
struct Open {
    receiver: Receiver<Signal>,
    state: AppState,
    caller: Caller,
    org: OrgId,
    confirm_at: Instant,
    started: bool,
}

fn events(open: Open) -> impl Stream<Item = Result<Bytes, ApiError>> {
    stream::unfold(Some(open), |open| async move {
        let mut open = open?;
        if !open.started {
            open.started = true;
            // How long a client waits before reconnecting, then an empty comment, so the
            // client sees the stream open.
            return Some((Ok(Bytes::from_static(b"retry: 3000\n:\n\n")), Some(open)));
        }
        if Instant::now() >= open.confirm_at {
            open.confirm_at = Instant::now() + RECONFIRM;
            // Only a refused session ends the stream; a busy database is asked again later.
            let confirmed = open.state.run(open.caller, |_, _| Ok(())).await;
            if let Err(ApiError::Unauthenticated(_)) = confirmed {
                return Some((Ok(Bytes::from_static(b"event: end\ndata: {}\n\n")), None));
            }
        }
        // Wake for the keepalive or the session's next check, whichever comes first.
        let quiet_until = (Instant::now() + KEEPALIVE).min(open.confirm_at);
        loop {
            let chunk = match timeout_at(quiet_until, open.receiver.recv()).await {
                Ok(Ok(Signal::Change(change))) if change.org == open.org => {
                    let actor = change.actor.map(|u| u.to_string());
                    let (name, data) = match change.subject {
                        Subject::Ticket(ticket) => (
                            "ticket",
                            serde_json::to_string(&TicketEvent {
                                ticket_id: ticket.to_string(),
                                kind: change.kind.clone(),
                                actor_id: actor,
                                at: change.at,
                            }),
                        ),
                        Subject::Call(call) => (
                            "call",
                            serde_json::to_string(&CallEvent {
                                call_id: call.to_string(),
                                kind: change.kind.clone(),
                                agent_id: actor,
                                at: change.at,
                            }),
                        ),
                    };
                    let data = data.unwrap_or_default();
                    Bytes::from(format!("event: {name}\ndata: {data}\n\n"))
                }
                Ok(Ok(Signal::Change(_))) => continue,
                Ok(Ok(Signal::Resync) | Err(RecvError::Lagged(_))) => {
                    Bytes::from_static(b"event: resync\ndata: {}\n\n")
                }
                Ok(Err(RecvError::Closed)) => return None,
                Err(_) if Instant::now() >= open.confirm_at => Bytes::new(),
                Err(_) => Bytes::from_static(b":\n\n"),
            };
            return Some((Ok(chunk), Some(open)));
        }
    })
}
