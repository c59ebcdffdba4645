//! A partner's public key for single sign-on: its backend keeps the private key and signs
//! with it, so nothing secret is shared; admins register, replace or forget the public key.

use api_types::portal::Partner;
use leptos::prelude::*;

use crate::api::{self, portal, ApiError, Session};
use crate::components::status::{ErrorNote, Toast, Toasts};

/// The registered public key, if any, and the form that registers another.
#[component]
pub fn SsoPublicKey(partner: Partner, writable: bool, reload: Callback<()>) -> impl IntoView {
    let session = expect_context::<Session>();
    let toasts = expect_context::<Toasts>();
    let pasted = RwSignal::new(String::new());
    let problem = RwSignal::new(None::<ApiError>);
    let asking = RwSignal::new(false);
    let id = partner.id.clone();
    let save_toasts = toasts.clone();
    let save = Action::new_local(move |(): &()| {
        let (id, toasts, pem) = (id.clone(), save_toasts.clone(), pasted.get_untracked());
        async move {
            problem.set(None);
            match portal::set_sso_public_key(&session, &id, &pem).await {
                Ok(()) => {
                    toasts.show(Toast {
                        message: "The public key is registered.".into(),
                        action: None,
                    });
                    reload.try_run(());
                }
                Err(error) => problem.set(Some(error)),
            }
        }
    });
    let id = partner.id.clone();
    let forget = Action::new_local(move |(): &()| {
        let (id, toasts) = (id.clone(), toasts.clone());
        async move {
            problem.set(None);
            match portal::remove_sso_public_key(&session, &id).await {
                Ok(()) => {
                    toasts.show(Toast {
                        message: "The public key is forgotten.".into(),
                        action: None,
                    });
                    reload.try_run(());
                }
                Err(error) => problem.set(Some(error)),
            }
        }
    });
    let busy = move || save.pending().get() || forget.pending().get();
    let registered = partner.sso_public_key.clone();
    let has_key = registered.is_some();
    view! {
        <section class="card wide" aria-labelledby="partner-sso-key">
            <h2 id="partner-sso-key">"Single sign-on with the web site's own key"</h2>
            <p>"Instead of the secret, the web site's server can sign with a private key it keeps (RS256 or ES256): register its public key here, and nothing secret is shared."</p>
            {match registered {
                Some(pem) => view! {
                    <p>"Registered:"</p>
                    <pre class="snippet"><code>{pem}</code></pre>
                }.into_any(),
                None => view! { <p class="muted">"No public key is registered."</p> }.into_any(),
            }}
            {writable.then(|| view! {
                <form class="stack" aria-label="Public key"
                    on:submit=move |ev| { ev.prevent_default(); save.dispatch(()); }>
                    <div class="field">
                        <label for="sso-public-key">{if has_key { "Replace it with" } else { "Public key (PEM)" }}</label>
                        <textarea id="sso-public-key" rows="6" required spellcheck="false"
                            placeholder="-----BEGIN PUBLIC KEY-----"
                            prop:value=pasted on:input=move |ev| pasted.set(event_target_value(&ev))></textarea>
                    </div>
                    <div class="form-actions">
                        <button type="submit" class="button" disabled=busy>"Register the key"</button>
                        {has_key.then(|| view! {
                            <button type="button" class="button subtle" disabled=busy
                                on:click=move |_| asking.set(true)>"Forget the key"</button>
                        })}
                    </div>
                    <Show when=move || asking.get()>
                        <p role="alert">
                            "Tokens signed with its private key are refused from now on. "
                            <button type="button" class="button small danger" disabled=busy
                                on:click=move |_| { forget.dispatch(()); }>"Forget it"</button>" "
                            <button type="button" class="button small subtle" on:click=move |_| asking.set(false)>"Cancel"</button>
                        </p>
                    </Show>
                </form>
            })}
            {move || problem.get().map(|error| match error.field_errors().first() {
                // A key refused: said of the field.
                Some((_, detail)) => view! {
                    <p class="error" role="alert">{api::field_sentence("The key", detail)}</p>
                }.into_any(),
                None => view! { <ErrorNote error retry=None/> }.into_any(),
            })}
        </section>
    }
}
