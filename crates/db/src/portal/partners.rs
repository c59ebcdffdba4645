//! Partners: the websites that embed the customer portal, each with its key, its allowed
//! origins, its branding and which parts of the portal it shows.

use chrono::{DateTime, NaiveDateTime, Utc};
use diesel::prelude::*;
use domain::id::kind;
use domain::portal::{Features, PartnerFields};
use domain::{OrgId, PartnerId};

use crate::connection::{write_transaction, AnyConnection};
use crate::convert::{bytes, from_db, id, to_db};
use crate::error::Result;
use crate::list::{self, KeyValue, ListParams, Page, Positioned, SortKey, Sorts};
use crate::record::{self, at_version, Record, Store};
use crate::schema::partners;

/// Partners are listed by name.
pub const SORTS: Sorts = Sorts {
    options: &[
        ("name", SortKey::Name),
        ("created_at", SortKey::Created),
        ("updated_at", SortKey::Updated),
    ],
    default: (SortKey::Name, false),
};

/// A stored partner.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Partner {
    /// Its id.
    pub id: PartnerId,
    /// Its public key, which names its portal in URLs.
    pub key: String,
    /// What admins set.
    pub fields: PartnerFields,
    /// Whether it has a single sign-on secret (the secret itself is read only to check a
    /// token: [`sso_keys`]).
    pub sso_secret_set: bool,
    /// The public key (PEM) its backend's own signatures are checked with, if registered.
    pub sso_public_key: Option<String>,
    /// Created.
    pub created_at: DateTime<Utc>,
    /// Last changed.
    pub updated_at: DateTime<Utc>,
    /// In the trash.
    pub deleted_at: Option<DateTime<Utc>>,
    /// Version.
    pub version: i64,
}

#[derive(Queryable, Selectable)]
#[diesel(table_name = partners)]
struct PartnerRow {
    id: Vec<u8>,
    key: String,
    name: String,
    name_key: String,
    allowed_origins: String,
    accent_color: Option<String>,
    logo_url: Option<String>,
    language: Option<String>,
    ticket_creation: bool,
    knowledge_base: bool,
    assets: bool,
    sso_secret: Option<String>,
    sso_public_key: Option<String>,
    created_at: NaiveDateTime,
    updated_at: NaiveDateTime,
    deleted_at: Option<NaiveDateTime>,
    version: i64,
    ticket_categories: String,
    ticket_fields: String,
}

impl Positioned for PartnerRow {
    fn id_bytes(&self) -> &[u8] {
        &self.id
    }

    fn key(&self, key: SortKey) -> KeyValue {
        match key {
            SortKey::Name => KeyValue::Text(self.name_key.clone()),
            SortKey::Updated => KeyValue::Time(self.updated_at),
            _ => KeyValue::None,
        }
    }
}

#[derive(Insertable, AsChangeset)]
#[diesel(table_name = partners, treat_none_as_null = true)]
struct PartnerValues<'a> {
    name: &'a str,
    name_key: String,
    allowed_origins: String,
    accent_color: Option<&'a str>,
    logo_url: Option<&'a str>,
    language: Option<&'a str>,
    ticket_creation: bool,
    knowledge_base: bool,
    assets: bool,
    ticket_categories: String,
    ticket_fields: String,
}

impl<'a> PartnerValues<'a> {
    fn of(fields: &'a PartnerFields) -> Self {
        Self {
            name: &fields.name,
            name_key: domain::text::sort_key(&fields.name),
            allowed_origins: serde_json::to_string(&fields.allowed_origins)
                .unwrap_or_else(|_| "[]".into()),
            accent_color: fields.accent_color.as_deref(),
            logo_url: fields.logo_url.as_deref(),
            language: fields.language.as_deref(),
            ticket_creation: fields.features.ticket_creation,
            knowledge_base: fields.features.knowledge_base,
            assets: fields.features.assets,
            ticket_categories: serde_json::to_string(&fields.ticket_categories)
                .unwrap_or_else(|_| "[]".into()),
            ticket_fields: serde_json::to_string(&fields.ticket_fields)
                .unwrap_or_else(|_| "[]".into()),
        }
    }
}

fn to_partner(row: PartnerRow) -> Partner {
    Partner {
        id: id(&row.id),
        key: row.key,
        fields: PartnerFields {
            name: row.name,
            allowed_origins: serde_json::from_str(&row.allowed_origins).unwrap_or_default(),
            accent_color: row.accent_color,
            logo_url: row.logo_url,
            language: row.language,
            features: Features {
                ticket_creation: row.ticket_creation,
                knowledge_base: row.knowledge_base,
                assets: row.assets,
            },
            ticket_categories: serde_json::from_str(&row.ticket_categories).unwrap_or_default(),
            ticket_fields: serde_json::from_str(&row.ticket_fields).unwrap_or_default(),
        },
        sso_secret_set: row.sso_secret.is_some(),
        sso_public_key: row.sso_public_key,
        created_at: from_db(row.created_at),
        updated_at: from_db(row.updated_at),
        deleted_at: row.deleted_at.map(from_db),
        version: row.version,
    }
}

impl Record for Partner {
    type Kind = kind::Partner;
    const TABLE: &'static str = "partners";

    fn read(conn: &mut AnyConnection, org: OrgId, partner: PartnerId) -> Result<Self> {
        let row: PartnerRow = partners::table
            .filter(partners::org_id.eq(bytes(&org)))
            .filter(partners::id.eq(bytes(&partner)))
            .select(PartnerRow::as_select())
            .first(conn)?;
        Ok(to_partner(row))
    }

    fn version(&self) -> i64 {
        self.version
    }

