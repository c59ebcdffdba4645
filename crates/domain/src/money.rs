//! Money: an integer number of minor units (cents) and an ISO 4217 currency. No floats.

use std::fmt;

use crate::validation::FieldError;

/// Active ISO 4217 codes with their number of minor-unit digits.
const CURRENCIES: &[(&str, u8)] = &[
    ("AED", 2),
    ("AFN", 2),
    ("ALL", 2),
    ("AMD", 2),
    ("ANG", 2),
    ("AOA", 2),
    ("ARS", 2),
    ("AUD", 2),
    ("AWG", 2),
    ("AZN", 2),
    ("BAM", 2),
    ("BBD", 2),
    ("BDT", 2),
    ("BGN", 2),
    ("BHD", 3),
    ("BIF", 0),
    ("BMD", 2),
    ("BND", 2),
    ("BOB", 2),
    ("BRL", 2),
    ("BSD", 2),
    ("BTN", 2),
    ("BWP", 2),
    ("BYN", 2),
    ("BZD", 2),
    ("CAD", 2),
    ("CDF", 2),
    ("CHF", 2),
    ("CLP", 0),
    ("CNY", 2),
    ("COP", 2),
    ("CRC", 2),
    ("CUP", 2),
    ("CVE", 2),
    ("CZK", 2),
    ("DJF", 0),
    ("DKK", 2),
    ("DOP", 2),
    ("DZD", 2),
    ("EGP", 2),
    ("ERN", 2),
    ("ETB", 2),
    ("EUR", 2),
    ("FJD", 2),
    ("FKP", 2),
    ("GBP", 2),
    ("GEL", 2),
    ("GHS", 2),
    ("GIP", 2),
    ("GMD", 2),
    ("GNF", 0),
    ("GTQ", 2),
    ("GYD", 2),
    ("HKD", 2),
    ("HNL", 2),
    ("HTG", 2),
    ("HUF", 2),
    ("IDR", 2),
    ("ILS", 2),
    ("INR", 2),
    ("IQD", 3),
    ("IRR", 2),
    ("ISK", 0),
    ("JMD", 2),
    ("JOD", 3),
    ("JPY", 0),
    ("KES", 2),
    ("KGS", 2),
    ("KHR", 2),
    ("KMF", 0),
    ("KPW", 2),
    ("KRW", 0),
    ("KWD", 3),
    ("KYD", 2),
    ("KZT", 2),
    ("LAK", 2),
    ("LBP", 2),
    ("LKR", 2),
    ("LRD", 2),
    ("LSL", 2),
    ("LYD", 3),
    ("MAD", 2),
    ("MDL", 2),
    ("MGA", 2),
    ("MKD", 2),
    ("MMK", 2),
    ("MNT", 2),
    ("MOP", 2),
    ("MRU", 2),
    ("MUR", 2),
    ("MVR", 2),
    ("MWK", 2),
    ("MXN", 2),
    ("MYR", 2),
    ("MZN", 2),
    ("NAD", 2),
    ("NGN", 2),
    ("NIO", 2),
    ("NOK", 2),
    ("NPR", 2),
    ("NZD", 2),
    ("OMR", 3),
    ("PAB", 2),
    ("PEN", 2),
    ("PGK", 2),
    ("PHP", 2),
    ("PKR", 2),
    ("PLN", 2),
    ("PYG", 0),
    ("QAR", 2),
    ("RON", 2),
    ("RSD", 2),
    ("RUB", 2),
    ("RWF", 0),
    ("SAR", 2),
    ("SBD", 2),
    ("SCR", 2),
    ("SDG", 2),
    ("SEK", 2),
    ("SGD", 2),
    ("SHP", 2),
    ("SLE", 2),
    ("SOS", 2),
    ("SRD", 2),
    ("SSP", 2),
    ("STN", 2),
    ("SYP", 2),
    ("SZL", 2),
    ("THB", 2),
    ("TJS", 2),
    ("TMT", 2),
    ("TND", 3),
    ("TOP", 2),
    ("TRY", 2),
    ("TTD", 2),
    ("TWD", 2),
    ("TZS", 2),
    ("UAH", 2),
    ("UGX", 0),
    ("USD", 2),
    ("UYU", 2),
    ("UZS", 2),
    ("VES", 2),
    ("VND", 0),
    ("VUV", 0),
    ("WST", 2),
    ("XAF", 0),
    ("XCD", 2),
    ("XOF", 0),
    ("XPF", 0),
    ("YER", 2),
    ("ZAR", 2),
    ("ZMW", 2),
    ("ZWG", 2),
];

/// An ISO 4217 currency code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Currency(&'static str, u8);

