//! Choosing a record's owner in a form: type part of a colleague's name or email and pick
//! them. The staff directory is already in the browser, so matching needs no request.

use api_types::users::User;
use leptos::prelude::*;

use super::field::FieldErrors;
use crate::api::{users, Session};

/// How many matches are offered at once.
const SHOWN: usize = 6;

/// The active users whose name or email contains every typed word.
fn matching(people: &[User], text: &str) -> Vec<User> {
    let words: Vec<String> = text.split_whitespace().map(str::to_lowercase).collect();
    if words.is_empty() {
        return Vec::new();
    }
    people
        .iter()
        .filter(|u| u.active)
        .filter(|u| {
            let haystack = format!("{} {}", u.name, u.email).to_lowercase();
            words.iter().all(|w| haystack.contains(w.as_str()))
        })
        .take(SHOWN)
        .cloned()
        .collect()
}

/// Sets `owner` to the chosen user's id, or to "" for nobody.
#[component]
pub fn OwnerPicker(
    /// The chosen user's id, or "".
    owner: RwSignal<String>,
    /// The form's errors.
    errors: FieldErrors,
    /// What the field is called.
    #[prop(default = "Owner")]
    label: &'static str,
    /// The body field it sets, which names its errors.
    #[prop(default = "owner_id")]
    field: &'static str,
) -> impl IntoView {
    let session = expect_context::<Session>();
    let people = LocalResource::new(move || async move { users::directory(&session).await });
    let known = move || people.get().and_then(Result::ok).unwrap_or_default();
    let me = move || {
        session
            .me
            .with_untracked(|me| me.as_ref().map(|m| m.id.clone()))
    };
    let text = RwSignal::new(String::new());
    // Searching for someone else while an owner is still set.
    let changing = RwSignal::new(false);
    let pointer = StoredValue::new(format!("/{field}"));
    let error = move || pointer.with_value(|p| errors.sentence_for(p, label));
    let choose = move |id: String| {
        owner.set(id);
        text.set(String::new());
        changing.set(false);
    };
    view! {
        <div class="field" class:invalid=move || error().is_some()>
            {move || {
                let chosen = owner.get();
                let name = match people.get() {
                    Some(Ok(people)) => users::name_of(&people, &chosen),
                    Some(Err(_)) => "(the name could not be loaded)".to_owned(),
                    None => "…".to_owned(),
                };
                if !chosen.is_empty() && !changing.get() {
                    return view! {
                        <span class="label">{label}</span>
                        <p class="chosen">
                            <span>{name}</span>
                            <button type="button" class="link-button" on:click=move |_| changing.set(true)>"Change"</button>
                            <button type="button" class="link-button" on:click=move |_| choose(String::new())>"Nobody"</button>
                        </p>
                    }
                    .into_any();
                }
                let offer_me = me().filter(|id| *id != chosen);
                let keep = (!chosen.is_empty()).then(|| format!("Keep {name}"));
                view! {
                    <label for=format!("field-{field}")>{label}</label>
                    <input id=format!("field-{field}") name=pointer.get_value() type="search" autocomplete="off"
                        placeholder="Type a colleague's name" aria-controls="owner-matches"
                        aria-invalid=move || if error().is_some() { "true" } else { "false" }
                        prop:value=move || text.get()
                        on:input=move |ev| text.set(event_target_value(&ev))/>
                    <ul id="owner-matches" class="matches" aria-label="Matching colleagues">
                        {move || matching(&known(), &text.get()).into_iter().map(|u| {
                            let id = u.id.clone();
                            view! {
                                <li><button type="button" class="link-button" on:click=move |_| choose(id.clone())>
                                    {u.name}<span class="muted">{format!(" {}", u.email)}</span>
                                </button></li>
                            }
                        }).collect_view()}
                    </ul>
                    <p class="picker-actions">
                        {offer_me.map(|id| view! {
                            <button type="button" class="link-button" on:click=move |_| choose(id.clone())>"Assign to me"</button>
                        })}
                        {keep.map(|keep| view! {
                            <button type="button" class="link-button" on:click=move |_| changing.set(false)>{keep}</button>
                        })}
                    </p>
                }
                .into_any()
            }}
            {move || error().map(|e| view! { <p class="error">{e}</p> })}
        </div>
    }
}
