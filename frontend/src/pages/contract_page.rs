//! A contract's own page: its terms, its status with the moves it may make (activate, cancel,
//! renew with new dates), and its entitlements with what each covers (anything, or an asset
//! with its parts, or a product) and has used this period, to add, change and remove.

use api_types::accounts::Account;
use api_types::assets::Asset;
use api_types::contracts::{
    Contract, CreateEntitlement, Entitlement, UpdateContract, UpdateEntitlement,
};
use api_types::products::Product;
use api_types::Patch;
use chrono::{Months, NaiveDate};
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

use crate::api::{self, assets, contracts, users, ApiError, Session};
use crate::components::record_form::focus_element;
use crate::components::shell::set_crumbs;
use crate::components::status::{ConfirmDialog, ErrorNote, Loading, Toasts};
use crate::format;
use crate::pages::contracts::{label, period};
use crate::pages::deals::day;

/// What the page shows.
#[derive(Clone)]
struct Loaded {
    contract: Contract,
    account: Account,
    entitlements: Vec<Entitlement>,
    owner: String,
    /// What an entitlement may be for: the account's assets (parts after what they belong
    /// to, each with its depth) and the products among them (id, name).
    assets: Vec<(Asset, usize)>,
    products: Vec<(String, String)>,
    /// Whether the account's assets could be read.
    assets_read: bool,
}

/// `list` in tree order, each with its depth: parts right after what they belong to.
fn in_tree_order(list: Vec<Asset>) -> Vec<(Asset, usize)> {
    fn add(out: &mut Vec<(Asset, usize)>, list: &[Asset], parent: Option<&str>, depth: usize) {
        for a in list.iter().filter(|a| a.parent_id.as_deref() == parent) {
            out.push((a.clone(), depth));
            add(out, list, Some(&a.id), depth + 1);
        }
    }
    let ids: Vec<&str> = list.iter().map(|a| a.id.as_str()).collect();
    let mut out = Vec::new();
    // Roots: no parent, or one not in the list.
    for a in list
        .iter()
        .filter(|a| a.parent_id.as_deref().is_none_or(|p| !ids.contains(&p)))
    {
        out.push((a.clone(), 0));
        add(&mut out, &list, Some(&a.id), 1);
    }
    out
}

/// The page of the contract named by the route's `:id`.
#[component]
pub fn ContractPage() -> impl IntoView {
    let session = expect_context::<Session>();
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id").unwrap_or_default());
    let found = LocalResource::new(move || {
        let id = id();
        async move {
            let contract = contracts::contract(&session, &id).await?;
            let account = api::one::<Account>(&session, &contract.account_id)
                .await?
                .record;
            let entitlements = contracts::entitlements(&session, &id).await?;
            let people = users::directory(&session).await.unwrap_or_default();
            let owner = users::name_of(&people, &contract.owner_id);
            // Without the installed base the page still shows, offering "anything" alone.
            let owned = assets::of_account(&session, &contract.account_id).await;
            let assets_read = owned.is_ok();
            let owned = owned.unwrap_or_default();
            let mut product_ids: Vec<String> = owned
                .iter()
                .filter_map(|a| a.product_id.clone())
                .chain(entitlements.iter().flat_map(|e| e.product_ids.clone()))
                .collect();
            product_ids.sort();
            product_ids.dedup();
            let names = futures::future::join_all(
                product_ids
                    .iter()
                    .map(|id| api::one::<Product>(&session, id)),
            )
            .await;
            let products = product_ids
                .into_iter()
                .zip(names)
                .map(|(id, found)| {
                    let name = found.map_or_else(|_| "A product".to_owned(), |p| p.record.name);
                    (id, name)
                })
                .collect();
            Ok::<_, ApiError>(Loaded {
                contract,
                account,
                entitlements,
                owner,
                assets: in_tree_order(owned),
                products,
                assets_read,
            })
        }
    });
    let reload = Callback::new(move |()| found.refetch());
    // Kept across reloads: a refused change's message outlives the page it was made on; a
    // change begun on another contract is dropped.
    let draft = Draft::new();
    Effect::new(move |_| {
        id();
        draft.clear();
    });
    view! {
        <section class="page">
            {move || match found.get() {
                None => view! { <Loading what="Loading the contract"/> }.into_any(),
                Some(Err(error)) => view! { <ErrorNote error retry=Some(reload)/> }.into_any(),
                Some(Ok(loaded)) => {
                    set_crumbs(vec![
                        ("Accounts".into(), Some("/accounts".into())),
                        (loaded.account.name.clone(), Some(format!("/accounts/{}", loaded.account.id))),
                        (loaded.contract.number.clone(), None),
                    ]);
                    view! { <ContractView loaded draft reload/> }.into_any()
                }
            }}
        </section>
    }
}

