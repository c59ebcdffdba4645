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

/// A date and time, e.g. "Nov 25, 2026, 2:05 PM" in the user's time zone.
pub fn date_time(at: &DateTime<Utc>) -> String {
    let date = js_sys::Date::new(&JsValue::from_f64(at.timestamp_millis() as f64));
    let format = js_sys::Intl::DateTimeFormat::new(
        &locales(),
        &options(&[("dateStyle", "medium"), ("timeStyle", "short")]),
    );
    format
        .format()
        .call1(&format, &date)
        .ok()
        .and_then(|v| v.as_string())
        .unwrap_or_else(|| at.to_rfc3339())
}

/// A date only, e.g. "Nov 25, 2026".
pub fn date(at: &DateTime<Utc>) -> String {
    let date = js_sys::Date::new(&JsValue::from_f64(at.timestamp_millis() as f64));
    let format =
        js_sys::Intl::DateTimeFormat::new(&locales(), &options(&[("dateStyle", "medium")]));
    format
        .format()
        .call1(&format, &date)
        .ok()
        .and_then(|v| v.as_string())
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
    format
        .format()
        .call1(&format, &JsValue::from_str(&decimal))
        .ok()
        .and_then(|v| v.as_string())
        .unwrap_or_else(|| format!("{decimal} {}", money.currency.code()))
}

/// A number with the locale's grouping, e.g. "1,204".
pub fn count(n: i64) -> String {
    let format = js_sys::Intl::NumberFormat::new(&locales(), &Object::new());
    format
        .format()
        .call1(&format, &JsValue::from_f64(n as f64))
        .ok()
        .and_then(|v| v.as_string())
        .unwrap_or_else(|| n.to_string())
}
