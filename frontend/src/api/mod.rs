//! The staff app's calls to the REST API under `/api/v1`, with the caller's tokens (the
//! exchange itself is `web_shared::http`, which the portal shares).
//!
//! The access token lives in memory; the refresh token in an `HttpOnly` cookie that only the
//! sign-in routes receive, so a reload keeps the session and no script can read it. A
//! request whose access token is missing, about to expire or refused (401) refreshes once,
//! transparently.

pub mod accounts;
pub mod activities;
pub mod assets;
pub mod contacts;
pub mod contracts;
pub mod deals;
pub mod kb;
pub mod leads;
pub mod live;
pub mod mail;
pub mod notes;
pub mod notifications;
pub mod organization;
pub mod outbound;
pub mod phone;
pub mod portal;
mod resource;
pub mod rmas;
pub mod session;
pub mod sla;
pub mod tickets;
pub mod users;

use futures::future::{FutureExt, LocalBoxFuture};
use serde::de::DeserializeOwned;
use serde::Serialize;
use web_shared::http::{self, Tokens};
pub use web_shared::http::{field_sentence, query_string, sentence, Answer, ApiError};

pub use resource::{create, delete, list, one, restore, update, Resource, Versioned};
pub use session::Session;

impl Tokens for Session {
    fn access_token(&self) -> Option<String> {
        self.access_token_fresh()
    }

    fn forget_access_token(&self) {
        Session::forget_access_token(self);
    }

    fn refresh(self) -> LocalBoxFuture<'static, bool> {
        async move { Session::refresh(&self).await }.boxed_local()
    }

    fn expire(&self) {
        Session::expire(self);
    }
}

/// Calls the API as the signed-in user.
pub async fn call<T: DeserializeOwned>(
    session: &Session,
    method: &str,
    path: &str,
    body: Option<&impl Serialize>,
    if_match: Option<&str>,
) -> Result<Answer<T>, ApiError> {
    http::call(*session, method, path, body, if_match).await
}

/// `GET path`.
pub async fn get<T: DeserializeOwned>(
    session: &Session,
    path: &str,
) -> Result<Answer<T>, ApiError> {
    call(session, "GET", path, None::<&()>, None).await
}

pub(crate) use http::public;