fn status_text(c: &Contract) -> String {
    if c.in_force {
        return "In force".into();
    }
    let mut s = c.status.clone();
    if let Some(first) = s.get_mut(..1) {
        first.make_ascii_uppercase();
    }
    s
}

#[component]
fn ContractView(loaded: Loaded, draft: Draft, reload: Callback<()>) -> impl IntoView {
    let session = expect_context::<Session>();
    let writer = session.can(domain::Permission::WriteContracts);
    let c = loaded.contract.clone();
    let badge = if c.in_force {
        "in-force".to_owned()
    } else {
        c.status.clone()
    };
    let renewal = if c.auto_renew {
        format!(
            "Renews by itself for {} months",
            c.renewal_term_months.unwrap_or(12)
        )
    } else {
        "Ends unless renewed".to_owned()
    };
    let covers = if loaded.entitlements.is_empty() {
        view! { <p class="muted">"Nothing yet: tickets of the account are not covered by this contract."</p> }.into_any()
    } else {
        let rows: Vec<_> = loaded
            .entitlements
            .iter()
            .map(|e| view! { <EntitlementRow e=e.clone() what=covered(e, &loaded) writer draft reload/> })
            .collect();
        view! { <ul class="entitlements on-contract">{rows}</ul> }.into_any()
    };
    view! {
        <div class="page-head">
            <h1>{format!("Contract {}", c.number)}</h1>
            <p class="badges">
                <span class="badge">{label(&c.contract_type).to_owned()}</span>
                <span class=format!("badge contract-{badge}")>{status_text(&c)}</span>
            </p>
        </div>
        <div class="columns">
            <section class="card" aria-labelledby="terms-heading">
                <h2 id="terms-heading">"Terms"</h2>
                <dl class="details">
                    <dt>"Customer"</dt><dd><A href=format!("/accounts/{}", loaded.account.id)>{loaded.account.name.clone()}</A></dd>
                    <dt>"Runs"</dt><dd>{format!("{} – {}", day(c.starts_on), day(c.ends_on))}</dd>
                    <dt>"Value"</dt><dd>{c.value.as_ref().map_or_else(|| "—".into(), format::money)}</dd>
                    <dt>"Renewal"</dt><dd>{renewal}</dd>
                    <dt>"Notice"</dt><dd>{format!("{} days before the end", c.expiry_notice_days)}</dd>
                    <dt>"Owner"</dt><dd>{loaded.owner.clone()}</dd>
                    <dt>"Who may ask"</dt><dd>{if c.authorised_contact_ids.is_empty() { "Anyone at the account".to_owned() } else { format!("{} named contacts", c.authorised_contact_ids.len()) }}</dd>
                    <dt>"Notes"</dt><dd>{c.notes.clone().unwrap_or_else(|| "—".into())}</dd>
                </dl>
                {writer.then(|| view! { <Moves contract=c.clone() reload/> })}
            </section>
            <section class="card" aria-labelledby="cover-heading">
                <h2 id="cover-heading">"What it covers"</h2>
                {covers}
                {writer.then(|| view! {
                    <EntitlementForm contract_id=c.id.clone() assets=loaded.assets.clone() products=loaded.products.clone() draft reload/>
                })}
            </section>
        </div>
    }
}

/// What an entitlement is for, in words: anything, or its assets (with their parts) and
/// products by name.
fn covered(e: &Entitlement, loaded: &Loaded) -> String {
    let assets = e.asset_ids.iter().map(|id| {
        loaded.assets.iter().find(|(a, _)| &a.id == id).map_or_else(
            || {
                if loaded.assets_read {
                    "an asset no longer listed".to_owned()
                } else {
                    "an asset".to_owned()
                }
            },
            |(a, _)| asset_name(a),
        )
    });
    let products = e.product_ids.iter().map(|id| {
        loaded.products.iter().find(|(p, _)| p == id).map_or_else(
            || "a product".to_owned(),
            |(_, name)| format!("every {name}"),
        )
    });
    let named: Vec<String> = assets.chain(products).collect();
    if named.is_empty() {
        "anything".to_owned()
    } else {
        named.join(", ")
    }
}

