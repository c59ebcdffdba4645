//! Partners (admins): the web sites that embed the customer portal. The list, the form with
//! a preview of the portal in the partner's colours, and a partner's page (`page`) with the
//! snippet to paste and its single sign-on.

mod page;
mod questions;
mod sso_key;

pub use page::{partner_page, BrandPreview};

use api_types::portal::{CreatePartner, Partner, PortalFeatures, UpdatePartner};
use api_types::Patch;
use domain::{portal, text, ticket, FieldError, Violations};
use leptos::prelude::*;
use leptos_router::components::A;

use self::questions::{Questions, QuestionsEditor};
use crate::api::Session;
use crate::components::field::{FieldErrors, TextField};
use crate::components::list_nav::{list_page, ListNav, ListState};
use crate::components::list_parts::{empty_or_first, list_results, ShowDeleted};
use crate::components::record_form::{record_form, FormValues};
use crate::components::shell::set_crumbs;
use crate::format;

/// The partners.
#[component]
pub fn PartnerList() -> impl IntoView {
    set_crumbs(vec![
        ("Settings".into(), Some("/settings".into())),
        ("Partners".into(), None),
    ]);
    let (current, page, nav) = list_page::<Partner>(false);
    view! {
        <section class="page">
            <div class="page-head">
                <h1>{move || if current().deleted() { "Deleted partners" } else { "Partners" }}</h1>
                <A href="/partners/new" attr:class="button primary">"New partner"</A>
            </div>
            <p class="muted">"Web sites that embed the customer portal, where your customers open tickets, follow them and read the help articles."</p>
            <div class="toolbar">
                <ShowDeleted nav/>
            </div>
            {list_results(nav, current, page, empty, Callback::new(|()| ()), rows)}
        </section>
    }
}

fn empty(state: &ListState<Partner>, _: Callback<()>) -> AnyView {
    empty_or_first(
        state.deleted(),
        "No partners yet",
        "/partners/new",
        "Add the first web site that embeds the portal",
    )
}

