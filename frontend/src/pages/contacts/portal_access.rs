//! A contact's access to the customer portal (admins): invite them (by mail, when the
//! organization sends mail; the link is also shown once, to pass on), invite again, change
//! their role, switch access off or take it away.

use api_types::contacts::Contact;
use api_types::portal::{
    CreatePortalUser, InvitedPortalUser, Partner, PortalUser, UpdatePortalUser,
};
use chrono::Utc;
use leptos::prelude::*;
use leptos_router::components::A;

use crate::api::{self, portal, ApiError, Session, Versioned};
use crate::components::field::{FieldErrors, SelectField, TextField};
use crate::components::status::{ConfirmDialog, ErrorNote, Loading, Toast, Toasts};
use crate::format;

/// The portal roles, and what each may see.
const ROLES: [(&str, &str); 2] = [
    ("user", "Their own tickets"),
    (
        "account_admin",
        "All of their account's tickets (account admin)",
    ),
];

/// Where an invitation leads and how it travels: the partner whose portal it opens, and
/// whether Rapport mails it.
#[derive(Clone, Copy)]
struct Target {
    partner: RwSignal<Option<Partner>>,
    mail: RwSignal<bool>,
}

impl Target {
    /// The partner's id, when the invitation is to be mailed.
    fn mailed_by(&self) -> Option<String> {
        if !self.mail.get_untracked() {
            return None;
        }
        self.partner
            .with_untracked(|p| p.as_ref().map(|p| p.id.clone()))
    }

    /// The key of the partner whose portal the link opens.
    fn key(&self) -> String {
        self.partner
            .with_untracked(|p| p.as_ref().map(|p| p.key.clone()).unwrap_or_default())
    }
}

/// What the card shows: the contact's access, if any, and the partners whose portals an
/// invitation can point to.
#[derive(Clone)]
struct Found {
    access: Option<Versioned<PortalUser>>,
    partners: Vec<Partner>,
}

/// The link of the last invitation made on a contact's page, kept by the page itself: the
/// card is drawn again when anything on the page reloads, and the link is shown only once.
#[derive(Clone, Copy, Default)]
pub struct LastInvitation(RwSignal<Option<String>>);

impl LastInvitation {
    /// Kept by the page being opened, for its cards.
    pub fn provide() {
        provide_context(LastInvitation(RwSignal::new(None)));
    }
}

/// The card, for admins, on a live contact's page.
#[component]
pub fn PortalAccess(contact: Contact) -> impl IntoView {
    let session = expect_context::<Session>();
    let link = use_context::<LastInvitation>().unwrap_or_default().0;
    let id = contact.id.clone();
    let found = LocalResource::new(move || {
        let id = id.clone();
        async move {
            let access = portal::access_of(&session, &id).await?;
            let partners = portal::partners(&session).await?;
            Ok::<_, ApiError>(Found { access, partners })
        }
    });
    let reload = Callback::new(move |()| found.refetch());
    let target = Target {
        partner: RwSignal::new(None),
        mail: RwSignal::new(true),
    };
    // What went wrong last; outlives the reload that follows a refused change.
    let failure = RwSignal::new(None::<ApiError>);
    view! {
        <section class="card" aria-labelledby="contact-portal">
            <h2 id="contact-portal">"Portal access"</h2>
            <Transition fallback=|| view! { <Loading what="Loading portal access"/> }>
                {move || Suspend::new({
                    let contact = contact.clone();
                    async move {
                        let Found { access, partners } = match found.await {
                            Ok(found) => found,
                            Err(error) => return view! { <ErrorNote error retry=Some(reload)/> }.into_any(),
                        };
                        let chosen = target.partner.with_untracked(|c| c.as_ref().map(|c| c.id.clone()));
                        if !partners.iter().any(|p| Some(&p.id) == chosen.as_ref()) {
                            target.partner.set(partners.first().cloned());
                        }
                        let none = partners.is_empty();
                        view! {
                            {move || failure.get().map(|error| if error.is_conflict() {
                                view! { <p class="notice" role="alert">"This access changed meanwhile: it is shown as it is now. Try again."</p> }.into_any()
                            } else {
                                view! { <ErrorNote error retry=None/> }.into_any()
                            })}
                            {none.then(|| view! {
                                <p class="muted">"Customers reach the portal through a partner's web site: "
                                    <A href="/partners/new">"add a partner"</A>" to invite them."</p>
                            })}
                            {(!none).then(|| view! { <PartnerChoice partners target/> })}
                            {match access {
                                None if none => ().into_any(),
                                None => view! { <Invite contact=contact.clone() target link failure reload/> }.into_any(),
                                Some(access) => view! { <Access access target link failure reload/> }.into_any(),
                            }}
                            <InvitationLink link/>
                        }.into_any()
                    }
                })}
            </Transition>
        </section>
    }
}