fn asset_name(a: &Asset) -> String {
    match &a.serial_number {
        Some(serial) => format!("{} ({serial})", a.name),
        None => a.name.clone(),
    }
}

/// An entitlement: what it covers, by which channels, what it has used; for writers, a change
/// (in the form below) and its removal, with Undo.
#[component]
fn EntitlementRow(
    e: Entitlement,
    what: String,
    writer: bool,
    draft: Draft,
    reload: Callback<()>,
) -> impl IntoView {
    let session = expect_context::<Session>();
    let toasts = expect_context::<Toasts>();
    let channels = if e.channels.is_empty() {
        "every channel".to_owned()
    } else {
        e.channels.join(", ")
    };
    let usage = match (e.allowance, e.remaining) {
        (Some(allowance), Some(left)) => format!(
            "{} used, {left} of {allowance} left this {} ({} – {})",
            e.used,
            period(&e.period),
            day(e.period_start),
            day(e.period_end)
        ),
        _ => format!("{} used this {}, no limit", e.used, period(&e.period)),
    };
    let confirming = RwSignal::new(false);
    let problem = RwSignal::new(None::<String>);
    let remove = {
        let e = e.clone();
        Action::new_local(move |(): &()| {
            let (e, toasts) = (e.clone(), toasts.clone());
            async move {
                match contracts::remove_entitlement(&session, &e).await {
                    Ok(()) => {
                        let gone = e.clone();
                        toasts.removed(
                            format!("Removed “{}” from the contract.", e.name),
                            e.name.clone(),
                            move || {
                                let gone = gone.clone();
                                async move { contracts::restore_entitlement(&session, &gone).await }
                            },
                            reload,
                        );
                        if draft
                            .editing
                            .with_untracked(|d| d.as_ref().is_some_and(|d| d.id == e.id))
                        {
                            draft.clear();
                        }
                        reload.try_run(());
                    }
                    Err(error) => problem.set(Some(error.message())),
                }
            }
        })
    };
    let actions = writer.then(|| {
        let (to_edit, name) = (e.clone(), e.name.clone());
        let lines = vec![
            "Tickets it has covered stay covered; new ones are no longer checked against it. Undo brings it back.".to_owned(),
        ];
        view! {
            <span class="row-actions">
                <button type="button" class="button small" on:click=move |_| {
                    draft.edit(&to_edit);
                    focus_element("entitlement-name");
                }>
                    "Change"<span class="visually-hidden">" "{name.clone()}</span>
                </button>
                <button type="button" class="button small danger" on:click=move |_| confirming.set(true)>
                    "Remove"<span class="visually-hidden">" "{name.clone()}</span>
                </button>
                <ConfirmDialog open=confirming title=format!("Remove “{name}” from the contract?") lines
                    confirm="Remove" on_confirm=Callback::new(move |()| { remove.dispatch(()); })/>
            </span>
        }
    });
    view! {
        <li>
            <span><strong>{e.name.clone()}</strong>" · for "{what}" · "{channels}{e.calendar_id.is_some().then_some(" · in business hours")}</span>
            <span class="muted">{usage}</span>
            {actions}
            {move || problem.get().map(|p| view! { <p class="error" role="alert">{p}</p> })}
        </li>
    }
}

