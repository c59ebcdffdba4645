-- The sums that pipeline boards and forecasts read, so that they add up a few hundred rows
-- instead of every live deal. One row per pipeline, stage, owner, close month, status,
-- forecast category override and probability: how many live deals, their base amounts and
-- their weighted amounts (each deal's truncated, as the board shows it). No owner and no
-- override are stored as '' (so they can be part of the key).
--
-- Triggers on `opportunities` append what each write changes to `opportunity_total_changes`
-- (minus the deal's old row, plus its new one) in the writer's own transaction: appends
-- never wait for each other, where updating the sums in place would make writers of the same
-- stage queue on one row and deadlock when two moves cross. A reader adds both tables; the
-- server folds changes into the sums every few seconds (`db::opportunities::totals`).
-- On Citus the triggers need `citus.enable_unsafe_triggers`: both tables are distributed by
-- `org_id` with `opportunities`, so a trigger only writes its own shard group.
CREATE TABLE opportunity_totals (
    org_id BYTEA NOT NULL,
    pipeline_id BYTEA NOT NULL,
    stage_id BYTEA NOT NULL,
    owner_id BYTEA NOT NULL,
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

CREATE TABLE opportunity_total_changes (
    org_id BYTEA NOT NULL,
    id BIGINT GENERATED ALWAYS AS IDENTITY,
    pipeline_id BYTEA NOT NULL,
    stage_id BYTEA NOT NULL,
    owner_id BYTEA NOT NULL,
    close_month TEXT NOT NULL,
    status TEXT NOT NULL,
    forecast_category TEXT NOT NULL,
    probability INTEGER NOT NULL,
    deals BIGINT NOT NULL,
    amount_base_minor BIGINT NOT NULL,
    weighted_minor BIGINT NOT NULL,
    PRIMARY KEY (org_id, id)
);

CREATE FUNCTION opportunity_totals_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP <> 'INSERT' AND OLD.deleted_at IS NULL THEN
        INSERT INTO opportunity_total_changes (org_id, pipeline_id, stage_id, owner_id, close_month,
            status, forecast_category, probability, deals, amount_base_minor, weighted_minor)
        VALUES (OLD.org_id, OLD.pipeline_id, OLD.stage_id, COALESCE(OLD.owner_id, '\x'::bytea),
            substr(OLD.close_date, 1, 7), OLD.status, COALESCE(OLD.forecast_category, ''),
            OLD.probability, -1, -OLD.amount_base_minor,
            -(OLD.amount_base_minor * OLD.probability / 100));
    END IF;
    IF TG_OP <> 'DELETE' AND NEW.deleted_at IS NULL THEN
        INSERT INTO opportunity_total_changes (org_id, pipeline_id, stage_id, owner_id, close_month,
            status, forecast_category, probability, deals, amount_base_minor, weighted_minor)
        VALUES (NEW.org_id, NEW.pipeline_id, NEW.stage_id, COALESCE(NEW.owner_id, '\x'::bytea),
            substr(NEW.close_date, 1, 7), NEW.status, COALESCE(NEW.forecast_category, ''),
            NEW.probability, 1, NEW.amount_base_minor,
            NEW.amount_base_minor * NEW.probability / 100);
    END IF;
    RETURN NULL;
END;
$$;

CREATE TRIGGER opportunities_totals_insert_delete AFTER INSERT OR DELETE ON opportunities
    FOR EACH ROW EXECUTE FUNCTION opportunity_totals_change();
-- Only writes that move a deal between sums or change its amount (not a rename).
CREATE TRIGGER opportunities_totals_update AFTER UPDATE ON opportunities
    FOR EACH ROW
    WHEN ((OLD.deleted_at IS NULL, OLD.pipeline_id, OLD.stage_id, OLD.owner_id,
           substr(OLD.close_date, 1, 7), OLD.status, OLD.forecast_category, OLD.probability,
           OLD.amount_base_minor)
          IS DISTINCT FROM
          (NEW.deleted_at IS NULL, NEW.pipeline_id, NEW.stage_id, NEW.owner_id,
           substr(NEW.close_date, 1, 7), NEW.status, NEW.forecast_category, NEW.probability,
           NEW.amount_base_minor))
    EXECUTE FUNCTION opportunity_totals_change();

INSERT INTO opportunity_totals
SELECT org_id, pipeline_id, stage_id, COALESCE(owner_id, '\x'::bytea), substr(close_date, 1, 7),
       status, COALESCE(forecast_category, ''), probability, COUNT(*), SUM(amount_base_minor),
       SUM(amount_base_minor * probability / 100)
FROM opportunities WHERE deleted_at IS NULL
GROUP BY 1, 2, 3, 4, 5, 6, 7, 8;
