//! The rules the server enforces on what it reads, written into the document's schemas and
//! parameters, so that generated clients check what the server checks and a request the
//! schema allows is one the server takes (save for what no schema can say: whether a named
//! record exists, and rules across fields). Names of enumerations come from the domain.

use domain::contact::PhoneKind;
use domain::money::Currency;
use domain::sla::calendar::time_zone_names;
use domain::sla::simulation::{Priority, MAX_EVENTS};
use domain::{AccountType, PreferredChannel, Role, Tier};
use serde_json::{json, Value};

use crate::extract::MAX_PARAMETER_CHARS;
use crate::handlers::sla::input::{MAX_DAY_INTERVALS, MAX_HOLIDAYS};

/// Text without control characters (tabs and line breaks allowed): optional text, where a
/// blank value means none.
const TEXT: &str = r"^[^\u0000-\u0008\u000B-\u001F\u007F-\u009F]*$";
/// Like [`TEXT`], with at least one character that is not blank.
const REQUIRED: &str = r"^[^\u0000-\u0008\u000B-\u001F\u007F-\u009F]*[^\s\u0000-\u001F\u007F-\u009F][^\u0000-\u0008\u000B-\u001F\u007F-\u009F]*$";
/// A parameter value of at most `max` characters and no control characters at all. The
/// length is in the pattern rather than a `maxLength`: generators handle the two together
/// badly (Schemathesis takes minutes per list).
fn plain(max: usize) -> Value {
    json!({"pattern": format!(r"^[^\u0000-\u001F\u007F-\u009F]{{0,{max}}}$")})
}
/// A tag: letters, digits, `-` and `_`.
const TAG: &str = r"^\s*[\w-]{1,40}\s*$";
/// An email address: a local part of at most 64 characters (one dot at most here, which the
/// server does not require), a host name with a dot.
const EMAIL: &str = r"^\s*[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]{1,32}(\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]{1,31})?@([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\s*$";
const DOMAIN: &str = r"^\s*([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.?\s*$";
const WEBSITE: &str = r"^\s*https?://([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)*[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?([/?#:][!-~]*)?\s*$";
const PHONE: &str = r"^\s*\+?[ .()/-]*([0-9][ .()/-]*){5,20}\s*$";
const COUNTRY: &str = r"^\s*[A-Za-z]{2}\s*$";
const CLOCK_TIME: &str = r"^([01][0-9]|2[0-3]):[0-5][0-9]$|^24:00$";
const STATUS: &str = r"^\s*[A-Za-z0-9_]{1,40}\s*$";
const CHANNEL: &str = r"^\s*[A-Za-z0-9_-]{1,40}\s*$";
const IF_MATCH: &str = r#"^(\*|"[0-9]{1,18}"|[0-9]{1,18})$"#;

/// The pattern of an id with `prefix`, as `domain::Id` writes it.
pub fn id_pattern(prefix: &str) -> String {
    format!("^{prefix}_[0-7][0-9a-hjkmnp-tv-z]{{25}}$")
}

fn id(prefix: &str) -> Value {
    json!({"pattern": id_pattern(prefix)})
}

fn text(max: usize) -> Value {
    json!({"pattern": TEXT, "maxLength": max})
}

fn required(max: usize) -> Value {
    json!({"pattern": REQUIRED, "maxLength": max})
}

/// A field that may be left out but not cleared.
fn not_null(mut rule: Value) -> Value {
    rule["type"] = json!("string");
    rule
}

/// A value that may also be blank, meaning none.
fn or_blank(mut rule: Value) -> Value {
    if let Some(p) = rule["pattern"].as_str() {
        rule["pattern"] = json!(format!(r"^\s*$|{p}"));
    }
    rule
}

fn pattern(p: &str) -> Value {
    json!({"pattern": p})
}

fn one_of<'a>(names: impl IntoIterator<Item = &'a str>) -> Value {
    json!({"enum": names.into_iter().collect::<Vec<_>>()})
}

fn range(min: i64, max: i64) -> Value {
    json!({"minimum": min, "maximum": max})
}

fn items(max: usize, item: Value) -> Value {
    json!({"maxItems": max, "items": item})
}

