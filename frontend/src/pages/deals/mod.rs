//! Deals: the pipeline board, the opportunity page and its form, the forecast, and what they
//! share: moving
//! a deal (asking why when it closes), amounts in the base currency, periods of close dates.

pub mod board;
pub mod forecast;
pub mod form;
mod lines;
pub mod page;
pub mod products;

use api_types::opportunities::{Opportunity, ReopenOpportunity, UpdateOpportunity};
use api_types::pipelines::{Pipeline, Stage};
use api_types::MoneyBody;
use chrono::{Datelike, NaiveDate};
use leptos::prelude::*;

use crate::api::{self, deals, ApiError, Session};
use crate::format;

/// An amount in minor units of `currency`, formatted.
pub fn amount(minor: i64, currency: &str) -> String {
    format::money(&MoneyBody {
        amount_minor: minor,
        currency: currency.to_owned(),
    })
}

/// A day in the user's locale.
pub fn day(date: NaiveDate) -> String {
    date.and_hms_opt(12, 0, 0)
        .map(|t| format::date(&t.and_utc()))
        .unwrap_or_else(|| date.to_string())
}

/// What a deal's status reads as.
pub fn status_label(status: &str) -> &'static str {
    match status {
        "won" => "Won",
        "lost" => "Lost",
        _ => "Open",
    }
}

/// What a forecast category reads as.
pub fn category_label(category: &str) -> &'static str {
    match category {
        "best_case" => "Best case",
        "commit" => "Commit",
        "closed" => "Closed",
        "omitted" => "Omitted",
        _ => "Pipeline",
    }
}

/// The close-date periods a board narrows to: (value, label).
pub const PERIODS: [(&str, &str); 5] = [
    ("any", "Any time"),
    ("quarter", "This quarter"),
    ("next_quarter", "Next quarter"),
    ("year", "This year"),
    ("past_90", "Last 90 days"),
];

/// The first and last day of `period` around `today`; none for any time.
pub fn period_days(period: &str, today: NaiveDate) -> Option<(NaiveDate, NaiveDate)> {
    let quarter_start = |year: i32, quarter: u32| NaiveDate::from_ymd_opt(year, quarter * 3 + 1, 1);
    let quarter = today.month0() / 3;
    let (start, next) = match period {
        "quarter" => (
            quarter_start(today.year(), quarter)?,
            quarter_start(today.year() + (quarter == 3) as i32, (quarter + 1) % 4)?,
        ),
        "next_quarter" => {
            let (year, q) = (today.year() + (quarter == 3) as i32, (quarter + 1) % 4);
            (
                quarter_start(year, q)?,
                quarter_start(year + (q == 3) as i32, (q + 1) % 4)?,
            )
        }
        "year" => (
            NaiveDate::from_ymd_opt(today.year(), 1, 1)?,
            NaiveDate::from_ymd_opt(today.year() + 1, 1, 1)?,
        ),
        "past_90" => (today - chrono::Duration::days(90), today.succ_opt()?),
        _ => return None,
    };
    Some((start, next.pred_opt()?))
}

/// Today where the user is.
pub fn today() -> NaiveDate {
    chrono::Local::now().date_naive()
}

/// The `If-Match` of a deal as read.
fn etag(deal: &Opportunity) -> String {
    format!("\"{}\"", deal.version)
}

/// Moves `deal` to the open stage `to`: a change for an open deal, a reopening for a won or
/// lost one.
pub async fn move_open(session: Session, deal: &Opportunity, to: &Stage) -> Result<(), ApiError> {
    if deal.status == "open" {
        let change = UpdateOpportunity {
            stage_id: Some(to.id.clone()),
            ..UpdateOpportunity::default()
        };
        api::update::<Opportunity>(&session, &deal.id, &etag(deal), &change).await?;
    } else {
        let body = ReopenOpportunity {
            stage_id: Some(to.id.clone()),
        };
        deals::reopen(&session, &deal.id, &etag(deal), &body).await?;
    }
    Ok(())
}

/// A deal on its way into a won or lost stage, waiting for its reason.
#[derive(Clone, PartialEq)]
pub struct Closing {
    /// The deal.
    pub deal: Opportunity,
    /// The won or lost stage.
    pub stage: Stage,
    /// The reasons its pipeline offers for that kind of stage.
    pub reasons: Vec<String>,
}

impl Closing {
    /// `deal` moving into `stage` of `pipeline`.
    pub fn new(deal: Opportunity, stage: Stage, pipeline: &Pipeline) -> Self {
        let reasons = if stage.kind == "won" {
            pipeline.won_reasons.clone()
        } else {
            pipeline.lost_reasons.clone()
        };
        Closing {
            deal,
            stage,
            reasons,
        }
    }
}

