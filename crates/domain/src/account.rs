//! Accounts: the companies an organization sells to and serves.

use crate::validation::FieldError;

/// The relationship with an account.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AccountType {
    /// Buys from us.
    Customer,
    /// Might buy from us.
    Prospect,
    /// Resells or works with us.
    Partner,
}

/// How much an account matters, for routing, SLAs and attention.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Tier {
    /// The most important accounts.
    Platinum,
    /// Important accounts.
    Gold,
    /// Regular accounts.
    Silver,
    /// Small accounts.
    Bronze,
}

macro_rules! string_enum {
    ($ty:ty, $code:literal, $detail:literal, { $($variant:path => $name:literal),* $(,)? }) => {
        impl $ty {
            /// Every name, in declaration order.
            pub const NAMES: &'static [&'static str] = &[$($name),*];

            /// The name on the wire and in the database.
            pub fn as_str(self) -> &'static str {
                match self { $($variant => $name),* }
            }

            /// Parses the name.
            pub fn parse(pointer: &str, raw: &str) -> Result<Self, FieldError> {
                match raw { $($name => Ok($variant),)* _ => Err(FieldError::new(pointer, $code, $detail)) }
            }
        }
    };
}
pub(crate) use string_enum;

string_enum!(AccountType, "invalid_account_type", "must be one of customer, prospect, partner", {
    AccountType::Customer => "customer",
    AccountType::Prospect => "prospect",
    AccountType::Partner => "partner",
});

string_enum!(Tier, "invalid_tier", "must be one of platinum, gold, silver, bronze", {
    Tier::Platinum => "platinum",
    Tier::Gold => "gold",
    Tier::Silver => "silver",
    Tier::Bronze => "bronze",
});

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for t in [
            AccountType::Customer,
            AccountType::Prospect,
            AccountType::Partner,
        ] {
            assert_eq!(AccountType::parse("/type", t.as_str()), Ok(t));
        }
        for t in [Tier::Platinum, Tier::Gold, Tier::Silver, Tier::Bronze] {
            assert_eq!(Tier::parse("/tier", t.as_str()), Ok(t));
        }
        assert!(Tier::parse("/tier", "diamond").is_err());
    }
}

/// A postal address; every part optional.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Address {
    /// Street and number.
    pub street: Option<String>,
    /// City.
    pub city: Option<String>,
    /// State, province or region.
    pub region: Option<String>,
    /// Postal code.
    pub postal_code: Option<String>,
    /// ISO 3166-1 alpha-2 code.
    pub country: Option<String>,
}

/// Everything a user sets on an account, already validated and normalized.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccountFields {
    /// Company name.
    pub name: String,
    /// Internet domain, lowercased.
    pub domain: Option<String>,
    /// Relationship.
    pub account_type: AccountType,
    /// Industry.
    pub industry: Option<String>,
    /// Tier.
    pub tier: Option<Tier>,
    /// How many people work there.
    pub company_size: Option<crate::lead::CompanySize>,
    /// Owning user.
    pub owner_id: Option<crate::id::UserId>,
    /// Parent account.
    pub parent_id: Option<crate::id::AccountId>,
    /// Postal address.
    pub address: Address,
    /// Main phone number as written.
    pub phone: Option<String>,
    /// Web site.
    pub website: Option<String>,
    /// Annual revenue.
    pub annual_revenue: Option<crate::money::Money>,
    /// Lowercase tags, no duplicates.
    pub tags: Vec<String>,
}

impl AccountFields {
    /// What territories' rules read of the account.
    pub fn placeable(&self) -> crate::territory::Placeable<'_> {
        crate::territory::Placeable {
            country: self.address.country.as_deref(),
            region: self.address.region.as_deref(),
            industry: self.industry.as_deref(),
            company_size: self.company_size,
        }
    }

    /// The words search matches against: name, domain and the phone number.
    pub fn search_text(&self) -> String {
        let phone_terms = self
            .phone
            .as_deref()
            .map(crate::text::phone_search_terms)
            .unwrap_or_default();
        let mut parts = vec![Some(self.name.as_str()), self.domain.as_deref()];
        parts.extend(phone_terms.iter().map(|t| Some(t.as_str())));
        crate::text::search_words(parts)
    }
}

/// A stored account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Account {
    /// Its id.
    pub id: crate::id::AccountId,
    /// What users set.
    pub fields: AccountFields,
    /// The territory its fields place it in.
    pub territory_id: Option<crate::id::TerritoryId>,
    /// Created.
    pub created_at: chrono::DateTime<chrono::Utc>,
    /// Last changed.
    pub updated_at: chrono::DateTime<chrono::Utc>,
    /// Soft-deleted.
    pub deleted_at: Option<chrono::DateTime<chrono::Utc>>,
    /// Optimistic-concurrency version.
    pub version: i64,
}
