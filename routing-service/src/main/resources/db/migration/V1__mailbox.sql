-- The mailbox: one row per delivered message. Metadata is kept after acknowledgement; the payload (the JWE to
-- the recipient, never plaintext) is set to NULL at acknowledgement or expiry.
CREATE TABLE message (
    id              uuid        PRIMARY KEY,
    conversation_id uuid        NOT NULL,
    in_reply_to     uuid        NULL,
    module          text        NOT NULL,
    type            text        NOT NULL,
    sender          uuid        NOT NULL,
    recipient       uuid        NOT NULL,
    payload         text        NULL,
    status          varchar(16) NOT NULL,
    submitted_at    timestamptz NOT NULL,
    delivered_at    timestamptz NOT NULL,
    fetched_at      timestamptz NULL,
    acknowledged_at timestamptz NULL,
    expires_at      timestamptz NOT NULL,
    CONSTRAINT message_status_check CHECK (status IN ('delivered', 'fetched', 'acknowledged', 'expired')),
    CONSTRAINT message_payload_gone_check CHECK (status IN ('delivered', 'fetched') OR payload IS NULL)
);

-- Mailbox listing: waiting messages of one recipient in delivery order, cursor (delivered_at, id).
-- Partial, so acknowledged and expired rows (kept as metadata) do not grow the hot index.
CREATE INDEX message_mailbox_idx ON message (recipient, delivered_at, id)
    WHERE status IN ('delivered', 'fetched');

-- The expiry job (later) looks for waiting messages whose retention has ended.
CREATE INDEX message_expiry_idx ON message (expires_at)
    WHERE status IN ('delivered', 'fetched');

-- Conversation lookups (question-and-answer protocol, conversation views).
CREATE INDEX message_conversation_idx ON message (conversation_id);
