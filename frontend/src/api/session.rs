//! The signed-in user and their tokens.

use std::cell::RefCell;

use api_types::auth::{LoginRequest, Me, RefreshRequest, RefreshTokenIn, TokenResponse};
use leptos::prelude::*;

use super::ApiError;

/// Marks that this browser signed in before, so a visit starts by trying the refresh cookie
/// (which the page cannot read: it is `HttpOnly`). Holds no secret.
const SIGNED_IN_KEY: &str = "rapport.signed_in";
/// Where earlier versions kept the refresh token; removed on the next sign-in.
const LEGACY_REFRESH_KEY: &str = "rapport.refresh_token";
/// Refresh this long before the access token expires, so no request meets an expired one.
const MARGIN_MS: f64 = 30_000.0;

thread_local! {
    /// The access token and when it expires (milliseconds since the epoch).
    static ACCESS: RefCell<Option<(String, f64)>> = const { RefCell::new(None) };
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window().and_then(|w| w.local_storage().ok().flatten())
}

/// Who is signed in; shared through the context.
#[derive(Clone, Copy)]
pub struct Session {
    /// The user, once known.
    pub me: RwSignal<Option<Me>>,
    /// Set when the session ended behind the user's back; the shell sends them to login.
    pub expired: RwSignal<bool>,
    /// Set while the user logs out on purpose: the logout itself goes to the login page.
    pub signing_out: RwSignal<bool>,
}

impl Session {
    /// A session with nobody signed in yet.
    pub fn new() -> Self {
        Self {
            me: RwSignal::new(None),
            expired: RwSignal::new(false),
            signing_out: RwSignal::new(false),
        }
    }

    /// Whether the signed-in user's role allows `permission` (the server checks it again;
    /// this only hides what would be refused).
    pub fn can(&self, permission: domain::Permission) -> bool {
        self.me.with(|me| {
            me.as_ref()
                .and_then(|me| domain::Role::parse("", &me.role).ok())
                .is_some_and(|role| role.allows(permission))
        })
    }

    /// Whether this browser signed in before (its refresh cookie may still be good).
    pub fn has_saved_login(&self) -> bool {
        storage()
            .and_then(|s| s.get_item(SIGNED_IN_KEY).ok().flatten())
            .is_some()
    }

    fn keep(&self, tokens: &TokenResponse) {
        let expires = js_sys::Date::now() + tokens.expires_in as f64 * 1000.0;
        ACCESS.with(|a| *a.borrow_mut() = Some((tokens.access_token.clone(), expires)));
        if let Some(s) = storage() {
            let _ = s.set_item(SIGNED_IN_KEY, "1");
            // Earlier versions kept the refresh token itself here.
            let _ = s.remove_item(LEGACY_REFRESH_KEY);
        }
    }

    fn clear(&self) {
        ACCESS.with(|a| a.borrow_mut().take());
        // The next user of this tab must not see this one's colleagues.
        super::users::forget();
        if let Some(s) = storage() {
            let _ = s.remove_item(SIGNED_IN_KEY);
        }
    }

    /// The access token, unless it is missing or about to expire.
    pub fn access_token_fresh(&self) -> Option<String> {
        ACCESS.with(|a| {
            a.borrow()
                .as_ref()
                .filter(|(_, expires)| *expires - js_sys::Date::now() > MARGIN_MS)
                .map(|(token, _)| token.clone())
        })
    }

    /// Drops the access token (the server refused it), so the next call refreshes.
    pub fn forget_access_token(&self) {
        ACCESS.with(|a| a.borrow_mut().take());
    }

    /// Logs in and loads the user.
    pub async fn login(&self, email: &str, password: &str) -> Result<(), ApiError> {
        let body = LoginRequest {
            email: email.to_owned(),
            password: password.to_owned(),
            refresh_token_in: Some(RefreshTokenIn::Cookie),
        };
        let tokens: TokenResponse = super::public("/api/v1/auth/login", &body).await?;
        self.keep(&tokens);
        self.expired.set(false);
        self.signing_out.set(false);
        self.load_me().await
    }

    /// Trades the refresh cookie for new tokens; `false` when this browser never signed in
    /// or the server refuses it.
    pub async fn refresh(&self) -> bool {
        if !self.has_saved_login() {
            return false;
        }
        let body = RefreshRequest::default();
        match super::public::<TokenResponse>("/api/v1/auth/refresh", &body).await {
            Ok(tokens) => {
                self.keep(&tokens);
                true
            }
            _ => {
                self.clear();
                false
            }
        }
    }

    /// Reads the signed-in user.
    pub async fn load_me(&self) -> Result<(), ApiError> {
        let me: Me = super::get(self, "/api/v1/me").await?.body;
        self.me.set(Some(me));
        Ok(())
    }

    /// The session ended (refresh refused): forget everything and ask for a login.
    pub fn expire(&self) {
        self.clear();
        if self.me.get_untracked().is_some() {
            self.expired.set(true);
        }
        self.me.set(None);
    }

    /// Logs out on the server and here.
    pub async fn logout(&self) {
        self.signing_out.set(true);
        let body = RefreshRequest::default();
        let _ = super::public::<serde_json::Value>("/api/v1/auth/logout", &body).await;
        self.clear();
        self.me.set(None);
    }
}

impl Default for Session {
    fn default() -> Self {
        Self::new()
    }
}