/// The status moves the contract may make; a renewal asks for its new dates.
#[component]
fn Moves(contract: Contract, reload: Callback<()>) -> impl IntoView {
    let session = expect_context::<Session>();
    let problem = RwSignal::new(None::<String>);
    let next_start = contract.ends_on.succ_opt().unwrap_or(contract.ends_on);
    let next_end = next_start
        .checked_add_months(Months::new(contract.renewal_term_months.unwrap_or(12)))
        .and_then(|d| d.pred_opt())
        .unwrap_or(next_start);
    let starts = RwSignal::new(next_start.to_string());
    let ends = RwSignal::new(next_end.to_string());
    let current = contract.clone();
    let save = Action::new_local(move |to: &String| {
        let (contract, to) = (current.clone(), to.clone());
        async move {
            let mut change = UpdateContract {
                status: Some(to.clone()),
                ..UpdateContract::default()
            };
            if contract.status == "expired" && to == "active" {
                let parse = |raw: String| NaiveDate::parse_from_str(raw.trim(), "%Y-%m-%d").ok();
                change.starts_on = parse(starts.get_untracked());
                change.ends_on = parse(ends.get_untracked());
            }
            match contracts::update(&session, &contract, &change).await {
                Ok(_) => {
                    problem.set(None);
                    reload.try_run(());
                }
                Err(error) => problem.set(Some(error.message())),
            }
        }
    });
    let renewing = contract.status == "expired";
    let moves: Vec<(&str, &str)> = match contract.status.as_str() {
        "draft" => vec![("active", "Activate"), ("cancelled", "Cancel the contract")],
        "active" => vec![("cancelled", "Cancel the contract")],
        "expired" => vec![("active", "Renew")],
        _ => Vec::new(),
    };
    view! {
        <div class="contract-moves">
            {renewing.then(|| view! {
                <label>"Renewed from"<input type="date" prop:value=starts on:input=move |ev| starts.set(event_target_value(&ev))/></label>
                <label>"to"<input type="date" prop:value=ends on:input=move |ev| ends.set(event_target_value(&ev))/></label>
            })}
            {moves.into_iter().map(|(to, text)| {
                let to = to.to_owned();
                view! {
                    <button type="button" class="button small" disabled=move || save.pending().get()
                        on:click=move |_| { save.dispatch_local(to.clone()); }>{text}</button>
                }
            }).collect_view()}
            {move || problem.get().map(|p| view! { <p class="error" role="alert">{p}</p> })}
        </div>
    }
}

/// The entitlement form's fields, shared with the rows whose Change fills them.
#[derive(Clone, Copy)]
struct Draft {
    /// The entitlement being changed; none for a new one.
    editing: RwSignal<Option<Entitlement>>,
    name: RwSignal<String>,
    /// "", "asset:<id>", "product:<id>", or "as-is" for a change leaving several named.
    scope: RwSignal<String>,
    incidents: RwSignal<String>,
    problem: RwSignal<Option<String>>,
}

impl Draft {
    fn new() -> Self {
        Draft {
            editing: RwSignal::new(None),
            name: RwSignal::new(String::new()),
            scope: RwSignal::new(String::new()),
            incidents: RwSignal::new(String::new()),
            problem: RwSignal::new(None),
        }
    }

    fn clear(&self) {
        self.editing.set(None);
        self.name.set(String::new());
        self.scope.set(String::new());
        self.incidents.set(String::new());
        self.problem.set(None);
    }

    fn edit(&self, e: &Entitlement) {
        self.name.set(e.name.clone());
        self.scope
            .set(match (e.asset_ids.as_slice(), e.product_ids.as_slice()) {
                ([], []) => String::new(),
                ([asset], []) => format!("asset:{asset}"),
                ([], [product]) => format!("product:{product}"),
                _ => "as-is".to_owned(),
            });
        self.incidents
            .set(e.allowance.map(|n| n.to_string()).unwrap_or_default());
        self.problem.set(None);
        self.editing.set(Some(e.clone()));
    }
}

