//! `/api/v1/email-settings`: how the organization's mail leaves (admins), and a test mail to
//! check them.

use std::time::Duration;

use actix_web::{get, post, put, HttpResponse};
use api_types::outbound::{MailSettings, PutMailSettings, TestMail};
use db::mail_settings::PasswordChange;
use domain::outbound::{MailSettingsFields, MailSettingsInput};
use domain::{Email, FieldError, MailboxId, Violations};

use crate::auth::{Access::Permission as Can, Caller, Routes};
use crate::error::ApiError;
use crate::extract::{json_with_etag, IfMatch, Json};
use crate::kit::{Reply, State};
use crate::mail::compose::Outgoing;
use crate::mail::smtp;
use crate::openapi::{Conflict, Invalid};

/// The email settings routes and who may call them.
pub fn routes(r: &mut Routes) {
    let admins = Can(domain::Permission::ManageSettings);
    r.add(get_email_settings, admins)
        .add(put_email_settings, admins)
        .add(send_test_email, admins);
}

/// What a test mail may take: an admin waits for it.
const TEST_TIMEOUT: Duration = Duration::from_secs(10);

fn view(settings: Option<db::mail_settings::MailSettings>) -> HttpResponse {
    let body = match settings {
        Some(s) => MailSettings {
            enabled: s.fields.enabled,
            smtp_host: s.fields.smtp_host,
            smtp_port: i64::from(s.fields.smtp_port),
            smtp_security: s.fields.smtp_security.as_str().to_owned(),
            smtp_username: s.fields.smtp_username,
            password_set: s.password_set,
            from_address: s.fields.from_address.as_str().to_owned(),
            from_name: s.fields.from_name,
            reply_to_mailbox_id: s.reply_to_mailbox_id.map(|m| m.to_string()),
            updated_at: Some(s.updated_at),
            version: s.version,
        },
        None => MailSettings {
            enabled: false,
            smtp_host: String::new(),
            smtp_port: 587,
            smtp_security: "starttls".into(),
            smtp_username: None,
            password_set: false,
            from_address: String::new(),
            from_name: None,
            reply_to_mailbox_id: None,
            updated_at: None,
            version: 0,
        },
    };
    json_with_etag(HttpResponse::Ok(), body.version, &body)
}

/// The organization's outgoing mail settings (admins). Before they are first written, mail
/// is off and the answer holds the usual defaults with version 0.
#[utoipa::path(
    tag = "email",
    responses((status = 200, description = "The settings", body = MailSettings, headers(("ETag" = String)))),
)]
#[get("/email-settings")]
pub async fn get_email_settings(state: State, caller: Caller) -> Reply {
    let settings = state
        .run(caller, |conn, p| Ok(db::mail_settings::get(conn, p.org)?))
        .await?;
    Ok(view(settings))
}

/// Write the outgoing mail settings (admins).
///
/// With mail enabled, customers are told when their ticket is opened, answered and solved,
/// and users get the notifications they chose by email. The password is kept unless a new
/// one (or `""`, to forget it) is sent. Send the `ETag` you read in `If-Match` to be told
/// (412) when another admin changed them meanwhile.
#[utoipa::path(
    tag = "email",
    params(crate::openapi::IfMatch),
    request_body = PutMailSettings,
    responses(
        (status = 200, description = "The settings", body = MailSettings, headers(("ETag" = String))),
        Invalid,
        Conflict,
    ),
)]
#[put("/email-settings")]
pub async fn put_email_settings(
    state: State,
    caller: Caller,
    if_match: IfMatch,
    body: Json<PutMailSettings>,
) -> Reply {
    let body = body.into_inner();
    let mut v = Violations::new();
    let fields = match MailSettingsFields::parse(&MailSettingsInput {
        enabled: body.enabled,
        smtp_host: &body.smtp_host,
        smtp_port: body.smtp_port,
        smtp_security: &body.smtp_security,
        smtp_username: body.smtp_username.as_deref(),
        from_address: &body.from_address,
        from_name: body.from_name.as_deref(),
    }) {
        Ok(fields) => Some(fields),
        Err(errors) => {
            errors.into_errors().into_iter().for_each(|e| v.push(e));
            None
        }
    };
    let password = match body.smtp_password {
        None => Some(PasswordChange::Keep),
        Some(p) if p.is_empty() => Some(PasswordChange::Clear),
        Some(p) if p.chars().count() > 500 || p.chars().any(char::is_control) => {
            v.push(FieldError::new(
                "/smtp_password",
                "invalid_text",
                "at most 500 characters, none of them control characters",
            ));
            None
        }
        Some(p) => Some(PasswordChange::Set(p)),
    };
    let reply_to = v.check(
        body.reply_to_mailbox_id
            .as_deref()
            .map(|m| MailboxId::parse("/reply_to_mailbox_id", m))
            .transpose(),
    );
    let (fields, password, reply_to) = v
        .finish(|| Some((fields?, password?, reply_to?)))
        .map_err(ApiError::from)?;
    let now = state.now();
    let settings = state
        .run(caller, move |conn, p| {
            let saved =
                db::mail_settings::put(conn, p.org, &fields, &password, reply_to, if_match.0, now)?;
            Ok(Some(saved))
        })
        .await?;
    Ok(view(settings))
}

/// Send a test mail with the saved settings (admins), and wait for the SMTP server's answer:
/// 204 when it accepted the mail, 422 `smtp_failed` with the server's words when not (or
/// when no settings are saved).
#[utoipa::path(
    tag = "email",
    request_body = TestMail,
    responses((status = 204, description = "The SMTP server accepted the mail"), Invalid),
)]
#[post("/email-settings/test")]
pub async fn send_test_email(state: State, caller: Caller, body: Json<TestMail>) -> Reply {
    let to = Email::parse("/to", &body.into_inner().to).map_err(ApiError::from)?;
    let (settings, organization) = state
        .run(caller, |conn, p| {
            let sending = db::mail_settings::sending_even_if_off(conn, p.org)?;
            Ok((sending, db::orgs::name(conn, p.org)?))
        })
        .await?;
    let Some(settings) = settings else {
        return Err(
            FieldError::new("/to", "smtp_failed", "no email settings are saved yet").into(),
        );
    };
    let id = domain::JobId::mint();
    let mail = Outgoing {
        to_name: None,
        to: to.as_str().to_owned(),
        subject: format!("Test mail from {organization} (Rapport)"),
        text: "This test mail shows that Rapport can send your organization's mail.\n".into(),
        html: "<p>This test mail shows that Rapport can send your organization's mail.</p>".into(),
        message_id: domain::outbound::outbound_message_id(
            &id.to_string(),
            settings.fields.from_address.as_str(),
        ),
        in_reply_to: None,
        references: Vec::new(),
        reply_to: settings.reply_to.clone(),
        auto_submitted: Some("auto-generated"),
    };
    smtp::send(&settings, &mail, TEST_TIMEOUT)
        .await
        .map_err(|e| FieldError::new("/to", "smtp_failed", e.message))?;
    Ok(HttpResponse::NoContent().finish())
}
