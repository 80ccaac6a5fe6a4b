-- The delivery log pages a subscription's alerts newest first: (created_at, id) is its keyset.
create index alert_log on alert (subscription_id, created_at desc, id desc);
