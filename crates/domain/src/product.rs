//! Products and line items: what an organization sells with its list price in each currency
//! (the price book), and the lines of a deal priced from them. When a deal has lines, its
//! amount is their sum: [`deal_amount`].

use std::fmt;

use crate::id::ProductId;
use crate::money::{check_amount, Currency, Money, MAX_AMOUNT_MINOR};
use crate::validation::FieldError;

/// The most currencies one product is priced in.
pub const MAX_PRICES: usize = 50;

/// The most lines on one deal.
pub const MAX_LINE_ITEMS: usize = 200;

/// The largest quantity on one line.
pub const MAX_QUANTITY: i64 = 1_000_000_000;

/// A product of the catalogue.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProductFields {
    /// What it is called (required).
    pub name: String,
    /// The organization's code for it (SKU), unique among live products.
    pub code: Option<String>,
    /// What it is.
    pub description: Option<String>,
    /// Whether new lines may use it; an inactive product stays on the deals that have it.
    pub active: bool,
    /// Its list price in each currency it is sold in, each currency once.
    pub prices: Vec<Money>,
}

impl ProductFields {
    /// The text a search matches: name and code.
    pub fn search_text(&self) -> String {
        crate::text::search_words([Some(self.name.as_str()), self.code.as_deref()])
    }

    /// Its list price in `currency`, if it has one.
    pub fn price_in(&self, currency: Currency) -> Option<Money> {
        self.prices.iter().copied().find(|p| p.currency == currency)
    }
}

/// Checks a price book: each currency once, no price negative or too large.
pub fn check_prices(prices: &[Money]) -> Result<(), FieldError> {
    if prices.len() > MAX_PRICES {
        return Err(FieldError::new(
            "/prices",
            "too_many",
            format!("at most {MAX_PRICES} currencies"),
        ));
    }
    for (i, price) in prices.iter().enumerate() {
        check_amount(&format!("/prices/{i}"), price)?;
        if prices[..i].iter().any(|p| p.currency == price.currency) {
            return Err(FieldError::new(
                format!("/prices/{i}/currency"),
                "duplicate",
                "each currency has one price",
            ));
        }
    }
    Ok(())
}

/// A discount in hundredths of a percent, 0 to 10,000.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Discount(u16);

/// Hundredths of a percent in a whole.
const WHOLE_BP: u16 = 10_000;

impl Discount {
    /// No discount.
    pub const NONE: Discount = Discount(0);

    /// Parses a percentage from 0 to 100 with at most two decimals (`12.5`).
    pub fn from_percent(pointer: &str, percent: f64) -> Result<Self, FieldError> {
        let hundredths = (percent * 100.0).round();
        let exact = (percent * 100.0 - hundredths).abs() < 1e-6;
        if !percent.is_finite() || !exact || !(0.0..=f64::from(WHOLE_BP)).contains(&hundredths) {
            return Err(FieldError::new(
                pointer,
                "invalid_discount",
                "must be a percentage from 0 to 100 with at most two decimals",
            ));
        }
        // In 0..=10,000 and whole: checked above.
        Ok(Self(hundredths as u16))
    }

    /// From stored hundredths of a percent; out of range is no discount.
    pub fn from_basis_points(bp: i32) -> Self {
        u16::try_from(bp)
            .ok()
            .filter(|bp| *bp <= WHOLE_BP)
            .map_or(Self::NONE, Self)
    }

    /// Hundredths of a percent.
    pub fn basis_points(self) -> i32 {
        i32::from(self.0)
    }

    /// As a percentage, `12.5`.
    pub fn percent(self) -> f64 {
        f64::from(self.0) / 100.0
    }
}

impl fmt::Display for Discount {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} %", self.percent())
    }
}

/// One line of a deal. The name and unit price may be left to the product: its name, and its
/// list price in the deal's currency; a stored line has both.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineItem {
    /// What is sold.
    pub product_id: ProductId,
    /// What the line says; the product's name when left out.
    pub name: Option<String>,
    /// Anything more about this line.
    pub description: Option<String>,
    /// How many, at least one.
    pub quantity: i64,
    /// The price of one, in the deal's currency; the product's list price when left out.
    pub unit_price: Option<Money>,
    /// Off the line's price.
    pub discount: Discount,
}

/// Checks a quantity: from 1 to [`MAX_QUANTITY`].
pub fn check_quantity(pointer: &str, quantity: i64) -> Result<i64, FieldError> {
    match quantity {
        q if q < 0 => Err(FieldError::new(pointer, "negative", "must not be negative")),
        0 => Err(FieldError::new(pointer, "too_small", "must be at least 1")),
        q if q > MAX_QUANTITY => Err(FieldError::new(
            pointer,
            "too_large",
            format!("must be at most {MAX_QUANTITY}"),
        )),
        q => Ok(q),
    }
}

