-- The lease a delivery instance holds on an alert while it is in flight. An outcome is recorded only by
-- the holder of the current lease, so an instance whose lease ran out cannot overwrite a newer attempt.
alter table alert add column lease_id uuid;
