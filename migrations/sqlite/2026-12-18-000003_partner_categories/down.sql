ALTER TABLE partners DROP COLUMN ticket_categories;
