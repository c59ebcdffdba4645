//! One ticket: the conversation with the support team, the reply, marking it solved or
//! reopening it, and rating how it went. New replies from support appear without a reload.

use std::time::Duration;

use api_types::portal::{CreatePortalMessage, CreatePortalRating, PortalMessage, PortalTicket};
use api_types::Page;
use leptos::prelude::*;
use web_shared::format;

use super::files::{AttachFiles, Attached, MessageFiles};
use super::{explain, Failure, PageTasks, Sending, StatusBadge};
use crate::api::{ApiError, Portal};

/// How often an open conversation looks for new messages.
const POLL: Duration = Duration::from_secs(5);

/// The ticket page.
#[component]
pub fn TicketPage(id: String) -> impl IntoView {
    let portal = expect_context::<Portal>();
    let tasks = PageTasks::new();
    let ticket = RwSignal::new(None::<PortalTicket>);
    let messages = RwSignal::new(Vec::<PortalMessage>::new());
    let error = RwSignal::new(None::<String>);
    let base = format!("/api/v1/portal/tickets/{id}");
    // Reads the ticket and its conversation now, and again every few seconds while the
    // page is open and shown (the task ends with the page). A passing failure (the network,
    // a busy server) is tried again; only a refusal ends it.
    let load = {
        let base = base.clone();
        async move {
            loop {
                if !hidden() {
                    match refresh(portal, &base, ticket, messages).await {
                        Ok(()) => error.set(None),
                        Err(e) if e.retryable() => error.set(Some(explain(&e))),
                        Err(e) => {
                            error.set(Some(explain(&e)));
                            return;
                        }
                    }
                }
                web_shared::sleep(POLL).await;
            }
        }
    };
    tasks.spawn(load);
    let view_ticket = move || {
        ticket.get().map(|t| {
            view! {
                <div class="page-head">
                    <h1>{t.subject.clone()}</h1>
                    <StatusBadge status=t.status.clone()/>
                </div>
                <p class="meta">
                    {format!("#{} · opened {} by {}", t.number, format::date_time(&t.created_at), t.requester_name)}
                </p>
            }
        })
    };
    view! {
        <Failure error/>
        {view_ticket}
        <ol class="thread" aria-label="Conversation">
            {move || ticket.get().map(|t| view! {
                <li class="message from-customer">
                    <p class="author">{format!("{} · {}", t.requester_name, format::date_time(&t.created_at))}</p>
                    <p class="body">{t.description}</p>
                    {(!t.custom_fields.is_empty()).then(|| view! {
                        <dl class="answers" role="group" aria-label="Details given">
                            {t.custom_fields.iter().map(|a| view! {
                                <dt>{a.label.clone()}</dt><dd>{web_shared::format::answer(a)}</dd>
                            }).collect_view()}
                        </dl>
                    })}
                    <MessageFiles attachments=t.attachments/>
                </li>
            })}
            <For each=move || messages.get() key=|m| m.id.clone() let:m>
                <li class=format!("message from-{}", m.from)>
                    <p class="author">
                        {format!("{} · {}", m.author_name, format::date_time(&m.created_at))}
                    </p>
                    <p class="body">{m.body}</p>
                    <MessageFiles attachments=m.attachments/>
                </li>
            </For>
        </ol>
        <Show when=move || ticket.with(Option::is_some)>
            <Reply base=base.clone() ticket messages/>
            <Actions base=base.clone() ticket/>
            <Rating base=base.clone() ticket/>
        </Show>
    }
}

/// Whether the page is out of sight (another tab, a minimised window).
fn hidden() -> bool {
    web_sys::window()
        .and_then(|w| w.document())
        .is_some_and(|d| d.hidden())
}

