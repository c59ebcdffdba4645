//! Mailboxes (admins): the list, the form, and a mailbox's page with the address its mail is
//! posted to and the mail that arrived; and the note on a ticket's messages that came by email.

use api_types::mail::{CreateMailbox, InboundEmail, Mailbox, UpdateMailbox};
use api_types::Patch;
use leptos::prelude::*;
use leptos_router::components::A;

use crate::api::{self, mail, users, ApiError, Session};
use crate::components::field::{FieldErrors, TextField};
use crate::components::list_nav::{list_page, ListNav, ListState};
use crate::components::list_parts::{empty_or_first, list_results, ShowDeleted};
use crate::components::record_form::{record_form, FormValues};
use crate::components::record_page::{record_page, RecordView};
use crate::components::shell::set_crumbs;
use crate::components::status::{ErrorNote, Loading, Toast, Toasts};
use crate::format;

/// The mailboxes.
#[component]
pub fn MailboxList() -> impl IntoView {
    set_crumbs(vec![
        ("Settings".into(), Some("/settings".into())),
        ("Mailboxes".into(), None),
    ]);
    let (current, page, nav) = list_page::<Mailbox>(false);
    view! {
        <section class="page">
            <div class="page-head">
                <h1>{move || if current().deleted() { "Deleted mailboxes" } else { "Mailboxes" }}</h1>
                <A href="/mailboxes/new" attr:class="button primary">"New mailbox"</A>
            </div>
            <p class="muted">"Support addresses whose mail opens "<A href="/tickets">"tickets"</A>", and whose customers' replies land on them."</p>
            <div class="toolbar">
                <ShowDeleted nav/>
            </div>
            {list_results(nav, current, page, empty, Callback::new(|()| ()), rows)}
        </section>
    }
}

fn empty(state: &ListState<Mailbox>, _: Callback<()>) -> AnyView {
    empty_or_first(
        state.deleted(),
        "No mailboxes yet",
        "/mailboxes/new",
        "Set up the first mailbox",
    )
}

