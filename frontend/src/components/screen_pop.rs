//! The screen pop: when a call rings for the signed-in agent (or for nobody in particular),
//! a card shows who is calling (found by their number), their account and open tickets, with
//! a ticket from the call one click away. It stays until dismissed; it says when the call
//! was answered and when it ended.

use api_types::phone::{Call, CallEvent, PhoneLookup};
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;
use leptos_router::NavigateOptions;

use crate::api::live::{Live, LiveEvent};
use crate::api::{self, Session};

/// The call on screen, and who is calling.
#[derive(Clone)]
struct Popped {
    call: Call,
    caller: Option<PhoneLookup>,
    /// How far the call got: 0 ringing, 1 answered, 2 ended.
    stage: u8,
}

/// How far a call event or state says a call got; it never goes back.
fn stage(kind: &str) -> u8 {
    match kind {
        "ended" => 2,
        "answered" | "in_progress" => 1,
        _ => 0,
    }
}

/// The number of the customer on the other end.
fn customer_number(call: &Call) -> Option<&str> {
    match call.direction.as_str() {
        "outbound" => call.to.as_deref(),
        _ => call.from.as_deref(),
    }
}

/// Shows a card for each call that rings for the signed-in user.
#[component]
pub fn ScreenPop() -> impl IntoView {
    let session = expect_context::<Session>();
    let popped = RwSignal::new(None::<Popped>);
    let problem = RwSignal::new(None::<String>);
    let show = Action::new_local(move |event: &CallEvent| {
        let id = event.call_id.clone();
        async move {
            let Ok(call) = api::phone::call_record(&session, &id).await else {
                return;
            };
            let caller = match customer_number(&call) {
                Some(number) => api::phone::lookup(&session, number).await.ok(),
                None => None,
            };
            problem.set(None);
            let stage = stage(&call.state);
            popped.set(Some(Popped {
                call,
                caller,
                stage,
            }));
        }
    });
    if let Some(live) = use_context::<Live>() {
        live.listen(move |event| {
            let LiveEvent::Call(event) = event else {
                return;
            };
            let me = session
                .me
                .with_untracked(|m| m.as_ref().map(|m| m.id.clone()));
            let for_me = event.agent_id.is_none() || event.agent_id == me;
            let shown = popped.with_untracked(|p| p.as_ref().map(|p| p.call.id.clone()));
            if shown.as_deref() == Some(event.call_id.as_str()) {
                popped.update(|p| {
                    if let Some(p) = p {
                        p.stage = p.stage.max(stage(&event.kind));
                    }
                });
            } else if event.kind == "ringing" && for_me {
                show.dispatch_local(event.clone());
            }
        });
    }
    let navigate = use_navigate();
    let make_ticket = Action::new_local(move |id: &String| {
        let (id, navigate) = (id.clone(), navigate.clone());
        async move {
            match api::phone::ticket_from_call(&session, &id).await {
                Ok(ticket) => {
                    popped.set(None);
                    navigate(
                        &format!("/tickets/{}", ticket.id),
                        NavigateOptions::default(),
                    );
                }
                Err(error) => problem.set(Some(error.message())),
            }
        }
    });

    move || {
        popped.get().map(|p| {
            let number = customer_number(&p.call).unwrap_or("an unknown number").to_owned();
            let lookup = p.caller.clone();
            let contact = lookup.as_ref().and_then(|l| l.contacts.first().cloned());
            let account = lookup.as_ref().and_then(|l| l.accounts.first().cloned());
            let tickets = lookup.map(|l| l.open_tickets).unwrap_or_default();
            let name = contact
                .as_ref()
                .map(|c| [c.first_name.clone().unwrap_or_default(), c.last_name.clone()].join(" ").trim().to_owned())
                .unwrap_or_else(|| "Unknown caller".into());
            let status = match p.stage {
                2 => "Call ended",
                1 => "On the line",
                _ => "Incoming call",
            };
            let call_id = p.call.id.clone();
            let has_ticket = p.call.ticket_id.clone();
            view! {
                <aside class="screen-pop" role="dialog" aria-labelledby="screen-pop-title" aria-live="assertive">
                    <p class="screen-pop-status" class:ended=p.stage == 2>{status}</p>
                    <h2 id="screen-pop-title">{name}</h2>
                    <p class="screen-pop-number">{number}</p>
                    {account.map(|a| view! {
                        <p><A href=format!("/accounts/{}", a.id)>{a.name.clone()}</A></p>
                    })}
                    {(!tickets.is_empty()).then(|| view! {
                        <h3>"Open tickets"</h3>
                        <ul class="plain">
                            {tickets.into_iter().map(|t| view! {
                                <li><A href=format!("/tickets/{}", t.id)>{format!("#{} {}", t.number, t.subject)}</A></li>
                            }).collect_view()}
                        </ul>
                    })}
                    {move || problem.get().map(|m| view! { <p class="error" role="alert">{m}</p> })}
                    <div class="actions">
                        {match has_ticket {
                            Some(ticket) => view! {
                                <A href=format!("/tickets/{ticket}") attr:class="button">"Open its ticket"</A>
                            }.into_any(),
                            None => {
                                let id = call_id.clone();
                                view! {
                                    <button type="button" class="button primary"
                                        disabled=move || make_ticket.pending().get()
                                        on:click=move |_| { make_ticket.dispatch_local(id.clone()); }>
                                        "Create ticket"
                                    </button>
                                }.into_any()
                            }
                        }}
                        {contact.map(|c| view! {
                            <A href=format!("/contacts/{}", c.id) attr:class="button subtle">"Open contact"</A>
                        })}
                        <button type="button" class="button subtle" on:click=move |_| popped.set(None)>"Dismiss"</button>
                    </div>
                </aside>
            }
        })
    }
}
