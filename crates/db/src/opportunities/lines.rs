//! A deal's line items: priced from the catalogue when written, stored in the deal's
//! currency, replaced whole when they change.

use diesel::prelude::*;
use domain::opportunity::OpportunityFields;
use domain::product::{deal_amount, deal_currency, line_total, Discount, LineItem};
use domain::{Currency, FieldError, Money, OpportunityId, OrgId};

use crate::connection::AnyConnection;
use crate::convert::{bytes, id};
use crate::error::{Error, Result};
use crate::products;
use crate::schema::opportunity_line_items as lines;

/// A stored line, before its deal's currency is known.
#[derive(Queryable)]
pub(super) struct LineRow {
    opportunity_id: Vec<u8>,
    product_id: Vec<u8>,
    name: String,
    description: Option<String>,
    quantity: i64,
    unit_price_minor: i64,
    discount_bp: i32,
}

impl LineRow {
    /// Whether the line is `deal`'s.
    pub(super) fn of(&self, deal: &[u8]) -> bool {
        self.opportunity_id == deal
    }

    /// The line, priced in its deal's `currency`.
    pub(super) fn in_currency(&self, currency: Currency) -> LineItem {
        LineItem {
            product_id: id(&self.product_id),
            name: Some(self.name.clone()),
            description: self.description.clone(),
            quantity: self.quantity,
            unit_price: Some(Money {
                amount_minor: self.unit_price_minor,
                currency,
            }),
            discount: Discount::from_basis_points(self.discount_bp),
        }
    }
}

/// The lines of these deals, each deal's in order.
pub(super) fn of_deals(
    conn: &mut AnyConnection,
    org: OrgId,
    deals: &[Vec<u8>],
) -> Result<Vec<LineRow>> {
    Ok(lines::table
        .filter(lines::org_id.eq(bytes(&org)))
        .filter(lines::opportunity_id.eq_any(deals))
        .order((lines::opportunity_id, lines::position))
        .select((
            lines::opportunity_id,
            lines::product_id,
            lines::name,
            lines::description,
            lines::quantity,
            lines::unit_price_minor,
            lines::discount_bp,
        ))
        .load(conn)?)
}

/// Prices a deal's lines in its currency and makes its amount their sum: the currency of the
/// amount when the caller gave one (`amount_given`, which must then be the sum), else the
/// lines' own, else the deal's. `before` holds the deal's stored lines.
pub(super) fn price_deal(
    conn: &mut AnyConnection,
    org: OrgId,
    before: &[LineItem],
    amount_given: bool,
    fields: &mut OpportunityFields,
) -> Result<()> {
    let given = amount_given.then_some(fields.amount);
    let currency = deal_currency(
        &fields.line_items,
        given.map(|a| a.currency),
        fields.amount.currency,
    );
    price(conn, org, before, &mut fields.line_items, currency)?;
    fields.amount = deal_amount(&fields.line_items, currency, given.map(|a| a.amount_minor))
        .map_err(Error::Invalid)?;
    Ok(())
}

/// Fills in what the lines leave to their products (the name, the list price in `currency`)
/// and checks the products of lines that are new (none of `before`'s has the product): of the
/// organization, live and active. A line kept from before keeps its product whatever became
/// of it.
fn price(
    conn: &mut AnyConnection,
    org: OrgId,
    before: &[LineItem],
    new: &mut [LineItem],
    currency: Currency,
) -> Result<()> {
    let wanted: Vec<_> = new
        .iter()
        .filter(|l| l.name.is_none() || l.unit_price.is_none() || is_new(before, l))
        .map(|l| l.product_id)
        .collect();
    let found = products::for_lines(conn, org, &wanted, currency)?;
    for (i, line) in new.iter_mut().enumerate() {
        if !wanted.contains(&line.product_id) {
            continue;
        }
        let pointer = format!("/line_items/{i}/product_id");
        let product = found.iter().find(|p| p.id == line.product_id);
        let product = match product {
            Some(p) if !(is_new(before, line) && p.deleted) => p,
            _ => {
                return Err(Error::Invalid(FieldError::new(
                    pointer,
                    "unknown_reference",
                    "names no product of this organization",
                )))
            }
        };
        if is_new(before, line) && !product.active {
            return Err(Error::Invalid(FieldError::new(
                pointer,
                "product_inactive",
                format!("{} is no longer sold; activate it first", product.name),
            )));
        }
        line.name.get_or_insert_with(|| product.name.clone());
        if line.unit_price.is_none() {
            line.unit_price = product.price;
        }
    }
    Ok(())
}

fn is_new(before: &[LineItem], line: &LineItem) -> bool {
    !before.iter().any(|b| b.product_id == line.product_id)
}

/// Replaces `deal`'s lines with `new` (all priced) when they differ from `old`.
pub(super) fn sync(
    conn: &mut AnyConnection,
    org: OrgId,
    deal: OpportunityId,
    old: &[LineItem],
    new: &[LineItem],
) -> Result<()> {
    if old == new {
        return Ok(());
    }
    diesel::delete(
        lines::table
            .filter(lines::org_id.eq(bytes(&org)))
            .filter(lines::opportunity_id.eq(bytes(&deal))),
    )
    .execute(conn)?;
    for (position, line) in (0_i32..).zip(new) {
        let unit = line.unit_price.map_or(0, |p| p.amount_minor);
        let total = i64::try_from(line_total(line.quantity, unit, line.discount))
            .map_err(|_| Error::Other("line total out of range".into()))?;
        diesel::insert_into(lines::table)
            .values((
                lines::org_id.eq(bytes(&org)),
                lines::opportunity_id.eq(bytes(&deal)),
                lines::position.eq(position),
                lines::product_id.eq(bytes(&line.product_id)),
                lines::name.eq(line.name.as_deref().unwrap_or_default()),
                lines::description.eq(line.description.as_deref()),
                lines::quantity.eq(line.quantity),
                lines::unit_price_minor.eq(unit),
                lines::discount_bp.eq(line.discount.basis_points()),
                lines::total_minor.eq(total),
            ))
            .execute(conn)?;
    }
    Ok(())
}
