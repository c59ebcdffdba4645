//! The organization's settings (admins): its name, the service desk's rules of time, the
//! largest attachment, the default lead owner and the base currency.

use api_types::organization::{Organization, UpdateOrganization};
use api_types::Patch;
use leptos::prelude::*;
use leptos_router::components::A;

use crate::api::{organization, ApiError, Session};
use crate::components::field::{FieldErrors, SelectField, TextField};
use crate::components::owner_picker::OwnerPicker;
use crate::components::record_form::{focus_first_error, save_refused};
use crate::components::shell::set_crumbs;
use crate::components::status::{ConflictBanner, ErrorNote, Loading, Toast, Toasts};

/// The form's values, as typed.
#[derive(Clone, Copy)]
struct Values {
    name: RwSignal<String>,
    reopen: RwSignal<String>,
    close: RwSignal<String>,
    attachment_mib: RwSignal<String>,
    /// The default lead owner's id, or "".
    lead_owner: RwSignal<String>,
    /// The base currency, and the one stored (sent only when it changes).
    currency: RwSignal<String>,
    stored_currency: RwSignal<String>,
    /// The block list, an entry a line.
    blocked: RwSignal<String>,
    /// Where numbers without a country code are.
    phone_region: RwSignal<String>,
    /// What happens to a ticket no contract covers.
    entitlement_check: RwSignal<String>,
    /// Whether customers may sign themselves up to the portal.
    self_sign_up: RwSignal<bool>,
}

impl Values {
    fn fill(&self, org: &Organization) {
        self.name.set(org.name.clone());
        self.reopen.set(org.reopen_window_days.to_string());
        self.close.set(org.auto_close_after_days.to_string());
        self.attachment_mib.set(org.max_attachment_mib.to_string());
        self.lead_owner
            .set(org.default_lead_owner_id.clone().unwrap_or_default());
        self.currency.set(org.base_currency.clone());
        self.stored_currency.set(org.base_currency.clone());
        self.blocked.set(org.blocked_senders.join("\n"));
        self.phone_region.set(org.phone_region.clone());
        self.entitlement_check.set(org.entitlement_check.clone());
        self.self_sign_up.set(org.portal_self_sign_up);
    }

