use api_types::activities::CreateActivity;
use api_types::contacts::Contact;
use api_types::tickets::{Message, Ticket, UpdateTicket};
use api_types::users::User;
use api_types::Patch;
use leptos::prelude::*;
use leptos_router::components::A;

use super::attachments::MessageFiles;
use super::composer::Composer;
use super::conversation::MessageItem;
use super::links::Links;
use super::merge::{Merge, MergedNotice};
use super::presence::{follow_presence, Viewers};
use super::{due_badge, label, ticking_now, CHANNELS, PRIORITIES, STATUSES};
use crate::api::{self, users, ApiError, Session, Versioned};
use crate::components::live::on_ticket_change;
use crate::components::record_page::{record_page, RecordView};
use crate::components::status::{ErrorNote, Toast, Toasts};
use crate::components::timeline::timeline_card;
use crate::format;
use crate::pages::mailboxes::CameByEmail;
use crate::pages::rmas::TicketReturns;

/// What the ticket page shows.
#[derive(Clone)]
struct Found {
    ticket: Versioned<Ticket>,
    messages: Vec<Message>,
    requester: Option<Contact>,
    people: Vec<User>,
}

/// A ticket: the conversation with its composer, the properties that save at once, the clocks.
pub fn ticket_page() -> impl IntoView {
    follow_presence();
    record_page(RecordView {
        load: |session, id| {
            Box::pin(async move {
                let ticket = api::one::<Ticket>(&session, &id).await?;
                let messages = if ticket.record.deleted_at.is_some() {
                    Vec::new()
                } else {
                    api::tickets::messages(&session, &id).await?
                };
                let requester = api::one::<Contact>(&session, &ticket.record.requester_id)
                    .await
                    .ok()
                    .map(|c| c.record);
                let people = users::directory(&session).await.unwrap_or_default();
                Ok(Found {
                    ticket,
                    messages,
                    requester,
                    people,
                })
            })
        },
        record: |found| found.ticket.clone(),
        trail: |_| Vec::new(),
        head: |found| {
            let t = &found.ticket.record;
            view! {
                <p class="badges">
                    <span class=format!("badge status-{}", t.status)>{label(&STATUSES, &t.status)}</span>
                    <span class=format!("badge priority-{}", t.priority)>{label(&PRIORITIES, &t.priority)}</span>
                    <span class="badge">{label(&CHANNELS, &t.channel)}</span>
                </p>
                <Viewers/>
            }
            .into_any()
        },
        body: |found, reload| view! { <TicketView found reload/> }.into_any(),
        impact: |_| Vec::new(),
    })
}