/// The rules of each request schema's properties.
fn properties() -> Vec<(&'static str, &'static str, Value)> {
    let minutes = range(1, 525_600);
    let tags = items(domain::text::MAX_TAGS, pattern(TAG));
    vec![
        ("Address", "street", text(200)),
        ("Address", "city", text(200)),
        ("Address", "region", text(200)),
        ("Address", "postal_code", text(200)),
        ("Address", "country", or_blank(pattern(COUNTRY))),
        ("MoneyBody", "amount_minor", json!({"minimum": 0})),
        ("MoneyBody", "currency", one_of(Currency::codes())),
        ("CreateAccount", "name", required(200)),
        (
            "CreateAccount",
            "domain",
            or_blank(json!({"pattern": DOMAIN, "maxLength": 253})),
        ),
        (
            "CreateAccount",
            "type",
            one_of(AccountType::NAMES.iter().copied()),
        ),
        ("CreateAccount", "industry", text(100)),
        ("CreateAccount", "tier", one_of(Tier::NAMES.iter().copied())),
        ("CreateAccount", "owner_id", id("usr")),
        ("CreateAccount", "parent_id", id("acc")),
        ("CreateAccount", "phone", or_blank(pattern(PHONE))),
        (
            "CreateAccount",
            "website",
            or_blank(json!({"pattern": WEBSITE, "maxLength": 2048})),
        ),
        ("CreateAccount", "tags", tags.clone()),
        ("UpdateAccount", "name", not_null(required(200))),
        (
            "UpdateAccount",
            "domain",
            or_blank(json!({"pattern": DOMAIN, "maxLength": 253})),
        ),
        (
            "UpdateAccount",
            "type",
            one_of(AccountType::NAMES.iter().copied()),
        ),
        ("UpdateAccount", "industry", text(100)),
        ("UpdateAccount", "tier", one_of(Tier::NAMES.iter().copied())),
        ("UpdateAccount", "owner_id", id("usr")),
        ("UpdateAccount", "parent_id", id("acc")),
        ("UpdateAccount", "phone", or_blank(pattern(PHONE))),
        (
            "UpdateAccount",
            "website",
            or_blank(json!({"pattern": WEBSITE, "maxLength": 2048})),
        ),
        ("UpdateAccount", "tags", tags.clone()),
        (
            "ContactPhone",
            "kind",
            one_of(PhoneKind::NAMES.iter().copied()),
        ),
        ("ContactPhone", "number", pattern(PHONE)),
        ("CreateContact", "first_name", text(100)),
        ("CreateContact", "last_name", required(100)),
        (
            "CreateContact",
            "email",
            or_blank(json!({"pattern": EMAIL, "maxLength": 254})),
        ),
        ("CreateContact", "phones", json!({"maxItems": 10})),
        ("CreateContact", "title", text(200)),
        ("CreateContact", "account_id", id("acc")),
        ("CreateContact", "owner_id", id("usr")),
        (
            "CreateContact",
            "preferred_channel",
            one_of(PreferredChannel::NAMES.iter().copied()),
        ),
        ("CreateContact", "tags", tags.clone()),
        ("UpdateContact", "first_name", text(100)),
        ("UpdateContact", "last_name", not_null(required(100))),
        (
            "UpdateContact",
            "email",
            or_blank(json!({"pattern": EMAIL, "maxLength": 254})),
        ),
        ("UpdateContact", "phones", json!({"maxItems": 10})),
        ("UpdateContact", "title", text(200)),
        ("UpdateContact", "account_id", id("acc")),
        ("UpdateContact", "owner_id", id("usr")),
        (
            "UpdateContact",
            "preferred_channel",
            one_of(PreferredChannel::NAMES.iter().copied()),
        ),
        ("UpdateContact", "tags", tags),
        ("CreateNote", "body", required(20_000)),
        ("TeamBody", "name", required(100)),
        (
            "CreateUser",
            "email",
            json!({"pattern": EMAIL, "maxLength": 254}),
        ),
        ("CreateUser", "name", required(200)),
        (
            "CreateUser",
            "role",
            one_of(Role::ALL.iter().map(|r| r.as_str())),
        ),
        (
            "CreateUser",
            "password",
            json!({"minLength": 12, "maxLength": 128}),
        ),
        ("CreateUser", "team_ids", items(100, id("team"))),
        ("UpdateUser", "name", required(200)),
        (
            "UpdateUser",
            "role",
            one_of(Role::ALL.iter().map(|r| r.as_str())),
        ),
        (
            "UpdateUser",
            "password",
            json!({"minLength": 12, "maxLength": 128}),
        ),
        ("UpdateUser", "team_ids", items(100, id("team"))),
        (
            "ChangePassword",
            "new_password",
            json!({"minLength": 12, "maxLength": 128}),
        ),
        ("TimeRange", "start", pattern(CLOCK_TIME)),
        ("TimeRange", "end", pattern(CLOCK_TIME)),
        ("HolidayBody", "name", required(100)),
        ("HolidayBody", "date", json!({"format": "date"})),
        ("CalendarBody", "time_zone", one_of(time_zone_names())),
        (
            "CalendarBody",
            "weekly",
            items(7, json!({"maxItems": MAX_DAY_INTERVALS})),
        ),
        (
            "CalendarBody",
            "holidays",
            json!({"maxItems": MAX_HOLIDAYS}),
        ),
        ("CreateCalendar", "name", required(100)),
        ("CreateCalendar", "time_zone", one_of(time_zone_names())),
        (
            "CreateCalendar",
            "weekly",
            items(7, json!({"maxItems": MAX_DAY_INTERVALS})),
        ),
        (
            "CreateCalendar",
            "holidays",
            json!({"maxItems": MAX_HOLIDAYS}),
        ),
        ("UpdateCalendar", "name", required(100)),
        ("UpdateCalendar", "time_zone", one_of(time_zone_names())),
        (
            "UpdateCalendar",
            "weekly",
            items(7, json!({"maxItems": MAX_DAY_INTERVALS})),
        ),
        (
            "UpdateCalendar",
            "holidays",
            json!({"maxItems": MAX_HOLIDAYS}),
        ),
        (
            "PriorityTargets",
            "priority",
            one_of(Priority::NAMES.iter().copied()),
        ),
        ("PriorityTargets", "first_response_minutes", minutes.clone()),
        ("PriorityTargets", "next_response_minutes", minutes.clone()),
        ("PriorityTargets", "resolution_minutes", minutes),
        (
            "PolicyConditionsBody",
            "tiers",
            items(10, one_of(Tier::NAMES.iter().copied())),
        ),
        (
            "PolicyConditionsBody",
            "priorities",
            items(10, one_of(Priority::NAMES.iter().copied())),
        ),
        (
            "PolicyConditionsBody",
            "channels",
            items(50, pattern(CHANNEL)),
        ),
        (
            "PolicyConditionsBody",
            "categories",
            items(100, required(100)),
        ),
        ("CreatePolicy", "name", required(100)),
        ("CreatePolicy", "description", text(1000)),
        ("CreatePolicy", "calendar_id", id("cal")),
        ("CreatePolicy", "position", json!({"minimum": 0})),
        ("CreatePolicy", "warning_percent", range(1, 100)),
        (
            "CreatePolicy",
            "pausing_statuses",
            items(20, pattern(STATUS)),
        ),
        (
            "CreatePolicy",
            "targets",
            json!({"minItems": 1, "maxItems": 4}),
        ),
        ("UpdatePolicy", "name", not_null(required(100))),
        ("UpdatePolicy", "description", text(1000)),
        ("UpdatePolicy", "calendar_id", not_null(id("cal"))),
        ("UpdatePolicy", "position", json!({"minimum": 0})),
        ("UpdatePolicy", "warning_percent", range(1, 100)),
        (
            "UpdatePolicy",
            "pausing_statuses",
            items(20, pattern(STATUS)),
        ),
        (
            "UpdatePolicy",
            "targets",
            json!({"type": "array", "minItems": 1, "maxItems": 4}),
        ),
        ("SimulateRequest", "policy_id", id("slapol")),
        ("SimulateRequest", "calendar_id", id("cal")),
        ("SimulateRequest", "targets", json!({"maxItems": 4})),
        ("SimulateRequest", "warning_percent", range(1, 100)),
        (
            "SimulateRequest",
            "pausing_statuses",
            items(20, pattern(STATUS)),
        ),
        (
            "SimulateRequest",
            "priority",
            one_of(Priority::NAMES.iter().copied()),
        ),
        ("SimulateRequest", "events", json!({"maxItems": MAX_EVENTS})),
        (
            "SimulatedEvent",
            "priority",
            one_of(Priority::NAMES.iter().copied()),
        ),
        ("SimulatedEvent", "status", pattern(STATUS)),
        (
            "SimulatedEvent",
            "type",
            one_of([
                "status_changed",
                "priority_changed",
                "agent_replied",
                "customer_replied",
            ]),
        ),
    ]
}

