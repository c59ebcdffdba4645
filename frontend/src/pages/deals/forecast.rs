//! The forecast page: a period's deals per owner, team or territory, as a chart (drawn here
//! as SVG) and as a table, against the quotas.

use api_types::forecast::{Forecast, ForecastGroup, ForecastQuery, ForecastTotals};
use chrono::{Datelike, Months, NaiveDate};
use leptos::prelude::*;

use super::{amount, day, today};
use crate::api::{get, query_string, ApiError, Session};
use crate::components::shell::set_crumbs;
use crate::components::status::{Empty, ErrorNote, Loading};

async fn load(session: Session, query: ForecastQuery) -> Result<Forecast, ApiError> {
    let path = format!("/api/v1/forecast{}", query_string(&(), &query));
    Ok(get(&session, &path).await?.body)
}

/// `date` moved by `steps` periods of `kind`.
fn shifted(date: NaiveDate, kind: &str, steps: i32) -> NaiveDate {
    let months = match kind {
        "month" => 1,
        "year" => 12,
        _ => 3,
    } * steps.unsigned_abs();
    let moved = if steps < 0 {
        date.checked_sub_months(Months::new(months))
    } else {
        date.checked_add_months(Months::new(months))
    };
    moved.unwrap_or(date)
}

/// What a period is called: "Q4 2026", "November 2026", "2026".
fn period_name(f: &Forecast) -> String {
    let start = f.period_start;
    match f.period.as_str() {
        "month" => start.format("%B %Y").to_string(),
        "year" => start.year().to_string(),
        _ => format!("Q{} {}", start.month0() / 3 + 1, start.year()),
    }
}

