-- One active registration per e-mail address and event: the group
-- committer looks for one before it saves a new registration, inside the
-- same write transaction.  The lookup compares lower(email) on both sides
-- (the same function of the same engine), and this index keeps it one
-- probe however many have registered.
CREATE INDEX registration_email ON registration(event_id, lower(email));