/// Quantity × unit price less the discount, in minor units, rounded half away from zero.
pub fn line_total(quantity: i64, unit_minor: i64, discount: Discount) -> i128 {
    let whole = i128::from(WHOLE_BP);
    let gross = i128::from(quantity) * i128::from(unit_minor) * (whole - i128::from(discount.0));
    let half = whole / 2;
    if gross >= 0 {
        (gross + half) / whole
    } else {
        (gross - half) / whole
    }
}

/// The currency of a deal with `lines`: the one given with its amount, else the one its lines
/// are priced in, else `fallback` (the deal's own, or the base currency for a new deal).
pub fn deal_currency(lines: &[LineItem], given: Option<Currency>, fallback: Currency) -> Currency {
    given
        .or_else(|| lines.iter().find_map(|l| l.unit_price.map(|p| p.currency)))
        .unwrap_or(fallback)
}

/// The amount of a deal with `lines`, all priced, in `currency`: their sum. An amount given
/// with the lines (`given`) must be that sum.
pub fn deal_amount(
    lines: &[LineItem],
    currency: Currency,
    given: Option<i64>,
) -> Result<Money, FieldError> {
    let mut sum: i128 = 0;
    for (i, line) in lines.iter().enumerate() {
        let price = line.unit_price.ok_or_else(|| {
            FieldError::new(
                format!("/line_items/{i}/unit_price"),
                "no_price",
                format!("the product has no price in {currency}; give a unit_price"),
            )
        })?;
        if price.currency != currency {
            return Err(FieldError::new(
                format!("/line_items/{i}/unit_price/currency"),
                "currency_mismatch",
                format!("must be the deal's currency, {currency}"),
            ));
        }
        sum += line_total(line.quantity, price.amount_minor, line.discount);
    }
    let too_large = || {
        FieldError::new(
            "/line_items",
            "too_large",
            format!("the lines add up to more than {MAX_AMOUNT_MINOR}"),
        )
    };
    let sum = i64::try_from(sum)
        .ok()
        .filter(|s| *s <= MAX_AMOUNT_MINOR)
        .ok_or_else(too_large)?;
    if let Some(given) = given.filter(|g| *g != sum) {
        return Err(FieldError::new(
            "/amount/amount_minor",
            "amount_from_line_items",
            format!("the amount of a deal with line items is their sum, {sum}, not {given}; leave it out"),
        ));
    }
    Ok(Money {
        amount_minor: sum,
        currency,
    })
}

