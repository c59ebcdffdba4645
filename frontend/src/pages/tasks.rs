//! My tasks: what is overdue, due today and coming up, ticked off in place; and the private
//! calendar address that puts one's meetings and tasks into Outlook or Google Calendar.

use api_types::activities::{Activity, MyTasks};
use leptos::prelude::*;
use leptos_router::components::A;

use crate::api::{self, Session};
use crate::components::shell::set_crumbs;
use crate::components::status::{ErrorNote, Loading};
use crate::format;

/// The record a task is on, as a link: the most specific one it names.
fn record_link(a: &Activity) -> Option<(String, &'static str)> {
    [
        (&a.opportunity_id, "opportunities", "Opportunity"),
        (&a.ticket_id, "tickets", "Ticket"),
        (&a.lead_id, "leads", "Lead"),
        (&a.contact_id, "contacts", "Contact"),
        (&a.account_id, "accounts", "Account"),
    ]
    .into_iter()
    .find_map(|(id, path, label)| id.as_ref().map(|id| (format!("/{path}/{id}"), label)))
}

/// The page.
#[component]
pub fn MyTasksPage() -> impl IntoView {
    set_crumbs(vec![("My tasks".into(), None)]);
    let session = expect_context::<Session>();
    let tasks =
        LocalResource::new(move || async move { api::activities::my_tasks(&session).await });
    let reload = Callback::new(move |()| tasks.refetch());
    view! {
        <section class="page">
            <div class="page-head"><h1>"My tasks"</h1></div>
            {move || match tasks.get() {
                None => view! { <Loading what="Loading your tasks"/> }.into_any(),
                Some(Err(error)) => view! { <ErrorNote error retry=Some(reload)/> }.into_any(),
                Some(Ok(mine)) => view! { <Buckets mine reload/> }.into_any(),
            }}
            <CalendarFeedCard/>
        </section>
    }
}

#[component]
fn Buckets(mine: MyTasks, reload: Callback<()>) -> impl IntoView {
    let all_clear = mine.overdue.is_empty() && mine.today.is_empty() && mine.upcoming.is_empty();
    view! {
        {all_clear.then(|| view! { <p class="muted">"Nothing to do. Tasks assigned to you show up here."</p> })}
        <div class="task-buckets">
            <Bucket title="Overdue" class="overdue" tasks=mine.overdue reload/>
            <Bucket title="Today" class="today" tasks=mine.today reload/>
            <Bucket title="Upcoming" class="upcoming" tasks=mine.upcoming reload/>
        </div>
    }
}

#[component]
fn Bucket(
    title: &'static str,
    class: &'static str,
    tasks: Vec<Activity>,
    reload: Callback<()>,
) -> impl IntoView {
    let session = expect_context::<Session>();
    let problem = RwSignal::new(None::<String>);
    let done = Action::new_local(move |task: &Activity| {
        let task = task.clone();
        async move {
            match api::activities::set_status(&session, &task, "done").await {
                Ok(_) => {
                    reload.try_run(());
                }
                Err(error) => problem.set(Some(error.message())),
            }
        }
    });
    let heading = format!("tasks-{class}");
    let labelled_by = heading.clone();
    let count = tasks.len();
    view! {
        <section class=format!("card bucket {class}") aria-labelledby=labelled_by>
            <h2 id=heading>{title}" "<span class="badge">{count}</span></h2>
            {move || problem.get().map(|p| view! { <p class="error" role="alert">{p}</p> })}
            {if tasks.is_empty() {
                view! { <p class="muted">"None."</p> }.into_any()
            } else {
                view! {
                    <ul class="plain task-list">
                        {tasks.into_iter().map(|t| {
                            let label = format!("Mark “{}” as done", t.subject);
                            let due = t.due_at.map(|d| format::date_time(&d));
                            let high = t.priority.as_deref() == Some("high");
                            let link = record_link(&t);
                            let subject = t.subject.clone();
                            view! {
                                <li>
                                    <input type="checkbox" class="task-check" aria-label=label
                                        on:change=move |_| { done.dispatch(t.clone()); }/>
                                    <span class="task-subject">{subject}</span>
                                    {high.then(|| view! { <span class="badge priority-high">"High"</span> })}
                                    <span class="muted small">
                                        {due.map(|d| format!("Due {d}")).unwrap_or_else(|| "No due date".into())}
                                        {link.map(|(href, what)| view! { " · "<A href=href>{what}</A> })}
                                    </span>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </section>
    }
}

/// Making (or replacing) and stopping one's calendar feed.
#[component]
fn CalendarFeedCard() -> impl IntoView {
    let session = expect_context::<Session>();
    let url = RwSignal::new(None::<String>);
    let note = RwSignal::new(None::<String>);
    let make = Action::new_local(move |()| async move {
        match api::activities::new_calendar_feed(&session).await {
            Ok(feed) => {
                url.set(Some(feed.url));
                note.set(None);
            }
            Err(error) => note.set(Some(error.message())),
        }
    });
    let stop = Action::new_local(move |()| async move {
        match api::activities::stop_calendar_feed(&session).await {
            Ok(()) => {
                url.set(None);
                note.set(Some("Your calendar address no longer works.".into()));
            }
            Err(error) => note.set(Some(error.message())),
        }
    });
    view! {
        <section class="card" aria-labelledby="calendar-feed">
            <h2 id="calendar-feed">"Calendar feed"</h2>
            <p class="muted">"Subscribe to this address in Outlook, Google Calendar or Apple Calendar to see your meetings and due tasks there. Anyone with the address sees them, so it is shown once; making a new one retires the old."</p>
            {move || url.get().map(|u| view! {
                <label for="feed-url">"Your calendar address"</label>
                <input id="feed-url" type="text" readonly prop:value=u class="feed-url"
                    on:focus=move |ev| { event_target::<web_sys::HtmlInputElement>(&ev).select() }/>
            })}
            {move || note.get().map(|n| view! { <p role="status">{n}</p> })}
            <div class="form-actions">
                <button type="button" class="button" on:click=move |_| { make.dispatch(()); }>
                    {move || if url.get().is_some() { "Make a new address" } else { "Get my calendar address" }}
                </button>
                <button type="button" class="button subtle" on:click=move |_| { stop.dispatch(()); }>"Stop the feed"</button>
            </div>
        </section>
    }
}
