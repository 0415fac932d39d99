-- The events feed and the reply deadlines live on the message row (ADR 0041): a message is written at most three
-- times over its life (stored, fetched, acknowledged; for a push: stored, claimed, delivered). Each feed event is a
-- sequence number in its own column, drawn from the sequence that numbered message_event rows, so cursors handed
-- out before this migration stay valid; the time it was recorded (database time) holds young events back.
ALTER TABLE message ADD COLUMN accepted_seq  bigint      NULL;
ALTER TABLE message ADD COLUMN delivered_seq bigint      NULL;  -- mailbox only: delivered when stored
ALTER TABLE message ADD COLUMN fetched_seq   bigint      NULL;
ALTER TABLE message ADD COLUMN closed_seq    bigint      NULL;  -- acknowledged, expired, failed, or pushed (delivered)
ALTER TABLE message ADD COLUMN stored_at     timestamptz NULL;  -- when routing stored it (database time)
ALTER TABLE message ADD COLUMN closed_at     timestamptz NULL;  -- when closed_seq was drawn (database time)
-- reply deadline of a request whose type has a reply period; answered = an answer from its recipient exists
ALTER TABLE message ADD COLUMN remind_at     timestamptz NULL;
ALTER TABLE message ADD COLUMN due_at        timestamptz NULL;
ALTER TABLE message ADD COLUMN reminded_at   timestamptz NULL;
ALTER TABLE message ADD COLUMN reminded_seq  bigint      NULL;
ALTER TABLE message ADD COLUMN overdue_at    timestamptz NULL;
ALTER TABLE message ADD COLUMN overdue_seq   bigint      NULL;

ALTER SEQUENCE message_event_seq_seq OWNED BY NONE;
ALTER SEQUENCE message_event_seq_seq RENAME TO message_feed_seq;

UPDATE message m SET accepted_seq = e.seq FROM message_event e
    WHERE e.message_id = m.id AND e.participant = m.sender AND e.kind = 'accepted';
UPDATE message m SET delivered_seq = e.seq FROM message_event e
    WHERE e.message_id = m.id AND e.participant = m.sender AND e.kind = 'delivered' AND m.delivery_mode = 'mailbox';
UPDATE message m SET fetched_seq = e.seq FROM message_event e
    WHERE e.message_id = m.id AND e.participant = m.sender AND e.kind = 'fetched';
UPDATE message m SET closed_seq = e.seq FROM message_event e
    WHERE e.message_id = m.id AND e.participant = m.sender
      AND (e.kind IN ('acknowledged', 'expired', 'failed')
           OR (e.kind = 'delivered' AND m.delivery_mode = 'webhook'));
UPDATE message SET stored_at = coalesce(delivered_at, submitted_at),
    closed_at = coalesce(acknowledged_at, expired_at, failed_at, CASE WHEN delivery_mode = 'webhook' THEN delivered_at END);
UPDATE message m SET remind_at = d.remind_at, due_at = d.due_at, reminded_at = d.reminded_at, overdue_at = d.overdue_at
    FROM reply_deadline d WHERE d.request_id = m.id;
UPDATE message m SET reminded_seq = e.seq FROM message_event e
    WHERE e.message_id = m.id AND e.participant = m.recipient AND e.kind = 'reply-reminder';
UPDATE message m SET overdue_seq = e.seq FROM message_event e
    WHERE e.message_id = m.id AND e.participant = m.sender AND e.kind = 'reply-overdue';

DROP TABLE message_event;
DROP TABLE reply_deadline;

ALTER TABLE message ALTER COLUMN stored_at SET DEFAULT clock_timestamp();
ALTER TABLE message ALTER COLUMN stored_at SET NOT NULL;

-- the feed of a participant: one index per event column, each only over the rows that have that event
CREATE INDEX message_feed_accepted_idx ON message (sender, accepted_seq) WHERE accepted_seq IS NOT NULL;
CREATE INDEX message_feed_delivered_idx ON message (sender, delivered_seq) WHERE delivered_seq IS NOT NULL;
CREATE INDEX message_feed_fetched_idx ON message (sender, fetched_seq) WHERE fetched_seq IS NOT NULL;
CREATE INDEX message_feed_closed_idx ON message (sender, closed_seq) WHERE closed_seq IS NOT NULL;
CREATE INDEX message_feed_reminded_idx ON message (recipient, reminded_seq) WHERE reminded_seq IS NOT NULL;
CREATE INDEX message_feed_overdue_sender_idx ON message (sender, overdue_seq) WHERE overdue_seq IS NOT NULL;
CREATE INDEX message_feed_overdue_recipient_idx ON message (recipient, overdue_seq) WHERE overdue_seq IS NOT NULL;
-- open reply deadlines, and the answers that close them
CREATE INDEX message_deadline_open_idx ON message (remind_at) WHERE due_at IS NOT NULL AND overdue_at IS NULL;
CREATE INDEX message_in_reply_to_idx ON message (in_reply_to) WHERE in_reply_to IS NOT NULL;
