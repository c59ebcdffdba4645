//! A record's page: what every record page does the same way (loading, the trail, the title,
//! Edit and Delete with undo, errors) around what the resource shows of itself.

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_params_map};
use leptos_router::NavigateOptions;

use super::shell::{Crumb, Crumbs};
use super::status::{Loading, Problems, Toast, Toasts};
use crate::api::{self, ApiError, Resource, Session, Versioned};

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
        ..
    } = page;
    let missing_crumb = list_crumb.clone();
    view! {
        <section class="page">
            <Transition fallback=move || view! { <Loading what="Loading"/> }>
                <ErrorBoundary fallback=move |errors| {
                    crumbs.set(vec![missing_crumb.clone(), ("Not found".into(), None)]);
                    view! { <Problems errors/> }
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
                                    view! {
                                        <RecordHead<R> shown head=head(&loaded) reload/>
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

/// The title, what the resource shows under it, and the actions on the record.
#[component]
fn RecordHead<R: Resource>(
    shown: Versioned<R>,
    head: AnyView,
    reload: Callback<()>,
) -> impl IntoView {
    let session = expect_context::<Session>();
    let writer = session.can(R::WRITE);
    let id = shown.record.id().to_owned();
    let delete = delete_with_undo::<R>(shown.clone());
    view! {
        <div class="page-head">
            <div>
                <h1>{shown.record.title()}</h1>
                {head}
            </div>
            {writer.then(|| view! {
                <div class="actions">
                    <A href=format!("/{}/{id}/edit", R::PATH) attr:class="button">"Edit"</A>
                    <button type="button" class="button danger"
                        disabled=move || delete.pending().get()
                        on:click=move |_| { delete.dispatch(()); }>
                        "Delete"
                    </button>
                </div>
            })}
        </div>
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
                view! { <p class="error-note" role="alert">{error.message()}</p> }.into_any()
            }
        })}
    }
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