impl Currency {
    /// Parses a code such as `EUR` (case-insensitive).
    pub fn parse(pointer: &str, raw: &str) -> Result<Self, FieldError> {
        let upper = raw.trim().to_ascii_uppercase();
        CURRENCIES
            .iter()
            .find(|(code, _)| *code == upper)
            .map(|&(code, digits)| Self(code, digits))
            .ok_or_else(|| {
                FieldError::new(
                    pointer,
                    "invalid_currency",
                    "must be an ISO 4217 currency code such as EUR",
                )
            })
    }

    /// Every code this accepts.
    pub fn codes() -> impl Iterator<Item = &'static str> {
        CURRENCIES.iter().map(|(code, _)| *code)
    }

    /// The three-letter code.
    pub fn code(&self) -> &'static str {
        self.0
    }

    /// Digits after the decimal point (2 for EUR, 0 for JPY, 3 for KWD).
    pub fn minor_digits(&self) -> u8 {
        self.1
    }
}

impl fmt::Display for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0)
    }
}

/// An amount of money in minor units of its currency.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Money {
    /// Minor units, e.g. cents.
    pub amount_minor: i64,
    /// The currency.
    pub currency: Currency,
}

impl Money {
    /// Parses an amount and currency; `non_negative` rejects amounts below zero.
    pub fn parse(
        pointer: &str,
        amount_minor: i64,
        currency: &str,
        non_negative: bool,
    ) -> Result<Self, FieldError> {
        let currency = Currency::parse(&format!("{pointer}/currency"), currency)?;
        if non_negative && amount_minor < 0 {
            return Err(FieldError::new(
                format!("{pointer}/amount_minor"),
                "negative",
                "must not be negative",
            ));
        }
        Ok(Self {
            amount_minor,
            currency,
        })
    }

    /// Parses an amount typed as a decimal (`12345.67`, `12,345.67`, `12 345`) in `currency`.
    /// Group separators (`,`, space, `_`) are ignored; more decimals than the currency has are
    /// refused rather than rounded.
    pub fn parse_decimal(
        pointer: &str,
        raw: &str,
        currency: &str,
        non_negative: bool,
    ) -> Result<Self, FieldError> {
        let code = Currency::parse(&format!("{pointer}/currency"), currency)?;
        let invalid = || {
            FieldError::new(
                format!("{pointer}/amount"),
                "invalid_amount",
                format!(
                    "must be an amount such as 1250.{}",
                    "0".repeat(usize::from(code.minor_digits()))
                ),
            )
        };
        let cleaned: String = raw
            .trim()
            .chars()
            .filter(|c| !matches!(c, ',' | ' ' | '_'))
            .collect();
        let (negative, digits) = match cleaned.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, cleaned.as_str()),
        };
        let (whole, fraction) = digits.split_once('.').unwrap_or((digits, ""));
        let places = usize::from(code.minor_digits());
        if whole.is_empty()
            || fraction.len() > places
            || !whole
                .chars()
                .chain(fraction.chars())
                .all(|c| c.is_ascii_digit())
        {
            return Err(invalid());
        }
        let padded = format!("{whole}{fraction:0<places$}");
        let minor: i64 = padded.parse().map_err(|_| invalid())?;
        Self::parse(
            pointer,
            if negative { -minor } else { minor },
            currency,
            non_negative,
        )
    }

    /// The amount as a decimal string, `1234567` EUR → `12345.67`.
    pub fn to_decimal_string(&self) -> String {
        let digits = u32::from(self.currency.minor_digits());
        if digits == 0 {
            return self.amount_minor.to_string();
        }
        let unit = 10_u64.pow(digits);
        let sign = if self.amount_minor < 0 { "-" } else { "" };
        let absolute = self.amount_minor.unsigned_abs();
        format!(
            "{sign}{}.{:0width$}",
            absolute / unit,
            absolute % unit,
            width = digits as usize
        )
    }
}

/// The largest amount the API takes, in minor units (ten trillion in cents): room for any
/// company's revenue, and far from overflow when converted.
pub const MAX_AMOUNT_MINOR: i64 = 1_000_000_000_000_000;

/// Checks an amount the API takes: at most [`MAX_AMOUNT_MINOR`] and not below zero.
pub fn check_amount(pointer: &str, amount: &Money) -> Result<(), FieldError> {
    if amount.amount_minor < 0 {
        return Err(FieldError::new(
            format!("{pointer}/amount_minor"),
            "negative",
            "must not be negative",
        ));
    }
    if amount.amount_minor > MAX_AMOUNT_MINOR {
        return Err(FieldError::new(
            format!("{pointer}/amount_minor"),
            "too_large",
            format!("must be at most {MAX_AMOUNT_MINOR}"),
        ));
    }
    Ok(())
}

/// How much one unit of a currency is worth in another, in billionths: `1.0845` is
/// 1,084,500,000. Always above zero.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Rate(i64);

/// Billionths in one.
const RATE_SCALE: i64 = 1_000_000_000;