/// Which partner's portal an invitation opens in (when there are several), and whether it
/// is mailed.
#[component]
fn PartnerChoice(partners: Vec<Partner>, target: Target) -> impl IntoView {
    let several = partners.len() > 1;
    let choices = StoredValue::new(partners);
    view! {
        {several.then(|| view! {
            <div class="field">
                <label for="portal-partner">"Invite to the portal of"</label>
                <select id="portal-partner"
                    on:change=move |ev| {
                        let id = event_target_value(&ev);
                        target.partner.set(choices.with_value(|all| all.iter().find(|p| p.id == id).cloned()));
                    }>
                    {choices.get_value().into_iter().map(|p| {
                        let id = p.id.clone();
                        let selected = move || target.partner.with(|c| c.as_ref().is_some_and(|c| c.id == id));
                        view! { <option value=p.id.clone() selected=selected>{p.name.clone()}</option> }
                    }).collect_view()}
                </select>
            </div>
        })}
        <label class="checkbox"><input type="checkbox" prop:checked=move || target.mail.get()
            on:change=move |ev| target.mail.set(event_target_checked(&ev))/>"Email the invitation"</label>
    }
}

/// Keeps the link of a new invitation and says so.
fn invited(
    made: &InvitedPortalUser,
    partner: &str,
    link: RwSignal<Option<String>>,
    toasts: &Toasts,
) {
    link.set(Some(portal::invitation_link(
        partner,
        &made.invitation_token,
    )));
    let message = if made.invitation_emailed {
        format!("The invitation is on its way to {}.", made.user.email)
    } else {
        format!("{} is invited: pass the link on.", made.user.email)
    };
    toasts.show(Toast {
        message,
        action: None,
    });
}

/// The form giving a contact access.
#[component]
fn Invite(
    contact: Contact,
    target: Target,
    link: RwSignal<Option<String>>,
    failure: RwSignal<Option<ApiError>>,
    reload: Callback<()>,
) -> impl IntoView {
    let session = expect_context::<Session>();
    let toasts = expect_context::<Toasts>();
    let email = RwSignal::new(contact.email.clone().unwrap_or_default());
    let role = RwSignal::new("user".to_owned());
    let errors = FieldErrors::new();
    let contact_id = contact.id.clone();
    let send = Action::new_local(move |(): &()| {
        let body = CreatePortalUser {
            contact_id: contact_id.clone(),
            email: Some(email.get_untracked().trim().to_owned()).filter(|e| !e.is_empty()),
            role: Some(role.get_untracked()),
            partner_id: target.mailed_by(),
        };
        let (toasts, key) = (toasts.clone(), target.key());
        async move {
            match portal::invite(&session, &body).await {
                Ok(made) => {
                    invited(&made, &key, link, &toasts);
                    reload.try_run(());
                }
                Err(error) => {
                    let fields: Vec<_> = error
                        .field_errors()
                        .into_iter()
                        .filter(|(pointer, _)| pointer == "/email" || pointer == "/role")
                        .collect();
                    if fields.is_empty() {
                        // Another admin (or a single sign-on) may have given access meanwhile.
                        if error.status() == Some(409) {
                            reload.try_run(());
                        }
                        failure.set(Some(error));
                    } else {
                        errors.set(fields);
                    }
                }
            }
        }
    });
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        errors.set(Vec::new());
        failure.set(None);
        send.dispatch(());
    };
    view! {
        <p class="muted">"No access yet. An invitation lets them choose a password, once, within 7 days."</p>
        <form class="form" on:submit=on_submit novalidate>
            <TextField label="Signs in as" pointer="/email" value=email errors kind="email"
                hint="Their contact's address unless you give another"/>
            <SelectField label="Sees" pointer="/role" value=role options=ROLES.to_vec() errors/>
            <div class="form-actions">
                <button type="submit" class="button primary" disabled=move || send.pending().get()>"Invite to the portal"</button>
            </div>
        </form>
    }
}

/// How a portal user stands, in words.
fn standing(user: &PortalUser) -> String {
    let last = |prefix: &str| match user.last_login_at {
        Some(at) => format!("{prefix}; last signed in {}", format::date_time(&at)),
        None => format!("{prefix}; not signed in yet"),
    };
    match (
        user.active,
        user.status.as_str(),
        user.invitation_expires_at,
    ) {
        (false, _, _) => "Switched off: they cannot sign in".to_owned(),
        (true, "invited", Some(until)) if until > Utc::now() => {
            format!(
                "Invited, until {}; no password yet",
                format::date_time(&until)
            )
        }
        (true, "invited", Some(_)) => {
            "Invited; the invitation has lapsed: invite them again".to_owned()
        }
        // Given access by a partner's single sign-on: no password, no invitation.
        (true, "invited", None) => last("Signs in through a partner's web site"),
        (true, _, _) => last("Signed up"),
    }
}

