//! The customer's session and the portal's calls to `/api/v1/portal/…`.
//!
//! The access token lives in memory; the refresh token in the tab's `sessionStorage`, under
//! the partner's key, so the tab keeps the session across reloads and forgets it when closed.
//! A cookie would not do: framed in a partner's site the portal is a third party, whose
//! cookies browsers hold back. Some hold back its storage too; the portal then keeps the
//! refresh token in memory (a reload of the partner's page signs in again, by its single
//! sign-on or the form).

use std::cell::RefCell;

use api_types::auth::TokenResponse;
use api_types::portal::{
    AcceptInvitation, CompletePortalSignUp, PortalAttachment, PortalBranding, PortalLinkRequest,
    PortalLinkSignIn, PortalLogin, PortalMe, PortalRefresh, PortalSignUp, PortalSso,
    UpdatePortalMe,
};
use futures::future::{FutureExt, LocalBoxFuture};
use leptos::prelude::*;
use serde::de::DeserializeOwned;
use serde::Serialize;
use web_shared::http::{self, Tokens};

pub use web_shared::http::ApiError;

/// Refresh this long before the access token expires, so no request meets an expired one.
const MARGIN_MS: f64 = 30_000.0;

thread_local! {
    /// The access token and when it expires (milliseconds since the epoch).
    static ACCESS: RefCell<Option<(String, f64)>> = const { RefCell::new(None) };
    /// What the tab keeps, when the browser denies its storage.
    static KEPT: RefCell<Vec<(String, String)>> = const { RefCell::new(Vec::new()) };
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window().and_then(|w| w.session_storage().ok().flatten())
}

/// Keeps `value` under `name` for the tab: in its storage, or in memory.
pub fn keep(name: &str, value: &str) {
    if storage().is_some_and(|s| s.set_item(name, value).is_ok()) {
        return;
    }
    KEPT.with(|kept| {
        let mut kept = kept.borrow_mut();
        kept.retain(|(n, _)| n != name);
        kept.push((name.to_owned(), value.to_owned()));
    });
}

/// What the tab keeps under `name`.
pub fn kept(name: &str) -> Option<String> {
    storage()
        .and_then(|s| s.get_item(name).ok().flatten())
        .or_else(|| {
            KEPT.with(|kept| {
                kept.borrow()
                    .iter()
                    .find(|(n, _)| n == name)
                    .map(|(_, v)| v.clone())
            })
        })
}

/// Forgets what the tab keeps under `name`.
pub fn forget(name: &str) {
    if let Some(s) = storage() {
        let _ = s.remove_item(name);
    }
    KEPT.with(|kept| kept.borrow_mut().retain(|(n, _)| n != name));
}

/// The partner key in this page's address, `/portal/{partner_key}/…`.
pub fn partner_key_of_page() -> String {
    web_sys::window()
        .and_then(|w| w.location().pathname().ok())
        .and_then(|path| {
            path.trim_start_matches("/portal/")
                .split('/')
                .next()
                .map(str::to_owned)
        })
        .unwrap_or_default()
}

/// `?name=` of this page's address.
pub fn query_value(name: &str) -> Option<String> {
    let search = web_sys::window()?.location().search().ok()?;
    web_sys::UrlSearchParams::new_with_str(&search)
        .ok()?
        .get(name)
        .filter(|v| !v.is_empty())
}

/// The portal the page belongs to and who is signed in to it; shared through the context.
#[derive(Clone, Copy)]
pub struct Portal {
    /// The partner's key.
    pub key: StoredValue<String>,
    /// How the partner's portal looks (known before anyone signs in).
    pub branding: RwSignal<Option<PortalBranding>>,
    /// The signed-in customer, once known.
    pub me: RwSignal<Option<PortalMe>>,
    /// Set when the session ended behind the customer's back.
    pub expired: RwSignal<bool>,
}

impl Portal {
    /// The portal of partner `key`, nobody signed in yet.
    pub fn new(key: String) -> Self {
        Self {
            key: StoredValue::new(key),
            branding: RwSignal::new(None),
            me: RwSignal::new(None),
            expired: RwSignal::new(false),
        }
    }

