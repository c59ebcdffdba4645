//! The rules the server enforces on what it reads, written into the document's schemas and
//! parameters, so that generated clients check what the server checks and a request the
//! schema allows is one the server takes (save for what no schema can say: whether a named
//! record exists, and rules across fields). Names of enumerations come from the domain.

use domain::activity::{
    ActivityKind, ActivityStatus, CallOutcome, Direction, MAX_ATTENDEES, MAX_CALL_SECONDS,
    MAX_DESCRIPTION, MAX_LOCATION, MAX_NUMBER, MAX_SUBJECT,
};
use domain::asset::{self, AssetStatus};
use domain::assignment::AssignKind;
use domain::attachment;
use domain::contact::PhoneKind;
use domain::contract::{
    ContractStatus, ContractType, MAX_AUTHORISED, MAX_NOTES, MAX_NOTICE_DAYS,
    MAX_NUMBER as MAX_CONTRACT_NUMBER, MAX_TERM_MONTHS,
};
use domain::entitlement::{
    AllowancePeriod, EntitlementCheck, MAX_ALLOWANCE, MAX_COVERED, MAX_NAME as MAX_ENTITLEMENT_NAME,
};
use domain::forecast::PeriodKind;
use domain::id::IdKind;
use domain::lead::{CompanySize, LeadSource, LeadStatus};
use domain::lead_form::{FormField, MAX_FIELDS, MAX_ORIGINS};
use domain::money::{Currency, MAX_AMOUNT_MINOR};
use domain::opportunity::{ContactRole, ForecastCategory, MAX_CONTACT_ROLES};
use domain::outbound::{Security, TemplateKind, MAX_NOTIFICATION_CHOICES, NOTIFICATION_KINDS};
use domain::pipeline::{StageKind, MAX_REASONS, MAX_STAGES};
use domain::product::{MAX_LINE_ITEMS, MAX_PRICES, MAX_QUANTITY};
use domain::rma::{self, RmaStatus};
use domain::routing::{self, Availability, Mode};
use domain::scoring::{ScoreEvent, ScoreField, MAX_HALF_LIFE_DAYS, MAX_POINTS};
use domain::sla::calendar::time_zone_names;
use domain::sla::policy::{Trigger, MAX_ESCALATIONS};
use domain::sla::simulation::{ClockKind, Priority, MAX_EVENTS};
use domain::ticket::{Channel, Status, TicketType, AUTO_CLOSE_DAYS, MAX_BODY, REOPEN_WINDOW_DAYS};
use domain::{AccountType, PreferredChannel, Role, Tier};
use serde_json::{json, Value};

use crate::extract::MAX_PARAMETER_CHARS;
use crate::handlers::sla::input::{MAX_DAY_INTERVALS, MAX_HOLIDAYS};

mod kb;
mod parameters;
mod portal;

use parameters::{parameters, sorts};

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
/// A short name with no control characters at all and at least one that is not blank.
const NAME: &str = r"^[^\u0000-\u001F\u007F-\u009F]*[^\s\u0000-\u001F\u007F-\u009F][^\u0000-\u001F\u007F-\u009F]*$";
/// A tag: letters, digits, `-` and `_`.
const TAG: &str = r"^\s*[A-Za-z0-9_-]{1,40}\s*$";
/// An email address: a local part of at most 64 characters (one dot at most here, which the
/// server does not require), a host name with a dot.
const EMAIL: &str = r"^\s*[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]{1,32}(\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]{1,31})?@([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\s*$";
const DOMAIN: &str = r"^\s*([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.?\s*$";
const WEBSITE: &str = r"^\s*https?://([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)*[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?([/?#:][!-~]*)?\s*$";
const PHONE: &str = r"^\s*\+?[ .()/-]*([0-9][ .()/-]*){5,20}\s*$";
const COUNTRY: &str = r"^\s*[A-Za-z]{2}\s*$";
/// A web origin: scheme, host and an optional port (at most 65535), nothing after.
const ORIGIN: &str = r"^\s*https?://([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)*[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(:([0-9]{1,4}|[1-5][0-9]{4}|6[0-4][0-9]{3}|65[0-4][0-9]{2}|655[0-2][0-9]|6553[0-5]))?/?\s*$";
/// A domain on a block list: `@` and a host name with a dot.
const BLOCKED_DOMAIN: &str = r"^\s*@([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\s*$";
const CLOCK_TIME: &str = r"^([01][0-9]|2[0-3]):[0-5][0-9]$|^24:00$";
/// A language tag: a language and up to three subtags.
const LANGUAGE: &str = r"^\s*[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8}){0,3}\s*$";
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