/// A body pattern for a parameter: parameters take spaces around a value, but no other
/// blank (line breaks are control characters).
fn in_parameter(body_pattern: &str) -> String {
    body_pattern.replace(r"\s*", " *")
}

/// The rules of query and header parameters, by name: the list's own filters.
fn parameters() -> Vec<(&'static str, Value)> {
    vec![
        ("limit", range(1, 100)),
        ("type", one_of(AccountType::NAMES.iter().copied())),
        ("tier", one_of(Tier::NAMES.iter().copied())),
        ("industry", plain(100)),
        ("owner_id", id("usr")),
        ("parent_id", id("acc")),
        ("account_id", id("acc")),
        ("tag", pattern(&in_parameter(TAG))),
        ("email", pattern(&in_parameter(EMAIL))),
        ("If-Match", json!({"type": "string", "pattern": IF_MATCH})),
    ]
}

/// The orders a list offers, by its path.
fn sorts(path: &str) -> Option<&'static db::list::Sorts> {
    match path {
        "/api/v1/accounts" => Some(&db::accounts::SORTS),
        "/api/v1/contacts" => Some(&db::contacts::SORTS),
        "/api/v1/sla/calendars" => Some(&db::sla::CALENDAR_SORTS),
        "/api/v1/sla/policies" => Some(&db::sla::POLICY_SORTS),
        _ => None,
    }
}

