//! Choosing a record's owner among the active staff.

use leptos::prelude::*;

use super::field::FieldErrors;
use crate::api::{users, Session};

/// A select of the organization's active users (the current owner stays listed even when
/// deactivated), setting `owner` to a user id or to "" for nobody.
#[component]
pub fn OwnerSelect(
    /// The chosen user's id, or "".
    owner: RwSignal<String>,
    /// The form's errors.
    errors: FieldErrors,
) -> impl IntoView {
    let session = expect_context::<Session>();
    let people = LocalResource::new(move || async move { users::directory(&session).await });
    let error = move || errors.sentence_for("/owner_id", "Owner");
    view! {
        <div class="field" class:invalid=move || error().is_some()>
            <label for="field-owner_id">"Owner"</label>
            <select id="field-owner_id" name="/owner_id"
                aria-invalid=move || if error().is_some() { "true" } else { "false" }
                on:change=move |ev| owner.set(event_target_value(&ev))
                prop:value=move || owner.get()>
                <option value="">"Nobody"</option>
                {move || {
                    let chosen = owner.get();
                    people
                        .get()
                        .and_then(Result::ok)
                        .unwrap_or_default()
                        .into_iter()
                        .filter(|u| u.active || u.id == chosen)
                        .map(|u| {
                            let selected = u.id == chosen;
                            view! { <option value=u.id.clone() selected=selected>{u.name.clone()}</option> }
                        })
                        .collect_view()
                }}
            </select>
            {move || error().map(|e| view! { <p class="error">{e}</p> })}
        </div>
    }
}
