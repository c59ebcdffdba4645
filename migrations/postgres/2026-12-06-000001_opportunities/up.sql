-- Sales pipelines, their stages, opportunities moving through them, and the exchange rates that
-- report every amount in the organization's base currency.

-- The currency totals are reported in. It changes only while nothing is priced in it yet.
ALTER TABLE organizations ADD COLUMN base_currency TEXT NOT NULL DEFAULT 'EUR';

-- How much one unit of `currency` is worth in the base currency from `valid_from` (a day,
-- 'YYYY-MM-DD') on, in billionths. An amount is converted at the rate of its close date, or
-- at the currency's earliest rate for a date before every rate.
CREATE TABLE exchange_rates (
    org_id BYTEA NOT NULL REFERENCES organizations (id),
    id BYTEA NOT NULL,
    currency TEXT NOT NULL,
    valid_from TEXT NOT NULL,
    rate_nanos BIGINT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    version BIGINT NOT NULL DEFAULT 1,
    PRIMARY KEY (org_id, id)
);
CREATE UNIQUE INDEX exchange_rates_by_day ON exchange_rates (org_id, currency, valid_from);

-- A pipeline and the reasons a deal in it may be won or lost (JSON lists of text).
CREATE TABLE pipelines (
    org_id BYTEA NOT NULL REFERENCES organizations (id),
    id BYTEA NOT NULL,
    name TEXT NOT NULL,
    name_key TEXT COLLATE "C" NOT NULL,
    won_reasons TEXT NOT NULL DEFAULT '[]',
    lost_reasons TEXT NOT NULL DEFAULT '[]',
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    deleted_at TIMESTAMP,
    version BIGINT NOT NULL DEFAULT 1,
    PRIMARY KEY (org_id, id)
);
CREATE UNIQUE INDEX pipelines_live_name ON pipelines (org_id, name_key) WHERE deleted_at IS NULL;

-- A pipeline's stages in order. A stage taken out of its pipeline keeps its row (with
-- `removed_at`) so the stage history of old deals still names it.
CREATE TABLE pipeline_stages (
    org_id BYTEA NOT NULL,
    id BYTEA NOT NULL,
    pipeline_id BYTEA NOT NULL,
    position BIGINT NOT NULL,
    name TEXT NOT NULL,
    probability INTEGER NOT NULL,
    kind TEXT NOT NULL,
    removed_at TIMESTAMP,
    PRIMARY KEY (org_id, id),
    FOREIGN KEY (org_id, pipeline_id) REFERENCES pipelines (org_id, id)
);
CREATE INDEX pipeline_stages_by_pipeline ON pipeline_stages (org_id, pipeline_id, position);

-- A deal. `status`, `probability` and `amount_base_minor` are derived (from the stage and the
-- exchange rates) and kept here so boards and forecasts read one table. `close_date` is a
-- day ('YYYY-MM-DD'), which sorts as text.
CREATE TABLE opportunities (
    org_id BYTEA NOT NULL REFERENCES organizations (id),
    id BYTEA NOT NULL,
    name TEXT NOT NULL,
    name_key TEXT COLLATE "C" NOT NULL,
    account_id BYTEA NOT NULL,
    pipeline_id BYTEA NOT NULL,
    stage_id BYTEA NOT NULL,
    status TEXT NOT NULL,
    probability INTEGER NOT NULL,
    amount_minor BIGINT NOT NULL,
    currency TEXT NOT NULL,
    amount_base_minor BIGINT NOT NULL,
    close_date TEXT NOT NULL,
    owner_id BYTEA,
    primary_contact_id BYTEA,
    next_step TEXT,
    competitors TEXT NOT NULL DEFAULT '[]',
    source_lead_id BYTEA,
    campaign TEXT,
    forecast_category TEXT,
    close_reason TEXT,
    closed_at TIMESTAMP,
    stage_entered_at TIMESTAMP NOT NULL,
    description TEXT,
    search_text TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    deleted_at TIMESTAMP,
    version BIGINT NOT NULL DEFAULT 1,
    PRIMARY KEY (org_id, id),
    FOREIGN KEY (org_id, account_id) REFERENCES accounts (org_id, id),
    FOREIGN KEY (org_id, pipeline_id) REFERENCES pipelines (org_id, id),
    FOREIGN KEY (org_id, stage_id) REFERENCES pipeline_stages (org_id, id),
    FOREIGN KEY (org_id, owner_id) REFERENCES users (org_id, id),
    FOREIGN KEY (org_id, primary_contact_id) REFERENCES contacts (org_id, id),
    FOREIGN KEY (org_id, source_lead_id) REFERENCES leads (org_id, id)
);
CREATE INDEX opportunities_by_stage ON opportunities (org_id, stage_id, close_date, id) WHERE deleted_at IS NULL;
CREATE INDEX opportunities_by_close_date ON opportunities (org_id, close_date, id);
CREATE INDEX opportunities_by_owner ON opportunities (org_id, owner_id, close_date);
CREATE INDEX opportunities_by_account ON opportunities (org_id, account_id, id);
CREATE INDEX opportunities_by_name ON opportunities (org_id, name_key, id);
CREATE INDEX opportunities_by_updated ON opportunities (org_id, updated_at, id);
CREATE INDEX opportunities_by_amount ON opportunities (org_id, amount_base_minor, id);
CREATE INDEX opportunities_by_currency ON opportunities (org_id, currency, id);
CREATE INDEX opportunities_by_lead ON opportunities (org_id, source_lead_id);

CREATE TABLE opportunity_terms (
    org_id BYTEA NOT NULL,
    term TEXT COLLATE "C" NOT NULL,
    opportunity_id BYTEA NOT NULL,
    PRIMARY KEY (org_id, term, opportunity_id),
    FOREIGN KEY (org_id, opportunity_id) REFERENCES opportunities (org_id, id) ON DELETE CASCADE
);

-- The people on a deal and the part each plays.
CREATE TABLE opportunity_contacts (
    org_id BYTEA NOT NULL,
    opportunity_id BYTEA NOT NULL,
    contact_id BYTEA NOT NULL,
    role TEXT NOT NULL,
    PRIMARY KEY (org_id, opportunity_id, contact_id),
    FOREIGN KEY (org_id, opportunity_id) REFERENCES opportunities (org_id, id) ON DELETE CASCADE,
    FOREIGN KEY (org_id, contact_id) REFERENCES contacts (org_id, id)
);
CREATE INDEX opportunity_contacts_by_contact ON opportunity_contacts (org_id, contact_id);

-- Every stage a deal entered: who moved it, when, and how long it stayed in the stage before.
-- `seq` is the deal's version after the change.
CREATE TABLE opportunity_stage_changes (
    org_id BYTEA NOT NULL,
    opportunity_id BYTEA NOT NULL,
    seq BIGINT NOT NULL,
    changed_at TIMESTAMP NOT NULL,
    changed_by BYTEA,
    from_stage_id BYTEA,
    to_stage_id BYTEA NOT NULL,
    seconds_in_previous BIGINT,
    reason TEXT,
    PRIMARY KEY (org_id, opportunity_id, seq),
    FOREIGN KEY (org_id, opportunity_id) REFERENCES opportunities (org_id, id) ON DELETE CASCADE,
    FOREIGN KEY (org_id, changed_by) REFERENCES users (org_id, id)
);
