//! Turning opportunity request bodies into validated domain fields.

use api_types::opportunities::{
    ContactRoleBody, CreateOpportunity, LineItemBody, LineItemInput, UpdateOpportunity,
};
use api_types::MoneyBody;
use db::opportunities::{DealChange, Opportunity};
use domain::money::check_amount;
use domain::opportunity::{
    check_roles, ContactRole, ForecastCategory, OpportunityFields, RoleOnDeal,
};
use domain::product::{check_lines, check_quantity, Discount, LineItem};
use domain::validation::list;
use domain::{
    text, AccountId, ContactId, Currency, FieldError, LeadId, Money, PipelineId, ProductId,
    StageId, UserId, Violations,
};

use crate::auth::Principal;
use crate::error::ApiError;

fn line(i: usize, body: &LineItemInput) -> Result<LineItem, FieldError> {
    let at = |field: &str| format!("/line_items/{i}/{field}");
    let unit_price = match &body.unit_price {
        Some(price) => {
            let money = Money::parse(&at("unit_price"), price.amount_minor, &price.currency, true)?;
            check_amount(&at("unit_price"), &money)?;
            Some(money)
        }
        None => None,
    };
    let text = |field: &str, raw: &Option<String>, max| match raw {
        Some(raw) => text::optional(&at(field), raw, max),
        None => Ok(None),
    };
    Ok(LineItem {
        product_id: ProductId::parse(&at("product_id"), &body.product_id)?,
        name: text("name", &body.name, 200)?,
        description: text("description", &body.description, 1000)?,
        quantity: check_quantity(&at("quantity"), body.quantity)?,
        unit_price,
        discount: match body.discount_percent {
            Some(percent) => Discount::from_percent(&at("discount_percent"), percent)?,
            None => Discount::NONE,
        },
    })
}

fn role(i: usize, body: &ContactRoleBody) -> Result<RoleOnDeal, FieldError> {
    Ok(RoleOnDeal {
        contact_id: ContactId::parse(&format!("/contact_roles/{i}/contact_id"), &body.contact_id)?,
        role: ContactRole::parse(&format!("/contact_roles/{i}/role"), &body.role)?,
    })
}

/// Validates a whole opportunity changed by `caller`: an absent amount is zero in `base`, an
/// absent owner `default_owner`, an absent stage the pipeline's first open one
/// (`DealChange::first_open_stage`).
pub fn parse(
    body: CreateOpportunity,
    caller: &Principal,
    base: Currency,
    default_owner: Option<UserId>,
) -> Result<DealChange, ApiError> {
    let mut v = Violations::new();
    let optional = |v: &mut Violations, pointer: &str, raw: Option<String>, max: usize| {
        v.check_opt(raw, |r| text::optional(pointer, &r, max))
            .flatten()
    };
    let name = v.check(text::required("/name", &body.name, 200));
    let account_id = v.check(AccountId::parse("/account_id", &body.account_id));
    let pipeline_id = v.check(PipelineId::parse("/pipeline_id", &body.pipeline_id));
    let stage_id = v.check_opt(body.stage_id.as_deref(), |s| StageId::parse("/stage_id", s));
    let close_reason = optional(&mut v, "/close_reason", body.close_reason, 100);
    let amount_given = body.amount.is_some();
    let amount = match body.amount {
        Some(MoneyBody {
            amount_minor,
            currency,
        }) => v.check(
            Money::parse("/amount", amount_minor, &currency, true)
                .and_then(|m| check_amount("/amount", &m).map(|()| m)),
        ),
        None => Some(Money {
            amount_minor: 0,
            currency: base,
        }),
    };
    let owner_id = v
        .check_opt(body.owner_id.as_deref(), |o| UserId::parse("/owner_id", o))
        .or(default_owner);
    let primary_contact_id = v.check_opt(body.primary_contact_id.as_deref(), |c| {
        ContactId::parse("/primary_contact_id", c)
    });
    let roles = body
        .contact_roles
        .iter()
        .enumerate()
        .map(|(i, r)| role(i, r))
        .collect::<Result<Vec<_>, _>>()
        .and_then(|roles| check_roles(&roles).map(|()| roles));
    let contact_roles = v.check(roles);
    let lines = body
        .line_items
        .iter()
        .enumerate()
        .map(|(i, l)| line(i, l))
        .collect::<Result<Vec<_>, _>>()
        .and_then(|lines| check_lines(&lines).map(|()| lines));
    let line_items = v.check(lines);
    let next_step = optional(&mut v, "/next_step", body.next_step, 500);
    let words = |pointer: &str, raw: &str| text::required(pointer, raw, 100);
    let competitors = v.check(list("/competitors", &body.competitors, 20, words));
    let source_lead_id = v.check_opt(body.source_lead_id.as_deref(), |l| {
        LeadId::parse("/source_lead_id", l)
    });
    let campaign = optional(&mut v, "/campaign", body.campaign, 200);
    let forecast_category = v.check_opt(body.forecast_category.as_deref(), |c| {
        ForecastCategory::parse_override("/forecast_category", c)
    });
    let description = optional(&mut v, "/description", body.description, 10_000);
    let first_open_stage = stage_id.is_none();
    let fields = v.finish(|| {
        Some(OpportunityFields {
            name: name?,
            account_id: account_id?,
            pipeline_id: pipeline_id?,
            // Replaced by the pipeline's first open stage when none was given.
            stage_id: stage_id.unwrap_or_else(|| StageId::from_uuid(uuid::Uuid::nil())),
            close_reason,
            amount: amount?,
            close_date: body.close_date,
            owner_id,
            primary_contact_id,
            contact_roles: contact_roles?,
            line_items: line_items?,
            next_step,
            competitors: competitors?,
            source_lead_id,
            campaign,
            forecast_category,
            description,
        })
    })?;
    Ok(DealChange {
        fields,
        by: Some(caller.user),
        first_open_stage,
        amount_given,
    })
}

