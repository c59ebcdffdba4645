//! The customer portal as staff run it: partners (with their single sign-on secret) and the
//! contacts' portal access.

use api_types::portal::{
    CreatePartner, CreatePortalUser, InvitedPortalUser, Partner, PartnerSsoPublicKey,
    PartnerSsoSecret, PortalUser, PortalUserFilters, ReinvitePortalUser, UpdatePartner,
    UpdatePortalUser,
};
use api_types::Page;

use super::{call, get, ApiError, Resource, Session, Versioned};

impl Resource for Partner {
    const PATH: &'static str = "partners";
    const KIND: &'static str = "partner";
    const TITLE: &'static str = "Partners";
    const WRITE: domain::Permission = domain::Permission::ManageSettings;
    type Create = CreatePartner;
    type Update = UpdatePartner;
    type Filters = ();

    fn id(&self) -> &str {
        &self.id
    }

    fn deleted_at(&self) -> Option<chrono::DateTime<chrono::Utc>> {
        self.deleted_at
    }

    fn title(&self) -> String {
        self.name.clone()
    }
}

impl Resource for PortalUser {
    const PATH: &'static str = "portal-users";
    const KIND: &'static str = "portal user";
    const TITLE: &'static str = "Portal users";
    const WRITE: domain::Permission = domain::Permission::ManageUsers;
    type Create = CreatePortalUser;
    type Update = UpdatePortalUser;
    type Filters = PortalUserFilters;

    fn id(&self) -> &str {
        &self.id
    }

    fn deleted_at(&self) -> Option<chrono::DateTime<chrono::Utc>> {
        self.deleted_at
    }

    fn title(&self) -> String {
        self.email.clone()
    }

    /// Portal access is shown on its contact's page.
    fn page_of(_: &str) -> String {
        "/contacts".into()
    }
}

/// Gives a partner a new single sign-on secret, which only this answer carries.
pub async fn new_sso_secret(session: &Session, partner: &str) -> Result<String, ApiError> {
    let path = format!("/api/v1/partners/{partner}/sso-secret");
    let answer: PartnerSsoSecret = call(session, "POST", &path, Some(&serde_json::json!({})), None)
        .await?
        .body;
    Ok(answer.secret)
}

/// Turns a partner's single sign-on off.
pub async fn remove_sso_secret(session: &Session, partner: &str) -> Result<(), ApiError> {
    let path = format!("/api/v1/partners/{partner}/sso-secret");
    call::<serde_json::Value>(session, "DELETE", &path, None::<&()>, None).await?;
    Ok(())
}

/// Registers the public key a partner's backend signs its single sign-on tokens with.
pub async fn set_sso_public_key(
    session: &Session,
    partner: &str,
    public_key: &str,
) -> Result<(), ApiError> {
    let path = format!("/api/v1/partners/{partner}/sso-public-key");
    let body = PartnerSsoPublicKey {
        public_key: public_key.to_owned(),
    };
    call::<Partner>(session, "PUT", &path, Some(&body), None).await?;
    Ok(())
}

/// Forgets a partner's public key.
pub async fn remove_sso_public_key(session: &Session, partner: &str) -> Result<(), ApiError> {
    let path = format!("/api/v1/partners/{partner}/sso-public-key");
    call::<serde_json::Value>(session, "DELETE", &path, None::<&()>, None).await?;
    Ok(())
}

/// The live partners, by name (an organization has a handful).
pub async fn partners(session: &Session) -> Result<Vec<Partner>, ApiError> {
    let page: Page<Partner> = get(session, "/api/v1/partners?limit=100&sort=name")
        .await?
        .body;
    Ok(page.items)
}

/// A contact's portal access, with its `ETag`; none when they have none.
pub async fn access_of(
    session: &Session,
    contact: &str,
) -> Result<Option<Versioned<PortalUser>>, ApiError> {
    let path = format!("/api/v1/portal-users?contact_id={contact}");
    let page: Page<PortalUser> = get(session, &path).await?.body;
    match page.items.first() {
        Some(user) => super::one::<PortalUser>(session, &user.id).await.map(Some),
        None => Ok(None),
    }
}

/// Gives a contact portal access; the answer carries the invitation's token, once.
pub async fn invite(
    session: &Session,
    body: &CreatePortalUser,
) -> Result<InvitedPortalUser, ApiError> {
    Ok(
        call(session, "POST", "/api/v1/portal-users", Some(body), None)
            .await?
            .body,
    )
}

/// A new invitation for a portal user, replacing the pending one; mailed with a link into the
/// portal of `partner_id`, when given.
pub async fn reinvite(
    session: &Session,
    user: &str,
    partner_id: Option<String>,
) -> Result<InvitedPortalUser, ApiError> {
    let path = format!("/api/v1/portal-users/{user}/invitation");
    let body = ReinvitePortalUser { partner_id };
    Ok(call(session, "POST", &path, Some(&body), None).await?.body)
}

/// Where an invitation is accepted, in the portal of the partner `key`.
pub fn invitation_link(key: &str, token: &str) -> String {
    let origin = web_sys::window()
        .and_then(|w| w.location().origin().ok())
        .unwrap_or_default();
    format!(
        "{origin}/portal/{key}/invitation?token={}",
        js_sys::encode_uri_component(token)
    )
}
