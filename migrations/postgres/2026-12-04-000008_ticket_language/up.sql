-- The language a customer writes in, which skills routing matches with agents' skills.
ALTER TABLE tickets ADD COLUMN language TEXT;