/// The fields of `current` with `patch` applied, validated exactly like a creation. A new
/// pipeline without a stage starts in its first open stage.
pub fn merge(
    current: &Opportunity,
    patch: UpdateOpportunity,
    caller: &Principal,
) -> Result<DealChange, ApiError> {
    let now = super::view::body(current, current.fields.amount.currency);
    let new_pipeline = patch.pipeline_id.is_some();
    let stage_id = match (patch.stage_id, new_pipeline) {
        (Some(stage), _) => Some(stage),
        (None, true) => None,
        (None, false) => Some(now.stage_id),
    };
    let line_items = patch
        .line_items
        .unwrap_or_else(|| now.line_items.into_iter().map(kept_line).collect());
    let body = CreateOpportunity {
        name: patch.name.unwrap_or(now.name),
        account_id: patch.account_id.unwrap_or(now.account_id),
        pipeline_id: patch.pipeline_id.unwrap_or(now.pipeline_id),
        stage_id,
        close_reason: patch.close_reason.or(now.close_reason),
        // Lines kept or given decide the amount, unless the patch gives one to check.
        amount: patch
            .amount
            .or((line_items.is_empty()).then_some(now.amount)),
        line_items,
        close_date: patch.close_date.unwrap_or(now.close_date),
        owner_id: patch.owner_id.or(now.owner_id),
        primary_contact_id: patch.primary_contact_id.or(now.primary_contact_id),
        contact_roles: patch.contact_roles.unwrap_or(now.contact_roles),
        next_step: patch.next_step.or(now.next_step),
        competitors: patch.competitors.unwrap_or(now.competitors),
        source_lead_id: patch.source_lead_id.or(now.source_lead_id),
        campaign: patch.campaign.or(now.campaign),
        forecast_category: patch.forecast_category.or(now.forecast_category_override),
        description: patch.description.or(now.description),
    };
    parse(body, caller, current.fields.amount.currency, None)
}

/// A stored line as a client would send it back unchanged.
fn kept_line(line: LineItemBody) -> LineItemInput {
    LineItemInput {
        product_id: line.product_id,
        name: Some(line.name),
        description: line.description,
        quantity: line.quantity,
        unit_price: Some(line.unit_price),
        discount_percent: Some(line.discount_percent),
    }
}
