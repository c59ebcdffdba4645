//! An account's installed base on its page: its assets as a tree (a site, its machines,
//! their modules), each with its serial number, status and warranty, and its history a click
//! away; and a short form to record a new one.

use std::collections::HashMap;

use api_types::assets::{Asset, AssetHistoryEntry, CreateAsset};
use chrono::{NaiveDate, Utc};
use leptos::prelude::*;

use crate::api::{assets, Session};
use crate::components::status::{ErrorNote, Loading};
use crate::format;
use crate::pages::deals::day;

/// The states of an asset, as (value, label).
const STATUSES: [(&str, &str); 4] = [
    ("installed", "Installed"),
    ("planned", "Planned"),
    ("in_repair", "In repair"),
    ("retired", "Retired"),
];

fn status_label(value: &str) -> &str {
    STATUSES
        .iter()
        .find(|(v, _)| *v == value)
        .map_or(value, |(_, l)| *l)
}

/// The account's installed-base card.
#[component]
pub fn InstalledBase(account_id: String) -> impl IntoView {
    let session = expect_context::<Session>();
    let account = account_id.clone();
    let found = LocalResource::new(move || {
        let account = account.clone();
        async move { assets::of_account(&session, &account).await }
    });
    let reload = Callback::new(move |()| found.refetch());
    let writer = session.can(domain::Permission::WriteTickets);
    let adding = RwSignal::new(false);
    view! {
        <section class="card" aria-labelledby="assets-heading">
            <div class="card-head">
                <h2 id="assets-heading">"Installed base"</h2>
                {writer.then(|| view! {
                    <button type="button" class="button small" on:click=move |_| adding.update(|a| *a = !*a)>
                        {move || if adding.get() { "Close" } else { "New asset" }}
                    </button>
                })}
            </div>
            <Show when=move || adding.get()>
                {
                    let parents = Signal::derive(move || match found.get() {
                        Some(Ok(list)) => list.iter().map(|a| (a.id.clone(), a.name.clone())).collect(),
                        _ => Vec::new(),
                    });
                    view! {
                        <NewAsset account_id=account_id.clone() parents
                            done=Callback::new(move |()| { adding.set(false); reload.run(()); })/>
                    }
                }
            </Show>
            {move || match found.get() {
                None => view! { <Loading what="Loading the installed base"/> }.into_any(),
                Some(Err(error)) => view! { <ErrorNote error retry=Some(reload)/> }.into_any(),
                Some(Ok(list)) if list.is_empty() => view! {
                    <p class="muted">"Nothing recorded: add what this customer owns, to link tickets to it."</p>
                }.into_any(),
                Some(Ok(list)) => tree(list).into_any(),
            }}
        </section>
    }
}

/// The assets as nested lists: an asset whose parent is not among them (none, or in the
/// trash) is at the top.
fn tree(list: Vec<Asset>) -> impl IntoView {
    let ids: Vec<String> = list.iter().map(|a| a.id.clone()).collect();
    let mut parts: HashMap<Option<String>, Vec<Asset>> = HashMap::new();
    for asset in list {
        let parent = asset.parent_id.clone().filter(|p| ids.contains(p));
        parts.entry(parent).or_default().push(asset);
    }
    let roots = parts.remove(&None).unwrap_or_default();
    let today = Utc::now().date_naive();
    view! {
        <ul class="asset-tree" role="tree" aria-label="Installed base">
            {roots.into_iter().map(|a| node(a, &mut parts, today)).collect_view()}
        </ul>
    }
}

fn node(
    asset: Asset,
    parts: &mut HashMap<Option<String>, Vec<Asset>>,
    today: NaiveDate,
) -> AnyView {
    let children = parts.remove(&Some(asset.id.clone())).unwrap_or_default();
    let has_children = !children.is_empty();
    let inner: Vec<AnyView> = children
        .into_iter()
        .map(|c| node(c, parts, today))
        .collect();
    let open = RwSignal::new(false);
    let warranty = match asset.warranty_ends_on {
        Some(end) if asset.under_warranty => {
            Some(("warranty", format!("Warranty to {}", day(end))))
        }
        Some(end) if end < today => Some(("warranty-over", format!("Warranty ended {}", day(end)))),
        _ => None,
    };
    let id = asset.id.clone();
    let details = [
        asset.serial_number.as_ref().map(|s| format!("S/N {s}")),
        asset.location.clone(),
        asset.installed_on.map(|d| format!("installed {}", day(d))),
    ]
    .into_iter()
    .flatten()
    .collect::<Vec<_>>()
    .join(" · ");
    view! {
        <li role="treeitem" aria-expanded=has_children.then_some("true") class="asset">
            <div class="asset-row">
                <strong>{asset.name.clone()}</strong>
                <span class=format!("badge asset-{}", asset.status)>{status_label(&asset.status).to_owned()}</span>
                {warranty.map(|(class, text)| view! { <span class=format!("badge {class}")>{text}</span> })}
                <button type="button" class="link-button" aria-expanded=move || open.get().to_string()
                    on:click=move |_| open.update(|o| *o = !*o)>
                    {move || if open.get() { "Hide history" } else { "History" }}
                </button>
            </div>
            {(!details.is_empty()).then(|| view! { <p class="muted">{details}</p> })}
            <Show when=move || open.get()>
                <History asset_id=id.clone()/>
            </Show>
            {has_children.then(|| view! { <ul role="group">{inner}</ul> })}
        </li>
    }
    .into_any()
}