    fn refresh_slot(&self) -> String {
        format!("rapport.portal.{}.refresh", self.key.get_value())
    }

    fn keep(&self, tokens: &TokenResponse) {
        let expires = js_sys::Date::now() + tokens.expires_in as f64 * 1000.0;
        ACCESS.with(|a| *a.borrow_mut() = Some((tokens.access_token.clone(), expires)));
        if let Some(refresh) = &tokens.refresh_token {
            keep(&self.refresh_slot(), refresh);
        }
    }

    fn saved_refresh(&self) -> Option<String> {
        kept(&self.refresh_slot())
    }

    fn clear(&self) {
        ACCESS.with(|a| a.borrow_mut().take());
        forget(&self.refresh_slot());
    }

    /// Reads the partner's branding.
    pub async fn load_branding(&self) -> Result<(), ApiError> {
        let path = format!("/api/v1/portal/partners/{}", self.key.get_value());
        let branding: PortalBranding = http::public_get(&path).await?;
        self.branding.set(Some(branding));
        Ok(())
    }

    /// Signs in with an address and a password.
    pub async fn sign_in(&self, email: &str, password: &str) -> Result<(), ApiError> {
        let body = PortalLogin {
            partner_key: self.key.get_value(),
            email: email.to_owned(),
            password: password.to_owned(),
        };
        self.start(http::public("/api/v1/portal/auth/login", &body).await?)
            .await
    }

    /// Accepts an invitation: chooses a password and signs in.
    pub async fn accept_invitation(&self, token: &str, password: &str) -> Result<(), ApiError> {
        let body = AcceptInvitation {
            partner_key: self.key.get_value(),
            token: token.to_owned(),
            password: password.to_owned(),
        };
        self.start(http::public("/api/v1/portal/auth/invitation", &body).await?)
            .await
    }

    /// Asks for a link to choose a new password, mailed to `email` if it has access.
    pub async fn reset_password(&self, email: &str) -> Result<(), ApiError> {
        let body = PortalLinkRequest {
            partner_key: self.key.get_value(),
            email: email.to_owned(),
        };
        http::public("/api/v1/portal/auth/password-reset", &body).await
    }

    /// Asks for a link that signs in, mailed to `email` if it has access.
    pub async fn ask_sign_in_link(&self, email: &str) -> Result<(), ApiError> {
        let body = PortalLinkRequest {
            partner_key: self.key.get_value(),
            email: email.to_owned(),
        };
        http::public("/api/v1/portal/auth/magic-link", &body).await
    }

    /// Signs in with a mailed link's token.
    pub async fn sign_in_with_link(&self, token: &str) -> Result<(), ApiError> {
        let body = PortalLinkSignIn {
            partner_key: self.key.get_value(),
            token: token.to_owned(),
        };
        self.start(http::public("/api/v1/portal/auth/magic-link/sign-in", &body).await?)
            .await
    }

    /// Signs up: a link to finish is mailed to `email` if it may.
    pub async fn sign_up(&self, email: &str, name: &str) -> Result<(), ApiError> {
        let body = PortalSignUp {
            partner_key: self.key.get_value(),
            email: email.to_owned(),
            name: name.to_owned(),
        };
        http::public("/api/v1/portal/auth/sign-up", &body).await
    }

    /// Finishes a sign-up: chooses a password and signs in.
    pub async fn complete_sign_up(&self, token: &str, password: &str) -> Result<(), ApiError> {
        let body = CompletePortalSignUp {
            partner_key: self.key.get_value(),
            token: token.to_owned(),
            password: password.to_owned(),
        };
        self.start(http::public("/api/v1/portal/auth/sign-up/complete", &body).await?)
            .await
    }

    /// Signs in with the partner's single sign-on token.
    pub async fn single_sign_on(&self, token: &str) -> Result<(), ApiError> {
        let body = PortalSso {
            partner_key: self.key.get_value(),
            token: token.to_owned(),
        };
        self.start(http::public("/api/v1/portal/auth/sso", &body).await?)
            .await
    }