/// Reads the ticket and its whole conversation, and shows what changed: an unchanged ticket
/// or conversation is not redrawn (a selection in it stays).
async fn refresh(
    portal: Portal,
    base: &str,
    ticket: RwSignal<Option<PortalTicket>>,
    messages: RwSignal<Vec<PortalMessage>>,
) -> Result<(), ApiError> {
    let fresh = portal.get::<PortalTicket>(base).await?;
    let changed = ticket.with_untracked(|t| {
        t.as_ref().is_none_or(|t| {
            (
                &t.status,
                t.updated_at,
                t.rating.as_ref().map(|r| r.rated_at),
            ) != (
                &fresh.status,
                fresh.updated_at,
                fresh.rating.as_ref().map(|r| r.rated_at),
            )
        })
    });
    if changed {
        ticket.set(Some(fresh));
    }
    let conversation = conversation(portal, base).await?;
    let last = |m: &[PortalMessage]| m.last().map(|m| m.id.clone());
    if messages.with_untracked(|m| (m.len(), last(m)) != (conversation.len(), last(&conversation)))
    {
        messages.set(conversation);
    }
    Ok(())
}

/// The whole public conversation of the ticket at `base`, oldest first, page by page.
async fn conversation(portal: Portal, base: &str) -> Result<Vec<PortalMessage>, ApiError> {
    let mut all = Vec::new();
    let mut cursor: Option<String> = None;
    loop {
        let path = match &cursor {
            Some(c) => format!("{base}/messages?limit=100&cursor={c}"),
            None => format!("{base}/messages?limit=100"),
        };
        let page = portal.get::<Page<PortalMessage>>(&path).await?;
        all.extend(page.items);
        match page.next_cursor {
            Some(next) => cursor = Some(next),
            None => return Ok(all),
        }
    }
}

/// The reply box.
#[component]
fn Reply(
    base: String,
    ticket: RwSignal<Option<PortalTicket>>,
    messages: RwSignal<Vec<PortalMessage>>,
) -> impl IntoView {
    let portal = expect_context::<Portal>();
    let tasks = PageTasks::new();
    let text = RwSignal::new(String::new());
    let sending = Sending::new();
    let Sending { busy, error } = sending;
    let closed = move || ticket.with(|t| t.as_ref().is_some_and(|t| t.status == "closed"));
    let sent_elsewhere = RwSignal::new(false);
    let files = Attached::new();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        if text.with_untracked(|t| t.trim().is_empty()) || files.busy() {
            ev.prevent_default();
            return;
        }
        if !sending.start(&ev) {
            return;
        }
        let base = base.clone();
        let path = format!("{base}/messages");
        let body = CreatePortalMessage {
            body: text.get_untracked(),
            attachment_ids: files.send(),
        };
        tasks.spawn(async move {
            match portal.post::<PortalMessage>(&path, &body).await {
                Ok(message) => {
                    text.set(String::new());
                    files.sent();
                    // A reply brings the ticket back to the support team; on a ticket closed
                    // (or solved too long ago) it opens a follow-up instead, and is not here.
                    let _ = refresh(portal, &base, ticket, messages).await;
                    let here = messages.with_untracked(|m| m.iter().any(|m| m.id == message.id));
                    sent_elsewhere.set(!here);
                    busy.set(false);
                }
                Err(e) => {
                    files.kept();
                    sending.refused(explain(&e));
                }
            }
        });
    };
    view! {
        <form class="card reply" on:submit=submit aria-label="Reply">
            <label for="reply">"Your reply"</label>
            <Show when=closed>
                <p class="hint">"This ticket is closed: your reply opens a new ticket that refers to it."</p>
            </Show>
            <textarea id="reply" rows="4" required
                prop:value=text on:input=move |ev| text.set(event_target_value(&ev))></textarea>
            <AttachFiles files id="reply-files"/>
            <Failure error/>
            <Show when=move || sent_elsewhere.get()>
                <p class="success" role="status">"Sent. It opened a new ticket, which is in your list."</p>
            </Show>
            <button type="submit" class="primary" disabled=move || busy.get() || files.busy()>
                {move || if busy.get() { "Sending…" } else { "Send reply" }}
            </button>
        </form>
    }
}

