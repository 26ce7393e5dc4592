-- A news post's body kept as HTML beside its Markdown (issue 13): the
-- feeds and the post's page showed each body by running cmark on every
-- request, a quarter of a feed's time.  news_store_save() writes both;
-- body_html is what news_body_html() made of the body, and html_renderer
-- says which renderer made it (news_body_renderer(): cmark's version and
-- our own rules).  0 means not made yet, as for the rows below and for
-- those a script inserts: the server's job "news-html" makes them before
-- it answers anyone, and makes them again after an upgrade of cmark or of
-- the rules.  A reader that meets a row made by another renderer renders
-- the Markdown itself, so a page is never wrong in between.
ALTER TABLE news_version ADD COLUMN body_html TEXT NOT NULL DEFAULT '';
ALTER TABLE news_version ADD COLUMN html_renderer INTEGER NOT NULL DEFAULT 0;
CREATE INDEX news_version_renderer ON news_version(html_renderer);
