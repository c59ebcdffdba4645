ALTER TABLE entitlements DROP COLUMN asset_ids;
ALTER TABLE entitlements DROP COLUMN product_ids;
