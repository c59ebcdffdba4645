//! `/api/v1/portal-users`: which contacts may sign in to the customer portal (admins only).
//! Giving access invites the contact: the answer carries a one-time token for them to set a
//! password with.

pub mod create;
pub mod input;
pub mod list;
pub mod records;

use api_types::portal::PortalUser as PortalUserBody;
use db::portal::users::PortalUser;
use db::AnyConnection;
use domain::OrgId;
use domain::Permission::ManageUsers;

use crate::auth::{Access::Permission as Can, Routes};
use crate::error::ApiError;
use crate::kit::View;

/// How long an invitation can be accepted.
pub const INVITATION_DAYS: i64 = 7;

/// The portal-user routes and who may call them.
pub fn routes(r: &mut Routes) {
    r.add(list::list_portal_users, Can(ManageUsers))
        .add(create::create_portal_user, Can(ManageUsers))
        .add(records::get_portal_user, Can(ManageUsers))
        .add(records::update_portal_user, Can(ManageUsers))
        .add(records::delete_portal_user, Can(ManageUsers))
        .add(records::restore_portal_user, Can(ManageUsers))
        .add(create::reinvite_portal_user, Can(ManageUsers));
}

impl View for PortalUser {
    type Body = PortalUserBody;

    fn view(_: &mut AnyConnection, _: OrgId, u: &PortalUser) -> Result<PortalUserBody, ApiError> {
        Ok(body(u))
    }
}

/// A portal user as a response body.
pub fn body(u: &PortalUser) -> PortalUserBody {
    let f = &u.fields;
    PortalUserBody {
        id: u.id.to_string(),
        contact_id: f.contact_id.to_string(),
        email: f.email.as_str().to_owned(),
        role: f.role.as_str().to_owned(),
        active: f.active,
        status: if u.has_password { "active" } else { "invited" }.to_owned(),
        invitation_expires_at: u.invitation_expires_at,
        last_login_at: u.last_login_at,
        created_at: u.created_at,
        updated_at: u.updated_at,
        deleted_at: u.deleted_at,
        version: u.version,
    }
}
