-- A management token is looked up by its hash when it authenticates a request.
create index subscription_token_hash on subscription (token_hash);
