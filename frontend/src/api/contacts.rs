//! `/api/v1/contacts`.

use api_types::contacts::{Contact, ContactFilters, CreateContact, UpdateContact};

use crate::components::bulk::BulkEdit;

use super::Resource;

impl Resource for Contact {
    const PATH: &'static str = "contacts";
    const KIND: &'static str = "contact";
    const TITLE: &'static str = "Contacts";
    const WRITE: domain::Permission = domain::Permission::WriteCustomers;
    type Create = CreateContact;
    type Update = UpdateContact;
    type Filters = ContactFilters;

    fn id(&self) -> &str {
        &self.id
    }

    fn deleted_at(&self) -> Option<chrono::DateTime<chrono::Utc>> {
        self.deleted_at
    }

    /// Given name and family name.
    fn title(&self) -> String {
        match &self.first_name {
            Some(first) => format!("{first} {}", self.last_name),
            None => self.last_name.clone(),
        }
    }
}

impl BulkEdit for Contact {
    fn version(&self) -> i64 {
        self.version
    }

    fn set_owner(owner: Option<String>) -> UpdateContact {
        UpdateContact {
            owner_id: api_types::Patch::set(owner),
            ..UpdateContact::default()
        }
    }

    fn add_tag(&self, tag: &str) -> UpdateContact {
        let mut tags = self.tags.clone();
        if !tags.iter().any(|t| t == tag) {
            tags.push(tag.to_owned());
        }
        UpdateContact {
            tags: Some(tags),
            ..UpdateContact::default()
        }
    }
}
