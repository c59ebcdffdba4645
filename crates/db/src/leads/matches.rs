//! The records that look like a lead's person or company: accounts by company domain or
//! phone, contacts by email or phone, and other open leads by any of the three. What
//! conversion offers to use instead of making new records, and what a lead page warns of.

use diesel::sql_types::{Binary, Nullable, Text};
use diesel::QueryableByName;
use domain::id::{kind, Id, IdKind};
use domain::lead::{Lead, MatchReason};
use domain::OrgId;

use crate::connection::AnyConnection;
use crate::error::Result;
use crate::sql::{Sql, Value};

/// How many records of each kind are answered.
const LIMIT: usize = 10;

/// A record like the lead, and what makes it alike.
#[derive(Debug)]
pub struct Match<K: IdKind> {
    /// The record.
    pub id: Id<K>,
    /// Its name as lists show it.
    pub name: String,
    /// What it shares with the lead, in the order of [`MatchReason`].
    pub reasons: Vec<MatchReason>,
}

/// Everything like a lead, oldest first within each kind.
#[derive(Debug)]
pub struct Matches {
    /// Accounts with the lead's company domain or one of its phone numbers.
    pub accounts: Vec<Match<kind::Account>>,
    /// Contacts with the lead's email or one of its phone numbers.
    pub contacts: Vec<Match<kind::Contact>>,
    /// Other live, unconverted leads with its email, company domain or a phone number.
    pub leads: Vec<Match<kind::Lead>>,
}

#[derive(QueryableByName)]
struct Candidate {
    #[diesel(sql_type = Binary)]
    id: Vec<u8>,
    #[diesel(sql_type = Nullable<Text>)]
    name: Option<String>,
    #[diesel(sql_type = Nullable<Text>)]
    email: Option<String>,
    #[diesel(sql_type = Nullable<Text>)]
    domain: Option<String>,
    #[diesel(sql_type = Nullable<Text>)]
    phones: Option<String>,
}

/// One kind of record to look through.
struct Source {
    /// `SELECT … FROM …` naming the columns of [`Candidate`].
    select: &'static str,
    /// Extra conditions after `org_id = ?`.
    live: &'static str,
    email: Option<&'static str>,
    domain: Option<&'static str>,
    /// The search-term table and its record column, which hold every phone's digits.
    terms: (&'static str, &'static str),
    /// Whether `phones` is a JSON list of entries (else one number as written).
    phone_list: bool,
}

const ACCOUNTS: Source = Source {
    select: "SELECT id, name, NULL AS email, domain, phone AS phones FROM accounts",
    live: " AND deleted_at IS NULL",
    email: None,
    domain: Some("domain"),
    terms: ("account_terms", "account_id"),
    phone_list: false,
};

const CONTACTS: Source = Source {
    select: "SELECT id, TRIM(COALESCE(first_name, '') || ' ' || last_name) AS name, \
             email_normalized AS email, NULL AS domain, phones FROM contacts",
    live: " AND deleted_at IS NULL",
    email: Some("email_normalized"),
    domain: None,
    terms: ("contact_terms", "contact_id"),
    phone_list: true,
};

const LEADS: Source = Source {
    select: "SELECT id, COALESCE(NULLIF(TRIM(COALESCE(first_name, '') || ' ' || \
             COALESCE(last_name, '')), ''), company, email) AS name, email_normalized AS email, \
             company_domain AS domain, phones FROM leads",
    live: " AND deleted_at IS NULL AND status <> 'converted'",
    email: Some("email_normalized"),
    domain: Some("company_domain"),
    terms: ("lead_terms", "lead_id"),
    phone_list: true,
};

/// What the lead is matched by.
struct Keys {
    email: Option<String>,
    domain: Option<String>,
    phones: Vec<String>,
}

/// The accounts, contacts and other leads like `lead`.
pub fn find(conn: &mut AnyConnection, org: OrgId, lead: &Lead) -> Result<Matches> {
    let keys = Keys {
        email: lead.fields.email.as_ref().map(domain::Email::normalized),
        domain: lead.fields.company_domain(),
        phones: lead.fields.phone_digits(),
    };
    Ok(Matches {
        accounts: look(conn, org, &ACCOUNTS, &keys, None)?,
        contacts: look(conn, org, &CONTACTS, &keys, None)?,
        leads: look(conn, org, &LEADS, &keys, Some(lead.id.as_bytes()))?,
    })
}

fn look<K: IdKind>(
    conn: &mut AnyConnection,
    org: OrgId,
    source: &Source,
    keys: &Keys,
    except: Option<&[u8; 16]>,
) -> Result<Vec<Match<K>>> {
    let org_value = || Value::Bytes(org.as_bytes().to_vec());
    let mut alike = Vec::new();
    if let (Some(column), Some(email)) = (source.email, &keys.email) {
        alike.push(Sql::new(format!("{column} = ")).value(Value::Text(email.clone())));
    }
    if let (Some(column), Some(domain)) = (source.domain, &keys.domain) {
        alike.push(Sql::new(format!("{column} = ")).value(Value::Text(domain.clone())));
    }
    if !keys.phones.is_empty() {
        let (table, owner) = source.terms;
        alike.push(
            Sql::new(format!(
                "id IN (SELECT {owner} FROM {table} WHERE org_id = "
            ))
            .value(org_value())
            .push(" AND term IN (")
            .values(keys.phones.iter().cloned().map(Value::Text))
            .push("))"),
        );
    }
    if alike.is_empty() {
        return Ok(Vec::new());
    }
    let mut query = Sql::new(source.select)
        .push(" WHERE org_id = ")
        .value(org_value())
        .push(source.live);
    if let Some(except) = except {
        query = query
            .push(" AND id <> ")
            .value(Value::Bytes(except.to_vec()));
    }
    query = query.push(" AND (");
    for (i, condition) in alike.into_iter().enumerate() {
        query = query
            .push(if i == 0 { "" } else { " OR " })
            .append(condition);
    }
    // Phone terms are prefixes: a longer number can come back, and is dropped below.
    let candidates: Vec<Candidate> = query
        .push(format!(") ORDER BY id LIMIT {}", LIMIT * 3))
        .load(conn)?;
    Ok(candidates
        .into_iter()
        .filter_map(|c| {
            let reasons = reasons(source, keys, &c);
            let id = Id::from_bytes(&c.id)?;
            (!reasons.is_empty()).then(|| Match {
                id,
                name: c.name.unwrap_or_default(),
                reasons,
            })
        })
        .take(LIMIT)
        .collect())
}

fn reasons(source: &Source, keys: &Keys, c: &Candidate) -> Vec<MatchReason> {
    let digits = |n: &str| -> String { n.chars().filter(char::is_ascii_digit).collect() };
    let numbers: Vec<String> = match (&c.phones, source.phone_list) {
        (Some(list), true) => serde_json::from_str::<Vec<domain::contact::PhoneEntry>>(list)
            .unwrap_or_default()
            .iter()
            .map(|p| digits(&p.number))
            .collect(),
        (Some(one), false) => vec![digits(one)],
        (None, _) => Vec::new(),
    };
    let mut reasons = Vec::new();
    if keys.email.is_some() && c.email == keys.email {
        reasons.push(MatchReason::Email);
    }
    if keys.phones.iter().any(|p| numbers.contains(p)) {
        reasons.push(MatchReason::Phone);
    }
    if keys.domain.is_some() && c.domain == keys.domain {
        reasons.push(MatchReason::Domain);
    }
    reasons
}
