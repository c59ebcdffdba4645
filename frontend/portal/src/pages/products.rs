//! What the customer's company owns and what its contracts entitle it to.

use api_types::portal::{PortalAsset, PortalContract};
use api_types::Page;
use leptos::prelude::*;

use super::{explain, Failure, PageTasks};
use crate::api::Portal;

/// Assets and contracts.
#[component]
pub fn Products() -> impl IntoView {
    let portal = expect_context::<Portal>();
    let tasks = PageTasks::new();
    let assets = RwSignal::new(None::<Vec<PortalAsset>>);
    let contracts = RwSignal::new(None::<Vec<PortalContract>>);
    let error = RwSignal::new(None::<String>);
    tasks.spawn(async move {
        match portal
            .get::<Page<PortalAsset>>("/api/v1/portal/assets")
            .await
        {
            Ok(page) => assets.set(Some(page.items)),
            Err(e) => error.set(Some(explain(&e))),
        }
        match portal
            .get::<Page<PortalContract>>("/api/v1/portal/contracts")
            .await
        {
            Ok(page) => contracts.set(Some(page.items)),
            Err(e) => error.set(Some(explain(&e))),
        }
    });
    view! {
        <h1>"Products and contracts"</h1>
        <Failure error/>
        <section aria-labelledby="assets-title">
            <h2 id="assets-title">"Products"</h2>
            {move || assets.get().map(|list| if list.is_empty() {
                view! { <p class="notice">"No products are recorded for your company."</p> }.into_any()
            } else {
                view! {
                    <ul class="cards">
                        {list.into_iter().map(|a| view! { <AssetCard asset=a/> }).collect_view()}
                    </ul>
                }.into_any()
            })}
        </section>
        <section aria-labelledby="contracts-title">
            <h2 id="contracts-title">"Contracts"</h2>
            {move || contracts.get().map(|list| if list.is_empty() {
                view! { <p class="notice">"Your company has no contracts with us."</p> }.into_any()
            } else {
                view! {
                    <ul class="cards">
                        {list.into_iter().map(|c| view! { <ContractCard contract=c/> }).collect_view()}
                    </ul>
                }.into_any()
            })}
        </section>
    }
}

#[component]
fn AssetCard(asset: PortalAsset) -> impl IntoView {
    let warranty = match (asset.warranty_ends_on, asset.under_warranty) {
        (Some(end), true) => Some(format!("Under warranty to {end}")),
        (Some(end), false) => Some(format!("Warranty ended {end}")),
        (None, _) => None,
    };
    view! {
        <li class="card">
            <h3>{asset.name}</h3>
            <dl>
                {asset.serial_number.map(|s| view! { <dt>"Serial number"</dt><dd>{s}</dd> })}
                {asset.location.map(|l| view! { <dt>"Location"</dt><dd>{l}</dd> })}
                <dt>"Status"</dt><dd>{asset.status.replace('_', " ")}</dd>
                {asset.installed_on.map(|d| view! { <dt>"Installed"</dt><dd>{d.to_string()}</dd> })}
            </dl>
            {warranty.map(|w| view! { <p class="meta">{w}</p> })}
        </li>
    }
}

#[component]
fn ContractCard(contract: PortalContract) -> impl IntoView {
    let state = if contract.in_force {
        "In force".to_owned()
    } else {
        contract.status.clone()
    };
    view! {
        <li class="card">
            <h3>{format!("{} · {}", contract.number, contract.contract_type)}</h3>
            <p class="meta">{format!("{state}: {} to {}", contract.starts_on, contract.ends_on)}</p>
            <ul class="entitlements" aria-label="Entitlements">
                {contract.entitlements.into_iter().map(|e| {
                    let left = match (e.allowance, e.remaining) {
                        (Some(all), Some(left)) => format!("{left} of {all} left until {}", e.period_end),
                        _ => format!("{} used, no limit", e.used),
                    };
                    view! { <li><strong>{e.name}</strong>" · "{left}</li> }
                }).collect_view()}
            </ul>
        </li>
    }
}
