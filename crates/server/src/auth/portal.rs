//! Portal callers: customers signed in to the portal through a partner, with tokens of their
//! own audience and key. A [`PortalCaller`] is what a valid portal token names; the
//! [`PortalPrincipal`] is what it becomes once its session is confirmed.

use std::future::{ready, Ready};

use actix_web::{FromRequest, HttpMessage, HttpRequest};
use chrono::{DateTime, Utc};
use domain::portal::PortalRole;
use domain::{AccountId, ContactId, OrgId, PartnerId, PortalSessionId, PortalUserId};

use crate::error::ApiError;

/// A portal caller whose access token is valid, as the access middleware found it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PortalCaller {
    pub(crate) org: OrgId,
    pub(crate) user: PortalUserId,
    pub(crate) session: PortalSessionId,
    pub(crate) partner: PartnerId,
    pub(crate) role: PortalRole,
}

impl PortalCaller {
    /// What a portal access token will name.
    pub fn new(
        org: OrgId,
        (user, session): (PortalUserId, PortalSessionId),
        partner: PartnerId,
        role: PortalRole,
    ) -> Self {
        Self {
            org,
            user,
            session,
            partner,
            role,
        }
    }

    /// The role the token was issued for; the access middleware checks it against the route.
    pub fn role(&self) -> PortalRole {
        self.role
    }

    /// Confirms that the session and the partner are live and the portal user and their
    /// contact too, with the role still the token's.
    pub(crate) fn confirm(
        self,
        conn: &mut db::AnyConnection,
        now: DateTime<Utc>,
    ) -> Result<PortalPrincipal, ApiError> {
        let found = db::portal::users::session_user(
            conn,
            self.org,
            (self.user, self.session, self.partner),
            now,
        )?
        .ok_or(ApiError::Unauthenticated(
            "the session has ended; sign in again",
        ))?;
        if found.role != self.role {
            return Err(ApiError::Unauthenticated(
                "your role changed; refresh the access token",
            ));
        }
        Ok(PortalPrincipal {
            org: self.org,
            user: self.user,
            partner: self.partner,
            contact: found.contact,
            account: found.account,
            role: found.role,
        })
    }
}

impl FromRequest for PortalCaller {
    type Error = ApiError;
    type Future = Ready<Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, _payload: &mut actix_web::dev::Payload) -> Self::Future {
        ready(
            req.extensions()
                .get::<PortalCaller>()
                .copied()
                .ok_or(ApiError::Unauthenticated("sign in to the portal first")),
        )
    }
}

/// A portal caller whose session was confirmed for this request: every portal query is
/// scoped by its organization and by what its role lets it see.
#[derive(Debug, Clone, Copy)]
pub struct PortalPrincipal {
    /// The organization.
    pub org: OrgId,
    /// The portal user.
    pub user: PortalUserId,
    /// The partner signed in through.
    pub partner: PartnerId,
    /// The contact the portal user is.
    pub contact: ContactId,
    /// The contact's account.
    pub account: Option<AccountId>,
    /// What they may see.
    pub role: PortalRole,
}

impl PortalPrincipal {
    /// The account whose tickets they see, when they see all of them (an account admin
    /// with an account); otherwise they see only their own.
    pub fn whole_account(&self) -> Option<AccountId> {
        match self.role {
            PortalRole::AccountAdmin => self.account,
            PortalRole::User => None,
        }
    }
}
