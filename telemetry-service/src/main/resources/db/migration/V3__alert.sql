-- Alerts raised by the live evaluation of the alert table; open ones survive a restart.
CREATE TABLE alert (
    alert_id     UUID        PRIMARY KEY,
    rule         TEXT        NOT NULL,
    subject      TEXT        NOT NULL,
    metric       TEXT        NOT NULL,
    severity     TEXT        NOT NULL,
    observed     NUMERIC,
    threshold    NUMERIC     NOT NULL,
    unit         TEXT        NOT NULL,
    action       TEXT        NOT NULL,
    message      TEXT        NOT NULL,
    raised_at    TIMESTAMPTZ NOT NULL,
    updated_at   TIMESTAMPTZ NOT NULL,
    resolved_at  TIMESTAMPTZ
);
-- One open alert per rule and subject.
CREATE UNIQUE INDEX alert_open_rule_subject ON alert (rule, subject) WHERE resolved_at IS NULL;
CREATE INDEX alert_resolved_at ON alert (resolved_at DESC) WHERE resolved_at IS NOT NULL;