fn rows(mailboxes: Vec<Mailbox>, _: ListNav<Mailbox>) -> AnyView {
    view! {
        <div class="table-wrap">
            <table class="records" aria-label="Mailboxes">
                <thead>
                    <tr>
                        <th scope="col">"Name"</th>
                        <th scope="col">"Address"</th>
                        <th scope="col">"Takes mail"</th>
                        <th scope="col">"Created"</th>
                    </tr>
                </thead>
                <tbody>
                    {mailboxes.into_iter().map(|m| view! {
                        <tr>
                            <td class="primary-cell"><A href=format!("/mailboxes/{}", m.id)>{m.name.clone()}</A></td>
                            <td data-label="Address">{m.address.clone()}</td>
                            <td data-label="Takes mail">{if m.active { "Yes" } else { "No" }}</td>
                            <td data-label="Created">{format::date(&m.created_at)}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
    .into_any()
}

/// The mailbox form's values.
#[derive(Clone, Copy)]
pub struct Values {
    session: Session,
    name: RwSignal<String>,
    address: RwSignal<String>,
    /// The team's id, or "".
    team: RwSignal<String>,
    active: RwSignal<bool>,
}

impl FormValues<Mailbox> for Values {
    fn new(session: Session) -> Self {
        Self {
            session,
            name: RwSignal::new(String::new()),
            address: RwSignal::new(String::new()),
            team: RwSignal::new(String::new()),
            active: RwSignal::new(true),
        }
    }

    fn fill(&self, m: &Mailbox) {
        self.name.set(m.name.clone());
        self.address.set(m.address.clone());
        self.team.set(m.team_id.clone().unwrap_or_default());
        self.active.set(m.active);
    }

    fn body(&self) -> Result<CreateMailbox, Vec<(String, String)>> {
        let mut errors = Vec::new();
        let name = self.name.get_untracked().trim().to_owned();
        if name.is_empty() {
            errors.push(("/name".to_owned(), "is required".to_owned()));
        }
        let address = self.address.get_untracked();
        if let Err(e) = domain::Email::parse("/address", &address) {
            errors.push(("/address".to_owned(), e.detail));
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        let team = self.team.get_untracked();
        Ok(CreateMailbox {
            name,
            address: address.trim().to_owned(),
            team_id: (!team.is_empty()).then_some(team),
            active: Some(self.active.get_untracked()),
        })
    }

    fn update(body: CreateMailbox) -> UpdateMailbox {
        UpdateMailbox {
            name: Some(body.name),
            address: Some(body.address),
            team_id: Patch::set(body.team_id),
            active: body.active,
        }
    }

    fn fields(self, errors: FieldErrors) -> AnyView {
        let v = self;
        let session = v.session;
        let teams = LocalResource::new(move || async move { users::teams(&session).await });
        view! {
            <fieldset>
                <legend>"Mailbox"</legend>
                <TextField label="Name" pointer="/name" value=v.name errors=errors required=true
                    hint="What agents call it, such as Support"/>
                <TextField label="Address" pointer="/address" value=v.address errors=errors kind="email" required=true
                    hint="The address customers write to"/>
                <div class="field">
                    <label for="mailbox-team">"Team"</label>
                    <Suspense fallback=|| view! { <Loading/> }>
                        {move || Suspend::new(async move {
                            let teams = teams.await.unwrap_or_default();
                            view! {
                                <select id="mailbox-team" on:change=move |ev| v.team.set(event_target_value(&ev))
                                    prop:value=move || v.team.get()>
                                    <option value="">"None: new tickets wait unrouted"</option>
                                    {teams.into_iter().map(|t| view! { <option value=t.id.clone()>{t.name.clone()}</option> }).collect_view()}
                                </select>
                            }
                        })}
                    </Suspense>
                    <p class="hint">"New tickets from this mailbox join the team's queue."</p>
                </div>
                <label class="checkbox"><input type="checkbox" prop:checked=move || v.active.get()
                    on:change=move |ev| v.active.set(event_target_checked(&ev))/>"Takes mail"</label>
            </fieldset>
        }
        .into_any()
    }
}

/// The form adding a mailbox, or (`editing`) changing one.
pub fn mailbox_form(editing: bool) -> impl IntoView {
    record_form::<Mailbox, Values>(editing)
}

/// A mailbox: where its mail is posted, and the mail that arrived.
pub fn mailbox_page() -> impl IntoView {
    record_page(RecordView {
        load: |session, id| Box::pin(async move { api::one::<Mailbox>(&session, &id).await }),
        record: |found| found.clone(),
        trail: |_| vec![("Settings".into(), Some("/settings".into()))],
        head: |found| {
            let state = if found.record.active {
                "Takes mail"
            } else {
                "Switched off: its mail is refused, so the provider keeps it"
            };
            view! { <p class="muted">{format!("{} · {state}", found.record.address)}</p> }
                .into_any()
        },
        body: |found, reload| view! { <MailboxDetails mailbox=found.record reload/> }.into_any(),
        impact: |_| {
            vec!["Its mail is refused while it is in the trash; the provider keeps it and tries again.".into()]
        },
    })
}

#[component]
fn MailboxDetails(mailbox: Mailbox, reload: Callback<()>) -> impl IntoView {
    let session = expect_context::<Session>();
    let toasts = expect_context::<Toasts>();
    let origin = web_sys::window()
        .and_then(|w| w.location().origin().ok())
        .unwrap_or_default();
    let url = format!("{origin}{}", mailbox.inbound_path);
    let copied = url.clone();
    let copy_toasts = toasts.clone();
    let copy = move |_| copy_toasts.copy(&copied, "Address copied.");
    let asking = RwSignal::new(false);
    let problem = RwSignal::new(None::<ApiError>);
    let id = mailbox.id.clone();
    let rotate = Action::new_local(move |(): &()| {
        let (id, toasts) = (id.clone(), toasts.clone());
        async move {
            match mail::rotate(&session, &id).await {
                Ok(_) => {
                    asking.set(false);
                    toasts.show(Toast {
                        message: "The mailbox has a new address: give it to your mail provider."
                            .into(),
                        action: None,
                    });
                    reload.try_run(());
                }
                Err(error) => problem.set(Some(error)),
            }
        }
    });
    view! {
        <div class="columns">
            <section class="card wide" aria-labelledby="mailbox-inbound">
                <h2 id="mailbox-inbound">"Where its mail goes"</h2>
                <p class="muted">"Point your mail provider's inbound webhook, or a forwarding rule, at this address. It takes a raw message (message/rfc822), JSON or a provider's form. Keep it secret: anyone holding it can post mail."</p>
                <pre class="snippet"><code id="inbound-url">{url}</code></pre>
                <div class="form-actions">
                    <button type="button" class="button" on:click=copy>"Copy the address"</button>
                    <Show when=move || asking.get()
                        fallback=move || view! {
                            <button type="button" class="button subtle" on:click=move |_| asking.set(true)>"New secret address"</button>
                        }>
                        <p role="alert">
                            "The current address stops working at once. "
                            <button type="button" class="button small danger" disabled=move || rotate.pending().get()
                                on:click=move |_| { rotate.dispatch(()); }>"Replace it"</button>" "
                            <button type="button" class="button small subtle" on:click=move |_| asking.set(false)>"Keep it"</button>
                        </p>
                    </Show>
                </div>
                {move || problem.get().map(|error| view! { <ErrorNote error retry=None/> })}
            </section>
            <crate::pages::mailbox_imap::ImapCard mailbox=mailbox.id.clone()/>
            <MailboxMail mailbox=mailbox.id.clone()/>
        </div>
    }
}

/// The choices of the mail list's filter: an outcome, and how it reads.
const OUTCOMES: [(&str, &str); 7] = [
    ("", "All mail"),
    ("opened", "Mail that opened a ticket"),
    ("replied", "Replies on tickets"),
    ("ignored", "Automatic replies and bulk mail"),
    ("blocked", "Mail from blocked senders"),
    ("unreadable", "Unreadable mail"),
    ("refused", "Mail a ticket refused"),
];

/// What a message became, in words.
fn outcome_text(email: &InboundEmail) -> String {
    match email.outcome.as_str() {
        "opened" => "Opened a ticket".into(),
        "replied" => "Replied on a ticket".into(),
        "ignored" if email.sender == "bulk" => "Ignored: bulk mail".into(),
        "ignored" => "Ignored: an automatic reply".into(),
        "blocked" => "Blocked sender".into(),
        "unreadable" => format!(
            "Unreadable: {}",
            email
                .detail
                .clone()
                .unwrap_or_else(|| "not a message".into())
        ),
        "refused" => format!(
            "Refused: {}",
            email
                .detail
                .clone()
                .unwrap_or_else(|| "the ticket would not take it".into())
        ),
        other => other.to_owned(),
    }
}

/// The mail that reached a mailbox, newest first; or only what opened nothing.
#[component]
fn MailboxMail(mailbox: String) -> impl IntoView {
    let session = expect_context::<Session>();
    let outcome = RwSignal::new(String::new());
    let mail = LocalResource::new(move || {
        let mailbox = mailbox.clone();
        let outcome = outcome.get();
        async move {
            mail::emails(
                &session,
                &mailbox,
                (!outcome.is_empty()).then_some(outcome.as_str()),
            )
            .await
        }
    });
    view! {
        <section class="card wide" aria-labelledby="mailbox-mail">
            <h2 id="mailbox-mail">"Mail"</h2>
            <div class="field">
                <label for="mail-outcome">"Show"</label>
                <select id="mail-outcome" on:change=move |ev| outcome.set(event_target_value(&ev)) prop:value=move || outcome.get()>
                    {OUTCOMES.iter().map(|(value, label)| view! { <option value=*value>{*label}</option> }).collect_view()}
                </select>
            </div>
            <Suspense fallback=|| view! { <Loading what="Loading the mail"/> }>
                {move || Suspend::new(async move {
                    match mail.await {
                        Err(error) => view! { <ErrorNote error retry=None/> }.into_any(),
                        Ok(page) if page.items.is_empty() => view! { <p class="muted">"No mail yet."</p> }.into_any(),
                        Ok(page) => view! {
                            <div class="table-wrap">
                                <table class="records" aria-label="Mail">
                                    <thead>
                                        <tr>
                                            <th scope="col">"Received"</th>
                                            <th scope="col">"From"</th>
                                            <th scope="col">"Subject"</th>
                                            <th scope="col">"What became of it"</th>
                                        </tr>
                                    </thead>
                                    <tbody>
                                        {page.items.into_iter().map(|email| {
                                            let became = outcome_text(&email);
                                            let ticket = email.ticket_id.clone().map(|t| view! {
                                                " " <A href=format!("/tickets/{t}")>"Open"</A>
                                            });
                                            view! {
                                                <tr>
                                                    <td class="primary-cell">{format::date_time(&email.received_at)}</td>
                                                    <td data-label="From">{email.from.clone().unwrap_or_else(|| "—".into())}</td>
                                                    <td data-label="Subject">{email.subject.clone().unwrap_or_default()}</td>
                                                    <td data-label="What became of it">{became}{ticket}" "<MailFiles email/></td>
                                                </tr>
                                            }
                                        }).collect_view()}
                                    </tbody>
                                </table>
                            </div>
                        }
                        .into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

/// A message's original and its files, each downloaded on a click.
#[component]
pub fn MailFiles(email: InboundEmail) -> impl IntoView {
    let session = expect_context::<Session>();
    let problem = RwSignal::new(None::<String>);
    let original = email.clone();
    let save_original = move |_| {
        let email = original.clone();
        problem.set(None);
        leptos::task::spawn_local(async move {
            if let Err(error) = mail::save_original(&session, &email).await {
                problem.set(Some(error.message()));
            }
        });
    };
    let blank = email.redacted_at.is_some();
    view! {
        <span class="mail-files">
            {(!blank).then(|| view! {
                <button type="button" class="link-button" on:click=save_original>"Original message"</button>
            })}
            {email.attachments.into_iter().map(|file| {
                let label = format!("{} ({})", file.filename, format::file_size(file.size));
                let save = move |_| {
                    let file = file.clone();
                    problem.set(None);
                    leptos::task::spawn_local(async move {
                        if let Err(error) = mail::save_attachment(&session, &file).await {
                            problem.set(Some(error.message()));
                        }
                    });
                };
                view! { " · " <button type="button" class="link-button" on:click=save>{label}</button> }
            }).collect_view()}
            {move || problem.get().map(|p| view! { <span class="error" role="alert">" "{p}</span> })}
        </span>
    }
}

/// The note on a message that came by email: the original and the files it carried.
#[component]
pub fn CameByEmail(
    /// The mail itself, when known.
    #[prop(optional)]
    email_id: Option<String>,
    /// Otherwise the ticket whose opening mail it is.
    #[prop(optional)]
    ticket_id: Option<String>,
) -> impl IntoView {
    let session = expect_context::<Session>();
    let found = LocalResource::new(move || {
        let (email_id, ticket_id) = (email_id.clone(), ticket_id.clone());
        async move {
            match (email_id, ticket_id) {
                (Some(id), _) => mail::email(&session, &id).await.map(Some),
                (None, Some(ticket)) => Ok(mail::of_ticket(&session, &ticket)
                    .await?
                    .into_iter()
                    .find(|e| e.outcome == "opened")),
                (None, None) => Ok(None),
            }
        }
    });
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                found.await.ok().flatten().map(|email| view! {
                    <p class="mail-note muted"><span class="badge">"By email"</span>" "<MailFiles email/></p>
                })
            })}
        </Suspense>
    }
}
