//! A partner's page: where its portal is, how it looks, the snippet its web site pastes, and
//! its single sign-on secret.

use api_types::portal::Partner;
use leptos::prelude::*;

use crate::api::{self, portal, ApiError, Session};
use crate::components::record_page::{record_page, RecordView};
use crate::components::status::{ErrorNote, Toast, Toasts};

/// A new single sign-on secret, kept by the page: the partner is read again at once (its
/// version changed), which draws the cards again, and the secret is shown only this once.
#[derive(Clone, Copy)]
struct NewSecret(RwSignal<Option<String>>);

/// A partner.
pub fn partner_page() -> impl IntoView {
    provide_context(NewSecret(RwSignal::new(None)));
    record_page(RecordView {
        load: |session, id| Box::pin(async move { api::one::<Partner>(&session, &id).await }),
        record: |found| found.clone(),
        trail: |_| {
            vec![
                ("Settings".into(), Some("/settings".into())),
                ("Partners".into(), Some("/partners".into())),
            ]
        },
        head: |found| {
            view! { <p class="muted">"Key "<code>{found.record.key.clone()}</code></p> }.into_any()
        },
        body: |found, reload| view! { <PartnerDetails partner=found.record reload/> }.into_any(),
        impact: |_| {
            vec!["Its portal stops answering while it is in the trash: its web sites show nothing, and its customers cannot sign in through it.".into()]
        },
    })
}

/// This page's origin, which the snippets and links start with.
fn own_origin() -> String {
    web_sys::window()
        .and_then(|w| w.location().origin().ok())
        .unwrap_or_default()
}

#[component]
fn PartnerDetails(partner: Partner, reload: Callback<()>) -> impl IntoView {
    let toasts = expect_context::<Toasts>();
    let origin = own_origin();
    let address = format!("{origin}/portal/{}", partner.key);
    let script = format!(
        "<div id=\"support-portal\"></div>\n<script src=\"{origin}/portal/embed.js\" data-partner=\"{key}\" data-target=\"#support-portal\" data-title=\"{name} support\" async></script>",
        key = partner.key,
        name = html_attribute(&partner.name),
    );
    let frame = format!(
        "<iframe src=\"{address}\" title=\"{name} support\" style=\"width:100%;min-height:720px;border:0\"></iframe>",
        name = html_attribute(&partner.name),
    );
    let features: Vec<&str> = [
        (partner.features.ticket_creation, "open tickets"),
        (partner.features.knowledge_base, "read the help articles"),
        (partner.features.assets, "see their products and contracts"),
    ]
    .into_iter()
    .filter_map(|(on, what)| on.then_some(what))
    .collect();
    let (copy_script, copy_frame) = (script.clone(), frame.clone());
    let (toasts_script, toasts_frame) = (toasts.clone(), toasts);
    let name = partner.name.clone();
    let writable = partner.deleted_at.is_none();
    view! {
        <div class="columns">
            <section class="card" aria-labelledby="partner-portal">
                <h2 id="partner-portal">"Portal"</h2>
                <dl class="details">
                    <dt>"Address"</dt>
                    <dd><a href=address.clone() target="_blank" rel="noopener">{address.clone()}</a></dd>
                    <dt>"Web sites"</dt>
                    <dd>{if partner.allowed_origins.is_empty() {
                        view! { <span class="muted">"None yet: no web site may show it, though it opens on its own."</span> }.into_any()
                    } else {
                        view! { <ul class="plain">{partner.allowed_origins.iter().map(|o| view! { <li>{o.clone()}</li> }).collect_view()}</ul> }.into_any()
                    }}</dd>
                    <dt>"Customers may"</dt>
                    <dd>{if features.is_empty() { "follow their tickets".to_owned() } else { format!("follow their tickets, {}", features.join(", ")) }}</dd>
                    <dt>"Language"</dt>
                    <dd>{partner.language.clone().unwrap_or_else(|| "—".into())}</dd>
                    <dt>"Ticket categories"</dt>
                    <dd>{if partner.ticket_categories.is_empty() { "None: customers are not asked".to_owned() } else { partner.ticket_categories.join(", ") }}</dd>
                    <dt>"Questions on a new ticket"</dt>
                    <dd>{if partner.ticket_fields.is_empty() {
                        view! { <span>"None"</span> }.into_any()
                    } else {
                        view! { <ol class="plain">{partner.ticket_fields.iter().map(|f| view! {
                            <li>{f.label.clone()}<span class="muted">{format!(" ({}{})", super::questions::kind_in_words(&f.kind, &f.options), if f.required { ", required" } else { "" })}</span></li>
                        }).collect_view()}</ol> }.into_any()
                    }}</dd>
                </dl>
            </section>
            <section class="card" aria-labelledby="partner-look">
                <h2 id="partner-look">"Look"</h2>
                <BrandPreview name=Signal::derive(move || name.clone())
                    accent=Signal::stored(partner.accent_color.clone())
                    logo=Signal::stored(partner.logo_url.clone())/>
            </section>
            <section class="card wide" aria-labelledby="partner-embed">
                <h2 id="partner-embed">"Embed it"</h2>
                <p class="muted">"Paste this where the portal belongs on a page of one of the web sites above. It shows the portal in a frame that grows with its content."</p>
                <pre class="snippet"><code id="embed-script">{script}</code></pre>
                <button type="button" class="button" on:click=move |_| toasts_script.copy(&copy_script, "Snippet copied.")>"Copy the snippet"</button>
                <p class="muted">"Without JavaScript, a frame of a fixed height does:"</p>
                <pre class="snippet"><code id="embed-frame">{frame}</code></pre>
                <button type="button" class="button" on:click=move |_| toasts_frame.copy(&copy_frame, "Frame copied.")>"Copy the frame"</button>
            </section>
            <SingleSignOn partner=partner.clone() writable reload/>
            <super::sso_key::SsoPublicKey partner=partner.clone() writable reload/>
        </div>
    }
}