#[component]
fn TicketView(found: Found, reload: Callback<()>) -> impl IntoView {
    let session = expect_context::<Session>();
    let t = found.ticket.record.clone();
    let writable = session.can(domain::Permission::WriteTickets)
        && t.deleted_at.is_none()
        && t.status != "closed";
    let linkable = session.can(domain::Permission::WriteTickets) && t.deleted_at.is_none();
    if writable {
        super::keys::ticket_keys();
    }
    // A change made elsewhere shows at once, unless the user is in a field, which it would
    // pull from under them: then a note offers it.
    let toasts = expect_context::<Toasts>();
    let stale = RwSignal::new(false);
    let me = session
        .me
        .with_untracked(|me| me.as_ref().map(|me| me.id.clone()));
    let this = t.id.clone();
    on_ticket_change(
        move |e| e.ticket_id == this && e.actor_id != me,
        Callback::new(move |()| {
            if working() {
                stale.set(true);
                return;
            }
            toasts.show(Toast {
                message: "This ticket changed elsewhere; it now shows the latest.".into(),
                action: None,
            });
            reload.run(());
        }),
    );
    let people = found.people.clone();
    let people_named = found.people.clone();
    let requester = match found.requester.clone() {
        Some(c) => view! { <A href=format!("/contacts/{}", c.id)>{api::Resource::title(&c)}</A> }
            .into_any(),
        None => view! { <span class="muted">"Unknown"</span> }.into_any(),
    };
    let customer = found.requester.clone();
    let author = move |m: &Message| match (&m.author_user_id, &customer) {
        (Some(user), _) => users::name_of(&people, user),
        (None, Some(c)) => api::Resource::title(c),
        (None, None) => "The customer".into(),
    };
    view! {
        <div class="columns ticket-columns">
            <section class="card conversation" aria-labelledby="conversation">
                <h2 id="conversation">"Conversation"</h2>
                {move || stale.get().then(|| view! {
                    <p class="stale-note" role="status">
                        "This ticket changed elsewhere. "
                        <button type="button" class="link-button" on:click=move |_| reload.run(())>"Show the latest"</button>
                        " (what you are writing stays)."
                    </p>
                })}
                <ol class="messages plain">
                    <li class="message public from-customer">
                        <p class="meta"><strong>{requester}</strong>" · "{format::date_time(&t.created_at)}</p>
                        <p class="body">{t.description.clone()}</p>
                        {(!t.custom_fields.is_empty()).then(|| view! {
                            <dl class="details answers" role="group" aria-label="Answers in the portal">
                                {t.custom_fields.iter().map(|a| view! {
                                    <dt>{a.label.clone()}</dt><dd>{format::answer(a)}</dd>
                                }).collect_view()}
                            </dl>
                        })}
                        <MessageFiles attachments=t.attachments.clone()/>
                        {(t.channel == "email").then(|| view! { <CameByEmail ticket_id=t.id.clone()/> })}
                    </li>
                    {found.messages.iter().map(|m| view! {
                        <MessageItem message=m.clone() author=author(m)
                            redactor=m.redacted_by.as_ref().map(|u| users::name_of(&people_named, u)) reload/>
                    }).collect_view()}
                </ol>
                {writable.then(|| view! { <Composer ticket=t.clone() reload/> })}
                {(t.status == "closed").then(|| view! { <p class="muted">"This ticket is closed: it takes no more messages. A reply from the customer opens a follow-up."</p> })}
                {t.merged_into_id.clone().map(|into| view! { <MergedNotice into/> })}
            </section>
            <div class="side">
                <Properties ticket=found.ticket.clone() people=found.people.clone() writable reload/>
                <Clocks ticket=t.clone()/>
                <Links ticket=t.clone() writable=linkable/>
                {t.account_id.is_some().then(|| view! { <TicketReturns ticket=t.clone() writable reload/> })}
                {writable.then(|| view! { <Merge ticket=t.clone()/> })}
            </div>
        </div>
        {timeline_card("tickets", t.id.clone(), CreateActivity { ticket_id: Some(t.id.clone()), ..CreateActivity::default() },
            found.people.clone(), t.deleted_at.is_none())}
    }
}

