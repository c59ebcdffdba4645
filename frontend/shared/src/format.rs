//! Dates and money in the user's locale and time zone (the browser's `Intl`).

use api_types::MoneyBody;
use chrono::{DateTime, Utc};
use js_sys::{Array, Object, Reflect};
use wasm_bindgen::JsValue;

fn locales() -> Array {
    let language = web_sys::window().and_then(|w| w.navigator().language());
    language
        .map(|l| Array::of1(&JsValue::from_str(&l)))
        .unwrap_or_default()
}

fn options(pairs: &[(&str, &str)]) -> Object {
    let options = Object::new();
    for (key, value) in pairs {
        let _ = Reflect::set(&options, &JsValue::from_str(key), &JsValue::from_str(value));
    }
    options
}

thread_local! {
    // Building an Intl formatter is costly and a list formats a date per row: build each once.
    static DATE_TIME: js_sys::Intl::DateTimeFormat = js_sys::Intl::DateTimeFormat::new(
        &locales(),
        &options(&[("dateStyle", "medium"), ("timeStyle", "short")]),
    );
    static DATE: js_sys::Intl::DateTimeFormat =
        js_sys::Intl::DateTimeFormat::new(&locales(), &options(&[("dateStyle", "medium")]));
    // A calendar day (no time, no zone) is read at midnight UTC and written in UTC.
    // Numbers as written, with every decimal an answer has (the default keeps three).
    static NUMBER: js_sys::Intl::NumberFormat = js_sys::Intl::NumberFormat::new(
        &locales(),
        &options(&[("maximumFractionDigits", "20")]),
    );
    static DAY: js_sys::Intl::DateTimeFormat = js_sys::Intl::DateTimeFormat::new(
        &locales(),
        &options(&[("dateStyle", "medium"), ("timeZone", "UTC")]),
    );
}

/// `value` through an Intl formatter's `format`, if it gives a string.
fn apply(format: &js_sys::Function, this: &JsValue, value: &JsValue) -> Option<String> {
    format.call1(this, value).ok().and_then(|v| v.as_string())
}

fn js_date(at: &DateTime<Utc>) -> JsValue {
    js_sys::Date::new(&JsValue::from_f64(at.timestamp_millis() as f64)).into()
}

/// A date and time, e.g. "Nov 25, 2026, 2:05 PM" in the user's time zone.
pub fn date_time(at: &DateTime<Utc>) -> String {
    DATE_TIME
        .with(|f| apply(&f.format(), f, &js_date(at)))
        .unwrap_or_else(|| at.to_rfc3339())
}

/// A date only, e.g. "Nov 25, 2026".
pub fn date(at: &DateTime<Utc>) -> String {
    DATE.with(|f| apply(&f.format(), f, &js_date(at)))
        .unwrap_or_else(|| at.date_naive().to_string())
}

/// An amount with its currency, e.g. "€1,250,000.00".
pub fn money(amount: &MoneyBody) -> String {
    let Ok(money) = domain::Money::parse("", amount.amount_minor, &amount.currency, false) else {
        return format!("{} {}", amount.amount_minor, amount.currency);
    };
    let decimal = money.to_decimal_string();
    let format = js_sys::Intl::NumberFormat::new(
        &locales(),
        &options(&[("style", "currency"), ("currency", money.currency.code())]),
    );
    // Intl takes a string for exact decimals (no float rounding of large amounts).
    apply(&format.format(), &format, &JsValue::from_str(&decimal))
        .unwrap_or_else(|| format!("{decimal} {}", money.currency.code()))
}

/// A number with the locale's grouping, e.g. "1,204".
pub fn count(n: i64) -> String {
    NUMBER
        .with(|f| apply(&f.format(), f, &JsValue::from_f64(n as f64)))
        .unwrap_or_else(|| n.to_string())
}

/// A count that may have stopped short: "10,000+" when more were there than it counted.
pub fn count_at_least(n: i64, capped: bool) -> String {
    format!("{}{}", count(n), if capped { "+" } else { "" })
}

/// A count with its noun in the right number: "1 contact", "1,204 contacts".
pub fn counted(n: i64, one: &str, many: &str) -> String {
    format!("{} {}", count(n), if n == 1 { one } else { many })
}

/// A file's size in the units people read: "820 bytes", "14 KB", "2.4 MB". In whole
/// numbers: formatting a float would bring its code into the portal, which counts its bytes.
pub fn file_size(bytes: i64) -> String {
    const KB: i64 = 1024;
    const MB: i64 = KB * KB;
    let kb = (bytes + KB / 2) / KB;
    if bytes < KB {
        counted(bytes, "byte", "bytes")
    } else if kb < KB {
        format!("{kb} KB")
    } else {
        let tenths = (bytes.saturating_mul(10) + MB / 2) / MB;
        format!("{}.{} MB", tenths / 10, tenths % 10)
    }
}

/// A number with the locale's grouping and its decimals, e.g. "2,500" or "12.3456".
pub fn number(n: f64) -> String {
    NUMBER
        .with(|f| apply(&f.format(), f, &JsValue::from_f64(n)))
        .unwrap_or_default()
}

/// An answer to a custom ticket field as people read it: a number in the locale's way, a
/// date as "Nov 30, 2026", a ticked box as "Yes".
pub fn answer(a: &api_types::custom_fields::TicketFieldAnswer) -> String {
    match (a.kind.as_str(), &a.value) {
        (_, serde_json::Value::Number(n)) => n.as_f64().map(number).unwrap_or_default(),
        (_, serde_json::Value::Bool(true)) => "Yes".to_owned(),
        (_, serde_json::Value::Bool(false)) => "No".to_owned(),
        ("date", serde_json::Value::String(day)) => calendar_day(day)
            .and_then(|d| d.and_hms_opt(0, 0, 0))
            .and_then(|at| DAY.with(|f| apply(&f.format(), f, &js_date(&at.and_utc()))))
            .unwrap_or_else(|| day.clone()),
        (_, serde_json::Value::String(text)) => text.clone(),
        // Never sent; writing JSON out would bring the serializer into the portal.
        _ => String::new(),
    }
}

/// `YYYY-MM-DD` read by hand: chrono's parser would bring its code into the portal.
fn calendar_day(text: &str) -> Option<chrono::NaiveDate> {
    let mut parts = text.splitn(3, '-').map(|p| p.parse::<u32>().ok());
    let (year, month, day) = (parts.next()??, parts.next()??, parts.next()??);
    chrono::NaiveDate::from_ymd_opt(i32::try_from(year).ok()?, month, day)
}