    fn is_deleted(&self) -> bool {
        self.deleted_at.is_some()
    }

    /// A partner in the trash serves no portal: its sessions end, for good.
    fn trash(
        conn: &mut AnyConnection,
        org: OrgId,
        partner: PartnerId,
        expected: Option<i64>,
        deleted: bool,
        now: DateTime<Utc>,
    ) -> Result<()> {
        let end_sessions = |conn: &mut AnyConnection| match deleted {
            true => {
                super::sessions::end_all(conn, org, super::sessions::Whose::Partner(partner), now)
            }
            false => Ok(()),
        };
        record::set_deleted::<Partner>(conn, org, partner, expected, deleted, now, end_sessions)
            .map(|_| ())
    }
}

impl Store for Partner {
    type Fields = PartnerFields;

    fn write(
        conn: &mut AnyConnection,
        org: OrgId,
        current: &Self,
        fields: &PartnerFields,
        now: DateTime<Utc>,
    ) -> Result<usize> {
        Ok(diesel::update(partners::table)
            .filter(at_version(org, current.id, current.version))
            .set((
                PartnerValues::of(fields),
                partners::updated_at.eq(to_db(now)),
                partners::version.eq(current.version + 1),
            ))
            .execute(conn)?)
    }

    fn updated(
        _conn: &mut AnyConnection,
        _org: OrgId,
        current: Self,
        fields: PartnerFields,
        now: DateTime<Utc>,
    ) -> Result<Self> {
        Ok(Partner {
            fields,
            updated_at: now,
            version: current.version + 1,
            ..current
        })
    }
}

/// Adds a partner with its `key`.
pub fn create(
    conn: &mut AnyConnection,
    org: OrgId,
    key: &str,
    fields: &PartnerFields,
    now: DateTime<Utc>,
) -> Result<Partner> {
    let partner = PartnerId::mint();
    write_transaction(conn, |conn| {
        diesel::insert_into(partners::table)
            .values((
                partners::org_id.eq(bytes(&org)),
                partners::id.eq(bytes(&partner)),
                partners::key.eq(key),
                PartnerValues::of(fields),
                partners::created_at.eq(to_db(now)),
                partners::updated_at.eq(to_db(now)),
                partners::version.eq(1_i64),
            ))
            .execute(conn)?;
        Ok(Partner {
            id: partner,
            key: key.to_owned(),
            fields: fields.clone(),
            sso_secret_set: false,
            sso_public_key: None,
            created_at: now,
            updated_at: now,
            deleted_at: None,
            version: 1,
        })
    })
}

/// What a partner's backend signs its single sign-on tokens with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SsoKey {
    /// A secret shared with it (HS256); `None` forgets it.
    Secret(Option<String>),
    /// The public key (PEM) of a private key of its own; `None` forgets it.
    PublicKey(Option<String>),
}

/// Sets or forgets one of a live partner's single sign-on keys; its version goes up.
pub fn set_sso_key(
    conn: &mut AnyConnection,
    org: OrgId,
    partner: PartnerId,
    key: &SsoKey,
    now: DateTime<Utc>,
) -> Result<Partner> {
    write_transaction(conn, |conn| {
        let live = partners::table
            .filter(partners::org_id.eq(bytes(&org)))
            .filter(partners::id.eq(bytes(&partner)))
            .filter(partners::deleted_at.is_null());
        let stamp = (
            partners::updated_at.eq(to_db(now)),
            partners::version.eq(partners::version + 1),
        );
        let changed = match key {
            SsoKey::Secret(secret) => diesel::update(live)
                .set((partners::sso_secret.eq(secret.as_deref()), stamp))
                .execute(conn)?,
            SsoKey::PublicKey(pem) => diesel::update(live)
                .set((partners::sso_public_key.eq(pem.as_deref()), stamp))
                .execute(conn)?,
        };
        if changed == 0 {
            return Err(crate::error::Error::NotFound);
        }
        Partner::read(conn, org, partner)
    })
}

/// A partner's single sign-on keys, its secret and its public key, each if it has one.
pub fn sso_keys(
    conn: &mut AnyConnection,
    org: OrgId,
    partner: PartnerId,
) -> Result<(Option<String>, Option<String>)> {
    let keys: Option<(Option<String>, Option<String>)> = partners::table
        .filter(partners::org_id.eq(bytes(&org)))
        .filter(partners::id.eq(bytes(&partner)))
        .select((partners::sso_secret, partners::sso_public_key))
        .first(conn)
        .optional()?;
    Ok(keys.unwrap_or_default())
}

/// The live partner with `key` in `org`.
pub fn by_key(conn: &mut AnyConnection, org: OrgId, key: &str) -> Result<Option<Partner>> {
    let row: Option<PartnerRow> = partners::table
        .filter(partners::org_id.eq(bytes(&org)))
        .filter(partners::key.eq(key))
        .filter(partners::deleted_at.is_null())
        .select(PartnerRow::as_select())
        .first(conn)
        .optional()?;
    Ok(row.map(to_partner))
}

/// One page of partners, or (`params.deleted`) of those in the trash.
pub fn list(conn: &mut AnyConnection, org: OrgId, params: &ListParams) -> Result<Page<Partner>> {
    let org_bytes = bytes(&org);
    let build = || {
        partners::table
            .filter(partners::org_id.eq(org_bytes.clone()))
            .select(PartnerRow::as_select())
            .into_boxed()
    };
    let page = list::load_page::<Partner, _, _>(conn, build, None, params)?;
    Ok(Page {
        items: page.items.into_iter().map(to_partner).collect(),
        next_cursor: page.next_cursor,
        total: page.total,
    })
}