/// A contact's access: how they sign in, what they see, and the changes to it.
#[component]
fn Access(
    access: Versioned<PortalUser>,
    target: Target,
    link: RwSignal<Option<String>>,
    failure: RwSignal<Option<ApiError>>,
    reload: Callback<()>,
) -> impl IntoView {
    let session = expect_context::<Session>();
    let toasts = expect_context::<Toasts>();
    let user = access.record.clone();
    let etag = access.etag.clone();
    let id = user.id.clone();
    // A refused change is told, and the card shows what is stored again.
    let change = Action::new_local(move |body: &UpdatePortalUser| {
        let (body, id, etag, toasts) = (body.clone(), id.clone(), etag.clone(), toasts.clone());
        async move {
            failure.set(None);
            match api::update::<PortalUser>(&session, &id, &etag, &body).await {
                Ok(_) => toasts.show(Toast {
                    message: "Portal access changed.".into(),
                    action: None,
                }),
                Err(error) => failure.set(Some(error)),
            }
            reload.try_run(());
        }
    });
    let id = user.id.clone();
    let again_toasts = expect_context::<Toasts>();
    let again = Action::new_local(move |(): &()| {
        let (id, toasts, key) = (id.clone(), again_toasts.clone(), target.key());
        let partner_id = target.mailed_by();
        async move {
            failure.set(None);
            match portal::reinvite(&session, &id, partner_id).await {
                Ok(made) => {
                    invited(&made, &key, link, &toasts);
                    reload.try_run(());
                }
                Err(error) => failure.set(Some(error)),
            }
        }
    });
    let (id, etag) = (user.id.clone(), access.etag.clone());
    let remove = Action::new_local(move |(): &()| {
        let (id, etag) = (id.clone(), etag.clone());
        async move {
            failure.set(None);
            match api::delete::<PortalUser>(&session, &id, &etag).await {
                Ok(()) => link.set(None),
                Err(error) => failure.set(Some(error)),
            }
            reload.try_run(());
        }
    });
    let confirming = RwSignal::new(false);
    let busy = move || change.pending().get() || again.pending().get() || remove.pending().get();
    let role = user.role.clone();
    let active = user.active;
    let has_partner = move || target.partner.with(Option::is_some);
    let pending = user.status == "invited";
    view! {
        <dl class="details">
            <dt>"Signs in as"</dt>
            <dd>{user.email.clone()}</dd>
            <dt>"State"</dt>
            <dd>{standing(&user)}</dd>
        </dl>
        <div class="field">
            <label for="portal-role">"Sees"</label>
            <select id="portal-role" disabled=busy
                on:change=move |ev| {
                    let chosen = event_target_value(&ev);
                    change.dispatch(UpdatePortalUser { role: Some(chosen), ..UpdatePortalUser::default() });
                }>
                {ROLES.iter().map(|(value, label)| view! { <option value=*value selected=*value == role>{*label}</option> }).collect_view()}
            </select>
        </div>
        <div class="form-actions">
            {active.then(|| view! {
                <button type="button" class="button" disabled=move || busy() || !has_partner()
                    on:click=move |_| { again.dispatch(()); }>
                    {if pending { "Invite again" } else { "Send a new password link" }}
                </button>
            })}
            <button type="button" class="button subtle" disabled=busy
                on:click=move |_| { change.dispatch(UpdatePortalUser { active: Some(!active), ..UpdatePortalUser::default() }); }>
                {if active { "Switch off" } else { "Switch on" }}
            </button>
            <button type="button" class="button danger" disabled=busy on:click=move |_| confirming.set(true)>"Take access away"</button>
        </div>
        <ConfirmDialog open=confirming title=format!("Take {}'s portal access away?", user.email)
            lines=vec!["They are signed out at once and cannot sign in again; their tickets stay.".into()]
            confirm="Take it away" on_confirm=Callback::new(move |()| { remove.dispatch(()); })/>
    }
}

/// The link of the last invitation, to copy; shown until the page is left.
#[component]
fn InvitationLink(link: RwSignal<Option<String>>) -> impl IntoView {
    let toasts = expect_context::<Toasts>();
    move || {
        link.get().map(|url| {
            let (copied, toasts) = (url.clone(), toasts.clone());
            view! {
                <div class="secret" role="status">
                    <p><strong>"Their invitation link: it works once, for 7 days, and is not shown again. Pass it on if they do not get the mail."</strong></p>
                    <pre class="snippet"><code id="invitation-link">{url}</code></pre>
                    <button type="button" class="button" on:click=move |_| toasts.copy(&copied, "Link copied.")>"Copy the link"</button>
                </div>
            }
        })
    }
}
