//! Telephony providers (the connections whose signed events report calls) and what they
//! report: the call each provider call id became, and each call's events, which the live
//! feed carries to agents' screens.

use chrono::{DateTime, NaiveDateTime, Utc};
use diesel::prelude::*;
use domain::call::CallEventKind;
use domain::id::kind;
use domain::{ActivityId, OrgId, TelephonyProviderId, UserId};

use crate::connection::{write_transaction, AnyConnection};
use crate::convert::{bytes, from_db, id, opt_id, to_db};
use crate::error::{Error, Result};
use crate::list::{self, KeyValue, ListParams, Page, Positioned, SortKey, Sorts};
use crate::record::{at_version, Record, Store};
use crate::schema::{call_events, telephony_providers as providers};

/// What admins set on a provider.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProviderFields {
    /// What it is called, such as `Twilio main line`.
    pub name: String,
    /// Whether its events are taken.
    pub active: bool,
}

/// A stored provider connection.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Provider {
    /// Its id.
    pub id: TelephonyProviderId,
    /// What admins set.
    pub fields: ProviderFields,
    /// The shared secret its events are signed with.
    pub secret: String,
    /// Created.
    pub created_at: DateTime<Utc>,
    /// Last changed.
    pub updated_at: DateTime<Utc>,
    /// In the trash.
    pub deleted: bool,
    /// Version.
    pub version: i64,
}

/// Providers are listed newest first.
pub const SORTS: Sorts = Sorts {
    options: &[("created_at", SortKey::Created)],
    default: (SortKey::Created, true),
};

#[derive(Queryable, Selectable)]
#[diesel(table_name = providers)]
struct ProviderRow {
    id: Vec<u8>,
    name: String,
    secret: String,
    active: bool,
    created_at: NaiveDateTime,
    updated_at: NaiveDateTime,
    deleted_at: Option<NaiveDateTime>,
    version: i64,
}

impl Positioned for ProviderRow {
    fn id_bytes(&self) -> &[u8] {
        &self.id
    }

    fn key(&self, _key: SortKey) -> KeyValue {
        KeyValue::None
    }
}

fn to_provider(row: ProviderRow) -> Provider {
    Provider {
        id: id(&row.id),
        fields: ProviderFields {
            name: row.name,
            active: row.active,
        },
        secret: row.secret,
        created_at: from_db(row.created_at),
        updated_at: from_db(row.updated_at),
        deleted: row.deleted_at.is_some(),
        version: row.version,
    }
}

impl Record for Provider {
    type Kind = kind::TelephonyProvider;
    const TABLE: &'static str = "telephony_providers";

    fn read(conn: &mut AnyConnection, org: OrgId, provider: TelephonyProviderId) -> Result<Self> {
        let row: ProviderRow = providers::table
            .filter(providers::org_id.eq(bytes(&org)))
            .filter(providers::id.eq(bytes(&provider)))
            .select(ProviderRow::as_select())
            .first(conn)?;
        Ok(to_provider(row))
    }

    fn version(&self) -> i64 {
        self.version
    }

    fn is_deleted(&self) -> bool {
        self.deleted
    }
}

impl Store for Provider {
    type Fields = ProviderFields;

    fn write(
        conn: &mut AnyConnection,
        org: OrgId,
        current: &Self,
        fields: &ProviderFields,
        now: DateTime<Utc>,
    ) -> Result<usize> {
        Ok(diesel::update(providers::table)
            .filter(at_version(org, current.id, current.version))
            .set((
                providers::name.eq(&fields.name),
                providers::active.eq(fields.active),
                providers::updated_at.eq(to_db(now)),
                providers::version.eq(current.version + 1),
            ))
            .execute(conn)?)
    }

    fn updated(
        _conn: &mut AnyConnection,
        _org: OrgId,
        current: Self,
        fields: ProviderFields,
        now: DateTime<Utc>,
    ) -> Result<Self> {
        Ok(Provider {
            fields,
            updated_at: now,
            version: current.version + 1,
            ..current
        })
    }
}

/// Creates a provider connection with its signing secret.
pub fn create(
    conn: &mut AnyConnection,
    org: OrgId,
    (provider, secret): (TelephonyProviderId, String),
    fields: &ProviderFields,
    now: DateTime<Utc>,
) -> Result<Provider> {
    diesel::insert_into(providers::table)
        .values((
            providers::org_id.eq(bytes(&org)),
            providers::id.eq(bytes(&provider)),
            providers::name.eq(&fields.name),
            providers::active.eq(fields.active),
            providers::secret.eq(&secret),
            providers::created_at.eq(to_db(now)),
            providers::updated_at.eq(to_db(now)),
            providers::version.eq(1_i64),
        ))
        .execute(conn)?;
    Ok(Provider {
        id: provider,
        fields: fields.clone(),
        secret,
        created_at: now,
        updated_at: now,
        deleted: false,
        version: 1,
    })
}

