//! A record's page: what every record page does the same way (loading, the trail, the title,
//! Edit and Delete with undo, errors) around what the resource shows of itself.

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_params_map};
use leptos_router::NavigateOptions;

use super::recent::{remember, Recent};
use super::shell::{Crumb, Crumbs};
use super::status::{ConfirmDialog, ErrorNote, Loading, Problems, Toast, Toasts};
use crate::api::{self, ApiError, Resource, Session, Versioned};
use crate::format;

/// What a record page shows of its resource.
pub struct RecordView<R: Resource, D> {
    /// Loads the page for a record id: the record with its `ETag`, and whatever else it shows.
    pub load: fn(Session, String) -> LoadFuture<D>,
    /// The record in what was loaded.
    pub record: fn(&D) -> Versioned<R>,
    /// Links between the list and the record (a contact's account).
    pub trail: fn(&D) -> Vec<Crumb>,
    /// Under the title: badges or a subtitle.
    pub head: fn(&D) -> AnyView,
    /// The page's own content; the callback reloads the page.
    pub body: fn(D, Callback<()>) -> AnyView,
    /// What deleting the record will do besides, one sentence each, said before it happens.
    pub impact: fn(&D) -> Vec<String>,
}

/// What a page's loader returns.
pub type LoadFuture<D> = std::pin::Pin<Box<dyn std::future::Future<Output = Result<D, ApiError>>>>;

/// The page of the record named by the route's `:id`.
pub fn record_page<R: Resource, D: Clone + Send + Sync + 'static>(
    page: RecordView<R, D>,
) -> impl IntoView {
    let session = expect_context::<Session>();
    let crumbs = expect_context::<Crumbs>();
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id").unwrap_or_default());
    let load = page.load;
    let data = LocalResource::new(move || load(session, id()));
    let reload = Callback::new(move |()| data.refetch());
    let list_crumb = (R::TITLE.to_owned(), Some(format!("/{}", R::PATH)));
    let RecordView {
        record,
        trail,
        head,
        body,
        impact,
        ..
    } = page;
    let missing_crumb = list_crumb.clone();
    view! {
        <section class="page">
            <Transition fallback=move || view! { <Loading what="Loading"/> }>
                <ErrorBoundary fallback=move |errors| {
                    crumbs.set(vec![missing_crumb.clone(), ("Not found".into(), None)]);
                    view! { <Problems errors retry=Some(reload)/> }
                }>
                    {
                        let list_crumb = list_crumb.clone();
                        move || {
                            let list_crumb = list_crumb.clone();
                            Suspend::new(async move {
                                data.await.map(|loaded| {
                                    let shown = record(&loaded);
                                    let mut path = trail(&loaded);
                                    if path.is_empty() {
                                        path.push(list_crumb);
                                    }
                                    path.push((shown.record.title(), None));
                                    crumbs.set(path);
                                    remember(&session, Recent {
                                        kind: R::KIND.to_owned(),
                                        label: shown.record.title(),
                                        href: format!("/{}/{}", R::PATH, shown.record.id()),
                                    });
                                    view! {
                                        <RecordHead<R> shown head=head(&loaded) impact=impact(&loaded) reload/>
                                        {body(loaded, reload)}
                                    }
                                })
                            })
                        }
                    }
                </ErrorBoundary>
            </Transition>
        </section>
    }
}

