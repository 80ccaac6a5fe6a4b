-- An alert's data is JSON: stored as such, so that it is checked on the way in and can be queried.
alter table alert alter column payload type jsonb using payload::jsonb;
