//! Opening a ticket. While the customer writes, help articles that may answer the question
//! appear beside the form: many find their answer there and never need to send it.

use std::time::Duration;

use api_types::kb::KbSearchResults;
use api_types::portal::{CreatePortalTicket, PortalAsset, PortalTicket};
use api_types::Page;
use leptos::prelude::*;

use super::files::{AttachFiles, Attached};
use super::questions::{label_at, Answers, Questions};
use super::{explain, Failure, PageTasks, Sending};
use crate::api::{query, Portal};
use crate::router::{Link, Router};

/// How long the customer must pause typing before suggestions are looked up.
const PAUSE: Duration = Duration::from_millis(400);

/// The new-ticket form.
#[component]
pub fn NewTicket() -> impl IntoView {
    let portal = expect_context::<Portal>();
    let tasks = PageTasks::new();
    let router = expect_context::<Router>();
    let subject = RwSignal::new(String::new());
    let description = RwSignal::new(String::new());
    let asset = RwSignal::new(String::new());
    let assets = RwSignal::new(Vec::<PortalAsset>::new());
    let category = RwSignal::new(String::new());
    let categories = portal.branding.with_untracked(|b| {
        b.as_ref()
            .map(|b| b.ticket_categories.clone())
            .unwrap_or_default()
    });
    // The partner's questions, asked anew should they change while the form is open.
    let questions = Memo::new(move |_| {
        portal.branding.with(|b| {
            b.as_ref()
                .map(|b| b.ticket_fields.clone())
                .unwrap_or_default()
        })
    });
    let answers = Answers::new();
    let sending = Sending::new();
    let Sending { busy, error } = sending;
    let feature = move |on: fn(&api_types::portal::PortalFeatures) -> bool| {
        portal
            .branding
            .with_untracked(|b| b.as_ref().is_some_and(|b| on(&b.features)))
    };
    if feature(|f| f.assets) {
        tasks.spawn(async move {
            if let Ok(page) = portal
                .get::<Page<PortalAsset>>("/api/v1/portal/assets")
                .await
            {
                assets.set(page.items);
            }
        });
    }
    let suggestions = suggestions(
        (portal, tasks),
        subject,
        description,
        feature(|f| f.knowledge_base),
    );
    let files = Attached::new();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        if files.busy() {
            ev.prevent_default();
            return;
        }
        if !sending.start(&ev) {
            return;
        }
        let body = CreatePortalTicket {
            subject: subject.get_untracked(),
            description: description.get_untracked(),
            category: Some(category.get_untracked()).filter(|c| !c.is_empty()),
            asset_id: Some(asset.get_untracked()).filter(|a| !a.is_empty()),
            attachment_ids: files.send(),
            custom_fields: answers.body(&questions.get_untracked()),
        };
        tasks.spawn(async move {
            match portal
                .post::<PortalTicket>("/api/v1/portal/tickets", &body)
                .await
            {
                // The page ends here: nothing of it is touched after.
                Ok(ticket) => router.go(&router.href(&format!("/tickets/{}", ticket.id)), false),
                Err(e) => {
                    files.kept();
                    let fields = e.field_errors();
                    let asked = questions.try_get_untracked().unwrap_or_default();
                    answers.refused(fields.iter().map(|(p, _)| p.as_str()));
                    sending.refused(if fields.is_empty() {
                        explain(&e)
                    } else {
                        fields
                            .iter()
                            .map(|(pointer, detail)| {
                                let label = if let Some(question) = label_at(&asked, pointer) {
                                    question
                                } else if pointer.ends_with("subject") {
                                    "Subject"
                                } else if pointer.ends_with("description") {
                                    "Description"
                                } else if pointer.ends_with("category") {
                                    "Topic"
                                } else if pointer.contains("attachment_ids") {
                                    "Files"
                                } else {
                                    "Product"
                                };
                                web_shared::http::field_sentence(label, detail)
                            })
                            .collect::<Vec<_>>()
                            .join(" ")
                    });
                    // A refused answer may be to questions the partner has changed since the
                    // form was opened: read them again, and say so if they did.
                    if fields.iter().any(|(p, _)| p.starts_with("/custom_fields"))
                        && portal.load_branding().await.is_ok()
                        && questions.try_get_untracked().is_some_and(|now| now != asked)
                    {
                        sending.refused(
                            "The questions on this form have changed: please look them over and send again."
                                .to_owned(),
                        );
                    }
                }
            }
        });
    };
    view! {
        <h1>"New ticket"</h1>
        <div class="with-aside">
            <form class="card" on:submit=submit aria-label="New ticket">
                <label for="subject">"Subject"</label>
                <input id="subject" required maxlength="200" autocomplete="off"
                    prop:value=subject on:input=move |ev| subject.set(event_target_value(&ev))/>
                <label for="description">"What happened?"</label>
                <textarea id="description" required rows="7"
                    prop:value=description on:input=move |ev| description.set(event_target_value(&ev))></textarea>
                {(!categories.is_empty()).then(|| view! {
                    <label for="category">"Topic"</label>
                    <select id="category" on:change=move |ev| category.set(event_target_value(&ev))>
                        <option value="">"Something else"</option>
                        {categories.iter().map(|c| view! { <option value=c.clone()>{topic(c)}</option> }).collect_view()}
                    </select>
                })}
                <Show when=move || assets.with(|a| !a.is_empty())>
                    <label for="asset">"Product (optional)"</label>
                    <select id="asset" on:change=move |ev| asset.set(event_target_value(&ev))>
                        <option value="">"None in particular"</option>
                        <For each=move || assets.get() key=|a| a.id.clone() let:a>
                            <option value=a.id.clone()>
                                {match &a.serial_number {
                                    Some(serial) => format!("{} (S/N {serial})", a.name),
                                    None => a.name.clone(),
                                }}
                            </option>
                        </For>
                    </select>
                </Show>
                <Questions questions answers/>
                <AttachFiles files id="ticket-files"/>
                <Failure error/>
                <div class="actions">
                    <button type="submit" class="primary" disabled=move || busy.get() || files.busy()>
                        {move || if busy.get() { "Sending…" } else { "Send" }}
                    </button>
                    <Link to="">"Cancel"</Link>
                </div>
            </form>
            <Show when=move || suggestions.with(|s| !s.is_empty())>
                <aside class="card suggestions" aria-labelledby="suggested">
                    <h2 id="suggested">"These articles may answer it"</h2>
                    <ul>
                        <For each=move || suggestions.get() key=|h| h.0.clone() let:hit>
                            <li>
                                <Link to=format!("/help/{}", hit.0)>{hit.1}</Link>
                            </li>
                        </For>
                    </ul>
                </aside>
            </Show>
        </div>
    }
}