/// Replaces a provider's signing secret; events signed with the old one are refused at once.
pub fn rotate_secret(
    conn: &mut AnyConnection,
    org: OrgId,
    current: &Provider,
    secret: String,
    now: DateTime<Utc>,
) -> Result<Provider> {
    let changed = diesel::update(providers::table)
        .filter(at_version(org, current.id, current.version))
        .set((
            providers::secret.eq(&secret),
            providers::updated_at.eq(to_db(now)),
            providers::version.eq(current.version + 1),
        ))
        .execute(conn)?;
    if changed == 0 {
        return Err(Error::Stale);
    }
    Ok(Provider {
        secret,
        updated_at: now,
        version: current.version + 1,
        ..current.clone()
    })
}

/// One page of the organization's providers.
pub fn list(conn: &mut AnyConnection, org: OrgId, params: &ListParams) -> Result<Page<Provider>> {
    let build = || {
        providers::table
            .filter(providers::org_id.eq(bytes(&org)))
            .select(ProviderRow::as_select())
            .into_boxed()
    };
    let page = list::load_page::<Provider, _, _>(conn, build, None, params)?;
    Ok(page.map(to_provider))
}

/// One event of a call, as the live feed and the call's history show it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CallEventRecord {
    /// The call.
    pub call: ActivityId,
    /// What happened.
    pub kind: CallEventKind,
    /// The agent it rang for, if the provider named one.
    pub agent: Option<UserId>,
    /// When.
    pub at: DateTime<Utc>,
}

/// Records an event of a call and announces it on the live feed once it commits.
pub fn append_event(conn: &mut AnyConnection, org: OrgId, event: &CallEventRecord) -> Result<()> {
    write_transaction(conn, |conn| {
        let last: Option<i64> = call_events::table
            .filter(call_events::org_id.eq(bytes(&org)))
            .filter(call_events::call_id.eq(bytes(&event.call)))
            .select(diesel::dsl::max(call_events::seq))
            .first(conn)?;
        diesel::insert_into(call_events::table)
            .values((
                call_events::org_id.eq(bytes(&org)),
                call_events::call_id.eq(bytes(&event.call)),
                call_events::seq.eq(last.unwrap_or(0) + 1),
                call_events::kind.eq(event.kind.as_str()),
                call_events::agent_id.eq(event.agent.as_ref().map(bytes)),
                call_events::at.eq(to_db(event.at)),
            ))
            .execute(conn)?;
        crate::live::announce_call(conn, org, event)
    })
}

/// The events of a call, in order.
pub fn events(
    conn: &mut AnyConnection,
    org: OrgId,
    call: ActivityId,
) -> Result<Vec<CallEventRecord>> {
    let rows: Vec<(String, Option<Vec<u8>>, NaiveDateTime)> = call_events::table
        .filter(call_events::org_id.eq(bytes(&org)))
        .filter(call_events::call_id.eq(bytes(&call)))
        .order(call_events::seq)
        .select((call_events::kind, call_events::agent_id, call_events::at))
        .load(conn)?;
    rows.into_iter()
        .map(|(kind, agent, at)| {
            Ok(CallEventRecord {
                call,
                kind: CallEventKind::parse("", &kind)
                    .map_err(|e| Error::Other(format!("stored call event: {e}")))?,
                agent: opt_id(agent.as_ref()),
                at: from_db(at),
            })
        })
        .collect()
}

/// The class of PostgreSQL's two-key advisory locks that stand for provider calls.
const CALL_LOCKS: i32 = 0x7465_6c65; // "tele"

/// Holds, until the transaction ends, the lock of a provider's call id, so that two first
/// events of one call arriving at once make one call: the second waits, then finds it.
/// SQLite's write transaction already holds the whole database.
pub fn lock_reported_call(
    conn: &mut AnyConnection,
    provider: TelephonyProviderId,
    call_id: &str,
) -> Result<()> {
    if let AnyConnection::Postgresql(_) = conn {
        crate::sql::Sql::new(format!(
            "SELECT pg_advisory_xact_lock({CALL_LOCKS}, hashtext("
        ))
        .value(crate::sql::Value::Text(format!("{provider}:{call_id}")))
        .push("))")
        .execute(conn)?;
    }
    Ok(())
}
