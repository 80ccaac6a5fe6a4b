#!/bin/bash
# Creates TariffWatch's topics if missing. policy.events is kept forever: the rate engine can rebuild from it.
set -euo pipefail
bootstrap="${KAFKA_BOOTSTRAP_SERVERS:-kafka:9092}"
create() { # name partitions retention.ms
  /opt/kafka/bin/kafka-topics.sh --bootstrap-server "$bootstrap" --create --if-not-exists \
    --topic "$1" --partitions "$2" --replication-factor 1 --config "retention.ms=$3"
}
create policy.events.inbound 6 604800000
create policy.events 6 -1
create policy.events.rejected 1 2592000000
create tariff.rate-changes 6 2592000000
create tariff.notices 3 2592000000
create policy.documents 1 2592000000
# dead letters: <topic>.dlq.<consuming service>, records that consumer can never process
create policy.events.dlq.rate-engine 1 2592000000
create tariff.rate-changes.dlq.alert-service 1 2592000000
create tariff.notices.dlq.alert-service 1 2592000000
create policy.events.dlq.alert-service 1 2592000000
create policy.documents.dlq.alert-service 1 2592000000
/opt/kafka/bin/kafka-topics.sh --bootstrap-server "$bootstrap" --list