/// Asks why a deal is won or lost, from its pipeline's reasons, then moves it; `done` runs
/// after a move (to reload what shows the deal).
#[component]
pub fn CloseDialog(closing: RwSignal<Option<Closing>>, done: Callback<()>) -> impl IntoView {
    let session = expect_context::<Session>();
    let dialog = NodeRef::<leptos::html::Dialog>::new();
    let reason = RwSignal::new(String::new());
    let failure = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    Effect::new(move |_| {
        let Some(element) = dialog.get() else { return };
        match closing.get() {
            Some(c) => {
                reason.set(c.reasons.first().cloned().unwrap_or_default());
                failure.set(None);
                if !element.open() {
                    let _ = element.show_modal();
                }
            }
            None if element.open() => element.close(),
            None => {}
        }
    });
    let confirm = move |_| {
        let Some(c) = closing.get_untracked() else {
            return;
        };
        busy.set(true);
        leptos::task::spawn_local(async move {
            let change = UpdateOpportunity {
                stage_id: Some(c.stage.id.clone()),
                close_reason: Some(reason.get_untracked()),
                ..UpdateOpportunity::default()
            };
            match api::update::<Opportunity>(&session, &c.deal.id, &etag(&c.deal), &change).await {
                Ok(_) => {
                    closing.set(None);
                    done.try_run(());
                }
                Err(e) => failure.set(Some(e.message())),
            }
            busy.set(false);
        });
    };
    let title = move || {
        closing.with(|c| {
            c.as_ref().map_or(String::new(), |c| {
                let verb = if c.stage.kind == "won" { "won" } else { "lost" };
                format!("Why was “{}” {verb}?", c.deal.name)
            })
        })
    };
    view! {
        <dialog node_ref=dialog class="confirm" aria-labelledby="close-deal-title"
            on:close=move |_| closing.set(None)>
            <h2 id="close-deal-title">{title}</h2>
            <fieldset>
                <legend>"Reason"</legend>
                {move || closing.get().map(|c| c.reasons.into_iter().map(|r| {
                    let (value, checked) = (r.clone(), r.clone());
                    view! {
                        <label class="checkbox">
                            <input type="radio" name="close-reason" value=value.clone()
                                prop:checked=move || reason.get() == checked
                                on:change=move |_| reason.set(value.clone())/>
                            {r}
                        </label>
                    }
                }).collect_view())}
            </fieldset>
            {move || failure.get().map(|f| view! { <p class="error" role="alert">{f}</p> })}
            <div class="form-actions">
                <button type="button" class="button primary" disabled=move || busy.get() on:click=confirm>
                    {move || closing.with(|c| if c.as_ref().is_some_and(|c| c.stage.kind == "won") { "Mark as won" } else { "Mark as lost" })}
                </button>
                <button type="button" class="button subtle" on:click=move |_| closing.set(None)>"Cancel"</button>
            </div>
        </dialog>
    }
}

/// An account's deals on its page: its open pipeline and won revenue, and each deal with its
/// stage, amount and close date.
#[component]
pub fn AccountDeals(account_id: String, account_name: String) -> impl IntoView {
    use api_types::opportunities::OpportunityFilters;
    use api_types::ListQuery;
    use leptos_router::components::A;

    let session = expect_context::<Session>();
    let filters = OpportunityFilters {
        account_id: Some(account_id.clone()),
        ..OpportunityFilters::default()
    };
    let deals = LocalResource::new(move || {
        let filters = filters.clone();
        async move {
            let page = ListQuery {
                limit: Some(100),
                ..ListQuery::default()
            };
            let (deals, pipelines) = futures::join!(
                api::list::<Opportunity>(&session, &page, &filters),
                api::list::<Pipeline>(&session, &page, &()),
            );
            Ok::<_, ApiError>((deals?.items, pipelines?.items))
        }
    });
    let new_link = format!(
        "/opportunities/new?account_id={account_id}&account_name={}",
        js_sys::encode_uri_component(&account_name)
    );
    let writer = session.can(domain::Permission::WriteSales);
    view! {
        <section class="card" aria-labelledby="deals-heading">
            <div class="card-head">
                <h2 id="deals-heading">"Opportunities"</h2>
                {writer.then(|| view! { <A href=new_link attr:class="button small">"New opportunity"</A> })}
            </div>
            <Transition fallback=|| view! { <crate::components::status::Loading what="Loading the opportunities"/> }>
                {move || Suspend::new(async move {
                    match deals.await {
                        Err(error) => view! { <crate::components::status::ErrorNote error/> }.into_any(),
                        Ok((deals, pipelines)) => deal_summary(deals, pipelines).into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

fn deal_summary(deals: Vec<Opportunity>, pipelines: Vec<Pipeline>) -> impl IntoView {
    use leptos_router::components::A;

    if deals.is_empty() {
        return view! { <p class="muted">"No opportunities yet."</p> }.into_any();
    }
    let base = deals[0].base_currency.clone();
    let total = |status: &str| -> i64 {
        deals
            .iter()
            .filter(|d| d.status == status)
            .map(|d| d.amount_base_minor)
            .sum()
    };
    let (open, won) = (total("open"), total("won"));
    let stage_name = move |d: &Opportunity| {
        pipelines
            .iter()
            .flat_map(|p| p.stages.iter())
            .find(|s| s.id == d.stage_id)
            .map_or_else(String::new, |s| s.name.clone())
    };
    view! {
        <ul class="counters" aria-label="Sales">
            <li><strong>{amount(open, &base)}</strong>" open pipeline"</li>
            <li><strong>{amount(won, &base)}</strong>" won"</li>
        </ul>
        <ul class="people">
            {deals.iter().map(|d| {
                let class = format!("badge status-{}", d.status);
                let (link, name, stage) = (format!("/opportunities/{}", d.id), d.name.clone(), stage_name(d));
                let facts = format!(" · {} · {}", amount(d.amount.amount_minor, &d.amount.currency), day(d.close_date));
                view! {
                    <li>
                        <A href=link>{name}</A>
                        <span class="muted"><span class=class>{stage}</span>{facts}</span>
                    </li>
                }
            }).collect_view()}
        </ul>
    }
    .into_any()
}