fn rows(partners: Vec<Partner>, _: ListNav<Partner>) -> AnyView {
    view! {
        <div class="table-wrap">
            <table class="records" aria-label="Partners">
                <thead>
                    <tr>
                        <th scope="col">"Name"</th>
                        <th scope="col">"Web sites"</th>
                        <th scope="col">"Single sign-on"</th>
                        <th scope="col">"Created"</th>
                    </tr>
                </thead>
                <tbody>
                    {partners.into_iter().map(|p| view! {
                        <tr>
                            <td class="primary-cell"><A href=format!("/partners/{}", p.id)>{p.name.clone()}</A></td>
                            <td data-label="Web sites">{if p.allowed_origins.is_empty() { "None yet".to_owned() } else { p.allowed_origins.join(", ") }}</td>
                            <td data-label="Single sign-on">{if p.sso_enabled { "On" } else { "Off" }}</td>
                            <td data-label="Created">{format::date(&p.created_at)}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
    .into_any()
}

/// The partner form's values, as typed.
#[derive(Clone, Copy)]
pub struct Values {
    name: RwSignal<String>,
    /// The allowed origins, one a line.
    origins: RwSignal<String>,
    accent: RwSignal<String>,
    logo: RwSignal<String>,
    language: RwSignal<String>,
    ticket_creation: RwSignal<bool>,
    knowledge_base: RwSignal<bool>,
    assets: RwSignal<bool>,
    /// The ticket categories, separated by commas.
    categories: RwSignal<String>,
    questions: Questions,
}

/// A text as typed, trimmed; none when blank.
fn blank(text: String) -> Option<String> {
    let text = text.trim();
    (!text.is_empty()).then(|| text.to_owned())
}

impl FormValues<Partner> for Values {
    fn new(_: Session) -> Self {
        Self {
            name: RwSignal::new(String::new()),
            origins: RwSignal::new(String::new()),
            accent: RwSignal::new(String::new()),
            logo: RwSignal::new(String::new()),
            language: RwSignal::new(String::new()),
            ticket_creation: RwSignal::new(true),
            knowledge_base: RwSignal::new(true),
            assets: RwSignal::new(true),
            categories: RwSignal::new(String::new()),
            questions: Questions::new(),
        }
    }

    fn fill(&self, p: &Partner) {
        self.name.set(p.name.clone());
        self.origins.set(p.allowed_origins.join("\n"));
        self.accent.set(p.accent_color.clone().unwrap_or_default());
        self.logo.set(p.logo_url.clone().unwrap_or_default());
        self.language.set(p.language.clone().unwrap_or_default());
        self.ticket_creation.set(p.features.ticket_creation);
        self.knowledge_base.set(p.features.knowledge_base);
        self.assets.set(p.features.assets);
        self.categories.set(p.ticket_categories.join(", "));
        self.questions.fill(&p.ticket_fields);
    }

    /// Checked with the server's own rules; an origin's error names the line it is on.
    fn body(&self) -> Result<CreatePartner, Vec<(String, String)>> {
        let mut v = Violations::new();
        let name = self.name.get_untracked();
        v.check(text::required("/name", &name, 200));
        let mut origins: Vec<String> = Vec::new();
        for (i, line) in self.origins.get_untracked().lines().enumerate() {
            let Some(raw) = blank(line.to_owned()) else {
                continue;
            };
            let problem = match portal::origin("/allowed_origins", &raw) {
                Ok(origin) if origins.contains(&origin) => Some("listed twice".to_owned()),
                Ok(origin) => {
                    origins.push(origin);
                    None
                }
                Err(e) => Some(e.detail),
            };
            if let Some(problem) = problem {
                v.push(FieldError::new(
                    "/allowed_origins",
                    "invalid_origin",
                    format!("line {}: {problem}", i + 1),
                ));
            }
        }
        if origins.len() > portal::MAX_ORIGINS {
            v.push(FieldError::new(
                "/allowed_origins",
                "too_many",
                format!("at most {} web sites", portal::MAX_ORIGINS),
            ));
        }
        let accent = blank(self.accent.get_untracked());
        let logo = blank(self.logo.get_untracked());
        let language = blank(self.language.get_untracked());
        v.check_opt(accent.clone(), |c| portal::color("/accent_color", &c));
        v.check_opt(logo.clone(), |u| portal::logo_url("/logo_url", &u));
        v.check_opt(language.clone(), |l| ticket::language("/language", &l));
        let categories: Vec<String> = self
            .categories
            .get_untracked()
            .split(',')
            .filter_map(|c| blank(c.to_owned()))
            .collect();
        let categories = v
            .check(portal::ticket_categories("/ticket_categories", &categories))
            .unwrap_or_default();
        let mut errors = v.into_errors();
        let questions = self.questions.body(&mut errors);
        if !errors.is_empty() {
            // A category's error is shown at the one field, naming the category's place.
            let at_field = |e: FieldError| match e.pointer.strip_prefix("/ticket_categories/") {
                Some(i) => (
                    "/ticket_categories".to_owned(),
                    format!(
                        "category {}: {}",
                        i.parse::<usize>().map_or(0, |n| n + 1),
                        e.detail
                    ),
                ),
                None => (e.pointer, e.detail),
            };
            return Err(errors.into_iter().map(at_field).collect());
        }
        Ok(CreatePartner {
            name: name.trim().to_owned(),
            allowed_origins: origins,
            accent_color: accent,
            logo_url: logo,
            language,
            features: Some(PortalFeatures {
                ticket_creation: self.ticket_creation.get_untracked(),
                knowledge_base: self.knowledge_base.get_untracked(),
                assets: self.assets.get_untracked(),
            }),
            ticket_categories: categories,
            ticket_fields: questions,
        })
    }

    fn update(body: CreatePartner) -> UpdatePartner {
        UpdatePartner {
            name: Some(body.name),
            allowed_origins: Some(body.allowed_origins),
            accent_color: Patch::set(body.accent_color),
            logo_url: Patch::set(body.logo_url),
            language: Patch::set(body.language),
            features: body.features,
            ticket_categories: Some(body.ticket_categories),
            ticket_fields: Some(body.ticket_fields),
        }
    }

    fn fields(self, errors: FieldErrors) -> AnyView {
        let v = self;
        let origins_error =
            Signal::derive(move || errors.sentence_for("/allowed_origins", "The web sites"));
        let name = Signal::derive(move || v.name.get());
        let accent = Signal::derive(move || blank(v.accent.get()));
        let logo = Signal::derive(move || blank(v.logo.get()));
        // The picker shows the typed colour when it is one, and sets the text when used.
        let picked =
            move || portal::color("", &v.accent.get()).unwrap_or_else(|_| "#2a4d8f".to_owned());
        view! {
            <div class="columns builder">
                <fieldset>
                    <legend>"Partner"</legend>
                    <TextField label="Name" pointer="/name" value=v.name errors=errors required=true
                        hint="Shown in the portal's header unless a logo is, such as Northwind Shop"/>
                    <div class="field" class:invalid=move || origins_error.get().is_some()>
                        <label for="field-allowed_origins">"Web sites that embed it"</label>
                        <p class="hint" id="origins-hint">"One a line, such as https://shop.example: only their pages may show the portal and sign customers in. http only for localhost."</p>
                        <textarea id="field-allowed_origins" name="/allowed_origins" rows="3" aria-describedby="origins-hint"
                            aria-invalid=move || if origins_error.get().is_some() { "true" } else { "false" }
                            prop:value=move || v.origins.get()
                            on:input=move |ev| v.origins.set(event_target_value(&ev))></textarea>
                        {move || origins_error.get().map(|e| view! { <p class="error">{e}</p> })}
                    </div>
                    <div class="row color-row">
                        <TextField label="Accent colour" pointer="/accent_color" value=v.accent errors=errors
                            hint="#rrggbb, for buttons and links; text on it stays readable"/>
                        <input type="color" class="color-pick" aria-label="Colour picker" prop:value=picked
                            on:input=move |ev| v.accent.set(event_target_value(&ev))/>
                    </div>
                    <TextField label="Logo" pointer="/logo_url" value=v.logo errors=errors kind="url"
                        hint="An https link to an image, shown in the header instead of the name"/>
                    <TextField label="Language" pointer="/language" value=v.language errors=errors
                        hint="Such as de or pt-br; the page's language for browsers and screen readers"/>
                    <fieldset class="checks">
                        <legend>"Customers may"</legend>
                        <label class="checkbox"><input type="checkbox" prop:checked=move || v.ticket_creation.get()
                            on:change=move |ev| v.ticket_creation.set(event_target_checked(&ev))/>"Open tickets"</label>
                        <label class="checkbox"><input type="checkbox" prop:checked=move || v.knowledge_base.get()
                            on:change=move |ev| v.knowledge_base.set(event_target_checked(&ev))/>"Read the help articles"</label>
                        <label class="checkbox"><input type="checkbox" prop:checked=move || v.assets.get()
                            on:change=move |ev| v.assets.set(event_target_checked(&ev))/>"See their products and contracts"</label>
                    </fieldset>
                    <TextField label="Ticket categories" pointer="/ticket_categories" value=v.categories errors=errors
                        hint="Separated by commas, such as billing, technical, orders: a customer opening a ticket picks one. None: the portal asks for none."/>
                    <QuestionsEditor questions=v.questions errors/>
                </fieldset>
                <section class="card" aria-labelledby="partner-preview">
                    <h2 id="partner-preview">"Preview"</h2>
                    <BrandPreview name accent logo/>
                </section>
            </div>
        }
        .into_any()
    }
}

/// The form adding a partner, or (`editing`) changing one.
pub fn partner_form(editing: bool) -> impl IntoView {
    record_form::<Partner, Values>(editing)
}
