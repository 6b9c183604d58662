-- Raise and resolve events of alerts, written in the transaction that stores the change and sent to
-- ops.alerts until the broker acknowledges them: a broker outage or a crash delays an alert event, never loses it.
CREATE TABLE alert_event (
    event_id     UUID        PRIMARY KEY,
    alert_id     UUID        NOT NULL REFERENCES alert (alert_id),
    subject      TEXT        NOT NULL,
    payload      TEXT        NOT NULL,
    created_at   TIMESTAMPTZ NOT NULL,
    published_at TIMESTAMPTZ
);
CREATE INDEX alert_event_unpublished ON alert_event (created_at) WHERE published_at IS NULL;
