//! Email templates (admins): each kind of mail, and an editor with a preview rendered by the
//! server with sample values.

use api_types::outbound::{EmailTemplate, PreviewEmailTemplate, PutEmailTemplate, RenderedEmail};
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

use crate::api::{outbound, ApiError, Session};
use crate::components::field::{FieldErrors, TextField};
use crate::components::record_form::save_refused;
use crate::components::shell::set_crumbs;
use crate::components::status::{ConflictBanner, ErrorNote, Loading, Toast, Toasts};

/// Every kind of mail and whether the organization wrote its own wording.
#[component]
pub fn EmailTemplateList() -> impl IntoView {
    set_crumbs(vec![
        ("Settings".into(), Some("/settings".into())),
        ("Email templates".into(), None),
    ]);
    let session = expect_context::<Session>();
    let all = LocalResource::new(move || async move { outbound::templates(&session).await });
    view! {
        <section class="page">
            <h1>"Email templates"</h1>
            <p class="muted">"The wording of each mail Rapport sends. Mail goes out once "<A href="/email-settings">"outgoing mail"</A>" is set up."</p>
            <Suspense fallback=|| view! { <Loading what="Loading the templates"/> }>
                {move || Suspend::new(async move {
                    match all.await {
                        Ok(list) => view! {
                            <div class="table-wrap">
                                <table class="records" aria-label="Email templates">
                                    <thead><tr>
                                        <th scope="col">"Mail"</th>
                                        <th scope="col">"Sent"</th>
                                        <th scope="col">"Wording"</th>
                                    </tr></thead>
                                    <tbody>
                                        {list.into_iter().map(|t| view! {
                                            <tr>
                                                <td class="primary-cell"><A href=format!("/email-templates/{}", t.kind)>{title(&t.kind)}</A></td>
                                                <td data-label="Sent">{t.description.clone()}</td>
                                                <td data-label="Wording">{if t.customized { "Your own" } else { "Default" }}</td>
                                            </tr>
                                        }).collect_view()}
                                    </tbody>
                                </table>
                            </div>
                        }.into_any(),
                        Err(error) => view! { <ErrorNote error/> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

/// A kind's name for people.
fn title(kind: &str) -> String {
    let words = kind.replace('_', " ").replace("sla", "SLA");
    let mut chars = words.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// The editor's values, as typed.
#[derive(Clone, Copy)]
struct Draft {
    subject: RwSignal<String>,
    text: RwSignal<String>,
    html: RwSignal<String>,
}

impl Draft {
    fn fill(&self, t: &EmailTemplate) {
        self.subject.set(t.subject.clone());
        self.text.set(t.body_text.clone());
        self.html.set(t.body_html.clone());
    }

    fn body(&self) -> PutEmailTemplate {
        PutEmailTemplate {
            subject: self.subject.get_untracked(),
            body_text: self.text.get_untracked(),
            body_html: self.html.get_untracked(),
        }
    }
}

/// One kind's template: its wording, the variables it may use, a preview.
#[component]
pub fn EmailTemplateEditor() -> impl IntoView {
    let params = use_params_map();
    let kind = move || params.with(|p| p.get("kind").unwrap_or_default());
    set_crumbs(vec![
        ("Settings".into(), Some("/settings".into())),
        ("Email templates".into(), Some("/email-templates".into())),
        (title(&kind()), None),
    ]);
    let session = expect_context::<Session>();
    let toasts = expect_context::<Toasts>();
    let draft = Draft {
        subject: RwSignal::new(String::new()),
        text: RwSignal::new(String::new()),
        html: RwSignal::new(String::new()),
    };
    let template = RwSignal::new(None::<EmailTemplate>);
    let etag = RwSignal::new(String::new());
    let conflict = RwSignal::new(false);
    let errors = FieldErrors::new();
    let failure = RwSignal::new(None::<ApiError>);
    let preview = RwSignal::new(None::<RenderedEmail>);
    let dirty = RwSignal::new(false);
    crate::components::leave_guard::guard(dirty);
    let shown = move |found: crate::api::Versioned<EmailTemplate>| {
        draft.fill(&found.record);
        etag.set(found.etag);
        template.set(Some(found.record));
        dirty.set(false);
        conflict.set(false);
        errors.set(Vec::new());
    };
    let show_preview = Action::new_local(move |(): &()| async move {
        let body = draft.body();
        let wanted = PreviewEmailTemplate {
            subject: Some(body.subject),
            body_text: Some(body.body_text),
            body_html: Some(body.body_html),
        };
        match outbound::preview(&session, &kind(), &wanted).await {
            Ok(rendered) => {
                errors.set(Vec::new());
                preview.set(Some(rendered));
            }
            Err(error) => save_refused(error, conflict, errors, failure),
        }
    });
    let load = Action::new_local(move |(): &()| async move {
        match outbound::template(&session, &kind()).await {
            Ok(found) => {
                shown(found);
                show_preview.dispatch(());
            }
            Err(error) => failure.set(Some(error)),
        }
    });
    load.dispatch(());
    let reload = Callback::new(move |()| {
        failure.set(None);
        load.dispatch(());
    });
    let save = Action::new_local(move |(): &()| {
        let toasts = toasts.clone();
        async move {
            let body = draft.body();
            match outbound::save_template(&session, &kind(), &etag.get_untracked(), &body).await {
                Ok(saved) => {
                    shown(saved);
                    toasts.show(Toast {
                        message: "The template was saved.".into(),
                        action: None,
                    });
                    show_preview.dispatch(());
                }
                Err(error) => save_refused(error, conflict, errors, failure),
            }
        }
    });
    let reset = Action::new_local(move |(): &()| async move {
        match outbound::reset_template(&session, &kind(), &etag.get_untracked()).await {
            Ok(found) => {
                shown(found);
                show_preview.dispatch(());
            }
            Err(error) => save_refused(error, conflict, errors, failure),
        }
    });
    let busy = move || save.pending().get() || reset.pending().get();
    view! {
        <section class="page">
            <h1>{move || title(&kind())}</h1>
            {move || template.get().map(|t| view! { <p class="muted">{t.description}</p> })}
            {move || conflict.get().then(|| view! { <ConflictBanner on_reload=reload/> })}
            {move || failure.get().map(|error| view! { <ErrorNote error retry=Some(reload)/> })}
            <Show when=move || template.with(Option::is_some)
                fallback=move || failure.with(Option::is_none).then(|| view! { <Loading what="Loading the template"/> })>
                <div class="columns">
                    <form class="form card" novalidate on:input=move |_| dirty.set(true)
                        on:submit=move |ev: leptos::ev::SubmitEvent| { ev.prevent_default(); save.dispatch(()); }>
                        <TextField label="Subject" pointer="/subject" value=draft.subject errors required=true/>
                        <TemplateArea label="Text" pointer="/body_text" value=draft.text errors rows=8
                            hint="The plain-text part, which every mail program can show."/>
                        <TemplateArea label="HTML" pointer="/body_html" value=draft.html errors rows=10
                            hint="Every value is escaped; {{ message.text | paragraphs }} keeps its paragraphs."/>
                        <div class="form-actions">
                            <button type="submit" class="button primary" disabled=busy>"Save"</button>
                            <button type="button" class="button" on:click=move |_| { show_preview.dispatch(()); }>"Preview"</button>
                            {move || template.get().filter(|t| t.customized).map(|_| view! {
                                <button type="button" class="button subtle" disabled=busy
                                    on:click=move |_| { reset.dispatch(()); }>"Back to the default"</button>
                            })}
                        </div>
                    </form>
                    <aside class="card" aria-labelledby="template-variables">
                        <h2 id="template-variables">"Variables"</h2>
                        <p class="muted">"Write them as {{ ticket.subject }}. Mail about a ticket always carries its reference, such as [#1042], in the subject."</p>
                        <ul class="plain">
                            {move || template.get().map(|t| t.variables.into_iter().map(|v| view! {
                                <li><code>{format!("{{{{ {v} }}}}")}</code></li>
                            }).collect_view())}
                        </ul>
                    </aside>
                </div>
                {move || preview.get().map(|p| view! { <Preview rendered=p/> })}
            </Show>
        </section>
    }
}

/// A textarea for a template's body.
#[component]
fn TemplateArea(
    label: &'static str,
    pointer: &'static str,
    value: RwSignal<String>,
    errors: FieldErrors,
    rows: u32,
    hint: &'static str,
) -> impl IntoView {
    let id = format!("template{}", pointer.replace('/', "-"));
    let hint_id = format!("{id}-hint");
    view! {
        <div class="field" class:invalid=move || errors.for_pointer(pointer).is_some()>
            <label for=id.clone()>{label}</label>
            <p class="hint" id=hint_id.clone()>{hint}</p>
            <textarea id=id name=pointer rows=rows class="code" spellcheck="false" aria-describedby=hint_id
                aria-invalid=move || if errors.for_pointer(pointer).is_some() { "true" } else { "false" }
                prop:value=move || value.get()
                on:input=move |ev| value.set(event_target_value(&ev))></textarea>
            {move || errors.sentence_for(pointer, label).map(|e| view! { <p class="error">{e}</p> })}
        </div>
    }
}

/// The mail as its recipient would get it, with sample values. The HTML is shown in a frame
/// that runs no script.
#[component]
fn Preview(rendered: RenderedEmail) -> impl IntoView {
    view! {
        <section class="card" aria-labelledby="template-preview">
            <h2 id="template-preview">"Preview"</h2>
            <p class="muted">"With sample values, as the recipient would see it."</p>
            <p><strong>"Subject: "</strong><span id="preview-subject">{rendered.subject}</span></p>
            <iframe class="mail-preview" title="The HTML part" sandbox="" srcdoc=rendered.body_html></iframe>
            <details>
                <summary>"The text part"</summary>
                <pre class="snippet">{rendered.body_text}</pre>
            </details>
        </section>
    }
}
