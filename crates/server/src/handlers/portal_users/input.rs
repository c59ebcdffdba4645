//! Turning portal-user request bodies into validated domain fields.

use api_types::portal::UpdatePortalUser;
use db::portal::users::PortalUser;
use domain::portal::{PortalRole, PortalUserFields};
use domain::{Email, Violations};

use crate::auth::Principal;
use crate::error::ApiError;

/// The role a body names, `user` when it names none.
pub fn role(v: &mut Violations, raw: Option<&str>) -> Option<PortalRole> {
    match raw {
        None => Some(PortalRole::User),
        Some(raw) => v.check(PortalRole::parse("/role", raw)),
    }
}

/// The fields of `current` with `patch` applied. The contact never changes: give another
/// contact access of their own.
pub fn merge(
    current: &PortalUser,
    patch: UpdatePortalUser,
    _caller: &Principal,
) -> Result<PortalUserFields, ApiError> {
    let mut v = Violations::new();
    let email = match patch.email {
        Some(raw) => v.check(Email::parse("/email", &raw)),
        None => Some(current.fields.email.clone()),
    };
    let role = match patch.role {
        Some(raw) => v.check(PortalRole::parse("/role", &raw)),
        None => Some(current.fields.role),
    };
    v.finish(|| {
        Some(PortalUserFields {
            contact_id: current.fields.contact_id,
            email: email?,
            role: role?,
            active: patch.active.unwrap_or(current.fields.active),
        })
    })
    .map_err(ApiError::from)
}
