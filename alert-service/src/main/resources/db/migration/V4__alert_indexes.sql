-- The delivery log pages a subscription's alerts newest first: (created_at, id) is its keyset.
create index alert_log on alert (subscription_id, created_at desc, id desc);

-- The delivery worker takes the due alerts of each subscription: the backlog of one receiver is never
-- scanned to find another's.
create index alert_pending_by_subscription on alert (subscription_id, next_attempt_at) where status = 'PENDING';
