-- Push delivery, expiry, failure and the event feed (issue 5).
ALTER TABLE message DROP CONSTRAINT message_status_check;
ALTER TABLE message DROP CONSTRAINT message_payload_gone_check;
ALTER TABLE message ALTER COLUMN delivered_at DROP NOT NULL;
-- mailbox: the recipient pulls; webhook: the hub pushes to webhook_url (status accepted until a receiver's 2xx)
ALTER TABLE message ADD COLUMN delivery_mode   varchar(8)  NOT NULL DEFAULT 'mailbox';
ALTER TABLE message ADD COLUMN webhook_url     text        NULL;
ALTER TABLE message ADD COLUMN push_attempts   integer     NOT NULL DEFAULT 0;
ALTER TABLE message ADD COLUMN next_attempt_at timestamptz NULL;
ALTER TABLE message ADD COLUMN last_push_status integer    NULL;
ALTER TABLE message ADD COLUMN expired_at      timestamptz NULL;
ALTER TABLE message ADD COLUMN failed_at       timestamptz NULL;
ALTER TABLE message ADD CONSTRAINT message_status_check
    CHECK (status IN ('accepted', 'delivered', 'fetched', 'acknowledged', 'expired', 'failed'));
ALTER TABLE message ADD CONSTRAINT message_payload_gone_check
    CHECK (status IN ('accepted', 'delivered', 'fetched') OR payload IS NULL);
ALTER TABLE message ADD CONSTRAINT message_delivery_mode_check CHECK (delivery_mode IN ('mailbox', 'webhook'));

DROP INDEX message_expiry_idx;
CREATE INDEX message_expiry_idx ON message (expires_at) WHERE status IN ('accepted', 'delivered', 'fetched');
-- pushes due: webhook messages not yet delivered
CREATE INDEX message_push_idx ON message (next_attempt_at) WHERE status = 'accepted';

-- Every status change and deadline event, per participant who sees it; seq is the feed cursor.
CREATE TABLE message_event (
    seq         bigserial   PRIMARY KEY,
    participant uuid        NOT NULL,
    message_id  uuid        NOT NULL,
    kind        varchar(24) NOT NULL,
    sender      uuid        NOT NULL,
    recipient   uuid        NOT NULL,
    module      text        NOT NULL,
    type        text        NOT NULL,
    at          timestamptz NOT NULL,
    recorded_at timestamptz NOT NULL DEFAULT clock_timestamp(),
    CONSTRAINT message_event_once UNIQUE (participant, message_id, kind)
);
CREATE INDEX message_event_feed_idx ON message_event (participant, seq);

-- Open requests and their reply deadlines (metadata only).
CREATE TABLE reply_deadline (
    request_id  uuid        PRIMARY KEY,
    requester   uuid        NOT NULL,
    responder   uuid        NOT NULL,
    module      text        NOT NULL,
    type        text        NOT NULL,
    remind_at   timestamptz NOT NULL,
    due_at      timestamptz NOT NULL,
    reminded_at timestamptz NULL,
    overdue_at  timestamptz NULL,
    answered_at timestamptz NULL
);
CREATE INDEX reply_deadline_open_idx ON reply_deadline (remind_at) WHERE answered_at IS NULL AND overdue_at IS NULL;

-- Idempotency-Key of submissions, per sender: digest of the body and the first result (expires after 24 h).
CREATE TABLE idempotency_key (
    sender      uuid        NOT NULL,
    key         text        NOT NULL,
    body_digest text        NOT NULL,
    result      text        NULL,
    created_at  timestamptz NOT NULL,
    PRIMARY KEY (sender, key)
);
CREATE INDEX idempotency_key_created_idx ON idempotency_key (created_at);
