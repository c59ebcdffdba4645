-- The categories a partner's portal offers a customer opening a ticket (a JSON array of
-- tags); none: the form asks for no category.
ALTER TABLE partners ADD COLUMN ticket_categories TEXT NOT NULL DEFAULT '[]';
