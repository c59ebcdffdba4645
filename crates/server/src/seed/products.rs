//! The demo organization's product catalogue: what it sells, priced in the currencies its
//! customers pay in.

use chrono::{DateTime, Utc};
use domain::product::ProductFields;
use domain::{Currency, Money, OrgId, ProductId};

use crate::commands::CommandError;

/// Name, code, and list price in EUR minor units (the other currencies follow from it).
const CATALOGUE: &[(&str, &str, i64)] = &[
    ("Rapport Professional seat (annual)", "PRO-SEAT-Y", 54_000),
    ("Rapport Enterprise seat (annual)", "ENT-SEAT-Y", 108_000),
    ("Premium support (annual)", "SUP-PREM-Y", 1_200_000),
    ("Data migration package", "SVC-MIGRATE", 850_000),
    ("Analytics add-on (annual)", "ADD-ANALYTICS", 420_000),
    ("Training day (on site)", "SVC-TRAIN-DAY", 150_000),
    ("Sandbox environment", "ADD-SANDBOX", 240_000),
];

/// USD, GBP and CHF prices, as hundredths of the EUR price.
const PRICE_LISTS: &[(&str, i64)] = &[("EUR", 100), ("USD", 110), ("GBP", 86), ("CHF", 97)];

/// Adds the catalogue; the last product is no longer sold.
pub(super) fn catalogue(
    conn: &mut db::AnyConnection,
    org: OrgId,
    now: DateTime<Utc>,
) -> Result<Vec<ProductId>, CommandError> {
    let mut made = Vec::new();
    for (i, (name, code, eur)) in CATALOGUE.iter().enumerate() {
        let prices = PRICE_LISTS
            .iter()
            .map(|(code, hundredths)| {
                let currency =
                    Currency::parse("", code).map_err(|e| CommandError(e.to_string()))?;
                Ok(Money {
                    amount_minor: eur * hundredths / 100,
                    currency,
                })
            })
            .collect::<Result<Vec<_>, CommandError>>()?;
        let fields = ProductFields {
            name: (*name).to_owned(),
            code: Some((*code).to_owned()),
            description: None,
            active: i + 1 < CATALOGUE.len(),
            prices,
        };
        made.push(db::products::create(conn, org, &fields, now)?.id);
    }
    made.pop();
    Ok(made)
}