/// Checks the lines of a deal: at most [`MAX_LINE_ITEMS`].
pub fn check_lines(lines: &[LineItem]) -> Result<(), FieldError> {
    if lines.len() > MAX_LINE_ITEMS {
        return Err(FieldError::new(
            "/line_items",
            "too_many",
            format!("at most {MAX_LINE_ITEMS} lines"),
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn eur() -> Currency {
        Currency::parse("", "EUR").unwrap_or_else(|e| panic!("{e}"))
    }

    fn line(quantity: i64, unit_minor: i64, discount_bp: i32) -> LineItem {
        LineItem {
            product_id: ProductId::from_uuid(uuid::Uuid::nil()),
            name: None,
            description: None,
            quantity,
            unit_price: Some(Money {
                amount_minor: unit_minor,
                currency: eur(),
            }),
            discount: Discount::from_basis_points(discount_bp),
        }
    }

    #[test]
    fn a_discount_is_a_percentage_with_two_decimals() {
        assert_eq!(
            Discount::from_percent("/d", 12.5)
                .unwrap_or_else(|e| panic!("{e}"))
                .basis_points(),
            1250
        );
        assert_eq!(
            Discount::from_percent("/d", 0.01)
                .unwrap_or_else(|e| panic!("{e}"))
                .basis_points(),
            1
        );
        assert_eq!(
            Discount::from_percent("/d", 100.0)
                .unwrap_or_else(|e| panic!("{e}"))
                .basis_points(),
            10_000
        );
        for bad in [-1.0, 100.01, 0.001, f64::NAN, f64::INFINITY] {
            assert_eq!(
                Discount::from_percent("/d", bad)
                    .map(|_| ())
                    .err()
                    .unwrap_or_else(|| panic!("expected an error"))
                    .code,
                "invalid_discount"
            );
        }
    }

    #[test]
    fn quantities_are_whole_and_positive() {
        assert_eq!(
            check_quantity("/q", -3)
                .map(|_| ())
                .err()
                .unwrap_or_else(|| panic!("expected an error"))
                .code,
            "negative"
        );
        assert_eq!(
            check_quantity("/q", 0)
                .map(|_| ())
                .err()
                .unwrap_or_else(|| panic!("expected an error"))
                .code,
            "too_small"
        );
        assert_eq!(
            check_quantity("/q", MAX_QUANTITY + 1)
                .map(|_| ())
                .err()
                .unwrap_or_else(|| panic!("expected an error"))
                .code,
            "too_large"
        );
        assert_eq!(check_quantity("/q", 7), Ok(7));
    }

    #[test]
    fn a_line_total_rounds_half_away_from_zero() {
        // 3 × 9.99 less 12.5 % = 26.22375 → 26.22
        assert_eq!(line_total(3, 999, Discount::from_basis_points(1250)), 2622);
        // 1 × 0.05 less 50 % = 0.025 → 0.03
        assert_eq!(line_total(1, 5, Discount::from_basis_points(5000)), 3);
        assert_eq!(line_total(4, 2500, Discount::from_basis_points(10_000)), 0);
    }

    #[test]
    fn the_amount_is_the_sum_of_the_lines() {
        let lines = [line(2, 10_000, 0), line(1, 5_000, 1000)];
        let amount = deal_amount(&lines, eur(), None).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(amount.amount_minor, 24_500);
        assert_eq!(deal_amount(&lines, eur(), Some(24_500)), Ok(amount));
        let wrong = deal_amount(&lines, eur(), Some(1))
            .map(|_| ())
            .err()
            .unwrap_or_else(|| panic!("expected an error"));
        assert_eq!(
            (wrong.pointer.as_str(), wrong.code),
            ("/amount/amount_minor", "amount_from_line_items")
        );
    }

    #[test]
    fn every_line_is_in_the_deal_currency() {
        let usd = Currency::parse("", "USD").unwrap_or_else(|e| panic!("{e}"));
        let err = deal_amount(&[line(1, 1, 0)], usd, None)
            .map(|_| ())
            .err()
            .unwrap_or_else(|| panic!("expected an error"));
        assert_eq!(err.pointer, "/line_items/0/unit_price/currency");
        let mut unpriced = line(1, 1, 0);
        unpriced.unit_price = None;
        assert_eq!(
            deal_amount(&[unpriced], eur(), None)
                .map(|_| ())
                .err()
                .unwrap_or_else(|| panic!("expected an error"))
                .code,
            "no_price"
        );
        let huge = [line(MAX_QUANTITY, MAX_AMOUNT_MINOR, 0)];
        assert_eq!(
            deal_amount(&huge, eur(), None)
                .map(|_| ())
                .err()
                .unwrap_or_else(|| panic!("expected an error"))
                .code,
            "too_large"
        );
    }

    #[test]
    fn the_currency_comes_from_the_amount_then_the_lines() {
        let usd = Currency::parse("", "USD").unwrap_or_else(|e| panic!("{e}"));
        let lines = [line(1, 1, 0)];
        assert_eq!(deal_currency(&lines, Some(usd), usd), usd);
        assert_eq!(deal_currency(&lines, None, usd), eur());
        assert_eq!(deal_currency(&[], None, usd), usd);
    }

    #[test]
    fn a_price_book_has_each_currency_once() {
        let price = |code: &str, minor| Money {
            amount_minor: minor,
            currency: Currency::parse("", code).unwrap_or_else(|e| panic!("{e}")),
        };
        assert_eq!(check_prices(&[price("EUR", 1), price("USD", 2)]), Ok(()));
        let err = check_prices(&[price("EUR", 1), price("EUR", 2)])
            .map(|_| ())
            .err()
            .unwrap_or_else(|| panic!("expected an error"));
        assert_eq!(err.pointer, "/prices/1/currency");
        assert_eq!(
            check_prices(&[price("EUR", -1)])
                .map(|_| ())
                .err()
                .unwrap_or_else(|| panic!("expected an error"))
                .code,
            "negative"
        );
    }

    proptest! {
        /// A line's total lies between no discount and the full one, and never exceeds the
        /// undiscounted price by rounding.
        #[test]
        fn a_discount_never_raises_a_line(q in 1..10_000_i64, unit in 0..1_000_000_i64, bp in 0..=10_000_i32) {
            let total = line_total(q, unit, Discount::from_basis_points(bp));
            let gross = i128::from(q) * i128::from(unit);
            prop_assert!(total >= 0 && total <= gross);
            let exact = gross * i128::from(10_000 - bp);
            prop_assert!((total * 10_000 - exact).abs() <= 5_000);
        }
    }
}