/// The largest whole part of a rate (a billion units of one currency for one of another).
const RATE_MAX_WHOLE: i64 = 1_000_000_000;

impl Rate {
    /// One for one.
    pub const ONE: Rate = Rate(RATE_SCALE);

    /// Parses a decimal such as `1.0845` or `157.2` (at most 9 decimals, above zero).
    pub fn parse(pointer: &str, raw: &str) -> Result<Self, FieldError> {
        let invalid = || {
            FieldError::new(
                pointer,
                "invalid_rate",
                "must be a decimal above zero with at most 9 decimals, such as 1.0845",
            )
        };
        let raw = raw.trim();
        let (whole, fraction) = match raw.split_once('.') {
            Some((_, "")) => return Err(invalid()),
            Some(parts) => parts,
            None => (raw, ""),
        };
        let digits = |s: &str| s.chars().all(|c| c.is_ascii_digit());
        if whole.is_empty()
            || whole.len() > 10
            || fraction.len() > 9
            || !digits(whole)
            || !digits(fraction)
        {
            return Err(invalid());
        }
        let whole: i64 = whole.parse().map_err(|_| invalid())?;
        let fraction: i64 = format!("{fraction:0<9}").parse().map_err(|_| invalid())?;
        if whole > RATE_MAX_WHOLE {
            return Err(invalid());
        }
        Self::from_nanos(whole * RATE_SCALE + fraction).ok_or_else(invalid)
    }

    /// A stored rate; none unless above zero.
    pub fn from_nanos(nanos: i64) -> Option<Self> {
        (nanos > 0 && nanos <= RATE_MAX_WHOLE * RATE_SCALE).then_some(Self(nanos))
    }

    /// Billionths, as stored.
    pub fn nanos(self) -> i64 {
        self.0
    }

    /// The rate as a decimal without trailing zeros: `1.0845`, `157`.
    pub fn to_decimal_string(self) -> String {
        let fraction = format!("{:09}", self.0 % RATE_SCALE);
        let fraction = fraction.trim_end_matches('0');
        if fraction.is_empty() {
            (self.0 / RATE_SCALE).to_string()
        } else {
            format!("{}.{fraction}", self.0 / RATE_SCALE)
        }
    }
}

