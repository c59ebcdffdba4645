//! The command palette (Ctrl+K): search accounts and contacts, or jump to a command.

use leptos::ev;
use leptos::html::Input;
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use leptos_router::NavigateOptions;

use api_types::accounts::{Account, AccountFilters};
use api_types::contacts::{Contact, ContactFilters};
use api_types::ListQuery;
use domain::Permission;

use super::recent::recent;
use crate::api::{self, ApiError, Resource, Session};

/// Whether the palette is open; shared through the context.
#[derive(Clone, Copy)]
pub struct PaletteOpen(pub RwSignal<bool>);

#[derive(Clone, PartialEq)]
struct Item {
    kind: &'static str,
    label: String,
    detail: String,
    href: String,
}

/// Every place the app has, and what can be created: (label, where, the permission it needs).
const COMMANDS: [(&str, &str, Option<Permission>); 17] = [
    ("Go to home", "/", None),
    ("Go to accounts", "/accounts", None),
    ("Go to contacts", "/contacts", None),
    ("Go to tickets", "/tickets", None),
    ("Go to deleted accounts", "/accounts?deleted=true", None),
    ("Go to deleted contacts", "/contacts?deleted=true", None),
    ("Go to deleted tickets", "/tickets?deleted=true", None),
    (
        "New account",
        "/accounts/new",
        Some(Permission::WriteCustomers),
    ),
    (
        "New contact",
        "/contacts/new",
        Some(Permission::WriteCustomers),
    ),
    ("New ticket", "/tickets/new", Some(Permission::WriteTickets)),
    (
        "Go to SLA policies",
        "/sla/policies",
        Some(Permission::ManageSla),
    ),
    (
        "New SLA policy",
        "/sla/policies/new",
        Some(Permission::ManageSla),
    ),
    (
        "Go to business calendars",
        "/sla/calendars",
        Some(Permission::ManageSla),
    ),
    (
        "New business calendar",
        "/sla/calendars/new",
        Some(Permission::ManageSla),
    ),
    (
        "Go to users and teams",
        "/users",
        Some(Permission::ManageUsers),
    ),
    ("Add user", "/users/new", Some(Permission::ManageUsers)),
    (
        "Go to settings",
        "/settings",
        Some(Permission::ManageSettings),
    ),
];

fn commands(text: &str, session: &Session) -> Vec<Item> {
    let text = text.trim().to_lowercase();
    COMMANDS
        .iter()
        .filter(|(_, _, needs)| needs.is_none_or(|p| session.can(p)))
        .filter(|(label, _, _)| text.is_empty() || label.to_lowercase().contains(&text))
        .map(|(label, href, _)| Item {
            kind: "Command",
            label: (*label).to_owned(),
            detail: String::new(),
            href: (*href).to_owned(),
        })
        .collect()
}

/// What the palette offers before anything is typed: the records opened lately, then every
/// command.
fn starting_items(session: &Session) -> Vec<Item> {
    let mut items: Vec<Item> = recent(session)
        .into_iter()
        .map(|r| Item {
            kind: "Recent",
            label: r.label,
            detail: crate::api::sentence(&r.kind)
                .trim_end_matches('.')
                .to_owned(),
            href: r.href,
        })
        .collect();
    items.extend(commands("", session));
    items
}

/// Accounts and contacts matching `text`, then the matching commands; or why the search failed
/// (with whatever half of it succeeded).
async fn search(session: Session, text: String) -> (Vec<Item>, Option<ApiError>) {
    let list = ListQuery {
        limit: Some(5),
        ..ListQuery::default()
    };
    let account_filters = AccountFilters {
        q: Some(text.clone()),
        ..AccountFilters::default()
    };
    let contact_filters = ContactFilters {
        q: Some(text.clone()),
        ..ContactFilters::default()
    };
    let (found_accounts, found_contacts) = futures::join!(
        api::list::<Account>(&session, &list, &account_filters),
        api::list::<Contact>(&session, &list, &contact_filters)
    );
    let failure = found_accounts
        .as_ref()
        .err()
        .or(found_contacts.as_ref().err())
        .cloned();
    let mut items = Vec::new();
    for account in found_accounts.map(|p| p.items).unwrap_or_default() {
        items.push(Item {
            kind: "Account",
            detail: account.domain.clone().unwrap_or_default(),
            href: format!("/accounts/{}", account.id),
            label: account.name,
        });
    }
    for contact in found_contacts.map(|p| p.items).unwrap_or_default() {
        items.push(Item {
            kind: "Contact",
            detail: contact.email.clone().unwrap_or_default(),
            href: format!("/contacts/{}", contact.id),
            label: contact.title(),
        });
    }
    items.extend(commands(&text, &session));
    (items, failure)
}

fn focused_element() -> Option<web_sys::HtmlElement> {
    use wasm_bindgen::JsCast;
    web_sys::window()?
        .document()?
        .active_element()?
        .dyn_into()
        .ok()
}

