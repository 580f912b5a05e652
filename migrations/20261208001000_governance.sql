-- Governance (src/governance): members and their shares, colleges, general assemblies with
-- secret college-weighted votes, the decisions register and the audit log.

-- What the cooperative sets. One row per cooperative, created with the defaults when first
-- read. `next_member_number` hands out member numbers without gaps (taken by an UPDATE in the
-- approving transaction).
CREATE TABLE governance_settings (
    coop_id                  bigint PRIMARY KEY REFERENCES coops (id),
    share_value_cents        bigint NOT NULL DEFAULT 2000 CHECK (share_value_cents BETWEEN 100 AND 1000000),
    notice_days              int NOT NULL DEFAULT 15 CHECK (notice_days BETWEEN 0 AND 90),
    max_proxies              int NOT NULL DEFAULT 2 CHECK (max_proxies BETWEEN 0 AND 10),
    ordinary_quorum_num      int NOT NULL DEFAULT 1,
    ordinary_quorum_den      int NOT NULL DEFAULT 4,
    ordinary_majority        text NOT NULL DEFAULT 'simple' CHECK (ordinary_majority IN ('simple', 'two_thirds')),
    extraordinary_quorum_num int NOT NULL DEFAULT 1,
    extraordinary_quorum_den int NOT NULL DEFAULT 3,
    extraordinary_majority   text NOT NULL DEFAULT 'two_thirds' CHECK (extraordinary_majority IN ('simple', 'two_thirds')),
    refund_rule              text NOT NULL DEFAULT '' CHECK (length(refund_rule) <= 500),
    next_member_number       int NOT NULL DEFAULT 1,
    CHECK (ordinary_quorum_den BETWEEN 1 AND 100 AND ordinary_quorum_num BETWEEN 0 AND ordinary_quorum_den),
    CHECK (extraordinary_quorum_den BETWEEN 1 AND 100 AND extraordinary_quorum_num BETWEEN 0 AND extraordinary_quorum_den)
);

CREATE TABLE colleges (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    coop_id    bigint NOT NULL REFERENCES coops (id),
    name       text NOT NULL CHECK (length(name) BETWEEN 1 AND 80),
    weight_bp  int NOT NULL CHECK (weight_bp BETWEEN 0 AND 10000),
    position   int NOT NULL,
    UNIQUE (coop_id, name)
);

-- Per category of member: the college it votes in and the minimum number of shares.
CREATE TABLE member_categories (
    coop_id     bigint NOT NULL REFERENCES coops (id),
    category    text NOT NULL CHECK (category IN ('producer', 'shopkeeper', 'resident', 'worker', 'association', 'local_authority', 'company')),
    college_id  bigint NOT NULL REFERENCES colleges (id),
    min_shares  int NOT NULL DEFAULT 1 CHECK (min_shares BETWEEN 1 AND 10000),
    PRIMARY KEY (coop_id, category)
);

CREATE TABLE members (
    id                  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    coop_id             bigint NOT NULL REFERENCES coops (id),
    user_id             bigint NOT NULL REFERENCES users (id),
    number              int,
    category            text NOT NULL CHECK (category IN ('producer', 'shopkeeper', 'resident', 'worker', 'association', 'local_authority', 'company')),
    name                text NOT NULL CHECK (length(name) BETWEEN 1 AND 120),
    registration        text NOT NULL DEFAULT '' CHECK (length(registration) <= 20),
    representative      text NOT NULL DEFAULT '' CHECK (length(representative) <= 120),
    address             text NOT NULL CHECK (length(address) BETWEEN 1 AND 300),
    status              text NOT NULL CHECK (status IN ('applied', 'refused', 'active', 'leaving', 'left')),
    payment             text NOT NULL CHECK (payment IN ('transfer', 'cheque')),
    shares_applied      int NOT NULL CHECK (shares_applied BETWEEN 1 AND 10000),
    applied_at          timestamptz NOT NULL,
    decided_at          timestamptz,
    decided_by          bigint REFERENCES users (id),
    refusal_reason      text NOT NULL DEFAULT '' CHECK (length(refusal_reason) <= 500),
    leave_requested_at  timestamptz,
    left_at             timestamptz,
    UNIQUE (coop_id, number)
);
-- One application or membership at a time per account and cooperative.
CREATE UNIQUE INDEX members_one_current ON members (coop_id, user_id) WHERE status IN ('applied', 'active', 'leaving');
CREATE INDEX members_register ON members (coop_id, number) WHERE number IS NOT NULL;
CREATE INDEX members_status ON members (coop_id, status);

-- The share register's ledger. Never updated nor deleted: a correction is a new movement.
CREATE TABLE share_movements (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    coop_id      bigint NOT NULL REFERENCES coops (id),
    member_id    bigint NOT NULL REFERENCES members (id),
    kind         text NOT NULL CHECK (kind IN ('subscribed', 'paid', 'transferred_in', 'transferred_out', 'refunded')),
    shares       int NOT NULL CHECK (shares >= 0),
    cents        bigint NOT NULL CHECK (cents >= 0),
    reference    text NOT NULL CHECK (length(reference) BETWEEN 1 AND 120),
    occurred_on  date NOT NULL,
    recorded_at  timestamptz NOT NULL,
    recorded_by  bigint REFERENCES users (id)
);
CREATE INDEX share_movements_member ON share_movements (member_id, id);

