//! Loading, empty and error states, the conflict banner and the toast with its undo.

use leptos::error::Errors;
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

/// A failed load or save, in words for the user, with a Retry where trying again may help.
#[component]
pub fn ErrorNote(
    /// The failure.
    error: ApiError,
    /// Tries again; offered when the failure may pass (network, server).
    #[prop(default = None)]
    retry: Option<Callback<()>>,
) -> impl IntoView {
    let title = match error.status() {
        Some(404) => "Not found",
        Some(403) => "Not allowed",
        Some(500..=599) | None => "Something went wrong",
        _ => "This did not work",
    };
    let retry = retry.filter(|_| error.retryable());
    view! {
        <div class="error-note" role="alert">
            <strong>{title}</strong>
            <p>{error.message()}</p>
            {retry.map(|retry| view! {
                <button type="button" class="button small" on:click=move |_| retry.run(())>"Try again"</button>
            })}
        </div>
    }
}

/// What an `ErrorBoundary` caught: each failure in words for the user, with `retry`.
#[component]
pub fn Problems(
    /// The errors.
    errors: ArcRwSignal<Errors>,
    /// Loads again.
    #[prop(default = None)]
    retry: Option<Callback<()>>,
) -> impl IntoView {
    move || {
        errors
            .get()
            .into_iter()
            .map(|(_, error)| match error.downcast_ref::<ApiError>() {
                Some(error) => view! { <ErrorNote error=error.clone() retry/> }.into_any(),
                None => view! {
                    <div class="error-note" role="alert">
                        <strong>"Something went wrong"</strong>
                        <p>{crate::api::sentence(&error.to_string())}</p>
                    </div>
                }
                .into_any(),
            })
            .collect_view()
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

/// Asks before an action that cannot be taken back at once (a deletion), saying what it will
/// affect. A native modal dialog: it keeps the focus inside, Escape closes it, and the focus
/// returns to where it was.
#[component]
pub fn ConfirmDialog(
    /// Whether it is shown.
    open: RwSignal<bool>,
    /// The question.
    title: String,
    /// What the action will do, one sentence each.
    lines: Vec<String>,
    /// The confirming button's label.
    confirm: &'static str,
    /// Runs when confirmed.
    on_confirm: Callback<()>,
) -> impl IntoView {
    let dialog = NodeRef::<leptos::html::Dialog>::new();
    // Each dialog's title has its own id: a page may hold several.
    static MADE: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let title_id = format!(
        "confirm-title-{}",
        MADE.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
    );
    Effect::new(move |_| {
        let Some(element) = dialog.get() else { return };
        if open.get() {
            if !element.open() {
                let _ = element.show_modal();
            }
        } else if element.open() {
            element.close();
        }
    });
    view! {
        <dialog node_ref=dialog class="confirm" aria-labelledby=title_id.clone()
            on:close=move |_| open.set(false)>
            <h2 id=title_id.clone()>{title}</h2>
            {lines.into_iter().map(|line| view! { <p>{line}</p> }).collect_view()}
            <div class="form-actions">
                <button type="button" class="button danger-solid" on:click=move |_| {
                    open.set(false);
                    on_confirm.run(());
                }>{confirm}</button>
                <button type="button" class="button subtle" autofocus on:click=move |_| open.set(false)>"Cancel"</button>
            </div>
        </dialog>
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
#[derive(Clone)]
pub struct Toasts {
    shown: RwSignal<Option<Toast>>,
    /// The app's owner: a toast's action outlives the page that offered it.
    owner: Owner,
}

impl Toasts {
    /// No toast yet; to be made by the app, whose owner lives as long as the app.
    pub fn new() -> Self {
        Self {
            shown: RwSignal::new(None),
            owner: Owner::current().unwrap_or_default(),
        }
    }

    /// Puts `text` on the clipboard and, once it is there, says so with `message` (or that
    /// the browser refused).
    pub fn copy(&self, text: &str, message: &str) {
        let Some(window) = web_sys::window() else {
            return;
        };
        let written = window.navigator().clipboard().write_text(text);
        let (toasts, message) = (self.clone(), message.to_owned());
        leptos::task::spawn_local(async move {
            let message = match wasm_bindgen_futures::JsFuture::from(written).await {
                Ok(_) => message,
                Err(_) => "The browser would not copy it: select the text and copy it.".to_owned(),
            };
            toasts.show(Toast {
                message,
                action: None,
            });
        });
    }

    /// An action for a toast, kept alive by the app rather than by the page that offers it
    /// (an Undo runs after its page is gone).
    pub fn action(&self, run: impl Fn() + Send + Sync + 'static) -> Callback<()> {
        self.owner.with(|| Callback::new(move |()| run()))
    }

    /// Says that `what` was taken away, with an Undo that runs `restore` and then `reload` (if
    /// the page that offered it is still there), or says why it could not be brought back.
    pub fn removed<F, Fut>(&self, message: String, what: String, restore: F, reload: Callback<()>)
    where
        F: Fn() -> Fut + Send + Sync + 'static,
        Fut: std::future::Future<Output = Result<(), ApiError>> + 'static,
    {
        let toasts = self.clone();
        let undo = self.action(move || {
            let (toasts, what, done) = (toasts.clone(), what.clone(), restore());
            leptos::task::spawn_local(async move {
                match done.await {
                    Ok(()) => {
                        reload.try_run(());
                    }
                    Err(error) => toasts.show(Toast {
                        message: format!("“{what}” could not be brought back: {}", error.message()),
                        action: None,
                    }),
                }
            });
        });
        self.show(Toast {
            message,
            action: Some(("Undo", undo)),
        });
    }

    /// Shows a toast for eight seconds.
    pub fn show(&self, toast: Toast) {
        let signal = self.shown;
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
    let shown = expect_context::<Toasts>().shown;
    view! {
        <div class="toast-area" role="status" aria-live="polite">
            {move || {
                shown
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
                                                    shown.set(None);
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
                                    on:click=move |_| shown.set(None)
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
