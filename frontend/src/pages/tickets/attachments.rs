//! Files on the ticket page: the composer's uploads waiting to be sent, and a message's
//! files to download.

use api_types::attachments::Attachment;
use leptos::prelude::*;

use super::problem_sentence;
use crate::api::{tickets, Session};
use crate::format;

/// The most files one message carries (the server's rule too).
const MAX_FILES: usize = domain::attachment::MAX_PER_MESSAGE;

/// The composer's uploads: those done, how many are on their way, and what went wrong.
#[derive(Clone, Copy)]
pub struct Uploads {
    session: Session,
    done: RwSignal<Vec<Attachment>>,
    uploading: RwSignal<usize>,
    problems: RwSignal<Vec<String>>,
}

impl Uploads {
    /// None yet.
    pub fn new(session: Session) -> Self {
        Self {
            session,
            done: RwSignal::new(Vec::new()),
            uploading: RwSignal::new(0),
            problems: RwSignal::new(Vec::new()),
        }
    }

    /// Whether a file is still on its way (the message waits for it).
    pub fn busy(&self) -> bool {
        self.uploading.get() > 0
    }

    /// The ids to send with the message.
    pub fn ids(&self) -> Vec<String> {
        self.done
            .with_untracked(|d| d.iter().map(|a| a.id.clone()).collect())
    }

    /// The message went, with the files.
    pub fn sent(&self) {
        self.done.set(Vec::new());
        self.problems.set(Vec::new());
    }

    /// Uploads each of `files`, up to the most a message carries.
    fn add(self, files: Vec<web_sys::File>) {
        self.problems.set(Vec::new());
        let room = MAX_FILES
            .saturating_sub(self.done.with_untracked(Vec::len) + self.uploading.get_untracked());
        if files.len() > room {
            self.problems.update(|p| {
                p.push(format!("A message carries at most {MAX_FILES} files."));
            });
        }
        for file in files.into_iter().take(room) {
            self.uploading.update(|n| *n += 1);
            leptos::task::spawn_local(async move {
                match tickets::upload(&self.session, &file).await {
                    Ok(attachment) => self.done.update(|d| d.push(attachment)),
                    Err(error) => {
                        let why = if error.status() == Some(413) {
                            "it is larger than your organization allows".to_owned()
                        } else {
                            problem_sentence(&error)
                        };
                        self.problems
                            .update(|p| p.push(format!("{} was not attached: {why}", file.name())));
                    }
                }
                self.uploading.update(|n| *n -= 1);
            });
        }
    }

    /// Takes `attachment` off the message and discards the upload.
    fn remove(self, attachment: Attachment) {
        self.done.update(|d| d.retain(|a| a.id != attachment.id));
        leptos::task::spawn_local(async move {
            // Left for the server's tidying if this fails.
            let _ = tickets::discard(&self.session, &attachment).await;
        });
    }
}

/// The composer's "Attach files" and the files attached so far.
#[component]
pub fn AttachFiles(files: Uploads) -> impl IntoView {
    let chosen = move |ev: leptos::ev::Event| {
        let input: web_sys::HtmlInputElement = event_target(&ev);
        let Some(list) = input.files() else { return };
        let picked = (0..list.length()).filter_map(|i| list.get(i)).collect();
        input.set_value("");
        files.add(picked);
    };
    view! {
        <div class="attach">
            <label class="button subtle small" for="message-files">"Attach files"</label>
            <input type="file" id="message-files" class="visually-hidden" multiple=true on:change=chosen/>
            {move || files.busy().then(|| view! { <span class="muted">"Uploading…"</span> })}
            <ul class="attachments" aria-label="Attached files">
                <For each=move || files.done.get() key=|a| a.id.clone() let:attachment>
                    <li class="attachment">
                        <span class="name">{attachment.filename.clone()}</span>
                        " " <span class="muted">{format::file_size(attachment.size)}</span> " "
                        <button type="button" class="link-button"
                            aria-label=format!("Remove {}", attachment.filename)
                            on:click=move |_| files.remove(attachment.clone())>"Remove"</button>
                    </li>
                </For>
            </ul>
            {move || files.problems.get().into_iter().map(|p| view! { <p class="error" role="alert">{p}</p> }).collect_view()}
        </div>
    }
}

/// A message's files, each downloaded on a click.
#[component]
pub fn MessageFiles(attachments: Vec<Attachment>) -> impl IntoView {
    let session = expect_context::<Session>();
    let problem = RwSignal::new(None::<String>);
    let save = move |attachment: Attachment| {
        problem.set(None);
        leptos::task::spawn_local(async move {
            if let Err(error) = tickets::download(&session, &attachment).await {
                problem.set(Some(problem_sentence(&error)));
            }
        });
    };
    (!attachments.is_empty()).then(|| {
        view! {
            <ul class="attachments" aria-label="Files">
                {attachments.into_iter().map(|attachment| {
                    let label = attachment.filename.clone();
                    let size = format::file_size(attachment.size);
                    view! {
                        <li class="attachment">
                            <button type="button" class="link-button" title="Download"
                                on:click=move |_| save(attachment.clone())>{label}</button>
                            " " <span class="muted">{size}</span>
                        </li>
                    }
                }).collect_view()}
            </ul>
            {move || problem.get().map(|p| view! { <p class="error" role="alert">{p}</p> })}
        }
    })
}