/// The forecast page.
#[component]
pub fn ForecastPage() -> impl IntoView {
    set_crumbs(vec![("Forecast".into(), None)]);
    let session = expect_context::<Session>();
    let period = RwSignal::new("quarter".to_owned());
    let group_by = RwSignal::new("owner".to_owned());
    let date = RwSignal::new(today());
    let forecast = LocalResource::new(move || {
        let query = ForecastQuery {
            period: Some(period.get()),
            date: Some(date.get()),
            group_by: Some(group_by.get()),
            pipeline_id: None,
        };
        load(session, query)
    });
    let reload = Callback::new(move |()| forecast.refetch());
    let step = move |steps: i32| date.update(|d| *d = shifted(*d, &period.get_untracked(), steps));
    view! {
        <section class="page">
            <div class="page-head">
                <h1>"Forecast"</h1>
            </div>
            <div class="toolbar board-filters">
                <label>
                    "Period "
                    <select on:change=move |ev| period.set(event_target_value(&ev)) prop:value=move || period.get()>
                        <option value="month">"Month"</option>
                        <option value="quarter">"Quarter"</option>
                        <option value="year">"Year"</option>
                    </select>
                </label>
                <label>
                    "Group by "
                    <select on:change=move |ev| group_by.set(event_target_value(&ev)) prop:value=move || group_by.get()>
                        <option value="owner">"Owner"</option>
                        <option value="team">"Team"</option>
                        <option value="territory">"Territory"</option>
                    </select>
                </label>
                <div class="period-steps">
                    <button type="button" class="button subtle" on:click=move |_| step(-1)>"← Previous"</button>
                    <button type="button" class="button subtle" on:click=move |_| date.set(today())>"Current"</button>
                    <button type="button" class="button subtle" on:click=move |_| step(1)>"Next →"</button>
                </div>
            </div>
            <Transition fallback=|| view! { <Loading what="Loading the forecast"/> }>
                {move || Suspend::new(async move {
                    match forecast.await {
                        Err(error) => view! { <ErrorNote error retry=Some(reload)/> }.into_any(),
                        Ok(f) if f.groups.is_empty() => view! {
                            <h2>{period_name(&f)}</h2>
                            <Empty title="No deals close in this period".into()/>
                        }.into_any(),
                        Ok(f) => view! { <Shown forecast=f/> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

fn who(g: &ForecastGroup) -> String {
    g.name.clone().unwrap_or_else(|| "Nobody".to_owned())
}

#[component]
fn Shown(forecast: Forecast) -> impl IntoView {
    let f = forecast;
    let cur = StoredValue::new(f.currency.clone());
    let t = f.totals.clone();
    let title = format!(
        "{} ({} to {})",
        period_name(&f),
        day(f.period_start),
        day(f.period_end)
    );
    let money = move |minor: i64| cur.with_value(|c| amount(minor, c));
    let row = move |name: String,
                    t: &ForecastTotals,
                    quota: Option<i64>,
                    attainment: Option<i64>| {
        view! {
            <tr>
                <th scope="row">{name}</th>
                <td class="num">{money(t.closed_minor)}</td>
                <td class="num">{money(t.commit_forecast_minor)}</td>
                <td class="num">{money(t.best_case_forecast_minor)}</td>
                <td class="num">{money(t.open_minor)}</td>
                <td class="num">{money(t.weighted_minor)}</td>
                <td class="num">{quota.map(money).unwrap_or_else(|| "—".into())}</td>
                <td class="num">{attainment.map(|a| format!("{a} %")).unwrap_or_else(|| "—".into())}</td>
            </tr>
        }
    };
    let rows = f
        .groups
        .iter()
        .map(|g| row(who(g), &g.totals, g.quota_minor, g.attainment_percent))
        .collect_view();
    let total_row = row("All deals".to_owned(), &t, None, None);
    view! {
        <h2>{title}</h2>
        <ul class="counters" aria-label="The period">
            <li><strong>{money(t.closed_minor)}</strong>" won"</li>
            <li><strong>{money(t.commit_forecast_minor)}</strong>" commit"</li>
            <li><strong>{money(t.best_case_forecast_minor)}</strong>" best case"</li>
            <li><strong>{money(t.weighted_minor)}</strong>" weighted"</li>
        </ul>
        <section class="card" aria-labelledby="forecast-chart">
            <h2 id="forecast-chart">"Against quota"</h2>
            <Chart forecast=f.clone()/>
        </section>
        <section class="card" aria-labelledby="forecast-table">
            <h2 id="forecast-table">"By "{f.group_by.clone()}</h2>
            <div class="table-scroll">
                <table class="records" aria-label="Forecast">
                    <thead><tr>
                        <th scope="col">{match f.group_by.as_str() { "team" => "Team", "territory" => "Territory", _ => "Owner" }}</th>
                        <th scope="col" class="num">"Won"</th>
                        <th scope="col" class="num">"Commit"</th>
                        <th scope="col" class="num">"Best case"</th>
                        <th scope="col" class="num">"Open"</th>
                        <th scope="col" class="num">"Weighted"</th>
                        <th scope="col" class="num">"Quota"</th>
                        <th scope="col" class="num">"Attainment"</th>
                    </tr></thead>
                    <tbody>{rows}</tbody>
                    <tfoot>{total_row}</tfoot>
                </table>
            </div>
            <p class="muted small">"Commit is won plus committed; best case adds what could also close. Amounts in "{f.currency.clone()}"."</p>
        </section>
    }
}

/// Horizontal bars, one per group: won, then committed, then best case, with the quota as a
/// mark. Drawn in SVG by the app; the table beside it says the same in words.
#[component]
fn Chart(forecast: Forecast) -> impl IntoView {
    const WIDTH: f64 = 720.0;
    const LABEL: f64 = 150.0;
    const BAR: f64 = 22.0;
    const GAP: f64 = 14.0;
    let groups = forecast.groups;
    let widest = groups
        .iter()
        .map(|g| {
            g.totals
                .best_case_forecast_minor
                .max(g.quota_minor.unwrap_or(0))
        })
        .max()
        .unwrap_or(0)
        .max(1) as f64;
    let scale = move |minor: i64| (minor.max(0) as f64) / widest * (WIDTH - LABEL - 10.0);
    let height = groups.len() as f64 * (BAR + GAP) + GAP;
    let summary = groups
        .iter()
        .map(|g| {
            let quota = g
                .attainment_percent
                .map(|a| format!(", {a} % of quota"))
                .unwrap_or_default();
            format!(
                "{}: {} won{quota}",
                who(g),
                amount(g.totals.closed_minor, &forecast.currency)
            )
        })
        .collect::<Vec<_>>()
        .join("; ");
    let bars = groups
        .iter()
        .enumerate()
        .map(|(i, g)| {
            let y = GAP + i as f64 * (BAR + GAP);
            let t = &g.totals;
            let won = scale(t.closed_minor);
            let commit = scale(t.commit_minor);
            let best = scale(t.best_case_minor);
            let quota = g.quota_minor.map(scale);
            let name: String = who(g).chars().take(20).collect();
            view! {
                <g>
                    <text x="0" y={y + BAR * 0.7} class="chart-label">{name}</text>
                    <rect x=LABEL y=y width=won height=BAR class="bar-won"/>
                    <rect x={LABEL + won} y=y width=commit height=BAR class="bar-commit"/>
                    <rect x={LABEL + won + commit} y=y width=best height=BAR class="bar-best"/>
                    {quota.map(|q| view! {
                        <line x1={LABEL + q} x2={LABEL + q} y1={y - 4.0} y2={y + BAR + 4.0} class="quota-mark"/>
                    })}
                </g>
            }
        })
        .collect_view();
    view! {
        <svg class="chart" viewBox=format!("0 0 {WIDTH} {height}") role="img" aria-label=summary
            preserveAspectRatio="xMinYMin meet">
            {bars}
        </svg>
        <p class="legend small">
            <span class="key key-won"></span>"Won "
            <span class="key key-commit"></span>"Committed "
            <span class="key key-best"></span>"Best case "
            <span class="key key-quota"></span>"Quota"
        </p>
    }
}