/// Marking the ticket solved, or reopening it.
#[component]
fn Actions(base: String, ticket: RwSignal<Option<PortalTicket>>) -> impl IntoView {
    let portal = expect_context::<Portal>();
    let tasks = PageTasks::new();
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let status = move || ticket.with(|t| t.as_ref().map(|t| t.status.clone()).unwrap_or_default());
    let act = move |what: &'static str| {
        busy.set(true);
        error.set(None);
        let path = format!("{base}/{what}");
        tasks.spawn(async move {
            match portal.post::<PortalTicket>(&path, &()).await {
                Ok(t) => ticket.set(Some(t)),
                Err(e) => error.set(Some(explain(&e))),
            }
            busy.set(false);
        });
    };
    let act2 = act.clone();
    view! {
        <div class="actions">
            <Show when=move || matches!(status().as_str(), "open" | "awaiting_you")>
                <button type="button" disabled=busy on:click={
                    let act = act.clone();
                    move |_| act("close")
                }>"My problem is solved"</button>
            </Show>
            <Show when=move || status() == "solved">
                <button type="button" disabled=busy on:click={
                    let act = act2.clone();
                    move |_| act("reopen")
                }>"It is not solved: reopen"</button>
            </Show>
        </div>
        <Failure error/>
    }
}

/// How it went: asked once the ticket is solved, of the customer who asked; shown after.
#[component]
fn Rating(base: String, ticket: RwSignal<Option<PortalTicket>>) -> impl IntoView {
    let portal = expect_context::<Portal>();
    let tasks = PageTasks::new();
    let score = RwSignal::new(0_i64);
    let comment = RwSignal::new(String::new());
    let sending = Sending::new();
    let Sending { busy, error } = sending;
    let askable = move || {
        ticket.with(|t| {
            t.as_ref().is_some_and(|t| {
                t.mine && t.rating.is_none() && matches!(t.status.as_str(), "solved" | "closed")
            })
        })
    };
    let given = move || ticket.with(|t| t.as_ref().and_then(|t| t.rating.clone()));
    let submit = move |ev: leptos::ev::SubmitEvent| {
        if score.get_untracked() == 0 {
            ev.prevent_default();
            error.set(Some("Choose from 1 to 5 stars.".into()));
            return;
        }
        if !sending.start(&ev) {
            return;
        }
        let path = format!("{base}/rating");
        let body = CreatePortalRating {
            score: score.get_untracked(),
            comment: Some(comment.get_untracked()).filter(|c| !c.trim().is_empty()),
        };
        tasks.spawn(async move {
            match portal.post::<PortalTicket>(&path, &body).await {
                Ok(t) => {
                    ticket.set(Some(t));
                    busy.set(false);
                }
                Err(e) => sending.refused(explain(&e)),
            }
        });
    };
    let star = move |n: i64| {
        view! {
            <label class="star">
                <input type="radio" name="score" value=n.to_string()
                    prop:checked=move || score.get() == n on:change=move |_| score.set(n)/>
                <span aria-hidden="true">{move || if score.get() >= n { "★" } else { "☆" }}</span>
                <span class="visually-hidden">{format!("{n} of 5")}</span>
            </label>
        }
    };
    view! {
        <Show when=askable>
            <form class="card rating" on:submit=submit.clone() aria-label="Rate this ticket">
                <fieldset>
                    <legend>"How did we do?"</legend>
                    <div class="stars">{(1..=5).map(star).collect_view()}</div>
                </fieldset>
                <label for="rating-comment">"Anything to add? (optional)"</label>
                <textarea id="rating-comment" rows="3"
                    prop:value=comment on:input=move |ev| comment.set(event_target_value(&ev))></textarea>
                <Failure error/>
                <button type="submit" class="primary" disabled=busy>"Send rating"</button>
            </form>
        </Show>
        {move || given().map(|r| view! {
            <section class="card rated" aria-label="Your rating">
                <p>
                    <span aria-hidden="true">{"★".repeat(r.score.clamp(0, 5) as usize)}</span>
                    {format!(" You rated this {} of 5 on {}.", r.score, format::date(&r.rated_at))}
                </p>
                {r.comment.map(|c| view! { <p class="quote">{c}</p> })}
            </section>
        })}
    }
}
