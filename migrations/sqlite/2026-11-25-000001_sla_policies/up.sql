-- Business calendars and SLA policies. A calendar's schedule and holidays, and a policy's
-- conditions and targets, are each one JSON document: they are always read and written whole,
-- and validated by the domain's SLA engine before they are stored.

CREATE TABLE sla_calendars (
    org_id BLOB NOT NULL REFERENCES organizations (id),
    id BLOB NOT NULL,
    name TEXT NOT NULL,
    name_key TEXT NOT NULL,
    definition TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    deleted_at TIMESTAMP,
    version BIGINT NOT NULL DEFAULT 1,
    PRIMARY KEY (org_id, id)
);
-- Names are unique among the calendars in use; a deleted one keeps its name until restored.
CREATE UNIQUE INDEX sla_calendars_name ON sla_calendars (org_id, name_key) WHERE deleted_at IS NULL;

CREATE TABLE sla_policies (
    org_id BLOB NOT NULL REFERENCES organizations (id),
    id BLOB NOT NULL,
    name TEXT NOT NULL,
    name_key TEXT NOT NULL,
    calendar_id BLOB NOT NULL,
    position BIGINT NOT NULL,
    definition TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    deleted_at TIMESTAMP,
    version BIGINT NOT NULL DEFAULT 1,
    PRIMARY KEY (org_id, id),
    FOREIGN KEY (org_id, calendar_id) REFERENCES sla_calendars (org_id, id)
);
CREATE UNIQUE INDEX sla_policies_name ON sla_policies (org_id, name_key) WHERE deleted_at IS NULL;
CREATE INDEX sla_policies_order ON sla_policies (org_id, position);
CREATE INDEX sla_policies_by_calendar ON sla_policies (org_id, calendar_id);
