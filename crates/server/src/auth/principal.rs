//! The authenticated caller.

use std::future::{ready, Ready};

use actix_web::{FromRequest, HttpMessage, HttpRequest};
use domain::{OrgId, Permission, Role, SessionId, UserId};

use crate::error::ApiError;

/// Who is calling: set by the access middleware on every route that requires a login.
#[derive(Debug, Clone, Copy)]
pub struct Principal {
    /// The caller's organization; every query is scoped by it.
    pub org: OrgId,
    /// The staff user.
    pub user: UserId,
    /// The user's current role.
    pub role: Role,
    /// The login session.
    pub session: SessionId,
}

impl Principal {
    /// Refuses unless the role holds `permission`.
    pub fn require(&self, permission: Permission) -> Result<(), ApiError> {
        if self.role.allows(permission) {
            Ok(())
        } else {
            Err(ApiError::Forbidden)
        }
    }
}

impl FromRequest for Principal {
    type Error = ApiError;
    type Future = Ready<Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, _payload: &mut actix_web::dev::Payload) -> Self::Future {
        ready(
            req.extensions()
                .get::<Principal>()
                .copied()
                .ok_or(ApiError::Unauthenticated("log in first")),
        )
    }
}
