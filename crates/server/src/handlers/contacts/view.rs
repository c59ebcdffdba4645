//! Domain contacts as the API shows them.

use api_types::contacts::{Consent as ConsentBody, Contact as ContactBody, ContactPhone};
use db::AnyConnection;
use domain::contact::{Consent, Contact, PhoneEntry};
use domain::OrgId;

use crate::error::ApiError;
use crate::kit::View;

impl View for Contact {
    type Body = ContactBody;

    fn view(_: &mut AnyConnection, _: OrgId, contact: &Contact) -> Result<ContactBody, ApiError> {
        Ok(self::contact(contact))
    }
}

/// A contact as a response body.
pub fn contact(c: &Contact) -> ContactBody {
    let f = &c.fields;
    ContactBody {
        id: c.id.to_string(),
        first_name: f.first_name.clone(),
        last_name: f.last_name.clone(),
        email: f.email.as_ref().map(|e| e.as_str().to_owned()),
        phones: phones(&f.phones),
        title: f.title.clone(),
        account_id: f.account_id.map(|a| a.to_string()),
        owner_id: f.owner_id.map(|o| o.to_string()),
        preferred_channel: f.preferred_channel.as_str().to_owned(),
        consent: consent(f.consent),
        tags: f.tags.clone(),
        created_at: c.created_at,
        updated_at: c.updated_at,
        deleted_at: c.deleted_at,
        version: c.version,
    }
}

/// Phone entries as bodies.
pub fn phones(entries: &[PhoneEntry]) -> Vec<ContactPhone> {
    entries
        .iter()
        .map(|p| ContactPhone {
            kind: p.kind.as_str().to_owned(),
            number: p.number.clone(),
        })
        .collect()
}

/// Consent as a body.
pub fn consent(c: Consent) -> ConsentBody {
    ConsentBody {
        email: c.email,
        phone: c.phone,
        sms: c.sms,
        do_not_contact: c.do_not_contact,
    }
}
