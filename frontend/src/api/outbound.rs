//! Outgoing mail: the SMTP settings, the templates, and the signed-in user's choice of
//! notifications by email.

use api_types::outbound::{
    EmailNotifications, EmailTemplate, MailSettings, PreviewEmailTemplate, PutEmailTemplate,
    PutMailSettings, RenderedEmail, TestMail,
};

use super::{call, get, ApiError, Session, Versioned};

fn versioned<T>(answer: super::Answer<T>) -> Versioned<T> {
    Versioned {
        etag: answer.etag.unwrap_or_default(),
        record: answer.body,
    }
}

/// The organization's settings, with the `ETag` to change them by.
pub async fn settings(session: &Session) -> Result<Versioned<MailSettings>, ApiError> {
    Ok(versioned(get(session, "/api/v1/email-settings").await?))
}

/// Writes them, if they are still at `etag`.
pub async fn save_settings(
    session: &Session,
    etag: &str,
    body: &PutMailSettings,
) -> Result<Versioned<MailSettings>, ApiError> {
    let path = "/api/v1/email-settings";
    Ok(versioned(
        call(session, "PUT", path, Some(body), Some(etag)).await?,
    ))
}

/// Sends a test mail with the saved settings.
pub async fn send_test(session: &Session, to: &str) -> Result<(), ApiError> {
    let body = TestMail { to: to.to_owned() };
    let path = "/api/v1/email-settings/test";
    call::<serde_json::Value>(session, "POST", path, Some(&body), None).await?;
    Ok(())
}

/// Every kind of mail with its template.
pub async fn templates(session: &Session) -> Result<Vec<EmailTemplate>, ApiError> {
    Ok(get(session, "/api/v1/email-templates").await?.body)
}

/// One kind's template.
pub async fn template(session: &Session, kind: &str) -> Result<Versioned<EmailTemplate>, ApiError> {
    Ok(versioned(
        get(session, &format!("/api/v1/email-templates/{kind}")).await?,
    ))
}

/// Saves the organization's own wording, if it is still at `etag`.
pub async fn save_template(
    session: &Session,
    kind: &str,
    etag: &str,
    body: &PutEmailTemplate,
) -> Result<Versioned<EmailTemplate>, ApiError> {
    let path = format!("/api/v1/email-templates/{kind}");
    Ok(versioned(
        call(session, "PUT", &path, Some(body), Some(etag)).await?,
    ))
}

/// Goes back to the default wording.
pub async fn reset_template(
    session: &Session,
    kind: &str,
    etag: &str,
) -> Result<Versioned<EmailTemplate>, ApiError> {
    let path = format!("/api/v1/email-templates/{kind}");
    Ok(versioned(
        call(session, "DELETE", &path, None::<&()>, Some(etag)).await?,
    ))
}

/// Renders a draft with sample values.
pub async fn preview(
    session: &Session,
    kind: &str,
    draft: &PreviewEmailTemplate,
) -> Result<RenderedEmail, ApiError> {
    let path = format!("/api/v1/email-templates/{kind}/preview");
    Ok(call(session, "POST", &path, Some(draft), None).await?.body)
}

/// The notifications the signed-in user gets by email.
pub async fn my_notifications(session: &Session) -> Result<Vec<String>, ApiError> {
    let answer: EmailNotifications = get(session, "/api/v1/me/email-notifications").await?.body;
    Ok(answer.kinds)
}

/// Chooses them.
pub async fn set_my_notifications(
    session: &Session,
    kinds: Vec<String>,
) -> Result<Vec<String>, ApiError> {
    let body = EmailNotifications { kinds };
    let path = "/api/v1/me/email-notifications";
    let answer: EmailNotifications = call(session, "PUT", path, Some(&body), None).await?.body;
    Ok(answer.kinds)
}
