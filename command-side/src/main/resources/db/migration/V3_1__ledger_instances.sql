-- The command side's live instances, each refreshing its row every few seconds: the number of rows seen lately
-- is the number of instances that share the delivery and publishing segments (see SegmentBalancer).
CREATE TABLE ledger_instances (
    instance VARCHAR(255) PRIMARY KEY,
    seen_at  TIMESTAMP WITH TIME ZONE NOT NULL
);
