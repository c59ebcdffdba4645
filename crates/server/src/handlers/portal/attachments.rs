//! `/api/v1/portal/attachments`: the customer's files. A file is uploaded first, then sent by
//! naming it in a new ticket's or a reply's `attachment_ids`; the customer downloads their
//! own uploads and the files of the tickets they see (descriptions and public replies),
//! never an internal note's.

use actix_web::web::{Path, Payload, Query};
use actix_web::{delete, get, post, HttpRequest, HttpResponse};
use api_types::attachments::{FileContent, UploadQuery};
use api_types::portal::PortalAttachment;
use domain::attachment::{self, Attachment, Uploader};
use domain::AttachmentId;

use crate::auth::PortalCaller;
use crate::error::ApiError;
use crate::extract::path_id;
use crate::handlers::attachments::{content, download, held_etag, take_upload, uploaded_answer};
use crate::kit::{Reply, State};
use crate::openapi::{Conflict, Id, IfNoneMatch, Invalid};

/// A file as the portal shows it: no staff ids.
pub fn portal_view(a: &Attachment) -> PortalAttachment {
    PortalAttachment {
        id: a.id.to_string(),
        filename: a.filename.clone(),
        content_type: a.content_type.clone(),
        size: a.size,
        url: format!("/api/v1/portal/attachments/{}", a.id),
    }
}

/// Upload a file to send with a new ticket or a reply.
///
/// The body is the file itself; `Content-Type` is its media type and `filename` names it. The
/// upload waits for you alone until a new ticket or a reply names it in `attachment_ids` (a
/// day, then it is deleted); at most 20 wait at once (409 `too_many_uploads`: send or
/// discard some). The organization's largest file applies (413 above it); an empty file is
/// refused (422).
#[utoipa::path(
    tag = "portal",
    params(UploadQuery),
    request_body(content = FileContent, content_type = "application/octet-stream", description = "The file"),
    responses(
        (status = 201, description = "Uploaded, waiting to be sent", body = PortalAttachment, headers(("Location" = String))),
        (status = 413, description = "Larger than the organization allows", body = api_types::Problem, content_type = "application/problem+json"),
        Conflict,
        Invalid,
    ),
)]
#[post("/portal/attachments")]
pub async fn upload_portal_attachment(
    state: State,
    caller: PortalCaller,
    request: HttpRequest,
    query: Query<UploadQuery>,
    body: Payload,
) -> Reply {
    let (org, user, limit) = state
        .run_portal(caller, |conn, p| {
            let mine = Uploader::Customer(p.user);
            if db::tickets::attachments::waiting_of(conn, p.org, mine)?
                >= attachment::MAX_WAITING_OF_CUSTOMER
            {
                return Err(ApiError::Conflict("too_many_uploads"));
            }
            let limit = db::orgs::get(conn, p.org)?.max_attachment_mib;
            Ok((p.org, p.user, limit))
        })
        .await?;
    let upload = (org, Uploader::Customer(user), limit);
    let uploaded = take_upload(&state, &request, &query, body, upload).await?;
    let body = portal_view(&uploaded);
    Ok(uploaded_answer(body.url.clone(), body))
}

/// Download a file.
///
/// Your own files, sent or not, and the files of the tickets you see: of their descriptions
/// and public replies; anything else is 404. It always comes as a download; with
/// `If-None-Match` naming its `ETag`, the answer is 304 without the file.
#[utoipa::path(
    tag = "portal",
    params(Id, IfNoneMatch),
    responses(
        (status = 200, description = "The file, of the media type it was uploaded with", content_type = "*/*", body = FileContent),
        (status = 304, description = "The file is the one the client holds"),
    ),
)]
#[get("/portal/attachments/{id}")]
pub async fn download_portal_attachment(
    state: State,
    caller: PortalCaller,
    id: Path<String>,
    request: HttpRequest,
) -> Reply {
    let id: AttachmentId = path_id(&id)?;
    let held = held_etag(&request);
    let files = state.files.clone();
    let (found, content) = state
        .run_portal(caller, move |conn, p| {
            let found = db::tickets::attachments::get(conn, p.org, id)?;
            match (found.ticket_id, found.message_id) {
                // Your own files are yours wherever they went (a merge may have moved them).
                _ if found.uploaded_by == Uploader::Customer(p.user) => {}
                (Some(ticket), message) => {
                    super::visible_ticket(conn, &p, ticket)?;
                    // On a message: a public one (else with the description).
                    if let Some(message) = message {
                        if !db::tickets::messages::get(conn, p.org, message)?.public {
                            return Err(ApiError::NotFound);
                        }
                    }
                }
                (None, _) => return Err(ApiError::NotFound),
            }
            let content = content(&files, p.org, &found, held.as_deref())?;
            Ok((found, content))
        })
        .await?;
    Ok(download(&found, content))
}

/// Discard an upload you have not sent.
///
/// A file already sent stays with its reply (409 `attachment_sent`).
#[utoipa::path(
    tag = "portal",
    params(Id),
    responses((status = 204, description = "Discarded"), Conflict),
)]
#[delete("/portal/attachments/{id}")]
pub async fn discard_portal_attachment(
    state: State,
    caller: PortalCaller,
    id: Path<String>,
) -> Reply {
    let id: AttachmentId = path_id(&id)?;
    let files = state.files.clone();
    state
        .run_portal(caller, move |conn, p| {
            let by = Uploader::Customer(p.user);
            let content = db::tickets::attachments::discard(conn, p.org, id, by)?;
            files.release(conn, p.org, &[content]);
            Ok(())
        })
        .await?;
    Ok(HttpResponse::NoContent().finish())
}