/// Merges `rule` into `schema`: into the string or array branch of a nullable `oneOf`, or
/// into the schema itself.
fn merge(schema: &mut Value, rule: &Value) {
    let Some(target) = schema.as_object_mut() else {
        return;
    };
    if let Some(rule) = rule.as_object() {
        for (key, value) in rule {
            match (target.get_mut(key), value) {
                // `items` nest: merge them rather than replace the item type.
                (Some(existing), Value::Object(_)) if key == "items" => merge(existing, value),
                _ => {
                    target.insert(key.clone(), value.clone());
                }
            }
        }
    }
}

/// Writes the rules into `spec` (the document as JSON). Panics on a rule naming a schema or
/// property the document does not have, so a renamed field cannot silently lose its rules.
pub fn apply(spec: &mut Value) {
    for (schema, property, rule) in properties() {
        let target = spec
            .pointer_mut(&format!(
                "/components/schemas/{schema}/properties/{property}"
            ))
            .unwrap_or_else(|| panic!("openapi rules: no property {schema}.{property}"));
        merge(target, &rule);
    }
    let parameters = parameters();
    let Some(paths) = spec.get_mut("paths").and_then(Value::as_object_mut) else {
        return;
    };
    for (path, item) in paths.iter_mut() {
        let Some(item) = item.as_object_mut() else {
            continue;
        };
        for operation in item.values_mut() {
            let Some(list) = operation
                .get_mut("parameters")
                .and_then(Value::as_array_mut)
            else {
                continue;
            };
            for parameter in list {
                let name = parameter["name"].as_str().unwrap_or_default().to_owned();
                let place = parameter["in"].as_str().unwrap_or_default().to_owned();
                let Some(schema) = parameter.get_mut("schema") else {
                    continue;
                };
                if place == "path" && name == "id" {
                    merge(schema, &id(super::id_prefix(path)));
                    continue;
                }
                let is_text = schema["type"].as_str() == Some("string")
                    || schema["type"].get(0).and_then(Value::as_str) == Some("string");
                if place == "query" && is_text {
                    merge(schema, &plain(MAX_PARAMETER_CHARS));
                }
                if place == "query" && name == "sort" {
                    let sorts = sorts(path)
                        .unwrap_or_else(|| panic!("openapi rules: which sorts has {path}?"));
                    let names = sorts
                        .options
                        .iter()
                        .flat_map(|(name, _)| [(*name).to_owned(), format!("-{name}")]);
                    merge(schema, &json!({"enum": names.collect::<Vec<_>>()}));
                } else if let Some((_, rule)) = parameters.iter().find(|(n, _)| *n == name) {
                    merge(schema, rule);
                }
            }
        }
    }
}
