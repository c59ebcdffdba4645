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
    /// The error for the field, if any.
    error: Signal<Option<String>>,
    /// The field's label.
    #[prop(default = "Account")]
    label: &'static str,
    /// The field's name in the body, such as `account_id`; the input's id follows it.
    #[prop(default = "account_id")]
    name: &'static str,
    /// An account that cannot be chosen (an account cannot be its own parent).
    #[prop(default = None)]
    except: Option<String>,
) -> impl IntoView {
    let input_id = format!("field-{name}");
    let list_id = format!("{name}-matches");
    let session = expect_context::<Session>();
    let text = RwSignal::new(String::new());
    let matches = RwSignal::new(Vec::<(String, String)>::new());
    // Counts searches asked for: only the latest one's answer is shown, so an older search
    // answering late never replaces a newer one's matches.
    let asked = StoredValue::new(0_u64);
    let search = debounced(250, move |value: String| {
        let except = except.clone();
        asked.update_value(|n| *n += 1);
        let this = asked.get_value();
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
            if asked.try_get_value() != Some(this) {
                return;
            }
            matches.set(
                found
                    .into_iter()
                    .filter(|a| except.as_deref() != Some(a.id.as_str()))
                    .map(|a| (a.id, a.name))
                    .collect(),
            );
        });
    });
    view! {
        <div class="field" class:invalid=move || error.get().is_some()>
            {move || match account.get() {
                Some((_, name)) => view! {
                    <span class="label">{label}</span>
                    <p class="chosen">
                        <span>{name}</span>
                        <button type="button" class="link-button" on:click=move |_| account.set(None)>"Change"</button>
                    </p>
                }.into_any(),
                None => {
                    let search = search.clone();
                    view! {
                        <label for=input_id.clone()>{label}</label>
                        <input id=input_id.clone() type="search" placeholder="Type to find an account"
                            autocomplete="off" aria-controls=list_id.clone()
                            aria-invalid=move || if error.get().is_some() { "true" } else { "false" }
                            prop:value=move || text.get()
                            on:input=move |ev| { let v = event_target_value(&ev); text.set(v.clone()); search(v) }/>
                        <ul id=list_id.clone() class="matches" aria-label="Matching accounts">
                            {move || matches.get().into_iter().map(|(id, name)| {
                                let chosen = (id.clone(), name.clone());
                                view! {
                                    <li><button type="button" class="link-button" on:click=move |_| {
                                        account.set(Some(chosen.clone()));
                                        text.set(String::new());
                                        // A search still on its way shows nothing now.
                                        asked.update_value(|n| *n += 1);
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
