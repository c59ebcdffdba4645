//! Loading, empty and error states, the conflict banner and the toast with its undo.

use leptos::prelude::*;

use crate::api::ApiError;

/// Shown while data loads.
#[component]
pub fn Loading(
    /// What is loading, for screen readers.
    #[prop(default = "Loading")]
    what: &'static str,
) -> impl IntoView {
    view! {
        <div class="loading" role="status" aria-live="polite">
            <span class="spinner" aria-hidden="true"></span>
            <span>{what}"…"</span>
        </div>
    }
}

/// Shown when a list has nothing.
#[component]
pub fn Empty(
    /// The headline.
    title: String,
    /// What to do about it.
    #[prop(optional)]
    children: Option<Children>,
) -> impl IntoView {
    view! {
        <div class="empty">
            <p class="empty-title">{title}</p>
            {children.map(|c| c())}
        </div>
    }
}

/// A failed load or save, with the server's explanation.
#[component]
pub fn ErrorNote(
    /// The failure.
    error: ApiError,
) -> impl IntoView {
    let title = match error.status() {
        Some(404) => "Not found",
        Some(403) => "Not allowed",
        _ => "Something went wrong",
    };
    view! {
        <div class="error-note" role="alert">
            <strong>{title}</strong>
            <p>{error.message()}</p>
        </div>
    }
}

/// Someone else saved the record first (412): say so and offer to reload.
#[component]
pub fn ConflictBanner(
    /// Reloads the record, dropping the unsaved changes.
    on_reload: Callback<()>,
) -> impl IntoView {
    view! {
        <div class="conflict" role="alert">
            <p>
                <strong>"Someone else changed this record"</strong>
                " while you were editing it. Reload to see their version, then make your change again."
            </p>
            <button type="button" class="button" on:click=move |_| on_reload.run(())>
                "Reload"
            </button>
        </div>
    }
}

/// A short message at the bottom of the screen, possibly with one action (undo).
#[derive(Clone)]
pub struct Toast {
    /// What happened.
    pub message: String,
    /// The action's label and what it does.
    pub action: Option<(&'static str, Callback<()>)>,
}

/// The toast being shown; shared through the context.
#[derive(Clone, Copy)]
pub struct Toasts(pub RwSignal<Option<Toast>>);

impl Toasts {
    /// Shows a toast for eight seconds.
    pub fn show(&self, toast: Toast) {
        let signal = self.0;
        signal.set(Some(toast));
        let shown = signal.with_untracked(|t| t.as_ref().map(|t| t.message.clone()));
        set_timeout(
            move || {
                if signal.with_untracked(|t| t.as_ref().map(|t| t.message.clone())) == shown {
                    signal.set(None);
                }
            },
            std::time::Duration::from_secs(8),
        );
    }
}

/// Where toasts appear.
#[component]
pub fn ToastArea() -> impl IntoView {
    let toasts = expect_context::<Toasts>();
    view! {
        <div class="toast-area" role="status" aria-live="polite">
            {move || {
                toasts
                    .0
                    .get()
                    .map(|toast| {
                        view! {
                            <div class="toast">
                                <span>{toast.message.clone()}</span>
                                {toast
                                    .action
                                    .map(|(label, run)| {
                                        view! {
                                            <button
                                                type="button"
                                                class="link-button"
                                                on:click=move |_| {
                                                    toasts.0.set(None);
                                                    run.run(());
                                                }
                                            >
                                                {label}
                                            </button>
                                        }
                                    })}
                                <button
                                    type="button"
                                    class="toast-close"
                                    aria-label="Dismiss"
                                    on:click=move |_| toasts.0.set(None)
                                >
                                    "×"
                                </button>
                            </div>
                        }
                    })
            }}
        </div>
    }
}
