-- The sums that pipeline boards and forecasts read, kept by triggers on `opportunities`
-- (see the PostgreSQL migration for why changes are appended and folded later).
CREATE TABLE opportunity_totals (
    org_id BLOB NOT NULL,
    pipeline_id BLOB NOT NULL,
    stage_id BLOB NOT NULL,
    owner_id BLOB NOT NULL,
    close_month TEXT NOT NULL,
    status TEXT NOT NULL,
    forecast_category TEXT NOT NULL,
    probability INTEGER NOT NULL,
    deals BIGINT NOT NULL,
    amount_base_minor BIGINT NOT NULL,
    weighted_minor BIGINT NOT NULL,
    PRIMARY KEY (org_id, pipeline_id, stage_id, owner_id, close_month, status, forecast_category, probability)
);
CREATE INDEX opportunity_totals_by_month ON opportunity_totals (org_id, close_month);

-- `id` counts per organization here (writers take turns on SQLite, so the next is the
-- largest plus one); PostgreSQL numbers them from a sequence.
CREATE TABLE opportunity_total_changes (
    org_id BLOB NOT NULL,
    id BIGINT NOT NULL,
    pipeline_id BLOB NOT NULL,
    stage_id BLOB NOT NULL,
    owner_id BLOB NOT NULL,
    close_month TEXT NOT NULL,
    status TEXT NOT NULL,
    forecast_category TEXT NOT NULL,
    probability INTEGER NOT NULL,
    deals BIGINT NOT NULL,
    amount_base_minor BIGINT NOT NULL,
    weighted_minor BIGINT NOT NULL,
    PRIMARY KEY (org_id, id)
);

CREATE TRIGGER opportunities_totals_insert AFTER INSERT ON opportunities
WHEN NEW.deleted_at IS NULL
BEGIN
    INSERT INTO opportunity_total_changes (org_id, id, pipeline_id, stage_id, owner_id, close_month, status, forecast_category, probability, deals, amount_base_minor, weighted_minor)
    VALUES (NEW.org_id, (SELECT IFNULL(MAX(id), 0) + 1 FROM opportunity_total_changes WHERE org_id = NEW.org_id), NEW.pipeline_id, NEW.stage_id, COALESCE(NEW.owner_id, X''), substr(NEW.close_date, 1, 7), NEW.status, COALESCE(NEW.forecast_category, ''), NEW.probability, 1, NEW.amount_base_minor, (NEW.amount_base_minor * NEW.probability / 100));
END;

CREATE TRIGGER opportunities_totals_delete AFTER DELETE ON opportunities
WHEN OLD.deleted_at IS NULL
BEGIN
    INSERT INTO opportunity_total_changes (org_id, id, pipeline_id, stage_id, owner_id, close_month, status, forecast_category, probability, deals, amount_base_minor, weighted_minor)
    VALUES (OLD.org_id, (SELECT IFNULL(MAX(id), 0) + 1 FROM opportunity_total_changes WHERE org_id = OLD.org_id), OLD.pipeline_id, OLD.stage_id, COALESCE(OLD.owner_id, X''), substr(OLD.close_date, 1, 7), OLD.status, COALESCE(OLD.forecast_category, ''), OLD.probability, -1, -OLD.amount_base_minor, -(OLD.amount_base_minor * OLD.probability / 100));
END;

-- Only writes that move a deal between sums or change its amount (not a rename).
CREATE TRIGGER opportunities_totals_update AFTER UPDATE ON opportunities
WHEN (OLD.deleted_at IS NULL) IS NOT (NEW.deleted_at IS NULL)
    OR OLD.pipeline_id IS NOT NEW.pipeline_id
    OR OLD.stage_id IS NOT NEW.stage_id
    OR OLD.owner_id IS NOT NEW.owner_id
    OR substr(OLD.close_date, 1, 7) IS NOT substr(NEW.close_date, 1, 7)
    OR OLD.status IS NOT NEW.status
    OR OLD.forecast_category IS NOT NEW.forecast_category
    OR OLD.probability IS NOT NEW.probability
    OR OLD.amount_base_minor IS NOT NEW.amount_base_minor
BEGIN
    INSERT INTO opportunity_total_changes (org_id, id, pipeline_id, stage_id, owner_id, close_month, status, forecast_category, probability, deals, amount_base_minor, weighted_minor)
    SELECT OLD.org_id, (SELECT IFNULL(MAX(id), 0) + 1 FROM opportunity_total_changes WHERE org_id = OLD.org_id), OLD.pipeline_id, OLD.stage_id, COALESCE(OLD.owner_id, X''), substr(OLD.close_date, 1, 7), OLD.status, COALESCE(OLD.forecast_category, ''), OLD.probability, -1, -OLD.amount_base_minor, -(OLD.amount_base_minor * OLD.probability / 100)
    WHERE OLD.deleted_at IS NULL;
    INSERT INTO opportunity_total_changes (org_id, id, pipeline_id, stage_id, owner_id, close_month, status, forecast_category, probability, deals, amount_base_minor, weighted_minor)
    SELECT NEW.org_id, (SELECT IFNULL(MAX(id), 0) + 1 FROM opportunity_total_changes WHERE org_id = NEW.org_id), NEW.pipeline_id, NEW.stage_id, COALESCE(NEW.owner_id, X''), substr(NEW.close_date, 1, 7), NEW.status, COALESCE(NEW.forecast_category, ''), NEW.probability, 1, NEW.amount_base_minor, (NEW.amount_base_minor * NEW.probability / 100)
    WHERE NEW.deleted_at IS NULL;
END;

INSERT INTO opportunity_totals (org_id, pipeline_id, stage_id, owner_id, close_month, status, forecast_category, probability, deals, amount_base_minor, weighted_minor)
SELECT org_id, pipeline_id, stage_id, COALESCE(owner_id, X''), substr(close_date, 1, 7),
       status, COALESCE(forecast_category, ''), probability, COUNT(*), SUM(amount_base_minor),
       SUM(amount_base_minor * probability / 100)
FROM opportunities WHERE deleted_at IS NULL
GROUP BY 1, 2, 3, 4, 5, 6, 7, 8;
