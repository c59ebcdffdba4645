//! The customer's profile: their name and job title (their contact's, which the company they
//! buy from sees too) and which mail about their tickets they get.

use api_types::portal::{PortalMailPreferences, PortalMe, UpdatePortalMe};
use leptos::prelude::*;

use super::{explain, Failure, PageTasks, Sending};
use crate::api::Portal;

/// The form's values.
#[derive(Clone, Copy)]
struct Values {
    name: RwSignal<String>,
    title: RwSignal<String>,
    replies: RwSignal<bool>,
    updates: RwSignal<bool>,
}

impl Values {
    fn fill(&self, me: &PortalMe) {
        self.name.set(me.name.clone());
        self.title.set(me.title.clone().unwrap_or_default());
        self.replies.set(me.mail.replies);
        self.updates.set(me.mail.updates);
    }

    /// What differs from `me`: only that is sent, so nothing a colleague of the company
    /// changed meanwhile is written back.
    fn change(&self, me: &PortalMe) -> UpdatePortalMe {
        let name = self.name.get_untracked();
        let title = self.title.get_untracked();
        let mail = PortalMailPreferences {
            replies: self.replies.get_untracked(),
            updates: self.updates.get_untracked(),
        };
        UpdatePortalMe {
            name: (name.trim() != me.name).then_some(name),
            title: (title.trim() != me.title.as_deref().unwrap_or_default()).then_some(title),
            mail: (mail != me.mail).then_some(mail),
        }
    }
}

/// The profile form.
#[component]
pub fn Profile() -> impl IntoView {
    let portal = expect_context::<Portal>();
    let tasks = PageTasks::new();
    let values = Values {
        name: RwSignal::new(String::new()),
        title: RwSignal::new(String::new()),
        replies: RwSignal::new(true),
        updates: RwSignal::new(true),
    };
    if let Some(me) = portal.me.get_untracked() {
        values.fill(&me);
    }
    let sending = Sending::new();
    let Sending { busy, error } = sending;
    let status = RwSignal::new("");
    // As it is now: it may have changed since signing in.
    tasks.spawn(async move {
        if portal.load_me().await.is_ok() {
            if let Some(me) = portal.me.get_untracked() {
                values.fill(&me);
            }
        }
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        if !sending.start(&ev) {
            return;
        }
        status.set("");
        let Some(me) = portal.me.get_untracked() else {
            return;
        };
        let change = values.change(&me);
        tasks.spawn(async move {
            match portal.update_me(&change).await {
                Ok(()) => {
                    if let Some(me) = portal.me.get_untracked() {
                        values.fill(&me);
                    }
                    busy.set(false);
                    status.set("Saved.");
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
    let email = move || {
        portal
            .me
            .with(|m| m.as_ref().map(|m| format!("You sign in as {}.", m.email)))
    };
    view! {
        <section class="card narrow" aria-labelledby="profile-title">
            <h1 id="profile-title">"Your profile"</h1>
            <p class="hint">{email}</p>
            <form on:submit=submit aria-label="Your profile" on:input=move |_| status.set("")>
                <label for="profile-name">"Name"</label>
                <input id="profile-name" type="text" autocomplete="name" required maxlength="100"
                    prop:value=values.name on:input=move |ev| values.name.set(event_target_value(&ev))/>
                <label for="profile-job">"Job title"</label>
                <input id="profile-job" type="text" autocomplete="organization-title" maxlength="200"
                    prop:value=values.title on:input=move |ev| values.title.set(event_target_value(&ev))/>
                <fieldset class="checks" aria-describedby="mail-hint">
                    <legend>"Email me"</legend>
                    {check("Replies to my tickets", values.replies)}
                    {check("When a ticket is received or solved", values.updates)}
                </fieldset>
                <p id="mail-hint" class="hint">"Whatever you choose, every reply is here in the portal."</p>
                <Failure error/>
                <button type="submit" class="primary" disabled=busy>"Save"</button>
                <p role="status">{move || status.get()}</p>
            </form>
        </section>
    }
}