    /// The change to send, or the fields that are not whole numbers.
    fn change(&self) -> Result<UpdateOrganization, Vec<(String, String)>> {
        let mut errors = Vec::new();
        let mut whole = |pointer: &str, text: String, unit: &str| match text.trim().parse::<i32>() {
            Ok(n) => Some(n),
            Err(_) => {
                errors.push((
                    pointer.to_owned(),
                    format!("must be a whole number of {unit}"),
                ));
                None
            }
        };
        let reopen = whole("/reopen_window_days", self.reopen.get_untracked(), "days");
        let close = whole("/auto_close_after_days", self.close.get_untracked(), "days");
        let attachment_mib = whole(
            "/max_attachment_mib",
            self.attachment_mib.get_untracked(),
            "MiB",
        );
        let mut blocked = Vec::new();
        for (i, line) in self.blocked.get_untracked().lines().enumerate() {
            if line.trim().is_empty() {
                continue;
            }
            match domain::mail::blocked_sender("/blocked_senders", line) {
                Ok(entry) => blocked.push(entry),
                Err(e) => errors.push((
                    "/blocked_senders".to_owned(),
                    format!("line {}: {}", i + 1, e.detail),
                )),
            }
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(UpdateOrganization {
            name: Some(self.name.get_untracked()),
            reopen_window_days: reopen,
            auto_close_after_days: close,
            max_attachment_mib: attachment_mib,
            default_lead_owner_id: match self.lead_owner.get_untracked() {
                owner if owner.is_empty() => Patch::Null,
                owner => Patch::Value(owner),
            },
            base_currency: Some(self.currency.get_untracked())
                .filter(|c| *c != self.stored_currency.get_untracked()),
            blocked_senders: Some(blocked),
            phone_region: Some(self.phone_region.get_untracked().trim().to_owned()),
            entitlement_check: Some(self.entitlement_check.get_untracked()),
            portal_self_sign_up: Some(self.self_sign_up.get_untracked()),
        })
    }
}

/// What happens to a new ticket no entitlement covers.
const ENTITLEMENT_CHECKS: [(&str, &str); 3] = [
    ("flag", "Open them, marked as not covered"),
    ("refuse", "Refuse them"),
    ("off", "Do not check"),
];

/// The settings page.
#[component]
pub fn Settings() -> impl IntoView {
    set_crumbs(vec![("Settings".into(), None)]);
    let session = expect_context::<Session>();
    let toasts = expect_context::<Toasts>();
    let values = Values {
        name: RwSignal::new(String::new()),
        reopen: RwSignal::new(String::new()),
        close: RwSignal::new(String::new()),
        attachment_mib: RwSignal::new(String::new()),
        lead_owner: RwSignal::new(String::new()),
        currency: RwSignal::new(String::new()),
        stored_currency: RwSignal::new(String::new()),
        blocked: RwSignal::new(String::new()),
        phone_region: RwSignal::new(String::new()),
        entitlement_check: RwSignal::new(String::new()),
        self_sign_up: RwSignal::new(false),
    };
    let etag = RwSignal::new(String::new());
    let loaded = RwSignal::new(false);
    let conflict = RwSignal::new(false);
    let errors = FieldErrors::new();
    let failure = RwSignal::new(None::<ApiError>);
    let dirty = RwSignal::new(false);
    crate::components::leave_guard::guard(dirty);
    let load = Action::new_local(move |(): &()| async move {
        match organization::organization(&session).await {
            Ok(org) => {
                values.fill(&org.record);
                etag.set(org.etag);
                dirty.set(false);
                conflict.set(false);
                errors.set(Vec::new());
                loaded.set(true);
            }
            Err(error) => failure.set(Some(error)),
        }
    });
    load.dispatch(());
    let reload = Callback::new(move |()| {
        failure.set(None);
        load.dispatch(());
    });
    let save = Action::new_local(move |change: &UpdateOrganization| {
        let (change, toasts) = (change.clone(), toasts.clone());
        async move {
            match organization::update(&session, &etag.get_untracked(), &change).await {
                Ok(org) => {
                    values.fill(&org.record);
                    etag.set(org.etag);
                    dirty.set(false);
                    toasts.show(Toast {
                        message: "The settings were saved.".into(),
                        action: None,
                    });
                }
                Err(error) => save_refused(error, conflict, errors, failure),
            }
        }
    });
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        failure.set(None);
        match values.change() {
            Ok(change) => {
                errors.set(Vec::new());
                save.dispatch(change);
            }
            Err(found) => {
                errors.set(found);
                focus_first_error();
            }
        }
    };
    let saving = save.pending();
    view! {
        <section class="page narrow">
            <h1>"Settings"</h1>
            {move || conflict.get().then(|| view! { <ConflictBanner on_reload=reload/> })}
            {move || failure.get().map(|error| {
                let retry = (!loaded.get_untracked()).then_some(reload);
                view! { <ErrorNote error retry/> }
            })}
            <Show when=move || loaded.get()
                fallback=move || failure.with(Option::is_none).then(|| view! { <Loading what="Loading the settings"/> })>
                <form class="form" on:submit=on_submit novalidate
                    on:input=move |_| dirty.set(true) on:change=move |_| dirty.set(true)>
                    <h2>"Organization"</h2>
                    <TextField label="Name" pointer="/name" value=values.name errors required=true autocomplete="organization"/>
                    <h2>"Service desk"</h2>
                    <TextField label="Reopen window (days)" pointer="/reopen_window_days" value=values.reopen errors kind="number"
                        hint="A customer's reply within this many days of a ticket being solved reopens it; a later one opens a follow-up. 0 to 90; 0 never reopens."/>
                    <TextField label="Close solved tickets after (days)" pointer="/auto_close_after_days" value=values.close errors kind="number"
                        hint="1 to 90. Tickets already solved keep the time they were given."/>
                    <TextField label="Largest attachment (MiB)" pointer="/max_attachment_mib" value=values.attachment_mib errors kind="number"
                        hint="The largest file anyone may attach to a message, 1 to 100."/>
                    <SelectField label="Tickets no contract covers" pointer="/entitlement_check" value=values.entitlement_check errors
                        options=ENTITLEMENT_CHECKS.to_vec()/>
                    <p class="hint">"Whether a new ticket must be covered by an entitlement of its account's contracts: by its channel, within its hours, with an incident left."</p>
                    <h2>"Sales"</h2>
                    <OwnerPicker owner=values.lead_owner errors label="Default lead owner" field="default_lead_owner_id"/>
                    <p class="hint">"Receives new leads that no assignment rule assigns. Nobody: such leads stay with whoever created them, or unowned when they came through a capture form without an owner."</p>
                    <TextField label="Base currency" pointer="/base_currency" value=values.currency errors
                        hint="Opportunity totals and forecasts are reported in it (an ISO code such as EUR). It changes only while no opportunity and no exchange rate exists."/>
                    <h2>"Phone"</h2>
                    <TextField label="Phone region" pointer="/phone_region" value=values.phone_region errors
                        hint="Where a number written without its country code is (a two-letter code such as CH or US): numbers are matched to callers this way."/>
                    <h2>"Email"</h2>
                    <ul class="plain links">
                        <li><A href="/mailboxes">"Mailboxes"</A>": the support addresses whose mail opens tickets."</li>
                        <li><A href="/email-settings">"Outgoing mail"</A>": the server your mail is sent through, and whom it is from."</li>
                        <li><A href="/email-templates">"Email templates"</A>": the wording of each mail."</li>
                    </ul>
                    <div class="field" class:invalid=move || errors.for_pointer("/blocked_senders").is_some()>
                        <label for="field-blocked_senders">"Blocked senders"</label>
                        <p class="hint" id="blocked-hint">"One a line: an address, or @ and a domain (@example.com). Their mail is kept but opens no ticket."</p>
                        <textarea id="field-blocked_senders" name="/blocked_senders" rows="4" aria-describedby="blocked-hint"
                            prop:value=move || values.blocked.get()
                            on:input=move |ev| values.blocked.set(event_target_value(&ev))></textarea>
                        {move || errors.sentence_for("/blocked_senders", "Blocked senders").map(|e| view! { <p class="error">{e}</p> })}
                    </div>
                    <h2>"Customer portal"</h2>
                    <ul class="plain links">
                        <li><A href="/partners">"Partners"</A>": the web sites that embed the portal, their look and single sign-on. Give a contact access from their page."</li>
                    </ul>
                    <div class="field">
                        <label class="checkbox"><input type="checkbox" aria-describedby="sign-up-hint"
                            prop:checked=move || values.self_sign_up.get()
                            on:change=move |ev| values.self_sign_up.set(event_target_checked(&ev))/>
                            " Customers may sign themselves up"</label>
                        <p class="hint" id="sign-up-hint">"Someone whose address is at the domain of one of your customer accounts (not a public mail service's) gets portal access after confirming the address by mail: they see their own tickets, and their company's products and contracts."</p>
                    </div>
                    <div class="form-actions">
                        <button type="submit" class="button primary" disabled=move || saving.get()>
                            {move || if saving.get() { "Saving…" } else { "Save settings" }}
                        </button>
                    </div>
                </form>
            </Show>
        </section>
    }
}
