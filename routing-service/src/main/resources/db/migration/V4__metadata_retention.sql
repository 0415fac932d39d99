-- Metadata retention (ADR 0044): the expiry job deletes rows whose message's life ended (closed_at, database time)
-- longer than knooppunt.retention.metadata ago, oldest first, in batches; this index finds them without a scan.
CREATE INDEX message_closed_idx ON message (closed_at) WHERE closed_at IS NOT NULL;
