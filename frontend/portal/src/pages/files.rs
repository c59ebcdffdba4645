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
}

impl Attached {
    /// None yet.
    pub fn new() -> Self {
        Self {
            done: RwSignal::new(Vec::new()),
            uploading: RwSignal::new(0),
            problems: RwSignal::new(Vec::new()),
        }
    }

    /// Whether a file is still on its way (sending waits for it).
    pub fn busy(&self) -> bool {
        self.uploading.get() > 0
    }

    /// The ids to send.
    pub fn ids(&self) -> Vec<String> {
        self.done
            .with_untracked(|d| d.iter().map(|a| a.id.clone()).collect())
    }

    /// They were sent.
    pub fn sent(&self) {
        self.done.set(Vec::new());
        self.problems.set(Vec::new());
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
            <input type="file" id=id class="visually-hidden" multiple=true on:change=chosen/>
            {move || files.busy().then(|| view! { <span class="hint">"Uploading…"</span> })}
            <ul class="files" aria-label="Attached files">
                <For each=move || done.get() key=|a| a.id.clone() let:attachment>
                    <li>
                        {attachment.filename.clone()} " " <span class="hint">{format::file_size(attachment.size)}</span> " "
                        <button type="button" class="link" aria-label=format!("Remove {}", attachment.filename)
                            on:click=move |_| remove(attachment.clone())>"Remove"</button>
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
    let tasks = PageTasks::new();
    let problem = RwSignal::new(None::<String>);
    let save = move |attachment: PortalAttachment| {
        problem.set(None);
        tasks.spawn(async move {
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
