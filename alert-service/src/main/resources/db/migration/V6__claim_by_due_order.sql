-- The delivery worker claims due alerts in two index scans as long as the claim: due retries (this index,
-- so a backlog of first attempts never hides one), then first attempts (alert_due). The per-subscription
-- index served the former claim, which probed every subscription on each claim.
create index alert_due_retries on alert (next_attempt_at) where status = 'PENDING' and attempts > 0;
drop index alert_pending_by_subscription;
