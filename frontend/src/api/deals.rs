//! `/api/v1/pipelines` and `/api/v1/opportunities`: the pipelines, a board's column totals,
//! deals, reopening one and its stage history.

use api_types::opportunities::{
    CreateOpportunity, Opportunity, OpportunityFilters, ReopenOpportunity, StageChangeBody,
    UpdateOpportunity,
};
use api_types::pipelines::{BoardFilters, CreatePipeline, Pipeline, PipelineBoard, UpdatePipeline};
use api_types::products::{CreateProduct, Product, ProductFilters, UpdateProduct};

use super::{call, get, query_string, ApiError, Resource, Session};

impl Resource for Opportunity {
    const PATH: &'static str = "opportunities";
    const KIND: &'static str = "opportunity";
    const TITLE: &'static str = "Opportunities";
    const WRITE: domain::Permission = domain::Permission::WriteSales;
    type Create = CreateOpportunity;
    type Update = UpdateOpportunity;
    type Filters = OpportunityFilters;

    fn id(&self) -> &str {
        &self.id
    }

    fn deleted_at(&self) -> Option<chrono::DateTime<chrono::Utc>> {
        self.deleted_at
    }

    fn title(&self) -> String {
        self.name.clone()
    }
}

impl Resource for Product {
    const PATH: &'static str = "products";
    const KIND: &'static str = "product";
    const TITLE: &'static str = "Products";
    const WRITE: domain::Permission = domain::Permission::ManageSales;
    type Create = CreateProduct;
    type Update = UpdateProduct;
    type Filters = ProductFilters;

    fn id(&self) -> &str {
        &self.id
    }

    fn deleted_at(&self) -> Option<chrono::DateTime<chrono::Utc>> {
        self.deleted_at
    }

    fn title(&self) -> String {
        self.name.clone()
    }

    /// Products have no page of their own: a saved one shows in the catalogue.
    fn page_of(_: &str) -> String {
        "/products".to_owned()
    }
}

impl Resource for Pipeline {
    const PATH: &'static str = "pipelines";
    const KIND: &'static str = "pipeline";
    const TITLE: &'static str = "Pipelines";
    const WRITE: domain::Permission = domain::Permission::ManageSales;
    type Create = CreatePipeline;
    type Update = UpdatePipeline;
    type Filters = ();

    fn id(&self) -> &str {
        &self.id
    }

    fn deleted_at(&self) -> Option<chrono::DateTime<chrono::Utc>> {
        self.deleted_at
    }

    fn title(&self) -> String {
        self.name.clone()
    }

    fn page_of(id: &str) -> String {
        format!("/pipeline?pipeline={id}")
    }
}

/// The column totals of the board of pipeline `id`.
pub async fn board(
    session: &Session,
    id: &str,
    filters: &BoardFilters,
) -> Result<PipelineBoard, ApiError> {
    let path = format!("/api/v1/pipelines/{id}/board{}", query_string(&(), filters));
    Ok(get(session, &path).await?.body)
}

/// Reopens the won or lost deal `id`, if it is still at `etag`.
pub async fn reopen(
    session: &Session,
    id: &str,
    etag: &str,
    body: &ReopenOpportunity,
) -> Result<Opportunity, ApiError> {
    let path = format!("/api/v1/opportunities/{id}/reopen");
    Ok(call(session, "POST", &path, Some(body), Some(etag))
        .await?
        .body)
}

/// The stages the deal `id` went through, oldest first.
pub async fn history(session: &Session, id: &str) -> Result<Vec<StageChangeBody>, ApiError> {
    let path = format!("/api/v1/opportunities/{id}/stage-history");
    Ok(get(session, &path).await?.body)
}