/// Whether the user is in a field of the page (the composer, a property), which showing the
/// latest would take from under them.
fn working() -> bool {
    web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.active_element())
        .is_some_and(|e| matches!(e.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT"))
}

/// Status, priority and assignee, each saved as soon as it is chosen.
#[component]
fn Properties(
    ticket: Versioned<Ticket>,
    people: Vec<User>,
    writable: bool,
    reload: Callback<()>,
) -> impl IntoView {
    let session = expect_context::<Session>();
    let toasts = expect_context::<Toasts>();
    let failure = RwSignal::new(None::<ApiError>);
    let t = ticket.record.clone();
    let (id, etag) = (t.id.clone(), ticket.etag.clone());
    let save = Action::new_local(move |change: &UpdateTicket| {
        let (change, id, etag) = (change.clone(), id.clone(), etag.clone());
        async move { api::update::<Ticket>(&session, &id, &etag, &change).await }
    });
    Effect::new(move |_| match save.value().get() {
        Some(Ok(_)) => {
            reload.try_run(());
        }
        Some(Err(e)) if e.status() == Some(412) => {
            toasts.show(Toast {
                message: "Someone else changed this ticket; here is their version.".into(),
                action: None,
            });
            reload.try_run(());
        }
        Some(Err(e)) => failure.set(Some(e)),
        None => {}
    });
    let statuses: Vec<String> = std::iter::once(t.status.clone())
        .chain(t.next_statuses.clone())
        .collect();
    let current = t.status.clone();
    let priority = t.priority.clone();
    let assignee = t.assignee_id.clone().unwrap_or_default();
    let agents: Vec<User> = people.into_iter().filter(|u| u.active).collect();
    let disabled = !writable;
    view! {
        <section class="card" aria-labelledby="properties">
            <h2 id="properties">"Properties"</h2>
            <div class="field">
                <label for="ticket-status">"Status"</label>
                <select id="ticket-status" disabled=disabled on:change=move |ev| {
                    save.dispatch(UpdateTicket { status: Some(event_target_value(&ev)), ..Default::default() });
                }>
                    {statuses.into_iter().map(|s| { let on = s == current; view! { <option value=s.clone() selected=on>{label(&STATUSES, &s)}</option> } }).collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="ticket-priority">"Priority"</label>
                <select id="ticket-priority" disabled=disabled on:change=move |ev| {
                    save.dispatch(UpdateTicket { priority: Some(event_target_value(&ev)), ..Default::default() });
                }>
                    {PRIORITIES.iter().map(|(v, l)| view! { <option value=*v selected=priority == *v>{*l}</option> }).collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="ticket-assignee">"Assignee"</label>
                <select id="ticket-assignee" disabled=disabled on:change=move |ev| {
                    let chosen = event_target_value(&ev);
                    let assignee = if chosen.is_empty() { Patch::Null } else { Patch::Value(chosen) };
                    save.dispatch(UpdateTicket { assignee_id: assignee, ..Default::default() });
                }>
                    <option value="" selected=assignee.is_empty()>"Nobody"</option>
                    {agents.into_iter().map(|u| { let on = u.id == assignee; view! { <option value=u.id.clone() selected=on>{u.name.clone()}</option> } }).collect_view()}
                </select>
            </div>
            {move || failure.get().map(|error| view! { <ErrorNote error/> })}
            <dl class="details">
                <dt>"Category"</dt><dd>{t.category.clone().unwrap_or_else(|| "—".into())}</dd>
                <dt>"Language"</dt><dd>{t.language.clone().unwrap_or_else(|| "—".into())}</dd>
                <dt>"Created"</dt><dd>{format::date_time(&t.created_at)}</dd>
                <dt>"First reply"</dt><dd>{t.first_responded_at.as_ref().map_or_else(|| "Not yet".into(), format::date_time)}</dd>
                <dt>"Contract"</dt><dd><Coverage ticket=t.clone()/></dd>
            </dl>
        </section>
    }
}

/// What covers the ticket: the contract whose entitlement it used, or that none does.
#[component]
fn Coverage(ticket: Ticket) -> impl IntoView {
    let session = expect_context::<Session>();
    let Some(found) = ticket.entitlement.clone() else {
        return view! { <span class="muted">"Not checked"</span> }.into_any();
    };
    match (found.status.as_str(), found.contract_id) {
        ("covered" | "returned", Some(contract)) => {
            let read = LocalResource::new(move || {
                let contract = contract.clone();
                async move { crate::api::contracts::contract(&session, &contract).await }
            });
            let returned = found.status == "returned";
            view! {
                <span class="badge covered">{if returned { "Incident given back" } else { "Covered" }}</span>" "
                {move || read.get().and_then(Result::ok).map(|c| view! {
                    <A href=format!("/contracts/{}", c.id)>{c.number}</A>
                })}
            }
            .into_any()
        }
        _ => view! { <span class="badge not-covered">"Not covered"</span> }.into_any(),
    }
}

/// The SLA clocks: what each promises and where it stands.
#[component]
fn Clocks(ticket: Ticket) -> impl IntoView {
    let now = ticking_now();
    let names = [
        ("first_response", "First response"),
        ("next_response", "Next response"),
        ("resolution", "Resolution"),
    ];
    let states = [
        ("running", "Running"),
        ("warning", "Warning"),
        ("paused", "Paused"),
        ("breached", "Breached"),
        ("met", "Met"),
        ("met_late", "Met late"),
    ];
    view! {
        <section class="card" aria-labelledby="clocks">
            <h2 id="clocks">"Service level"</h2>
            {if ticket.clocks.is_empty() {
                view! { <p class="muted">"No SLA policy applies to this ticket."</p> }.into_any()
            } else {
                view! {
                    <ul class="plain clocks">
                        {ticket.clocks.iter().map(|c| {
                            let counting = matches!(c.status.as_str(), "running" | "warning");
                            let deadline = c.deadline;
                            view! {
                                <li class="clock" data-clock=c.kind.clone()>
                                    <strong>{label(&names, &c.kind)}</strong>" "
                                    <span class=format!("badge clock-{}", c.status)>{label(&states, &c.status)}</span>
                                    {counting.then(|| view! { " " <span>{move || due_badge(deadline, now.get()).1}</span> })}
                                    {deadline.map(|d| view! { <p class="muted">"Deadline "{format::date_time(&d)}</p> })}
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </section>
    }
}