/// The palette; opens on Ctrl+K (⌘K on a Mac) anywhere in the signed-in app.
#[component]
pub fn Palette() -> impl IntoView {
    let session = expect_context::<Session>();
    let open = expect_context::<PaletteOpen>().0;
    let text = RwSignal::new(String::new());
    let items = RwSignal::new(Vec::new());
    // Where the focus was when the palette opened; it goes back there when it closes.
    let opener = StoredValue::new_local(None::<web_sys::HtmlElement>);
    let active = RwSignal::new(0usize);
    let searching = RwSignal::new(false);
    let failure = RwSignal::new(None::<ApiError>);
    let input = NodeRef::<Input>::new();
    let generation = StoredValue::new(0u32);
    let timer = StoredValue::new(None::<TimeoutHandle>);

    let handle = window_event_listener(ev::keydown, move |ev| {
        if (ev.ctrl_key() || ev.meta_key()) && ev.key().eq_ignore_ascii_case("k") {
            ev.prevent_default();
            open.update(|o| *o = !*o);
        }
    });
    on_cleanup(move || handle.remove());

    Effect::new(move |was_open: Option<bool>| {
        let is_open = open.get();
        if is_open {
            opener.set_value(focused_element());
            text.set(String::new());
            items.set(starting_items(&session));
            failure.set(None);
            active.set(0);
        } else if was_open == Some(true) {
            if let Some(element) = opener.get_value() {
                let _ = element.focus();
            }
        }
        is_open
    });
    // Focus the input as soon as it is in the page, each time the palette opens.
    Effect::new(move |_| {
        if let Some(el) = input.get() {
            let _ = el.focus();
        }
    });

    let on_input = move |ev| {
        let value = event_target_value(&ev);
        text.set(value.clone());
        active.set(0);
        if let Some(t) = timer.get_value() {
            t.clear();
        }
        if value.trim().is_empty() {
            items.set(starting_items(&session));
            failure.set(None);
            searching.set(false);
            return;
        }
        searching.set(true);
        // Wait for a pause in typing; drop answers to older queries.
        let started = set_timeout_with_handle(
            move || {
                generation.update_value(|g| *g += 1);
                let mine = generation.get_value();
                leptos::task::spawn_local(async move {
                    let (found, failed) = search(session, value).await;
                    // (None: the palette was closed meanwhile.)
                    if generation.try_get_value() == Some(mine) {
                        items.set(found);
                        failure.set(failed);
                        searching.set(false);
                    }
                });
            },
            std::time::Duration::from_millis(200),
        );
        timer.set_value(started.ok());
    };

    let navigate = use_navigate();
    let go = move |index: usize| {
        if let Some(item) = items.with_untracked(|i| i.get(index).cloned()) {
            open.set(false);
            if super::leave_guard::may_leave() {
                navigate(&item.href, NavigateOptions::default());
            }
        }
    };
    let go_key = go.clone();
    let on_keydown = move |ev: ev::KeyboardEvent| {
        let count = items.with_untracked(Vec::len);
        match ev.key().as_str() {
            "ArrowDown" if count > 0 => {
                ev.prevent_default();
                active.update(|a| *a = (*a + 1) % count);
            }
            "ArrowUp" if count > 0 => {
                ev.prevent_default();
                active.update(|a| *a = (*a + count - 1) % count);
            }
            "Enter" => {
                ev.prevent_default();
                go_key(active.get_untracked());
            }
            "Escape" => {
                ev.prevent_default();
                open.set(false);
            }
            // The input is all there is to focus in the dialog: Tab stays in it.
            "Tab" => ev.prevent_default(),
            _ => {}
        }
    };

    view! {
        <Show when=move || open.get()>
            <div class="palette-backdrop" on:click=move |_| open.set(false)></div>
            <div class="palette" role="dialog" aria-modal="true" aria-label="Search and commands">
                <label for="palette-input" class="visually-hidden">"Search accounts, contacts and commands"</label>
                <input
                    id="palette-input"
                    node_ref=input
                    type="search"
                    role="combobox"
                    aria-expanded="true"
                    aria-controls="palette-results"
                    aria-activedescendant=move || {
                        let i = active.get();
                        items.with(|items| i < items.len()).then(|| format!("palette-item-{i}"))
                    }
                    placeholder="Search accounts, contacts and commands"
                    autocomplete="off"
                    prop:value=move || text.get()
                    on:input=on_input
                    on:keydown=on_keydown.clone()
                />
                <ul id="palette-results" role="listbox" aria-label="Results" hidden=move || items.with(Vec::is_empty)>
                    {
                        let go = go.clone();
                        move || {
                            let go = go.clone();
                            items
                                .get()
                                .into_iter()
                                .enumerate()
                                .map(|(i, item)| {
                                    let go = go.clone();
                                    view! {
                                        <li
                                            id=format!("palette-item-{i}")
                                            role="option"
                                            aria-selected=move || if active.get() == i { "true" } else { "false" }
                                            class:active=move || active.get() == i
                                            on:mousemove=move |_| active.set(i)
                                            on:click=move |_| go(i)
                                        >
                                            <span class="palette-kind">{item.kind}</span>
                                            <span class="palette-label">{item.label}</span>
                                            <span class="palette-detail">{item.detail}</span>
                                        </li>
                                    }
                                })
                                .collect_view()
                        }
                    }
                </ul>
                {move || failure.get().map(|error| view! {
                    <p class="palette-error" role="alert">"The search failed. " {error.message()}</p>
                })}
                {move || {
                    let nothing = items.with(Vec::is_empty) && !searching.get() && failure.with(Option::is_none);
                    nothing.then(|| view! { <p class="palette-empty">"Nothing matches “" {text.get()} "”."</p> })
                }}
                <p class="palette-help">"↑ ↓ to choose · Enter to open · Esc to close"</p>
            </div>
        </Show>
    }
}
