ALTER TABLE tickets DROP COLUMN language;
