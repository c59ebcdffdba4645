//! Who is calling: a [`Caller`] whose access token checked out, and the [`Principal`] it
//! becomes once its session is confirmed in the database.

use std::future::{ready, Ready};

use actix_web::{FromRequest, HttpMessage, HttpRequest};
use chrono::{DateTime, Utc};
use domain::{OrgId, Role, SessionId, UserId};

use crate::error::ApiError;

/// A caller whose access token is valid, as the access middleware found it. The session
/// behind the token is confirmed in the same database trip as the handler's own work
/// ([`crate::AppState::run`]), which is the only way to a [`Principal`]: a handler cannot
/// reach the organization's data with an unconfirmed session.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Caller {
    pub(crate) org: OrgId,
    pub(crate) user: UserId,
    pub(crate) session: SessionId,
    pub(crate) role: Role,
}

impl Caller {
    /// What an access token will name.
    pub fn new(org: OrgId, user: UserId, session: SessionId, role: Role) -> Self {
        Self {
            org,
            user,
            session,
            role,
        }
    }

    /// The user the token names (confirmed only inside [`crate::AppState::run`]).
    pub fn user(&self) -> UserId {
        self.user
    }

    /// The role the token was issued for; the access middleware checks it against the route.
    pub fn role(&self) -> Role {
        self.role
    }

    /// Confirms that the session is live, the user active and the role still the token's: a
    /// user whose role changed gets a 401, so the client fetches a token with the new role.
    pub(crate) fn confirm(
        self,
        conn: &mut db::AnyConnection,
        now: DateTime<Utc>,
    ) -> Result<Principal, ApiError> {
        let current = db::users::session_user(conn, self.org, self.user, self.session, now)?
            .ok_or(ApiError::Unauthenticated(
                "the session has ended; log in again",
            ))?;
        if current.role != self.role {
            return Err(ApiError::Unauthenticated(
                "your role changed; refresh the access token",
            ));
        }
        Ok(Principal {
            org: self.org,
            user: self.user,
            role: self.role,
            session: self.session,
        })
    }
}

impl FromRequest for Caller {
    type Error = ApiError;
    type Future = Ready<Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, _payload: &mut actix_web::dev::Payload) -> Self::Future {
        ready(
            req.extensions()
                .get::<Caller>()
                .copied()
                .ok_or(ApiError::Unauthenticated("log in first")),
        )
    }
}

/// A caller whose session was confirmed for this request; every query is scoped by its
/// organization.
#[derive(Debug, Clone, Copy)]
pub struct Principal {
    /// The caller's organization.
    pub org: OrgId,
    /// The staff user.
    pub user: UserId,
    /// The user's role.
    pub role: Role,
    /// The login session.
    pub session: SessionId,
}
