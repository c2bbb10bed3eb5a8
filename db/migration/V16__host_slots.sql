-- Replica host budgets shared by every node: a read of a shard holds one of its host's
-- max-concurrent-per-host slots, as a row here. The primary key (host_key, slot_no) is the whole
-- mutual exclusion: taking a free slot is an INSERT that only one node can win, taking a slot
-- whose holder died is a conditional UPDATE on an expired lease_until. The holder's heartbeat
-- renews lease_until together with its runs' leases (same statement batch, same lease length),
-- so a node killed mid-read frees its slots one lease later. Backfill chunks take slots only from
-- the lower half of the numbers, scheduled runs from the top down: the lane shares of one node
-- hold across the cluster. host_key is the shard's host:port (or a digest of a longer URL).
CREATE TABLE host_slot (
    host_key         VARCHAR(255)  NOT NULL,
    slot_no          INT           NOT NULL,
    holder           VARCHAR(128)  NOT NULL,
    run_id           VARCHAR(40)   NOT NULL,
    pipeline         VARCHAR(128)  NOT NULL,
    shard            VARCHAR(64)   NOT NULL,
    lane             VARCHAR(16)   NOT NULL,
    acquired_at      BIGINT        NOT NULL,
    lease_until      BIGINT        NOT NULL,
    CONSTRAINT host_slot_pk PRIMARY KEY (host_key, slot_no)
);
CREATE INDEX host_slot_holder ON host_slot (holder, run_id);
