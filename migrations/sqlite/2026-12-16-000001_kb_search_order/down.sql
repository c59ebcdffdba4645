DROP INDEX kb_articles_fts_rowid;
