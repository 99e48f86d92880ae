-- The store: what the LiteDB file holds, one table per collection. Ids and the columns queries compare are kept
-- folded to lower case where LiteDB compares ignoring case (its collation), so both stores find the same rows.

-- Items: the document as the embedded store writes it (ItemDocument, JSON), and the columns the queries read.
CREATE TABLE items (
    id text PRIMARY KEY,            -- the key, folded
    key text NOT NULL,              -- the key as registered; pages are in its ordinal (byte) order
    project text NOT NULL,          -- folded
    owner text NOT NULL,            -- folded
    state text NOT NULL,
    open boolean NOT NULL,
    doc jsonb NOT NULL
);
CREATE INDEX items_by_key ON items (key COLLATE "C");
CREATE INDEX items_by_project ON items (project, key COLLATE "C");
CREATE INDEX items_open ON items (key COLLATE "C") WHERE open;

-- The audit trail: one chain. No two events share a predecessor, so the chain cannot fork whatever a writer does.
CREATE TABLE audit (
    seq bigint PRIMARY KEY,
    at timestamptz NOT NULL,
    actor text NOT NULL,
    platform text NOT NULL,
    action text NOT NULL,
    item text,
    slot text,
    answer text,
    comment text,
    source text NOT NULL,
    delivery_id text,
    prev_hash text NOT NULL UNIQUE,
    hash text NOT NULL
);
CREATE INDEX audit_by_item ON audit (lower(item));

-- Remembered results of platform delivery ids (retries answered with the first result).
CREATE TABLE deliveries (
    id text PRIMARY KEY,            -- the delivery id, folded
    doc jsonb NOT NULL
);

CREATE TABLE bypasses (
    id text PRIMARY KEY,            -- folded
    target text NOT NULL,           -- item key and infrastructure, folded
    doc jsonb NOT NULL
);
CREATE INDEX bypasses_by_target ON bypasses (target);

CREATE TABLE confirmations (
    id bigserial PRIMARY KEY,
    target text NOT NULL,           -- folded
    at timestamptz NOT NULL,
    doc jsonb NOT NULL
);
CREATE INDEX confirmations_by_target ON confirmations (target, at);

-- Notices (platform null) and the deliveries planned from them. A delivery is claimed by one host at a time: the
-- host's claim and how long it holds (a host that dies mid-send has its claims taken over when they run out).
CREATE TABLE outbox (
    id bigserial PRIMARY KEY,
    status text NOT NULL,
    notice text NOT NULL,
    created_at timestamptz NOT NULL,
    next_attempt_at timestamptz NOT NULL,
    attempts integer NOT NULL DEFAULT 0,
    done_platforms text[] NOT NULL DEFAULT '{}',
    last_error text,
    platform text,
    target text,
    lane text,
    kind text,
    item text,
    notice_id bigint,
    trace_parent text,              -- the trace context of the change that queued the notice
    claimed_by text,
    lease_until timestamptz
);
CREATE INDEX outbox_open ON outbox (next_attempt_at) WHERE status IN ('waiting', 'unreachable');
CREATE INDEX outbox_by_status ON outbox (status, id);
CREATE INDEX outbox_by_lane ON outbox (lane, id);

-- Who is chased when: the reminder job reads only what is due, through next_due_at.
CREATE TABLE reminders (
    id text PRIMARY KEY,            -- item|slot|person, folded
    scope text NOT NULL,            -- folded
    next_due_at timestamptz,
    doc jsonb NOT NULL
);
CREATE INDEX reminders_due ON reminders (next_due_at) WHERE next_due_at IS NOT NULL;
CREATE INDEX reminders_by_scope ON reminders (scope);

-- The adapters' own records (conversation references, card copies, people, thread roots, playground lines): each set
-- by name, each record a document with its id; seq is the order they were added. Lookups by a field get an index of
-- their own when the set is opened (PostgresPlatformRecords).
CREATE TABLE platform_records (
    set_name text NOT NULL,
    id text NOT NULL,               -- folded
    seq bigserial NOT NULL,
    doc jsonb NOT NULL,
    PRIMARY KEY (set_name, id)
);
CREATE INDEX platform_records_in_order ON platform_records (set_name, seq);
