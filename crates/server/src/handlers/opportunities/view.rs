//! Opportunities as the API shows them.

use api_types::opportunities::{ContactRoleBody, LineItemBody, Opportunity as OpportunityBody};
use api_types::MoneyBody;
use db::opportunities::Opportunity;
use db::AnyConnection;
use domain::product::{line_total, LineItem};
use domain::{AccountId, Currency, OrgId};

use crate::error::ApiError;
use crate::kit::View;

impl View for Opportunity {
    type Body = OpportunityBody;

    fn view(
        conn: &mut AnyConnection,
        org: OrgId,
        deal: &Self,
    ) -> Result<OpportunityBody, ApiError> {
        let mut bodies = Self::view_page(conn, org, std::slice::from_ref(deal))?;
        bodies.pop().ok_or(ApiError::NotFound)
    }

    /// Reads the base currency and the accounts' names once for the page.
    fn view_page(
        conn: &mut AnyConnection,
        org: OrgId,
        deals: &[Self],
    ) -> Result<Vec<OpportunityBody>, ApiError> {
        let base = db::orgs::get(conn, org)?.base_currency;
        let accounts: Vec<AccountId> = deals.iter().map(|d| d.fields.account_id).collect();
        let names = db::accounts::names(conn, org, &accounts)?;
        Ok(deals
            .iter()
            .map(|d| {
                let mut body = body(d, base);
                body.account_name = names
                    .iter()
                    .find(|(a, _)| *a == d.fields.account_id)
                    .map(|(_, n)| n.clone())
                    .unwrap_or_default();
                body
            })
            .collect())
    }
}

/// A deal as a response body, its base amount in `base`, without its account's name (which
/// [`View::view_page`] reads).
pub fn body(d: &Opportunity, base: Currency) -> OpportunityBody {
    let f = &d.fields;
    let weighted = i128::from(d.amount_base_minor) * i128::from(d.probability) / 100;
    OpportunityBody {
        id: d.id.to_string(),
        name: f.name.clone(),
        account_id: f.account_id.to_string(),
        account_name: String::new(),
        pipeline_id: f.pipeline_id.to_string(),
        stage_id: f.stage_id.to_string(),
        status: d.status.as_str().to_owned(),
        probability: i32::from(d.probability),
        close_reason: f.close_reason.clone(),
        amount: MoneyBody {
            amount_minor: f.amount.amount_minor,
            currency: f.amount.currency.code().to_owned(),
        },
        line_items: f
            .line_items
            .iter()
            .map(|l| line_body(l, f.amount.currency))
            .collect(),
        base_currency: base.code().to_owned(),
        amount_base_minor: d.amount_base_minor,
        weighted_amount_minor: i64::try_from(weighted).unwrap_or(i64::MAX),
        close_date: f.close_date,
        owner_id: f.owner_id.map(|o| o.to_string()),
        primary_contact_id: f.primary_contact_id.map(|c| c.to_string()),
        contact_roles: f
            .contact_roles
            .iter()
            .map(|r| ContactRoleBody {
                contact_id: r.contact_id.to_string(),
                role: r.role.as_str().to_owned(),
            })
            .collect(),
        next_step: f.next_step.clone(),
        competitors: f.competitors.clone(),
        source_lead_id: f.source_lead_id.map(|l| l.to_string()),
        campaign: f.campaign.clone(),
        forecast_category: d.forecast_category().as_str().to_owned(),
        forecast_category_override: f.forecast_category.map(|c| c.as_str().to_owned()),
        description: f.description.clone(),
        closed_at: d.closed_at,
        stage_entered_at: d.stage_entered_at,
        created_at: d.created_at,
        updated_at: d.updated_at,
        deleted_at: d.deleted_at,
        version: d.version,
    }
}

fn money(amount_minor: i64, currency: Currency) -> MoneyBody {
    MoneyBody {
        amount_minor,
        currency: currency.code().to_owned(),
    }
}

/// A stored line (all priced, in the deal's `currency`) as a response body.
fn line_body(line: &LineItem, currency: Currency) -> LineItemBody {
    let unit = line.unit_price.map_or(0, |p| p.amount_minor);
    let total = line_total(line.quantity, unit, line.discount);
    LineItemBody {
        product_id: line.product_id.to_string(),
        name: line.name.clone().unwrap_or_default(),
        description: line.description.clone(),
        quantity: line.quantity,
        unit_price: money(unit, currency),
        discount_percent: line.discount.percent(),
        total: money(i64::try_from(total).unwrap_or(i64::MAX), currency),
    }
}