/// What happened to an asset, latest first.
#[component]
fn History(asset_id: String) -> impl IntoView {
    let session = expect_context::<Session>();
    let found = LocalResource::new(move || {
        let asset = asset_id.clone();
        async move { assets::history(&session, &asset).await }
    });
    move || match found.get() {
        None => view! { <Loading what="Loading the history"/> }.into_any(),
        Some(Err(error)) => view! { <ErrorNote error retry=None/> }.into_any(),
        Some(Ok(history)) => view! {
            <ol class="asset-history">
                {history.items.into_iter().map(entry).collect_view()}
            </ol>
        }
        .into_any(),
    }
}

fn entry(e: AssetHistoryEntry) -> impl IntoView {
    let what = match e.kind.as_str() {
        "ticket" => format!(
            "Ticket #{} opened: {}",
            e.ticket_number.unwrap_or_default(),
            e.ticket_subject.clone().unwrap_or_default()
        ),
        "created" => "Recorded".to_owned(),
        "deleted" => "Deleted".to_owned(),
        "restored" => "Restored".to_owned(),
        _ => {
            let fields: Vec<String> = e
                .changes
                .iter()
                .map(|c| match (&c.field[..], &c.to) {
                    ("status", Some(to)) => {
                        format!("status now {}", status_label(to).to_lowercase())
                    }
                    ("account_id", _) => "moved to another account".to_owned(),
                    ("parent_id", None) => "no longer part of another asset".to_owned(),
                    ("parent_id", Some(_)) => "now part of another asset".to_owned(),
                    (field, _) => format!("{} changed", field.replace('_', " ")),
                })
                .collect();
            let mut text = fields.join(", ");
            if let Some(first) = text.get_mut(..1) {
                first.make_ascii_uppercase();
            }
            text
        }
    };
    let link = e.ticket_id.map(|t| format!("/tickets/{t}"));
    view! {
        <li>
            <time datetime=e.at.to_rfc3339()>{format::date_time(&e.at)}</time>
            {match link {
                Some(href) => view! { <a href=href>{what}</a> }.into_any(),
                None => view! { <span>{what}</span> }.into_any(),
            }}
        </li>
    }
}

/// A new asset of the account: its name, serial number, place in the tree and warranty.
#[component]
fn NewAsset(
    account_id: String,
    parents: Signal<Vec<(String, String)>>,
    done: Callback<()>,
) -> impl IntoView {
    let session = expect_context::<Session>();
    let name = RwSignal::new(String::new());
    let serial = RwSignal::new(String::new());
    let parent = RwSignal::new(String::new());
    let installed = RwSignal::new(Utc::now().date_naive().to_string());
    let warranty_ends = RwSignal::new(String::new());
    let problem = RwSignal::new(None::<String>);
    let save = Action::new_local(move |()| {
        let account_id = account_id.clone();
        async move {
            let parse = |raw: String| NaiveDate::parse_from_str(raw.trim(), "%Y-%m-%d").ok();
            let blank = |raw: String| Some(raw.trim().to_owned()).filter(|s| !s.is_empty());
            if name.get_untracked().trim().is_empty() {
                return problem.set(Some("Give the asset a name.".into()));
            }
            let installed_on = parse(installed.get_untracked());
            let warranty_ends_on = parse(warranty_ends.get_untracked());
            let new = CreateAsset {
                account_id,
                name: name.get_untracked().trim().to_owned(),
                product_id: None,
                serial_number: blank(serial.get_untracked()),
                location: None,
                installed_on,
                parent_id: blank(parent.get_untracked()),
                status: None,
                // The warranty runs from the installation, when that is before its end.
                warranty_starts_on: installed_on
                    .filter(|i| warranty_ends_on.is_some_and(|e| i <= &e)),
                warranty_ends_on,
                notes: None,
            };
            match assets::create(&session, &new).await {
                Ok(_) => {
                    problem.set(None);
                    done.try_run(());
                }
                Err(error) => problem.set(Some(error.message())),
            }
        }
    });
    view! {
        <form class="inline-form asset-form" aria-label="New asset"
            on:submit=move |ev| { ev.prevent_default(); save.dispatch_local(()); }>
            <label>"Name"<input type="text" required maxlength="200" prop:value=name on:input=move |ev| name.set(event_target_value(&ev))/></label>
            <label>"Serial number"<input type="text" maxlength="100" prop:value=serial on:input=move |ev| serial.set(event_target_value(&ev))/></label>
            <label>"Part of"
                <select on:change=move |ev| parent.set(event_target_value(&ev)) prop:value=move || parent.get()>
                    <option value="">"Nothing (top level)"</option>
                    {move || parents.get().into_iter().map(|(id, name)| view! { <option value=id>{name}</option> }).collect_view()}
                </select>
            </label>
            <label>"Installed"<input type="date" prop:value=installed on:input=move |ev| installed.set(event_target_value(&ev))/></label>
            <label>"Warranty to"<input type="date" prop:value=warranty_ends on:input=move |ev| warranty_ends.set(event_target_value(&ev))/></label>
            <button type="submit" class="button primary" disabled=move || save.pending().get()>"Record the asset"</button>
            {move || problem.get().map(|p| view! { <p class="error" role="alert">{p}</p> })}
        </form>
    }
}