/// `money` in currency `to`, one unit of money's currency being worth `rate` units of `to`, in
/// minor units of `to` rounded half away from zero; none if it would not fit.
pub fn convert(money: Money, rate: Rate, to: Currency) -> Option<i64> {
    let scale = |digits: u8| 10_i128.pow(u32::from(digits));
    let numerator = i128::from(money.amount_minor)
        .checked_mul(i128::from(rate.0))?
        .checked_mul(scale(to.minor_digits()))?;
    let denominator = scale(money.currency.minor_digits()) * i128::from(RATE_SCALE);
    let (quotient, remainder) = (numerator / denominator, numerator % denominator);
    let rounded = if 2 * remainder.abs() >= denominator {
        quotient + numerator.signum()
    } else {
        quotient
    };
    i64::try_from(rounded).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn typed_amounts_become_minor_units() {
        let minor = |raw: &str, currency: &str| {
            Money::parse_decimal("/m", raw, currency, true).map(|m| m.amount_minor)
        };
        assert_eq!(minor("12,345.67", "EUR"), Ok(1_234_567));
        assert_eq!(minor(" 1 250 ", "EUR"), Ok(125_000));
        assert_eq!(minor("1.5", "EUR"), Ok(150));
        assert_eq!(minor("1500", "JPY"), Ok(1500));
        assert_eq!(minor("1.234", "KWD"), Ok(1234));
        for bad in ["", "1.234", "1.2.3", "abc", ".5", "-5"] {
            assert!(minor(bad, "EUR").is_err(), "{bad}");
        }
        assert_eq!(
            Money::parse_decimal("/m", "-5", "EUR", false).map(|m| m.amount_minor),
            Ok(-500)
        );
        assert_eq!(
            Money::parse_decimal("/m", "1", "XYZ", true).map_err(|e| e.pointer),
            Err("/m/currency".to_owned())
        );
    }

    #[test]
    fn currency_codes_are_checked_against_iso_4217() {
        assert_eq!(Currency::parse("/c", "eur").map(|c| c.code()), Ok("EUR"));
        assert!(Currency::parse("/c", "EURO").is_err());
        assert!(Currency::parse("/c", "XXY").is_err());
    }

    #[test]
    fn decimal_rendering_follows_minor_digits() {
        let eur = Money::parse("/m", -5, "EUR", false).map(|m| m.to_decimal_string());
        assert_eq!(eur, Ok("-0.05".to_owned()));
        let jpy = Money::parse("/m", 1500, "JPY", false).map(|m| m.to_decimal_string());
        assert_eq!(jpy, Ok("1500".to_owned()));
        let kwd = Money::parse("/m", 1_234_567, "KWD", false).map(|m| m.to_decimal_string());
        assert_eq!(kwd, Ok("1234.567".to_owned()));
    }

    #[test]
    fn negative_amounts_are_refused_where_they_make_no_sense() {
        let error = Money::parse("/annual_revenue", -1, "USD", true).map_err(|e| e.pointer);
        assert_eq!(error, Err("/annual_revenue/amount_minor".to_owned()));
    }

    #[test]
    fn rates_are_decimals_above_zero() {
        let nanos = |raw: &str| Rate::parse("/rate", raw).map(Rate::nanos);
        assert_eq!(nanos("1.0845"), Ok(1_084_500_000));
        assert_eq!(nanos("157"), Ok(157_000_000_000));
        assert_eq!(nanos("0.000000001"), Ok(1));
        for bad in [
            "0",
            "0.0",
            "-1",
            "1.0000000001",
            "",
            "1e3",
            "abc",
            "1.",
            "2000000000",
        ] {
            assert!(Rate::parse("/rate", bad).is_err(), "{bad}");
        }
        assert_eq!(
            Rate::parse("/r", "1.0845").map(Rate::to_decimal_string),
            Ok("1.0845".to_owned())
        );
        assert_eq!(
            Rate::parse("/r", "157.000").map(Rate::to_decimal_string),
            Ok("157".to_owned())
        );
    }

    #[test]
    fn conversion_follows_both_currencies_minor_units_and_rounds_half_away() {
        let money = |minor, code| Money::parse("/m", minor, code, false).map_err(|e| e.to_string());
        let at = |raw| Rate::parse("/r", raw).map_err(|e| e.to_string());
        let eur = Currency::parse("/c", "EUR").map_err(|e| e.to_string());
        // 1,000 JPY at 0.0062 EUR: 6.20 EUR.
        assert_eq!(
            money(1000, "JPY").and_then(|m| Ok(convert(m, at("0.0062")?, eur.clone()?))),
            Ok(Some(620))
        );
        // 10.00 USD at 0.9215: 9.215 → 9.22; -9.215 → -9.22.
        assert_eq!(
            money(1000, "USD").and_then(|m| Ok(convert(m, at("0.9215")?, eur.clone()?))),
            Ok(Some(922))
        );
        assert_eq!(
            money(-1000, "USD").and_then(|m| Ok(convert(m, at("0.9215")?, eur.clone()?))),
            Ok(Some(-922))
        );
        // 1.000 KWD at 2.98 EUR: 2.98 EUR.
        assert_eq!(
            money(1000, "KWD").and_then(|m| Ok(convert(m, at("2.98")?, eur.clone()?))),
            Ok(Some(298))
        );
        assert_eq!(
            money(i64::MAX, "EUR").and_then(|m| Ok(convert(m, at("1000")?, eur.clone()?))),
            Ok(None)
        );
    }

    proptest! {
        #[test]
        fn conversion_at_one_between_like_currencies_keeps_the_amount(amount in -1_000_000_000_000_000_i64..1_000_000_000_000_000) {
            let usd = Money::parse("/m", amount, "USD", false).map_err(|e| TestCaseError::fail(e.to_string()))?;
            let eur = Currency::parse("/c", "EUR").map_err(|e| TestCaseError::fail(e.to_string()))?;
            prop_assert_eq!(convert(usd, Rate::ONE, eur), Some(amount));
        }

        #[test]
        fn conversion_keeps_order_and_sign(a in -1_000_000_000_000_i64..1_000_000_000_000, b in -1_000_000_000_000_i64..1_000_000_000_000, nanos in 1_i64..1_000_000_000_000) {
            let (low, high) = (a.min(b), a.max(b));
            let rate = Rate::from_nanos(nanos).ok_or_else(|| TestCaseError::fail("rate"))?;
            let jpy = Currency::parse("/c", "JPY").map_err(|e| TestCaseError::fail(e.to_string()))?;
            let of = |minor| Money::parse("/m", minor, "EUR", false).ok().and_then(|m| convert(m, rate, jpy));
            let (l, h) = (of(low).ok_or_else(|| TestCaseError::fail("fits"))?, of(high).ok_or_else(|| TestCaseError::fail("fits"))?);
            prop_assert!(l <= h);
            prop_assert!(l.signum() * low.signum() >= 0);
        }

        #[test]
        fn decimal_string_round_trips(amount in any::<i64>()) {
            let money = Money::parse("/m", amount, "USD", false).map_err(|e| TestCaseError::fail(e.to_string()))?;
            let text = money.to_decimal_string();
            let parsed: i128 = text.replace('.', "").parse().map_err(|_| TestCaseError::fail("not a number"))?;
            prop_assert_eq!(parsed, i128::from(amount));
        }
    }
}
