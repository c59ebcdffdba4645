//! Deleting a record with a way back: the toast's Undo restores it and returns to it.

use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use leptos_router::NavigateOptions;

use super::status::{Toast, Toasts};
use crate::api::{self, Session};

/// A click handler that moves the record `id` of `collection` (`accounts`, `contacts`) to the
/// trash, goes to the list and offers Undo; `failure` receives the reason if it cannot.
pub fn delete_with_undo(
    collection: &'static str,
    id: String,
    name: String,
    failure: RwSignal<Option<String>>,
) -> impl Fn(leptos::ev::MouseEvent) + Clone + 'static {
    let session = expect_context::<Session>();
    let toasts = expect_context::<Toasts>();
    let navigate = use_navigate();
    move |_| {
        let (id, name, navigate) = (id.clone(), name.clone(), navigate.clone());
        leptos::task::spawn_local(async move {
            if let Err(error) = api::delete(&session, collection, &id).await {
                failure.set(Some(error.message()));
                return;
            }
            let back = navigate.clone();
            let undo = Callback::new(move |()| {
                let (id, back) = (id.clone(), back.clone());
                leptos::task::spawn_local(async move {
                    match api::restore(&session, collection, &id).await {
                        Ok(()) => back(&format!("/{collection}/{id}"), NavigateOptions::default()),
                        Err(error) => toasts.show(Toast {
                            message: error.message(),
                            action: None,
                        }),
                    }
                });
            });
            toasts.show(Toast {
                message: format!("“{name}” was deleted."),
                action: Some(("Undo", undo)),
            });
            navigate(&format!("/{collection}"), NavigateOptions::default());
        });
    }
}
