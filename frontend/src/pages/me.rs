//! The signed-in user's own settings: which notifications they also get by email.

use leptos::prelude::*;

use crate::api::{outbound, ApiError, Session};
use crate::components::shell::set_crumbs;
use crate::components::status::{ErrorNote, Loading, Toast, Toasts};

/// The notification kinds, as (kind, what it is).
const KINDS: [(&str, &str); 7] = [
    ("assigned", "A ticket is assigned to me"),
    ("lead_assigned", "A lead is assigned to me"),
    ("mentioned", "Someone mentions me in a note"),
    ("sla_warning", "An SLA target of my ticket is close"),
    (
        "sla_breached",
        "An SLA target of my ticket or team is missed",
    ),
    ("reminder", "An activity's reminder is due"),
    ("contract_expiring", "A contract I look after is ending"),
];

/// Your settings.
#[component]
pub fn MySettings() -> impl IntoView {
    set_crumbs(vec![("Your settings".into(), None)]);
    let session = expect_context::<Session>();
    let toasts = expect_context::<Toasts>();
    let chosen = RwSignal::new(None::<Vec<String>>);
    let failure = RwSignal::new(None::<ApiError>);
    let load = Action::new_local(move |(): &()| async move {
        match outbound::my_notifications(&session).await {
            Ok(kinds) => chosen.set(Some(kinds)),
            Err(error) => failure.set(Some(error)),
        }
    });
    load.dispatch(());
    let save = Action::new_local(move |kinds: &Vec<String>| {
        let (kinds, toasts) = (kinds.clone(), toasts.clone());
        async move {
            match outbound::set_my_notifications(&session, kinds).await {
                Ok(kinds) => {
                    chosen.set(Some(kinds));
                    toasts.show(Toast {
                        message: "Your email notifications were saved.".into(),
                        action: None,
                    });
                }
                Err(error) => failure.set(Some(error)),
            }
        }
    });
    let toggle = move |kind: &'static str, on: bool| {
        let mut kinds = chosen.get_untracked().unwrap_or_default();
        kinds.retain(|k| k != kind);
        if on {
            kinds.push(kind.to_owned());
        }
        save.dispatch(kinds);
    };
    view! {
        <section class="page narrow">
            <h1>"Your settings"</h1>
            {move || session.me.get().map(|me| view! { <p class="muted">{format!("{} · {}", me.name, me.email)}</p> })}
            {move || failure.get().map(|error| view! { <ErrorNote error/> })}
            <h2>"Email notifications"</h2>
            <p class="muted">"Everything still shows under the bell; these also come by email, when your organization sends mail."</p>
            <Show when=move || chosen.with(Option::is_some)
                fallback=move || failure.with(Option::is_none).then(|| view! { <Loading what="Loading your choices"/> })>
                <fieldset class="choices">
                    <legend class="visually-hidden">"Email me when"</legend>
                    {KINDS.into_iter().map(|(kind, label)| view! {
                        <label class="checkbox">
                            <input type="checkbox" name=kind disabled=move || save.pending().get()
                                prop:checked=move || chosen.with(|c| c.as_ref().is_some_and(|c| c.iter().any(|k| k == kind)))
                                on:change=move |ev| toggle(kind, event_target_checked(&ev))/>
                            {label}
                        </label>
                    }).collect_view()}
                </fieldset>
            </Show>
        </section>
    }
}