    async fn start(&self, tokens: TokenResponse) -> Result<(), ApiError> {
        self.keep(&tokens);
        self.expired.set(false);
        self.load_me().await
    }

    /// Picks up the tab's session after a reload; `false` when there is none.
    pub async fn resume(&self) -> bool {
        self.saved_refresh().is_some() && self.load_me().await.is_ok()
    }

    /// Reads the signed-in customer.
    pub async fn load_me(&self) -> Result<(), ApiError> {
        let me: PortalMe = self.get("/api/v1/portal/me").await?;
        self.me.set(Some(me));
        Ok(())
    }

    /// Signs out here and on the server.
    pub async fn sign_out(&self) {
        if let Some(refresh_token) = self.saved_refresh() {
            let body = PortalRefresh { refresh_token };
            let _ = http::public::<serde_json::Value>("/api/v1/portal/auth/logout", &body).await;
        }
        self.clear();
        self.me.set(None);
    }

    /// `GET path` as the customer.
    pub async fn get<T: DeserializeOwned>(&self, path: &str) -> Result<T, ApiError> {
        Ok(http::call(*self, "GET", path, None::<&()>, None)
            .await?
            .body)
    }

    /// `POST path` with `body` as the customer.
    pub async fn post<T: DeserializeOwned>(
        &self,
        path: &str,
        body: &impl Serialize,
    ) -> Result<T, ApiError> {
        Ok(http::call(*self, "POST", path, Some(body), None)
            .await?
            .body)
    }

    /// Uploads `file` to send with a reply.
    pub async fn upload(&self, file: &web_sys::File) -> Result<PortalAttachment, ApiError> {
        http::upload(*self, "/api/v1/portal/attachments", file).await
    }

    /// Discards an upload not sent (left for the server's tidying if this fails).
    pub async fn discard(&self, attachment: &PortalAttachment) {
        let _ =
            http::call::<serde_json::Value>(*self, "DELETE", &attachment.url, None::<&()>, None)
                .await;
    }

    /// Saves a file through the browser.
    pub async fn download(&self, attachment: &PortalAttachment) -> Result<(), ApiError> {
        http::save_file(*self, &attachment.url, &attachment.filename).await
    }

    /// Changes the customer's profile, and shows it as it is now.
    pub async fn update_me(&self, change: &UpdatePortalMe) -> Result<(), ApiError> {
        let me: PortalMe = http::call(*self, "PATCH", "/api/v1/portal/me", Some(change), None)
            .await?
            .body;
        self.me.set(Some(me));
        Ok(())
    }
}

impl Tokens for Portal {
    fn access_token(&self) -> Option<String> {
        ACCESS.with(|a| {
            a.borrow()
                .as_ref()
                .filter(|(_, expires)| *expires - js_sys::Date::now() > MARGIN_MS)
                .map(|(token, _)| token.clone())
        })
    }

    fn forget_access_token(&self) {
        ACCESS.with(|a| a.borrow_mut().take());
    }

    fn refresh(self) -> LocalBoxFuture<'static, bool> {
        async move {
            let Some(refresh_token) = self.saved_refresh() else {
                return false;
            };
            let body = PortalRefresh { refresh_token };
            match http::public::<TokenResponse>("/api/v1/portal/auth/refresh", &body).await {
                Ok(tokens) => {
                    self.keep(&tokens);
                    true
                }
                Err(_) => {
                    self.clear();
                    false
                }
            }
        }
        .boxed_local()
    }

    fn expire(&self) {
        self.clear();
        if self.me.get_untracked().is_some() {
            self.expired.set(true);
        }
        self.me.set(None);
    }
}

/// `?a=1&b=x`, each value encoded; empty values left out.
pub fn query(pairs: &[(&str, &str)]) -> String {
    let parts: Vec<String> = pairs
        .iter()
        .filter(|(_, v)| !v.trim().is_empty())
        .map(|(k, v)| format!("{k}={}", js_sys::encode_uri_component(v)))
        .collect();
    if parts.is_empty() {
        String::new()
    } else {
        format!("?{}", parts.join("&"))
    }
}
