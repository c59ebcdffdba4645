//! Saved views in the inbox's sidebar: the user's own and their teams', with counts; the list
//! as it stands saved under a name, for oneself or a team.

use api_types::tickets::{CreateTicketView, Ticket, TicketView};
use leptos::prelude::*;

use crate::api::{tickets, users, Session};
use crate::components::list_nav::{ListNav, ListState};
use crate::components::status::{Toast, Toasts};
use crate::format;

/// The saved views, and a form to save the list as it is now.
#[component]
pub fn SavedViews(
    current: Signal<ListState<Ticket>>,
    nav: ListNav<Ticket>,
    /// Changes made from the list; the counts are read again after each.
    changes: Signal<u32>,
) -> impl IntoView {
    let session = expect_context::<Session>();
    let toasts = expect_context::<Toasts>();
    let me = session
        .me
        .with_untracked(|me| me.as_ref().map(|me| me.id.clone()))
        .unwrap_or_default();
    let saved = LocalResource::new(move || {
        current.track();
        changes.track();
        async move { tickets::saved_views(&session).await }
    });
    let teams = LocalResource::new(move || async move { users::teams(&session).await });
    let name = RwSignal::new(String::new());
    let share = RwSignal::new(String::new());
    let problem = RwSignal::new(None::<String>);
    let save = Action::new_local(move |body: &CreateTicketView| {
        let (body, toasts) = (body.clone(), toasts.clone());
        async move {
            match tickets::save_view(&session, &body).await {
                Ok(view) => {
                    name.set(String::new());
                    problem.set(None);
                    toasts.show(Toast {
                        message: format!("The view “{}” was saved.", view.name),
                        action: None,
                    });
                    saved.refetch();
                }
                Err(error) => problem.set(Some(
                    error
                        .field_errors()
                        .first()
                        .map(|(_, detail)| crate::api::field_sentence("The view", detail))
                        .unwrap_or_else(|| error.message()),
                )),
            }
        }
    });
    let remove = Action::new_local(move |view: &TicketView| {
        let view = view.clone();
        async move {
            if tickets::delete_view(&session, &view).await.is_ok() {
                saved.refetch();
            }
        }
    });
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let label = name.get_untracked().trim().to_owned();
        if label.is_empty() {
            problem.set(Some("Give the view a name.".into()));
            return;
        }
        let state = current.get_untracked();
        save.dispatch(CreateTicketView {
            name: label,
            team_id: Some(share.get_untracked()).filter(|t| !t.is_empty()),
            filters: state.filters,
            sort: state.list.sort,
        });
    };
    view! {
        <h2 class="views-heading" id="saved-views">"Saved views"</h2>
        <ul class="plain" aria-labelledby="saved-views">
            {move || saved.get().and_then(Result::ok).map(|views| {
                if views.is_empty() {
                    return view! { <li class="muted small">"None yet: filter the list, then save it below."</li> }.into_any();
                }
                views.into_iter().map(|view| {
                    let filters = view.filters.clone();
                    let sort = view.sort.clone();
                    let on = {
                        let (filters, sort) = (filters.clone(), sort.clone());
                        move || current.with(|s| s.filters == filters && s.list.sort == sort)
                    };
                    let mine = view.owner_id == me;
                    let shown = view.clone();
                    let title = view.name.clone();
                    view! {
                        <li class="saved-view">
                            <button type="button" class="view-link" aria-current=move || on().then_some("true")
                                on:click=move |_| {
                                    let (filters, sort) = (filters.clone(), sort.clone());
                                    nav.refine(move |s| { s.filters = filters; s.list.sort = sort; });
                                }>
                                <span>{view.name.clone()}{view.team_id.is_some().then_some(" (team)")}</span>
                                <span class="count">{view.count.map(|n| format::count_at_least(n, view.count_capped)).unwrap_or_default()}</span>
                            </button>
                            {mine.then(|| view! {
                                <button type="button" class="icon-button" title="Delete this view"
                                    on:click=move |_| { remove.dispatch(shown.clone()); }>
                                    "×"<span class="visually-hidden">" Delete the view "{title.clone()}</span>
                                </button>
                            })}
                        </li>
                    }
                }).collect_view().into_any()
            })}
        </ul>
        <form class="save-view" on:submit=on_submit>
            <label for="view-name">"Save this list as"</label>
            <input id="view-name" type="text" maxlength="100" prop:value=move || name.get()
                aria-invalid=move || if problem.get().is_some() { "true" } else { "false" }
                on:input=move |ev| name.set(event_target_value(&ev))/>
            <label for="view-share">"For"</label>
            <select id="view-share" prop:value=move || share.get() on:change=move |ev| share.set(event_target_value(&ev))>
                <option value="">"Only me"</option>
                {move || teams.get().and_then(Result::ok).map(|teams| teams.into_iter().map(|t| {
                    view! { <option value=t.id.clone()>{format!("Team {}", t.name)}</option> }
                }).collect_view())}
            </select>
            <button type="submit" class="button small" disabled=move || save.pending().get()>"Save view"</button>
            {move || problem.get().map(|p| view! { <p class="error" role="alert">{p}</p> })}
        </form>
    }
}
