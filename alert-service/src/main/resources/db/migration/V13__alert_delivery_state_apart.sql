-- An alert's delivery state (status, attempts, when due, its lease, the outcome) in a narrow table of its own, the
-- alert itself (subscription, source, type, payload) left unchanged once written. A lease and an outcome each rewrite
-- the row they change: an alert's row of ~1.6 KB with its three keys (primary, subscription and source, the log's)
-- had been rewritten twice per delivery, now a row of ~100 bytes with its primary key (and the due index while due).
-- Measured on 30,000 alerts delivered in claims of 256 (PostgreSQL alone, the service's statements): 2.9-5.0 s and
-- 137 MB of WAL before, 1.5-1.9 s and 33 MB after; inserting them 0.7-0.9 s before, 1.1 s after (two rows each).
create table alert_delivery (
    alert_id          uuid          primary key references alert (id) on delete cascade,
    by_email          boolean       not null,
    status            varchar(16)   not null,
    attempts          int           not null default 0,
    next_attempt_at   timestamptz   not null,
    delivered_at      timestamptz,
    last_error        varchar(1000),
    lease_id          uuid
);
insert into alert_delivery (alert_id, by_email, status, attempts, next_attempt_at, delivered_at, last_error, lease_id)
select id, by_email, status, attempts, next_attempt_at, delivered_at, last_error, lease_id from alert;

drop index alert_due;
drop index alert_due_retries;
alter table alert drop column by_email, drop column status, drop column attempts, drop column next_attempt_at,
    drop column delivered_at, drop column last_error, drop column lease_id;
create index alert_due on alert_delivery (by_email, next_attempt_at) where status = 'PENDING';
create index alert_due_retries on alert_delivery (by_email, next_attempt_at) where status = 'PENDING' and attempts > 0;

-- An attempt belongs to the delivery state its outcome changed: recording it checks the row the recorder holds
-- already (referencing the alert, that check waited for a deletion of the alert's subscription, which in turn waited
-- for the recorder's lock on the delivery state: a deadlock).
alter table delivery_attempt drop constraint delivery_attempt_alert_id_fkey;
alter table delivery_attempt add constraint delivery_attempt_alert_id_fkey
    foreign key (alert_id) references alert_delivery (alert_id) on delete cascade;
