//! Choosing an account by typing part of its name.

use leptos::prelude::*;

use super::debounce::debounced;
use api_types::accounts::{Account, AccountFilters};
use api_types::ListQuery;

use crate::api::{self, Session};

/// A search box that sets `account` to (id, name) of the chosen account, or clears it.
#[component]
pub fn AccountPicker(
    /// The chosen account.
    account: RwSignal<Option<(String, String)>>,
    /// The error for `/account_id`, if any.
    error: Signal<Option<String>>,
) -> impl IntoView {
    let session = expect_context::<Session>();
    let text = RwSignal::new(String::new());
    let matches = RwSignal::new(Vec::<(String, String)>::new());
    let search = debounced(250, move |value: String| {
        if value.trim().is_empty() {
            matches.set(Vec::new());
            return;
        }
        leptos::task::spawn_local(async move {
            let list = ListQuery {
                limit: Some(6),
                ..ListQuery::default()
            };
            let filters = AccountFilters {
                q: Some(value),
                ..AccountFilters::default()
            };
            let found = api::list::<Account>(&session, &list, &filters)
                .await
                .map(|p| p.items)
                .unwrap_or_default();
            matches.set(found.into_iter().map(|a| (a.id, a.name)).collect());
        });
    });
    view! {
        <div class="field" class:invalid=move || error.get().is_some()>
            {move || match account.get() {
                Some((_, name)) => view! {
                    <span class="label">"Account"</span>
                    <p class="chosen">
                        <span>{name}</span>
                        <button type="button" class="link-button" on:click=move |_| account.set(None)>"Change"</button>
                    </p>
                }.into_any(),
                None => {
                    let search = search.clone();
                    view! {
                        <label for="field-account_id">"Account"</label>
                        <input id="field-account_id" type="search" placeholder="Type to find an account"
                            autocomplete="off" aria-controls="account-matches"
                            aria-invalid=move || if error.get().is_some() { "true" } else { "false" }
                            prop:value=move || text.get()
                            on:input=move |ev| { let v = event_target_value(&ev); text.set(v.clone()); search(v) }/>
                        <ul id="account-matches" class="matches" aria-label="Matching accounts">
                            {move || matches.get().into_iter().map(|(id, name)| {
                                let chosen = (id.clone(), name.clone());
                                view! {
                                    <li><button type="button" class="link-button" on:click=move |_| {
                                        account.set(Some(chosen.clone()));
                                        text.set(String::new());
                                        matches.set(Vec::new());
                                    }>{name}</button></li>
                                }
                            }).collect_view()}
                        </ul>
                    }.into_any()
                }
            }}
            {move || error.get().map(|e| view! { <p class="error">{e}</p> })}
        </div>
    }
}
