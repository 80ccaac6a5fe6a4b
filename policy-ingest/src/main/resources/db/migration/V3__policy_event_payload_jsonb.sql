-- A recorded event is JSON: stored as such, so that the event filters read it without a cast per row.
alter table policy_event alter column payload type jsonb using payload::jsonb;
