-- What an entitlement covers: products and assets (JSON arrays of ids, as its channels).
-- Empty both: anything, as before.
ALTER TABLE entitlements ADD COLUMN product_ids TEXT NOT NULL DEFAULT '[]';
ALTER TABLE entitlements ADD COLUMN asset_ids TEXT NOT NULL DEFAULT '[]';