/// A category as a customer reads it: `on-site-visit` is "On site visit".
fn topic(category: &str) -> String {
    let words = category.replace(['-', '_'], " ");
    let mut chars = words.chars();
    chars
        .next()
        .map(|first| first.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// Articles (id, title) suggested for what the customer has written so far, looked up after
/// each pause in typing; none when the portal has no knowledge base.
fn suggestions(
    (portal, tasks): (Portal, PageTasks),
    subject: RwSignal<String>,
    description: RwSignal<String>,
    knowledge_base: bool,
) -> RwSignal<Vec<(String, String)>> {
    let found = RwSignal::new(Vec::new());
    if !knowledge_base {
        return found;
    }
    let asked = StoredValue::new(0_u32);
    Effect::new(move |_| {
        // The first words say most; an address has its limits.
        let text: String = format!("{} {}", subject.get(), description.get())
            .chars()
            .take(400)
            .collect();
        asked.update_value(|n| *n += 1);
        let this = asked.get_value();
        if text.trim().chars().count() < 4 {
            found.set(Vec::new());
            return;
        }
        tasks.spawn(async move {
            web_shared::sleep(PAUSE).await;
            // A later keystroke asks again; this one is stale.
            if asked.get_value() != this {
                return;
            }
            let path = format!(
                "/api/v1/portal/kb/suggest{}",
                query(&[("text", text.as_str()), ("limit", "5")])
            );
            if let Ok(results) = portal.get::<KbSearchResults>(&path).await {
                if asked.get_value() == this {
                    found.set(results.items.into_iter().map(|h| (h.id, h.title)).collect());
                }
            }
        });
    });
    found
}