/// The title, what the resource shows under it, and the actions on the record: Edit and
/// Delete (after saying what the deletion affects), or for a record in the trash, Restore.
#[component]
fn RecordHead<R: Resource>(
    shown: Versioned<R>,
    head: AnyView,
    impact: Vec<String>,
    reload: Callback<()>,
) -> impl IntoView {
    let session = expect_context::<Session>();
    let writer = session.can(R::WRITE);
    let id = shown.record.id().to_owned();
    let title = shown.record.title();
    let deleted_at = shown.record.deleted_at();
    let delete = delete_with_undo::<R>(shown.clone());
    let restore = restore_action::<R>(id.clone(), title.clone(), reload);
    let confirming = RwSignal::new(false);
    let mut lines = impact;
    lines.push(format!(
        "The {} goes to the trash, where it can be restored.",
        R::KIND
    ));
    let actions = match (writer, deleted_at) {
        (false, _) => None,
        (true, Some(_)) => Some(
            view! {
                <div class="actions">
                    <button type="button" class="button primary"
                        disabled=move || restore.pending().get()
                        on:click=move |_| { restore.dispatch(()); }>
                        "Restore"
                    </button>
                </div>
            }
            .into_any(),
        ),
        (true, None) => Some(
            view! {
                <div class="actions">
                    <A href=format!("/{}/{id}/edit", R::PATH) attr:class="button">"Edit"</A>
                    <button type="button" class="button danger"
                        disabled=move || delete.pending().get()
                        on:click=move |_| confirming.set(true)>
                        "Delete"
                    </button>
                </div>
                <ConfirmDialog open=confirming title=format!("Delete “{title}”?") lines
                    confirm="Delete" on_confirm=Callback::new(move |()| { delete.dispatch(()); })/>
            }
            .into_any(),
        ),
    };
    view! {
        <div class="page-head">
            <div>
                <h1>{shown.record.title()}</h1>
                {head}
            </div>
            {actions}
        </div>
        {deleted_at.map(|at| view! {
            <div class="trash-note" role="note">
                <strong>"In the trash"</strong>
                {format!(" since {}. It cannot be changed until it is restored.", format::date_time(&at))}
            </div>
        })}
        {move || restore.value().get().and_then(Result::err).map(|error| view! { <ErrorNote error/> })}
        {move || delete.value().get().and_then(Result::err).map(|error| {
            if error.is_conflict() {
                view! {
                    <div class="conflict" role="alert">
                        <p>
                            <strong>"Someone else changed this record"</strong>
                            " since you opened it, so it was not deleted. Reload to see their version."
                        </p>
                        <button type="button" class="button" on:click=move |_| reload.run(())>"Reload"</button>
                    </div>
                }.into_any()
            } else {
                view! { <ErrorNote error/> }.into_any()
            }
        })}
    }
}

/// Brings the record back from the trash, says so and shows it again.
fn restore_action<R: Resource>(
    id: String,
    title: String,
    reload: Callback<()>,
) -> Action<(), Result<(), ApiError>> {
    let session = expect_context::<Session>();
    let toasts = expect_context::<Toasts>();
    Action::new_local(move |()| {
        let (id, title, toasts) = (id.clone(), title.clone(), toasts.clone());
        async move {
            api::restore::<R>(&session, &id).await?;
            toasts.show(Toast {
                message: format!("“{title}” was restored."),
                action: None,
            });
            reload.try_run(());
            Ok(())
        }
    })
}

/// Deleting a record with a way back: on success it goes to the list and offers Undo, which
/// restores the record and returns to it. The deletion names the version shown (`If-Match`),
/// so a record someone else changed meanwhile is not deleted unseen.
pub fn delete_with_undo<R: Resource>(shown: Versioned<R>) -> Action<(), Result<(), ApiError>> {
    let session = expect_context::<Session>();
    let toasts = expect_context::<Toasts>();
    let navigate = use_navigate();
    Action::new_local(move |()| {
        let (shown, navigate, toasts) = (shown.clone(), navigate.clone(), toasts.clone());
        async move {
            let id = shown.record.id().to_owned();
            api::delete::<R>(&session, &id, &shown.etag).await?;
            let back = navigate.clone();
            let shown_toasts = toasts.clone();
            let undo = toasts.action(move || {
                let (id, back, toasts) = (id.clone(), back.clone(), shown_toasts.clone());
                leptos::task::spawn_local(async move {
                    match api::restore::<R>(&session, &id).await {
                        Ok(_) => back(&format!("/{}/{id}", R::PATH), NavigateOptions::default()),
                        Err(error) => toasts.show(Toast {
                            message: error.message(),
                            action: None,
                        }),
                    }
                });
            });
            toasts.show(Toast {
                message: format!("“{}” was deleted.", shown.record.title()),
                action: Some(("Undo", undo)),
            });
            navigate(&format!("/{}", R::PATH), NavigateOptions::default());
            Ok(())
        }
    })
}
