//! Files in the portal: those a customer attaches to a new ticket or a reply, and the files
//! of a ticket's description and messages to download.

use api_types::portal::PortalAttachment;
use leptos::prelude::*;
use web_shared::format;

use super::{explain, PageTasks};
use crate::api::Portal;

/// The most files one message carries (the server's rule too).
const MAX_FILES: usize = domain::attachment::MAX_PER_MESSAGE;

/// The files attached to a ticket or a reply being written: those uploaded, how many are on
/// their way, and what went wrong.
#[derive(Clone, Copy)]
pub struct Attached {
    done: RwSignal<Vec<PortalAttachment>>,
    uploading: RwSignal<usize>,
    problems: RwSignal<Vec<String>>,
    /// While they are being sent: no file is added or taken off meanwhile.
    sending: RwSignal<bool>,
}

impl Attached {
    /// None yet.
    pub fn new() -> Self {
        Self {
            done: RwSignal::new(Vec::new()),
            uploading: RwSignal::new(0),
            problems: RwSignal::new(Vec::new()),
            sending: RwSignal::new(false),
        }
    }

    /// Whether a file is still on its way (sending waits for it).
    pub fn busy(&self) -> bool {
        self.uploading.get() > 0
    }

    /// The ids to send, held as they are until [`Attached::sent`] or [`Attached::kept`].
    pub fn send(&self) -> Vec<String> {
        self.sending.set(true);
        self.done
            .with_untracked(|d| d.iter().map(|a| a.id.clone()).collect())
    }

    /// They were sent.
    pub fn sent(&self) {
        self.done.set(Vec::new());
        self.problems.set(Vec::new());
        self.sending.set(false);
    }

    /// They were not sent: they stay, to send again.
    pub fn kept(&self) {
        self.sending.set(false);
    }
}

/// "Attach files" (its file input `id`), and the files attached so far, each of which can be
/// taken off again.
#[component]
pub fn AttachFiles(files: Attached, id: &'static str) -> impl IntoView {
    let portal = expect_context::<Portal>();
    let tasks = PageTasks::new();
    let Attached {
        done,
        uploading,
        problems,
        sending,
    } = files;
    let chosen = move |ev: leptos::ev::Event| {
        let input: web_sys::HtmlInputElement = event_target(&ev);
        let Some(list) = input.files() else { return };
        let picked: Vec<web_sys::File> = (0..list.length()).filter_map(|i| list.get(i)).collect();
        input.set_value("");
        problems.set(Vec::new());
        let room =
            MAX_FILES.saturating_sub(done.with_untracked(Vec::len) + uploading.get_untracked());
        if picked.len() > room {
            problems.update(|p| p.push(format!("At most {MAX_FILES} files can be sent at once.")));
        }
        for file in picked.into_iter().take(room) {
            uploading.update(|n| *n += 1);
            tasks.spawn(async move {
                match portal.upload(&file).await {
                    Ok(attachment) => done.update(|d| d.push(attachment)),
                    Err(error) => {
                        let why = if error.status() == Some(413) {
                            "it is larger than we accept".to_owned()
                        } else {
                            explain(&error)
                        };
                        problems
                            .update(|p| p.push(format!("{} was not attached: {why}", file.name())));
                    }
                }
                uploading.update(|n| *n -= 1);
            });
        }
    };
    let remove = move |attachment: PortalAttachment| {
        done.update(|d| d.retain(|a| a.id != attachment.id));
        // Left for the server's tidying if this fails.
        tasks.spawn(async move { portal.discard(&attachment).await });
    };
    view! {
        <div class="attach">
            <label class="button" for=id>"Attach files"</label>
            <input type="file" id=id class="visually-hidden" multiple=true on:change=chosen disabled=sending/>
            <span class="hint" role="status">{move || if files.busy() { "Uploading…" } else { "" }}</span>
            <ul class="files" aria-label="Attached files" aria-live="polite">
                <For each=move || done.get() key=|a| a.id.clone() let:attachment>
                    <li>
                        {attachment.filename.clone()} " " <span class="hint">{format::file_size(attachment.size)}</span> " "
                        <button type="button" class="link" aria-label=format!("Remove {}", attachment.filename)
                            disabled=sending on:click=move |_| remove(attachment.clone())>"Remove"</button>
                    </li>
                </For>
            </ul>
            {move || problems.get().into_iter().map(|p| view! { <p class="error" role="alert">{p}</p> }).collect_view()}
        </div>
    }
}

/// A description's or a message's files, each saved on a click.
#[component]
pub fn MessageFiles(attachments: Vec<PortalAttachment>) -> impl IntoView {
    let portal = expect_context::<Portal>();
    let problem = RwSignal::new(None::<String>);
    let save = move |attachment: PortalAttachment| {
        problem.set(None);
        // Not one of the page's tasks: a refreshed conversation must not cancel a download
        // (only a signal is set after it, which does nothing once the list is gone).
        leptos::task::spawn_local(async move {
            if let Err(error) = portal.download(&attachment).await {
                problem.set(Some(explain(&error)));
            }
        });
    };
    (!attachments.is_empty()).then(|| {
        view! {
            <ul class="files" aria-label="Files">
                {attachments.into_iter().map(|attachment| {
                    let label = attachment.filename.clone();
                    let size = format::file_size(attachment.size);
                    view! {
                        <li>
                            <button type="button" class="link" title="Download"
                                on:click=move |_| save(attachment.clone())>{label}</button>
                            " " <span class="hint">{size}</span>
                        </li>
                    }
                }).collect_view()}
            </ul>
            {move || problem.get().map(|p| view! { <p class="error" role="alert">{p}</p> })}
        }
    })
}
