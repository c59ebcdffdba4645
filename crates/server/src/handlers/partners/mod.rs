//! `/api/v1/partners`: the websites that embed the customer portal (admins only).

pub mod create;
pub mod delete;
pub mod get;
pub mod input;
pub mod list;
pub mod restore;
pub mod sso;
pub mod update;

use api_types::portal::{Partner as PartnerBody, PortalFeatures};
use db::portal::partners::Partner;
use db::AnyConnection;
use domain::portal::Features;
use domain::OrgId;
use domain::Permission::ManageSettings;

use crate::auth::{Access::Permission as Can, Routes};
use crate::error::ApiError;
use crate::kit::View;

/// The partner routes and who may call them.
pub fn routes(r: &mut Routes) {
    r.add(list::list_partners, Can(ManageSettings))
        .add(create::create_partner, Can(ManageSettings))
        .add(get::get_partner, Can(ManageSettings))
        .add(update::update_partner, Can(ManageSettings))
        .add(delete::delete_partner, Can(ManageSettings))
        .add(restore::restore_partner, Can(ManageSettings))
        .add(sso::new_sso_secret, Can(ManageSettings))
        .add(sso::remove_sso_secret, Can(ManageSettings))
        .add(sso::set_sso_public_key, Can(ManageSettings))
        .add(sso::remove_sso_public_key, Can(ManageSettings));
}

impl View for Partner {
    type Body = PartnerBody;

    fn view(_: &mut AnyConnection, _: OrgId, p: &Partner) -> Result<PartnerBody, ApiError> {
        Ok(body(p))
    }
}

/// Features as the API shows them.
pub fn features(f: Features) -> PortalFeatures {
    PortalFeatures {
        ticket_creation: f.ticket_creation,
        knowledge_base: f.knowledge_base,
        assets: f.assets,
    }
}

/// A partner as a response body.
pub fn body(p: &Partner) -> PartnerBody {
    let f = &p.fields;
    PartnerBody {
        id: p.id.to_string(),
        key: p.key.clone(),
        name: f.name.clone(),
        allowed_origins: f.allowed_origins.clone(),
        accent_color: f.accent_color.clone(),
        logo_url: f.logo_url.clone(),
        language: f.language.clone(),
        features: features(f.features),
        ticket_categories: f.ticket_categories.clone(),
        ticket_fields: f
            .ticket_fields
            .iter()
            .map(input::ticket_field_body)
            .collect(),
        sso_enabled: p.sso_secret_set || p.sso_public_key.is_some(),
        sso_secret_set: p.sso_secret_set,
        sso_public_key: p.sso_public_key.clone(),
        created_at: p.created_at,
        updated_at: p.updated_at,
        deleted_at: p.deleted_at,
        version: p.version,
    }
}
