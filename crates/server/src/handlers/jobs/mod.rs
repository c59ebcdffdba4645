//! `/api/v1/admin/jobs`: the background jobs of the organization, for admins.

pub mod cancel;
pub mod get;
pub mod list;
pub mod retry;

use api_types::jobs::Job as JobBody;
use db::jobs::Job;
use db::AnyConnection;
use domain::OrgId;
use domain::Permission::ManageJobs;

use crate::auth::{Access::Permission as Can, Routes};
use crate::error::ApiError;
use crate::kit::View;

/// The job routes and who may call them.
pub fn routes(r: &mut Routes) {
    r.add(list::list_jobs, Can(ManageJobs))
        .add(get::get_job, Can(ManageJobs))
        .add(retry::retry_job, Can(ManageJobs))
        .add(cancel::cancel_job, Can(ManageJobs));
}

impl View for Job {
    type Body = JobBody;

    fn view(_: &mut AnyConnection, _: OrgId, job: &Job) -> Result<JobBody, ApiError> {
        Ok(JobBody {
            id: job.id.to_string(),
            kind: job.kind.clone(),
            payload: shown_payload(&job.payload),
            status: job.status.clone(),
            run_at: job.run_at,
            attempts: job.attempts,
            max_attempts: job.max_attempts,
            last_error: job.last_error.clone(),
            created_at: job.created_at,
            updated_at: job.updated_at,
        })
    }
}

/// A job's payload as admins see it: a one-time link's token it carries (an invitation's
/// mail) is hidden, as it was shown once to whoever made it.
fn shown_payload(stored: &str) -> serde_json::Value {
    let mut payload = serde_json::from_str(stored).unwrap_or(serde_json::Value::Null);
    if let Some(token) = payload.get_mut("token") {
        *token = serde_json::Value::from("(hidden)");
    }
    payload
}

/// Sets a job's status with `change` and answers it.
async fn set(
    state: &crate::kit::State,
    caller: crate::auth::Caller,
    raw_id: &str,
    change: fn(
        &mut AnyConnection,
        OrgId,
        domain::JobId,
        chrono::DateTime<chrono::Utc>,
    ) -> db::Result<Job>,
) -> crate::kit::Reply {
    let id = crate::extract::path_id(raw_id)?;
    let now = state.now();
    let body = state
        .run(caller, move |conn, p| {
            let job = change(conn, p.org, id, now)?;
            Job::view(conn, p.org, &job)
        })
        .await?;
    Ok(actix_web::HttpResponse::Ok().json(body))
}

#[cfg(test)]
mod tests {
    use super::shown_payload;

    #[test]
    fn a_one_time_token_in_a_payload_is_hidden() {
        let shown = shown_payload(r#"{"portal_user_id":"pusr_1","token":"inv_secret"}"#);
        assert_eq!(
            shown,
            serde_json::json!({"portal_user_id": "pusr_1", "token": "(hidden)"})
        );
        assert_eq!(shown_payload("{}"), serde_json::json!({}));
    }
}