CREATE TABLE assemblies (
    id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    coop_id          bigint NOT NULL REFERENCES coops (id),
    kind             text NOT NULL CHECK (kind IN ('ordinary', 'extraordinary')),
    title            text NOT NULL CHECK (length(title) BETWEEN 1 AND 160),
    status           text NOT NULL CHECK (status IN ('convened', 'open', 'closed')),
    opens_at         timestamptz NOT NULL,
    closes_at        timestamptz NOT NULL CHECK (closes_at > opens_at),
    quorum_num       int NOT NULL,
    quorum_den       int NOT NULL,
    majority         text NOT NULL CHECK (majority IN ('simple', 'two_thirds')),
    -- Counted when the window opens (the electorate) and when it closes (who took part).
    electorate       int,
    took_part        int,
    convened_at      timestamptz NOT NULL,
    convened_by      bigint REFERENCES users (id),
    reminder_sent_at timestamptz,
    CHECK (quorum_den BETWEEN 1 AND 100 AND quorum_num BETWEEN 0 AND quorum_den)
);
CREATE INDEX assemblies_clock ON assemblies (status, opens_at, closes_at);

CREATE TABLE proposals (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    assembly_id  bigint NOT NULL REFERENCES assemblies (id),
    position     int NOT NULL,
    title        text NOT NULL CHECK (length(title) BETWEEN 1 AND 160),
    body         text NOT NULL CHECK (length(body) BETWEEN 1 AND 4000),
    kind         text NOT NULL CHECK (kind IN ('motion', 'choice')),
    options      text[] NOT NULL,
    UNIQUE (assembly_id, position)
);

-- The colleges and their weights as they were when the window opened: a later change of
-- weights does not change a past result.
CREATE TABLE assembly_colleges (
    assembly_id  bigint NOT NULL REFERENCES assemblies (id),
    college_id   bigint NOT NULL REFERENCES colleges (id),
    name         text NOT NULL,
    weight_bp    int NOT NULL,
    position     int NOT NULL,
    PRIMARY KEY (assembly_id, college_id)
);

-- Who may vote, in which college: the members entitled to vote when the window opened.
CREATE TABLE electorate (
    assembly_id  bigint NOT NULL REFERENCES assemblies (id),
    member_id    bigint NOT NULL REFERENCES members (id),
    college_id   bigint NOT NULL,
    PRIMARY KEY (assembly_id, member_id)
);

CREATE TABLE proxies (
    assembly_id  bigint NOT NULL REFERENCES assemblies (id),
    giver_id     bigint NOT NULL REFERENCES members (id),
    holder_id    bigint NOT NULL REFERENCES members (id),
    PRIMARY KEY (assembly_id, giver_id),
    CHECK (giver_id <> holder_id)
);
CREATE INDEX proxies_holder ON proxies (assembly_id, holder_id);

-- Who has voted: prevents a second vote and counts the quorum. Nothing here says how.
CREATE TABLE voters (
    assembly_id  bigint NOT NULL REFERENCES assemblies (id),
    member_id    bigint NOT NULL REFERENCES members (id),
    PRIMARY KEY (assembly_id, member_id)
);

-- The ballots, apart from the voters: no member, no id, no time; only the college (for the
-- weighting) and the choice (NULL: abstention). Read only as counts.
CREATE TABLE ballots (
    proposal_id  bigint NOT NULL REFERENCES proposals (id),
    college_id   bigint NOT NULL,
    choice       smallint CHECK (choice BETWEEN 0 AND 9)
);
CREATE INDEX ballots_proposal ON ballots (proposal_id);

-- The counts per proposal, college and choice, written when the window closes.
CREATE TABLE proposal_counts (
    proposal_id  bigint NOT NULL REFERENCES proposals (id),
    college_id   bigint NOT NULL,
    choice       smallint,
    votes        int NOT NULL
);
CREATE UNIQUE INDEX proposal_counts_one ON proposal_counts (proposal_id, college_id, coalesce(choice, -1));

-- The decisions register (registre des délibérations): one entry per proposal voted, numbered
-- without gaps per cooperative.
CREATE TABLE decisions (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    coop_id      bigint NOT NULL REFERENCES coops (id),
    number       int NOT NULL,
    assembly_id  bigint NOT NULL REFERENCES assemblies (id),
    proposal_id  bigint NOT NULL UNIQUE REFERENCES proposals (id),
    adopted      boolean NOT NULL,
    winner       smallint,
    decided_at   timestamptz NOT NULL,
    -- Set when the decision was used to change the colleges' weights (once).
    applied_to_colleges_at timestamptz,
    UNIQUE (coop_id, number)
);

-- The audit log: append-only. The database refuses to change or delete an entry.
CREATE TABLE audit_log (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    coop_id        bigint NOT NULL,
    at             timestamptz NOT NULL,
    actor_user_id  bigint,
    action         text NOT NULL CHECK (length(action) BETWEEN 1 AND 60),
    subject        text NOT NULL CHECK (length(subject) <= 200),
    before         jsonb,
    after          jsonb
);
CREATE INDEX audit_log_coop ON audit_log (coop_id, id DESC);

CREATE FUNCTION refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '% is append-only', TG_TABLE_NAME USING ERRCODE = 'insufficient_privilege';
END
$$;
CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION refuse_change();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();
CREATE TRIGGER share_movements_append_only BEFORE UPDATE OR DELETE ON share_movements
    FOR EACH ROW EXECUTE FUNCTION refuse_change();
CREATE TRIGGER share_movements_no_truncate BEFORE TRUNCATE ON share_movements
    FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();
