-- Deleting a service point's periods (the edit form saves them anew)
-- cascades to their weekly hours: without an index on period_id each
-- period deleted reads every point's hours.
CREATE INDEX service_point_hours_period ON service_point_hours(period_id);
-- The privacy provider finds a person's address among the points'
-- contact addresses (export, erasure) by lower(email).
CREATE INDEX service_point_email ON service_point(lower(email));