/// `text` made safe inside a double-quoted HTML attribute.
fn html_attribute(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('"', "&quot;")
        .replace('<', "&lt;")
}

/// The partner's single sign-on: on or off, a new secret (shown once), and how its backend
/// signs a customer in.
#[component]
fn SingleSignOn(partner: Partner, writable: bool, reload: Callback<()>) -> impl IntoView {
    let session = expect_context::<Session>();
    let toasts = expect_context::<Toasts>();
    let NewSecret(secret) = expect_context::<NewSecret>();
    let asking = RwSignal::new(None::<&'static str>);
    let problem = RwSignal::new(None::<ApiError>);
    let id = partner.id.clone();
    let make = Action::new_local(move |(): &()| {
        let id = id.clone();
        async move {
            problem.set(None);
            match portal::new_sso_secret(&session, &id).await {
                Ok(made) => {
                    secret.set(Some(made));
                    reload.try_run(());
                }
                Err(error) => problem.set(Some(error)),
            }
        }
    });
    let id = partner.id.clone();
    let off_toasts = toasts.clone();
    let turn_off = Action::new_local(move |(): &()| {
        let (id, toasts) = (id.clone(), off_toasts.clone());
        async move {
            problem.set(None);
            match portal::remove_sso_secret(&session, &id).await {
                Ok(()) => {
                    toasts.show(Toast {
                        message: "The secret is forgotten.".into(),
                        action: None,
                    });
                    reload.try_run(());
                }
                Err(error) => problem.set(Some(error)),
            }
        }
    });
    let busy = move || make.pending().get() || turn_off.pending().get();
    let enabled = partner.sso_secret_set;
    let signs_in = partner.sso_enabled;
    let key = partner.key.clone();
    let sso_address = format!("{}/portal/{key}/sso?token=…", own_origin());
    view! {
        <section class="card wide" aria-labelledby="partner-sso">
            <h2 id="partner-sso">"Single sign-on"</h2>
            <p>{if signs_in {
                "On: the partner's web site signs its customers in, and they arrive in the portal signed in."
            } else {
                "Off: customers sign in to the portal with a password. With single sign-on, the partner's web site signs them in, and they arrive signed in."
            }}</p>
            <p class="muted">{if enabled { "It has a secret." } else { "It has no secret." }}</p>
            {move || secret.get().map(|made| {
                let shown = made.clone();
                let toasts = toasts.clone();
                view! {
                    <div class="secret" role="status">
                        <p><strong>"The new secret. Copy it now: it is not shown again."</strong></p>
                        <pre class="snippet"><code id="sso-secret">{shown}</code></pre>
                        <div class="form-actions">
                            <button type="button" class="button" on:click=move |_| toasts.copy(&made, "Secret copied.")>"Copy the secret"</button>
                            <button type="button" class="button subtle" on:click=move |_| secret.set(None)>"Done"</button>
                        </div>
                    </div>
                }
            })}
            <Show when=move || writable && secret.with(Option::is_none)>
                {move || match asking.get() {
                    None => view! {
                        <div class="form-actions">
                            <button type="button" class="button" disabled=busy
                                on:click=move |_| if enabled { asking.set(Some("new")) } else { make.dispatch(()); }>
                                {if enabled {
                                    "Make a new secret"
                                } else if signs_in {
                                    "Make a secret"
                                } else {
                                    "Turn single sign-on on"
                                }}
                            </button>
                            {enabled.then(|| view! {
                                <button type="button" class="button subtle" disabled=busy on:click=move |_| asking.set(Some("off"))>"Forget the secret"</button>
                            })}
                        </div>
                    }.into_any(),
                    Some(what) => view! {
                        <p role="alert">
                            {if what == "new" {
                                "The current secret stops working at once: tokens it signed are refused until the web site uses the new one. "
                            } else {
                                "Tokens signed with the secret are refused from now on. "
                            }}
                            <button type="button" class="button small danger" disabled=busy
                                on:click=move |_| { if what == "new" { make.dispatch(()); } else { turn_off.dispatch(()); } }>
                                {if what == "new" { "Replace it" } else { "Forget it" }}
                            </button>" "
                            <button type="button" class="button small subtle" on:click=move |_| asking.set(None)>"Cancel"</button>
                        </p>
                    }.into_any(),
                }}
            </Show>
            {move || problem.get().map(|error| view! { <ErrorNote error retry=None/> })}
            <details>
                <summary>"How the web site signs a customer in"</summary>
                <p>"Its server signs a JSON Web Token with the secret (HS256), carrying:"</p>
                <ul>
                    <li><code>"iss"</code>": the partner's key, "<code>{key.clone()}</code></li>
                    <li><code>"aud"</code>": "<code>"rapport-portal"</code></li>
                    <li><code>"email"</code>": the customer's address, as on their contact"</li>
                    <li><code>"jti"</code>": a value never used before (each token works once)"</li>
                    <li><code>"exp"</code>": at most five minutes ahead"</li>
                </ul>
                <p>"It gives the token to the snippet as "<code>"data-sso-token"</code>", or sends the customer to "<code>{sso_address}</code>". A contact without portal access gets it on arrival."</p>
            </details>
        </section>
    }
}

/// The portal's header and a few of its parts in a partner's colours, name and logo, as a
/// customer will see them.
#[component]
pub fn BrandPreview(
    /// The partner's name.
    name: Signal<String>,
    /// The accent colour, `#rrggbb`.
    accent: Signal<Option<String>>,
    /// The logo's link.
    logo: Signal<Option<String>>,
) -> impl IntoView {
    let palette = Memo::new(move |_| accent.get().as_deref().and_then(domain::portal::palette));
    let shown_name = move || {
        let name = name.get();
        if name.trim().is_empty() {
            "Your partner".to_owned()
        } else {
            name
        }
    };
    view! {
        <div class="brand-preview" role="group" aria-label="How the portal looks">
            <div class="brand-bar">
                <strong>{shown_name}</strong>
                {move || logo.get().map(|url| view! { <span class="muted small">" (the logo from "{host_of(&url)}" in its place)"</span> })}
            </div>
            <div class="brand-body">
                <p class="brand-heading">"Your tickets"</p>
                <p>
                    <span class="brand-button"
                        style:background-color=move || palette.get().map_or_else(|| "#2a4d8f".to_owned(), |p| p.accent)
                        style:color=move || palette.get().map_or("#ffffff", |p| p.on_accent)>
                        "New ticket"
                    </span>
                </p>
                <p><span class="brand-link" style:color=move || palette.get().map_or_else(|| "#2a4d8f".to_owned(), |p| p.ink)>
                    "Printer does not start"
                </span>" · Waiting for you"</p>
            </div>
        </div>
    }
}

/// The host a link points at.
fn host_of(url: &str) -> String {
    url.split("://")
        .nth(1)
        .and_then(|rest| rest.split(['/', '?', '#']).next())
        .unwrap_or(url)
        .to_owned()
}