/// A call recording's link, as the server takes it.
fn recording_url() -> Value {
    json!({"pattern": r"^https?://[\x21-\x7E]{1,1980}$", "maxLength": 2000})
}

fn text(max: usize) -> Value {
    json!({"pattern": TEXT, "maxLength": max})
}

fn required(max: usize) -> Value {
    json!({"pattern": REQUIRED, "maxLength": max})
}

/// A field that may be left out but not cleared.
/// Required text on one line: no control characters at all, something besides blanks.
fn one_line(max: usize) -> Value {
    json!({
        "pattern": r"^[^\u0000-\u001F\u007F-\u009F]*[^\s\u0000-\u001F\u007F-\u009F][^\u0000-\u001F\u007F-\u009F]*$",
        "maxLength": max,
    })
}

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

/// An exchange rate: a decimal above zero with at most 9 decimals and a whole part below a
/// billion, without leading zeros.
fn rate_pattern() -> String {
    let fractions: Vec<String> = (0..9)
        .map(|zeros| format!("0{{{zeros}}}[1-9][0-9]{{0,{}}}", 8 - zeros))
        .collect();
    format!(
        r"^\s*([1-9][0-9]{{0,8}}(\.[0-9]{{1,9}})?|0\.({}))\s*$",
        fractions.join("|")
    )
}

fn pattern(p: &str) -> Value {
    json!({"pattern": p})
}

fn one_of<'a>(names: impl IntoIterator<Item = &'a str>) -> Value {
    json!({"enum": names.into_iter().collect::<Vec<_>>()})
}

/// One of `names`, or null (meaning none, or no change).
fn one_of_or_null<'a>(names: impl IntoIterator<Item = &'a str>) -> Value {
    let mut values: Vec<Value> = names.into_iter().map(Value::from).collect();
    values.push(Value::Null);
    json!({"enum": values})
}

fn range(min: i64, max: i64) -> Value {
    json!({"minimum": min, "maximum": max})
}

fn days(allowed: std::ops::RangeInclusive<i32>) -> Value {
    range((*allowed.start()).into(), (*allowed.end()).into())
}

fn items(max: usize, item: Value) -> Value {
    json!({"maxItems": max, "items": item})
}

/// [`items`], each once.
fn distinct_items(max: usize, item: Value) -> Value {
    json!({"maxItems": max, "uniqueItems": true, "items": item})
}

fn at_least_one(mut rule: Value) -> Value {
    rule["minItems"] = json!(1);
    rule
}