/// Adds what the contract covers, or changes the entitlement chosen: a name, what it is for
/// (anything, an asset with its parts, or a product), and how many incidents a period (none:
/// no limit; a new one counts them by month).
#[component]
fn EntitlementForm(
    contract_id: String,
    assets: Vec<(Asset, usize)>,
    products: Vec<(String, String)>,
    draft: Draft,
    reload: Callback<()>,
) -> impl IntoView {
    let session = expect_context::<Session>();
    let Draft {
        editing,
        name,
        scope,
        incidents,
        problem,
    } = draft;
    let save = Action::new_local(move |()| {
        let contract_id = contract_id.clone();
        async move {
            let allowance = match incidents.get_untracked().trim() {
                "" => None,
                raw => match raw.parse::<u32>() {
                    Ok(n) if n >= 1 => Some(n),
                    _ => {
                        return problem.set(Some(
                            "Incidents: a whole number from 1, or empty for no limit.".into(),
                        ))
                    }
                },
            };
            let chosen = scope.get_untracked();
            let only = |kind: &str| {
                (chosen != "as-is").then(|| {
                    chosen
                        .strip_prefix(kind)
                        .map(|id| vec![id.to_owned()])
                        .unwrap_or_default()
                })
            };
            let saved = match editing.get_untracked() {
                Some(e) => {
                    // A first limit counts by month, as a new entitlement's does: an
                    // unlimited one's period is its whole term, whose uses so far would count.
                    let first_limit = e.allowance.is_none() && allowance.is_some();
                    let change = UpdateEntitlement {
                        name: Some(name.get_untracked().trim().to_owned()),
                        asset_ids: only("asset:"),
                        product_ids: only("product:"),
                        allowance: allowance.map_or(Patch::Null, Patch::Value),
                        period: first_limit.then(|| "month".to_owned()),
                        ..UpdateEntitlement::default()
                    };
                    contracts::change_entitlement(&session, &e, &change).await
                }
                None => {
                    let new = CreateEntitlement {
                        name: name.get_untracked().trim().to_owned(),
                        asset_ids: only("asset:").filter(|a| !a.is_empty()),
                        product_ids: only("product:").filter(|p| !p.is_empty()),
                        channels: None,
                        calendar_id: None,
                        allowance,
                        period: allowance.map(|_| "month".to_owned()),
                    };
                    contracts::add_entitlement(&session, &contract_id, &new).await
                }
            };
            match saved {
                Ok(_) => {
                    draft.clear();
                    reload.try_run(());
                }
                Err(error) if error.is_conflict() => {
                    draft.clear();
                    problem.set(Some(
                        "Someone else changed this entitlement meanwhile; it is shown as it is now. Make your change again."
                            .into(),
                    ));
                    reload.try_run(());
                }
                Err(error) => problem.set(Some(error.message())),
            }
        }
    });
    let several = move || {
        editing.with(|e| {
            e.as_ref()
                .filter(|e| e.asset_ids.len() + e.product_ids.len() > 1)
                .map(|e| {
                    format!(
                        "As it is: {} assets and products",
                        e.asset_ids.len() + e.product_ids.len()
                    )
                })
        })
    };
    let per = move || {
        editing.with(|e| match e {
            Some(e) if e.allowance.is_some() => format!("Incidents a {}", period(&e.period)),
            _ => "Incidents a month".to_owned(),
        })
    };
    view! {
        <form class="inline-form" aria-label=move || match editing.get() {
                Some(e) => format!("Change {}", e.name),
                None => "New entitlement".to_owned(),
            }
            on:submit=move |ev| { ev.prevent_default(); save.dispatch_local(()); }>
            <h3>{move || match editing.get() {
                Some(e) => format!("Change “{}”", e.name),
                None => "Add to what it covers".to_owned(),
            }}</h3>
            <label>"Covers"<input id="entitlement-name" type="text" required maxlength="200" placeholder="Phone support" prop:value=name on:input=move |ev| name.set(event_target_value(&ev))/></label>
            <label>"For"
                <select prop:value=scope on:change=move |ev| scope.set(event_target_value(&ev))>
                    {move || several().map(|text| view! { <option value="as-is">{text}</option> })}
                    <option value="">"Anything of the account"</option>
                    {(!assets.is_empty()).then(|| view! {
                        <optgroup label="An asset, with its parts">
                            {assets.iter().map(|(a, depth)| view! {
                                <option value=format!("asset:{}", a.id)>{format!("{}{}", "\u{2003}".repeat(*depth), asset_name(a))}</option>
                            }).collect_view()}
                        </optgroup>
                    })}
                    {(!products.is_empty()).then(|| view! {
                        <optgroup label="Every asset of a product">
                            {products.iter().map(|(id, name)| view! {
                                <option value=format!("product:{id}")>{name.clone()}</option>
                            }).collect_view()}
                        </optgroup>
                    })}
                </select>
            </label>
            <label>{per}<input type="number" min="1" placeholder="No limit" prop:value=incidents on:input=move |ev| incidents.set(event_target_value(&ev))/></label>
            <button type="submit" class="button" disabled=move || save.pending().get()>
                {move || if editing.with(Option::is_some) { "Save" } else { "Add" }}
            </button>
            {move || editing.with(Option::is_some).then(|| view! {
                <button type="button" class="button subtle" on:click=move |_| draft.clear()>"Cancel"</button>
            })}
            {move || problem.get().map(|p| view! { <p class="error" role="alert">{p}</p> })}
        </form>
    }
}
