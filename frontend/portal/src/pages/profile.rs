//! The customer's profile: their name and job title (their contact's, which the company they
//! buy from sees too) and which mail about their tickets they get.

use api_types::portal::{PortalMailPreferences, UpdatePortalMe};
use leptos::prelude::*;

use super::{explain, Failure, PageTasks, Sending};
use crate::api::Portal;

/// The profile form.
#[component]
pub fn Profile() -> impl IntoView {
    let portal = expect_context::<Portal>();
    let tasks = PageTasks::new();
    let me = portal.me.get_untracked();
    let name = RwSignal::new(me.as_ref().map(|m| m.name.clone()).unwrap_or_default());
    let title = RwSignal::new(
        me.as_ref()
            .and_then(|m| m.title.clone())
            .unwrap_or_default(),
    );
    let mail = me.as_ref().map(|m| m.mail).unwrap_or_default();
    let replies = RwSignal::new(mail.replies);
    let updates = RwSignal::new(mail.updates);
    let email = me.map(|m| m.email).unwrap_or_default();
    let sending = Sending::new();
    let Sending { busy, error } = sending;
    let saved = RwSignal::new(false);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        if !sending.start(&ev) {
            return;
        }
        saved.set(false);
        let change = UpdatePortalMe {
            name: Some(name.get_untracked()),
            title: Some(title.get_untracked()),
            mail: Some(PortalMailPreferences {
                replies: replies.get_untracked(),
                updates: updates.get_untracked(),
            }),
        };
        tasks.spawn(async move {
            match portal.update_me(&change).await {
                Ok(()) => {
                    busy.set(false);
                    saved.set(true);
                }
                Err(e) => sending.refused(explain(&e)),
            }
        });
    };
    let check = |label: &'static str, on: RwSignal<bool>| {
        view! {
            <label class="check">
                <input type="checkbox" prop:checked=on on:change=move |ev| on.set(event_target_checked(&ev))/>
                {label}
            </label>
        }
    };
    view! {
        <section class="card narrow" aria-labelledby="profile-title">
            <h1 id="profile-title">"Your profile"</h1>
            <p class="hint">{format!("You sign in as {email}.")}</p>
            <form on:submit=submit aria-label="Your profile" on:input=move |_| saved.set(false)>
                <label for="profile-name">"Name"</label>
                <input id="profile-name" type="text" autocomplete="name" required maxlength="100"
                    prop:value=name on:input=move |ev| name.set(event_target_value(&ev))/>
                <label for="profile-job">"Job title"</label>
                <input id="profile-job" type="text" autocomplete="organization-title" maxlength="200"
                    prop:value=title on:input=move |ev| title.set(event_target_value(&ev))/>
                <fieldset class="checks">
                    <legend>"Email me"</legend>
                    {check("Replies to my tickets", replies)}
                    {check("When a ticket is received or solved", updates)}
                </fieldset>
                <p class="hint">"Whatever you choose, every reply is here in the portal."</p>
                <Failure error/>
                <button type="submit" class="primary" disabled=busy>"Save"</button>
                {move || saved.get().then(|| view! { <p role="status">"Saved."</p> })}
            </form>
        </section>
    }
}