/// Rules for some of a schema's properties: property name and rule.
type Rules = Vec<(&'static str, Value)>;

/// The rules of each request schema's properties. A creation and its change share them (a
/// field a change may not clear is not nullable in either).
/// Uploads to send with a message.
fn attachment_ids() -> Value {
    items(
        attachment::MAX_PER_MESSAGE,
        id(domain::id::kind::Attachment::PREFIX),
    )
}

fn properties() -> Vec<(&'static str, Rules)> {
    let minutes = range(1, 525_600);
    let tags = items(domain::text::MAX_TAGS, pattern(TAG));
    let priority = || one_of(Priority::NAMES.iter().copied());
    let statuses = || items(20, pattern(STATUS));
    let account = vec![
        ("name", not_null(required(200))),
        (
            "domain",
            or_blank(json!({"pattern": DOMAIN, "maxLength": 253})),
        ),
        ("type", one_of_or_null(AccountType::NAMES.iter().copied())),
        ("industry", text(100)),
        ("tier", one_of_or_null(Tier::NAMES.iter().copied())),
        (
            "company_size",
            one_of_or_null(CompanySize::NAMES.iter().copied().chain([""])),
        ),
        ("owner_id", id("usr")),
        ("parent_id", id("acc")),
        ("phone", or_blank(pattern(PHONE))),
        (
            "website",
            or_blank(json!({"pattern": WEBSITE, "maxLength": 2048})),
        ),
        ("tags", tags.clone()),
    ];
    let contact = vec![
        ("first_name", text(100)),
        ("last_name", not_null(required(100))),
        (
            "email",
            or_blank(json!({"pattern": EMAIL, "maxLength": 254})),
        ),
        ("phones", json!({"maxItems": 10})),
        ("title", text(200)),
        ("account_id", id("acc")),
        ("owner_id", id("usr")),
        (
            "preferred_channel",
            one_of(PreferredChannel::NAMES.iter().copied()),
        ),
        ("tags", tags.clone()),
    ];
    let settable_statuses = LeadStatus::NAMES
        .iter()
        .copied()
        .filter(|s| *s != "converted");
    let lead = vec![
        ("first_name", text(100)),
        ("last_name", text(100)),
        ("company", text(200)),
        ("title", text(200)),
        (
            "email",
            or_blank(json!({"pattern": EMAIL, "maxLength": 254})),
        ),
        ("phones", json!({"maxItems": 10})),
        (
            "website",
            or_blank(json!({"pattern": WEBSITE, "maxLength": 2048})),
        ),
        ("industry", text(100)),
        (
            "company_size",
            one_of_or_null(CompanySize::NAMES.iter().copied()),
        ),
        ("source", one_of_or_null(LeadSource::NAMES.iter().copied())),
        ("campaign", text(200)),
        ("status", one_of_or_null(settable_statuses)),
        ("disqualified_reason", text(500)),
        ("owner_id", id("usr")),
        ("tags", tags),
    ];
    let lead_form = vec![
        ("name", not_null(required(100))),
        ("fields", json!({"minItems": 1, "maxItems": MAX_FIELDS})),
        (
            "thank_you_url",
            or_blank(json!({"pattern": WEBSITE, "maxLength": 2048})),
        ),
        (
            "allowed_origins",
            items(MAX_ORIGINS, json!({"pattern": ORIGIN, "maxLength": 250})),
        ),
        ("source", one_of_or_null(LeadSource::NAMES.iter().copied())),
        ("campaign", text(200)),
        ("owner_id", id("usr")),
    ];
    let countries = items(250, pattern(COUNTRY));
    let sizes = items(6, one_of(CompanySize::NAMES.iter().copied()));
    // A change leaves out, or sends null for, what stays.
    let territory = vec![
        ("name", required(100)),
        ("description", text(1000)),
        ("parent_id", or_blank(id("terr"))),
        ("countries", countries.clone()),
        ("regions", items(100, required(100))),
        ("industries", items(100, required(100))),
        ("company_sizes", sizes.clone()),
        ("owner_ids", items(100, id("usr"))),
    ];
    let rule = vec![
        ("name", required(100)),
        ("position", json!({"minimum": 0})),
        (
            "assign_to",
            one_of_or_null(AssignKind::NAMES.iter().copied()),
        ),
        ("user_id", id("usr")),
        ("team_id", id("team")),
    ];
    let scoring = vec![
        ("name", required(100)),
        ("field", one_of_or_null(ScoreField::NAMES.iter().copied())),
        ("event", one_of_or_null(ScoreEvent::NAMES.iter().copied())),
        ("values", items(100, required(100))),
        ("half_life_days", range(1, MAX_HALF_LIFE_DAYS)),
        ("points", range(-MAX_POINTS, MAX_POINTS)),
    ];
    let pipeline = vec![
        ("name", required(100)),
        ("stages", at_least_one(items(MAX_STAGES, json!({})))),
        (
            "won_reasons",
            at_least_one(items(MAX_REASONS, required(100))),
        ),
        (
            "lost_reasons",
            at_least_one(items(MAX_REASONS, required(100))),
        ),
    ];
    let deal = vec![
        ("name", required(200)),
        ("account_id", id("acc")),
        ("pipeline_id", id("pipe")),
        ("stage_id", id("stage")),
        ("close_reason", text(100)),
        ("owner_id", id("usr")),
        ("primary_contact_id", id("con")),
        ("contact_roles", items(MAX_CONTACT_ROLES, json!({}))),
        ("line_items", items(MAX_LINE_ITEMS, json!({}))),
        ("next_step", text(500)),
        ("competitors", items(20, required(100))),
        ("source_lead_id", id("lead")),
        ("campaign", text(200)),
        (
            "forecast_category",
            one_of_or_null(
                ForecastCategory::NAMES
                    .iter()
                    .copied()
                    .filter(|c| *c != ForecastCategory::Closed.as_str()),
            ),
        ),
        ("description", text(10_000)),
    ];
    let mailbox = vec![
        ("name", required(100)),
        ("address", json!({"pattern": EMAIL, "maxLength": 254})),
        ("team_id", id("team")),
    ];
    let product = vec![
        ("name", required(200)),
        ("code", text(64)),
        ("description", text(2000)),
        ("prices", items(MAX_PRICES, json!({}))),
    ];
    let activity = vec![
        ("subject", not_null(required(MAX_SUBJECT))),
        ("description", text(MAX_DESCRIPTION)),
        ("account_id", id("acc")),
        ("contact_id", id("con")),
        ("lead_id", id("lead")),
        ("opportunity_id", id("opp")),
        ("ticket_id", id("tkt")),
        ("assignee_id", id("usr")),
        ("status", one_of(ActivityStatus::NAMES.iter().copied())),
        (
            "priority",
            one_of_or_null(domain::activity::Priority::NAMES.iter().copied()),
        ),
        ("direction", one_of(Direction::NAMES.iter().copied())),
        ("duration_seconds", range(0, MAX_CALL_SECONDS)),
        (
            "outcome",
            one_of_or_null(CallOutcome::NAMES.iter().copied()),
        ),
        ("location", text(MAX_LOCATION)),
        ("attendees", items(MAX_ATTENDEES, json!({}))),
    ];
    let call = vec![
        ("from", required(MAX_NUMBER)),
        ("to", required(MAX_NUMBER)),
        ("outcome", one_of(CallOutcome::NAMES.iter().copied())),
        ("recording_url", recording_url()),
        ("notes", text(MAX_DESCRIPTION)),
        ("subject", required(MAX_SUBJECT)),
        ("contact_id", id("con")),
        ("account_id", id("acc")),
        ("ticket_id", id("tkt")),
        ("lead_id", id("lead")),
        ("opportunity_id", id("opp")),
        ("agent_id", id("usr")),
    ];
    let contract = vec![
        ("type", one_of(ContractType::NAMES.iter().copied())),
        ("renewal_term_months", range(1, MAX_TERM_MONTHS.into())),
        ("expiry_notice_days", range(0, MAX_NOTICE_DAYS.into())),
        ("owner_id", id("usr")),
        ("sla_policy_id", id("slapol")),
        ("authorised_contact_ids", items(MAX_AUTHORISED, id("con"))),
        ("notes", text(MAX_NOTES)),
    ];
    let asset = vec![
        ("product_id", id("prod")),
        ("serial_number", or_blank(one_line(asset::MAX_SERIAL))),
        ("location", text(asset::MAX_LOCATION)),
        ("parent_id", id("ast")),
        ("status", one_of_or_null(AssetStatus::NAMES.iter().copied())),
        ("notes", text(asset::MAX_NOTES)),
    ];
    let rma = vec![
        ("carrier", or_blank(one_line(rma::MAX_SHIPPING))),
        ("tracking_number", or_blank(one_line(rma::MAX_SHIPPING))),
        ("notes", text(rma::MAX_TEXT)),
    ];
    let entitlement = vec![
        ("name", required(MAX_ENTITLEMENT_NAME)),
        ("product_ids", distinct_items(MAX_COVERED, id("prod"))),
        ("asset_ids", distinct_items(MAX_COVERED, id("ast"))),
        (
            "channels",
            distinct_items(7, one_of(Channel::NAMES.iter().copied())),
        ),
        ("calendar_id", id("cal")),
        ("allowance", range(1, MAX_ALLOWANCE.into())),
        ("period", one_of(AllowancePeriod::NAMES.iter().copied())),
    ];
    let callback = vec![
        ("number", pattern(PHONE)),
        ("assignee_id", id("usr")),
        ("notes", text(MAX_DESCRIPTION)),
    ];
    let user = vec![
        ("name", required(200)),
        ("role", one_of(Role::ALL.iter().map(|r| r.as_str()))),
        ("password", json!({"minLength": 12, "maxLength": 128})),
        ("team_ids", items(100, id("team"))),
        ("capacity", range(0, 10_000)),
        (
            "skills",
            items(
                50,
                json!({"maxLength": routing::MAX_SKILL, "pattern": NAME}),
            ),
        ),
    ];
    let calendar = vec![
        ("time_zone", one_of(time_zone_names())),
        ("weekly", items(7, json!({"maxItems": MAX_DAY_INTERVALS}))),
        ("holidays", json!({"maxItems": MAX_HOLIDAYS})),
    ];
    let named_calendar = [calendar.clone(), vec![("name", required(100))]].concat();
    let policy = vec![
        ("name", not_null(required(100))),
        ("description", text(1000)),
        ("calendar_id", not_null(id("cal"))),
        ("position", json!({"minimum": 0})),
        ("warning_percent", range(1, 100)),
        ("pausing_statuses", statuses()),
        (
            "targets",
            json!({"type": "array", "minItems": 1, "maxItems": 4}),
        ),
        ("escalations", json!({"maxItems": MAX_ESCALATIONS})),
    ];
    let ticket_sorts = {
        let names = db::tickets::SORTS
            .options
            .iter()
            .flat_map(|(name, _)| [(*name).to_owned(), format!("-{name}")]);
        // Blank or null: the list's default order.
        let names = names.chain([String::new()]).map(Value::String);
        json!({"enum": names.chain([Value::Null]).collect::<Vec<_>>()})
    };
    let statuses_but_closed = Status::NAMES.iter().copied().filter(|s| *s != "closed");
    let ticket = |statuses: Value| {
        vec![
            ("subject", not_null(required(250))),
            ("description", not_null(required(MAX_BODY))),
            ("requester_id", id("con")),
            ("account_id", id("acc")),
            ("asset_id", id("ast")),
            ("channel", one_of_or_null(Channel::NAMES.iter().copied())),
            ("priority", one_of_or_null(Priority::NAMES.iter().copied())),
            ("type", one_of_or_null(TicketType::NAMES.iter().copied())),
            ("category", or_blank(pattern(TAG))),
            ("language", or_blank(pattern(LANGUAGE))),
            ("status", statuses),
            ("assignee_id", id("usr")),
            ("team_id", id("team")),
            ("tags", items(domain::text::MAX_TAGS, pattern(TAG))),
        ]
    };
    let new_ticket = [
        ticket(one_of_or_null(statuses_but_closed)),
        vec![(
            "requester_email",
            json!({"pattern": EMAIL, "maxLength": 254}),
        )],
    ]
    .concat();
    let new_user = [
        user.clone(),
        vec![("email", json!({"pattern": EMAIL, "maxLength": 254}))],
    ]
    .concat();
    vec![
        (
            "Address",
            vec![
                ("street", text(200)),
                ("city", text(200)),
                ("region", text(200)),
                ("postal_code", text(200)),
                ("country", or_blank(pattern(COUNTRY))),
            ],
        ),
        (
            "MoneyBody",
            vec![
                ("amount_minor", range(0, MAX_AMOUNT_MINOR)),
                ("currency", one_of(Currency::codes())),
            ],
        ),
        ("CreateAccount", account.clone()),
        ("UpdateAccount", account),
        (
            "ContactPhone",
            vec![
                ("kind", one_of(PhoneKind::NAMES.iter().copied())),
                ("number", pattern(PHONE)),
            ],
        ),
        ("CreateContact", contact.clone()),
        ("UpdateContact", contact),
        ("CreateLead", lead.clone()),
        ("UpdateLead", lead),
        (
            "ConvertLead",
            vec![("account_id", id("acc")), ("contact_id", id("con"))],
        ),
        (
            "ConvertOpportunity",
            vec![
                ("name", text(200)),
                ("pipeline_id", id("pipe")),
                ("stage_id", id("stage")),
            ],
        ),
        ("CreateLeadForm", lead_form.clone()),
        ("UpdateLeadForm", lead_form),
        (
            "FormFieldBody",
            vec![
                ("field", one_of(FormField::NAMES.iter().copied())),
                ("label", required(100)),
            ],
        ),
        (
            "CreateActivity",
            [
                activity.clone(),
                vec![("kind", one_of(ActivityKind::NAMES.iter().copied()))],
            ]
            .concat(),
        ),
        ("UpdateActivity", activity),
        (
            "AttendeeBody",
            vec![("user_id", id("usr")), ("contact_id", id("con"))],
        ),
        ("CreateNote", vec![("body", required(20_000))]),
        ("UpdateNote", vec![("body", required(20_000))]),
        (
            "TeamBody",
            vec![
                ("name", required(100)),
                ("routing_mode", one_of_or_null(Mode::NAMES.iter().copied())),
                ("lead_id", id("usr")),
            ],
        ),
        (
            "AvailabilityBody",
            vec![("availability", one_of(Availability::NAMES.iter().copied()))],
        ),
        ("CreateUser", new_user),
        (
            "UpdateUser",
            [
                user,
                vec![(
                    "availability",
                    one_of_or_null(Availability::NAMES.iter().copied()),
                )],
            ]
            .concat(),
        ),
        (
            "ChangePassword",
            vec![("new_password", json!({"minLength": 12, "maxLength": 128}))],
        ),
        (
            "TimeRange",
            vec![("start", pattern(CLOCK_TIME)), ("end", pattern(CLOCK_TIME))],
        ),
        (
            "HolidayBody",
            vec![("name", required(100)), ("date", json!({"format": "date"}))],
        ),
        ("CalendarBody", calendar),
        ("CreateCalendar", named_calendar.clone()),
        ("UpdateCalendar", named_calendar),
        (
            "PriorityTargets",
            vec![
                ("priority", priority()),
                ("first_response_minutes", minutes.clone()),
                ("next_response_minutes", minutes.clone()),
                ("resolution_minutes", minutes),
            ],
        ),
        (
            "PolicyConditionsBody",
            vec![
                ("tiers", items(10, one_of(Tier::NAMES.iter().copied()))),
                ("priorities", items(10, priority())),
                ("channels", items(50, pattern(CHANNEL))),
                ("categories", items(100, required(100))),
            ],
        ),
        ("CreateTicket", new_ticket),
        (
            "UpdateTicket",
            ticket(one_of_or_null(Status::NAMES.iter().copied())),
        ),
        (
            "CreateMessage",
            vec![
                ("body", required(MAX_BODY)),
                ("status", one_of_or_null(Status::NAMES.iter().copied())),
                ("attachment_ids", attachment_ids()),
            ],
        ),
        (
            "CreateCustomerReply",
            vec![
                ("body", required(MAX_BODY)),
                ("attachment_ids", attachment_ids()),
            ],
        ),
        ("MarkRead", vec![("ids", items(100, id("ntf")))]),
        ("TicketFilters", parameters::ticket_filters()),
        ("MergeTicket", vec![("into_id", id("tkt"))]),
        (
            "CreateTicketView",
            vec![
                ("name", required(100)),
                ("team_id", id("team")),
                ("sort", ticket_sorts.clone()),
            ],
        ),
        (
            "UpdateOrganization",
            vec![
                ("name", required(100)),
                ("reopen_window_days", days(REOPEN_WINDOW_DAYS)),
                ("auto_close_after_days", days(AUTO_CLOSE_DAYS)),
                ("max_attachment_mib", days(attachment::MAX_MIB)),
                ("default_lead_owner_id", id("usr")),
                ("base_currency", one_of(Currency::codes())),
                (
                    "entitlement_check",
                    one_of(EntitlementCheck::NAMES.iter().copied()),
                ),
                (
                    "phone_region",
                    one_of([
                        "US", "CA", "GB", "IE", "DE", "AT", "CH", "FR", "BE", "NL", "LU", "IT",
                        "ES", "PT", "SE", "NO", "DK", "FI", "PL", "AU", "NZ", "JP", "IN", "BR",
                        "MX",
                    ]),
                ),
                (
                    "blocked_senders",
                    items(
                        1000,
                        json!({"pattern": format!("{EMAIL}|{BLOCKED_DOMAIN}"), "maxLength": 254}),
                    ),
                ),
            ],
        ),
        ("CreatePipeline", pipeline.clone()),
        ("UpdatePipeline", pipeline),
        (
            "StageInput",
            vec![
                ("id", id("stage")),
                ("name", required(60)),
                ("probability", range(0, 100)),
                ("kind", one_of_or_null(StageKind::NAMES.iter().copied())),
            ],
        ),
        ("CreateOpportunity", deal.clone()),
        ("UpdateOpportunity", deal),
        (
            "ContactRoleBody",
            vec![
                ("contact_id", id("con")),
                ("role", one_of(ContactRole::NAMES.iter().copied())),
            ],
        ),
        ("ReopenOpportunity", vec![("stage_id", id("stage"))]),
        (
            "LineItemInput",
            vec![
                ("product_id", id("prod")),
                ("name", text(200)),
                ("description", text(1000)),
                ("quantity", range(1, MAX_QUANTITY)),
                (
                    "discount_percent",
                    json!({"minimum": 0, "maximum": 100, "multipleOf": 0.01}),
                ),
            ],
        ),
        (
            "PutMailSettings",
            vec![
                ("smtp_host", pattern(r"^[A-Za-z0-9.:-]{1,253}$")),
                ("smtp_port", range(1, 65_535)),
                (
                    "smtp_security",
                    one_of(Security::ALL.iter().map(|s| s.as_str())),
                ),
                ("smtp_username", text(200)),
                ("smtp_password", plain(500)),
                ("from_address", json!({"pattern": EMAIL, "maxLength": 254})),
                ("from_name", plain(100)),
                ("reply_to_mailbox_id", id("mbox")),
            ],
        ),
        (
            "PutImapSource",
            vec![
                ("host", pattern(r"^[A-Za-z0-9.:-]{1,253}$")),
                ("port", range(1, 65_535)),
                ("security", one_of(["tls", "none"])),
                ("username", one_line(200)),
                (
                    "password",
                    json!({"pattern": r"^[^\u0000-\u001F\u007F-\u009F]+$", "maxLength": 500}),
                ),
                ("folder", one_line(200)),
            ],
        ),
        (
            "TestMail",
            vec![("to", json!({"pattern": EMAIL, "maxLength": 254}))],
        ),
        (
            "PutEmailTemplate",
            vec![
                ("subject", required(500)),
                ("body_text", required(50_000)),
                ("body_html", required(100_000)),
            ],
        ),
        (
            "PreviewEmailTemplate",
            vec![
                ("subject", required(500)),
                ("body_text", required(50_000)),
                ("body_html", required(100_000)),
            ],
        ),
        (
            "EmailNotifications",
            vec![(
                "kinds",
                items(MAX_NOTIFICATION_CHOICES, one_of(NOTIFICATION_KINDS)),
            )],
        ),
        (
            "CreateCall",
            [
                call.clone(),
                vec![("direction", one_of(Direction::NAMES.iter().copied()))],
            ]
            .concat(),
        ),
        (
            "UpdateCall",
            call.into_iter()
                .filter(|(name, _)| !["from", "to"].contains(name))
                .collect(),
        ),
        (
            "TicketFromCall",
            vec![
                ("subject", required(200)),
                ("description", required(20_000)),
                (
                    "priority",
                    one_of(domain::sla::simulation::Priority::NAMES.iter().copied()),
                ),
            ],
        ),
        (
            "TelephonyEvent",
            vec![
                (
                    "event",
                    one_of(domain::call::CallEventKind::NAMES.iter().copied()),
                ),
                ("call_id", required(200)),
                ("direction", one_of(Direction::NAMES.iter().copied())),
                ("from", text(MAX_NUMBER)),
                ("to", text(MAX_NUMBER)),
                ("agent_email", json!({"pattern": EMAIL, "maxLength": 254})),
                ("outcome", one_of(CallOutcome::NAMES.iter().copied())),
                ("recording_url", recording_url()),
            ],
        ),
        (
            "CreateContract",
            [
                contract.clone(),
                vec![
                    ("number", or_blank(one_line(MAX_CONTRACT_NUMBER))),
                    ("account_id", id("acc")),
                    ("status", one_of(["draft", "active"])),
                ],
            ]
            .concat(),
        ),
        (
            "UpdateContract",
            [
                contract,
                vec![
                    ("number", one_line(MAX_CONTRACT_NUMBER)),
                    ("status", one_of(ContractStatus::NAMES.iter().copied())),
                ],
            ]
            .concat(),
        ),
        (
            "CreateAsset",
            [
                asset.clone(),
                vec![
                    ("account_id", id("acc")),
                    ("name", one_line(asset::MAX_NAME)),
                ],
            ]
            .concat(),
        ),
        (
            "UpdateAsset",
            [
                asset,
                vec![
                    ("account_id", id("acc")),
                    ("name", one_line(asset::MAX_NAME)),
                ],
            ]
            .concat(),
        ),
        (
            "CreateRma",
            [
                rma.clone(),
                vec![
                    ("ticket_id", id("tkt")),
                    ("asset_id", id("ast")),
                    ("reason", required(rma::MAX_TEXT)),
                ],
            ]
            .concat(),
        ),
        (
            "UpdateRma",
            [
                rma,
                vec![
                    ("reason", required(rma::MAX_TEXT)),
                    ("status", one_of_or_null(RmaStatus::NAMES.iter().copied())),
                    ("inspection_notes", text(rma::MAX_TEXT)),
                ],
            ]
            .concat(),
        ),
        ("CreateEntitlement", entitlement.clone()),
        ("UpdateEntitlement", entitlement),
        ("CreateTelephonyProvider", vec![("name", required(100))]),
        ("UpdateTelephonyProvider", vec![("name", required(100))]),
        (
            "CreateCallback",
            [
                callback.clone(),
                vec![
                    ("call_id", id("act")),
                    ("contact_id", id("con")),
                    ("account_id", id("acc")),
                ],
            ]
            .concat(),
        ),
        (
            "UpdateCallback",
            [
                callback,
                vec![
                    ("status", one_of(ActivityStatus::NAMES.iter().copied())),
                    ("call_id", id("act")),
                ],
            ]
            .concat(),
        ),
        ("CreateMailbox", mailbox.clone()),
        ("UpdateMailbox", mailbox),
        ("CreateProduct", product.clone()),
        ("UpdateProduct", product),
        (
            "CreateQuota",
            vec![
                ("user_id", id("usr")),
                ("team_id", id("team")),
                ("period", one_of(PeriodKind::NAMES.iter().copied())),
                ("amount_minor", range(0, MAX_AMOUNT_MINOR)),
            ],
        ),
        (
            "UpdateQuota",
            vec![("amount_minor", range(0, MAX_AMOUNT_MINOR))],
        ),
        (
            "CreateExchangeRate",
            vec![
                ("currency", one_of(Currency::codes())),
                ("rate", pattern(&rate_pattern())),
            ],
        ),
        ("CreateTerritory", territory.clone()),
        ("UpdateTerritory", territory),
        ("CreateScoringRule", scoring.clone()),
        ("UpdateScoringRule", scoring),
        ("CreateAssignmentRule", rule.clone()),
        ("UpdateAssignmentRule", rule),
        (
            "RuleConditions",
            vec![
                (
                    "sources",
                    items(11, one_of(LeadSource::NAMES.iter().copied())),
                ),
                ("countries", countries.clone()),
                ("industries", items(100, required(100))),
                ("company_sizes", sizes.clone()),
                ("territory_ids", items(100, id("terr"))),
            ],
        ),
        (
            "UpdateTicketView",
            vec![
                ("name", required(100)),
                ("team_id", id("team")),
                ("sort", ticket_sorts),
            ],
        ),
        (
            "BulkUpdateTickets",
            vec![
                (
                    "ids",
                    json!({"minItems": 1, "maxItems": 100, "uniqueItems": true, "items": id("tkt")}),
                ),
                ("status", one_of_or_null(Status::NAMES.iter().copied())),
                ("priority", one_of_or_null(Priority::NAMES.iter().copied())),
                ("assignee_id", id("usr")),
                ("team_id", id("team")),
                ("add_tags", items(domain::text::MAX_TAGS, pattern(TAG))),
                ("remove_tags", items(domain::text::MAX_TAGS, pattern(TAG))),
            ],
        ),
        (
            "PolicyEscalation",
            vec![
                (
                    "on",
                    one_of([Trigger::Warning, Trigger::Breach].map(Trigger::as_str)),
                ),
                (
                    "clock",
                    one_of_or_null(ClockKind::ALL.iter().map(|c| c.as_str())),
                ),
                ("team_id", id("team")),
                ("notify_user_id", id("usr")),
            ],
        ),
        ("CreatePolicy", policy.clone()),
        ("UpdatePolicy", policy),
        (
            "SimulateRequest",
            vec![
                ("policy_id", id("slapol")),
                ("calendar_id", id("cal")),
                ("targets", json!({"maxItems": 4})),
                ("warning_percent", range(1, 100)),
                ("pausing_statuses", statuses()),
                ("priority", priority()),
                ("events", json!({"maxItems": MAX_EVENTS})),
            ],
        ),
        (
            "SimulatedEvent",
            vec![
                ("priority", priority()),
                ("status", pattern(STATUS)),
                (
                    "type",
                    one_of([
                        "status_changed",
                        "priority_changed",
                        "agent_replied",
                        "customer_replied",
                    ]),
                ),
            ],
        ),
    ]
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
    for (schema, rules) in properties()
        .into_iter()
        .chain(kb::properties())
        .chain(portal::properties())
    {
        for (property, rule) in rules {
            let target = spec
                .pointer_mut(&format!(
                    "/components/schemas/{schema}/properties/{property}"
                ))
                .unwrap_or_else(|| panic!("openapi rules: no property {schema}.{property}"));
            merge(target, &rule);
        }
    }
    let Some(paths) = spec.get_mut("paths").and_then(Value::as_object_mut) else {
        return;
    };
    for (path, item) in paths.iter_mut() {
        let parameters = parameters(path);
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
                // `linked_id` is the other ticket of `/tickets/{id}/links/{linked_id}`.
                if place == "path" && (name == "id" || name == "linked_id") {
                    merge(schema, &id(super::id_prefix(path)));
                    continue;
                }
                if place == "path" && name == "kind" {
                    merge(
                        schema,
                        &one_of(TemplateKind::ALL.iter().map(|k| k.as_str())),
                    );
                    continue;
                }
                if place == "path" && name == "entitlement_id" {
                    merge(schema, &id(domain::id::kind::Entitlement::PREFIX));
                    continue;
                }
                if place == "path" && name == "message_id" {
                    merge(schema, &id(domain::id::kind::Message::PREFIX));
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
                    // Blank means the list's default order.
                    let names = names.chain([String::new()]);
                    merge(schema, &json!({"enum": names.collect::<Vec<_>>()}));
                } else if let Some((_, rule)) = parameters.iter().find(|(n, _)| *n == name) {
                    merge(schema, rule);
                }
            }
        }
    }
}
