-- Saved ticket lists: personal (team_id NULL) or shared with a team. The filters are the
-- list's query parameters as JSON, read with the list's own rules.
CREATE TABLE ticket_views (
    org_id BYTEA NOT NULL,
    id BYTEA NOT NULL,
    name TEXT NOT NULL,
    name_key TEXT NOT NULL,
    owner_id BYTEA NOT NULL,
    team_id BYTEA,
    filters TEXT NOT NULL,
    sort TEXT,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    version BIGINT NOT NULL,
    PRIMARY KEY (org_id, id),
    FOREIGN KEY (org_id, owner_id) REFERENCES users (org_id, id)
);
CREATE INDEX ticket_views_by_owner ON ticket_views (org_id, owner_id);
CREATE INDEX ticket_views_by_team ON ticket_views (org_id, team_id);
