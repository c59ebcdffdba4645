DROP INDEX tickets_by_asset;
ALTER TABLE tickets DROP COLUMN asset_id;
DROP TABLE asset_history;
DROP TABLE assets;
