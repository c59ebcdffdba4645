DROP TABLE kb_article_votes;
DROP TABLE kb_article_versions;
DROP TABLE kb_article_tags;
DROP TABLE kb_articles_fts;
DROP TABLE kb_articles;
DROP TABLE kb_categories;
