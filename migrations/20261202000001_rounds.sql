-- Rounds: the hub's vehicles, how each producer's goods reach the hub, collection rounds (first
-- mile, farms to the hub) and delivery rounds (last mile, the hub to homes and pickup points),
-- each a list of stops in order that drivers mark done or failed.

-- Where a home delivery goes. An address the hub could not locate is placed at its zone's
-- centre until staff place it by hand; `delivery_located` says which.
ALTER TABLE delivery_zones
    ADD COLUMN latitude double precision CHECK (latitude BETWEEN -90 AND 90),
    ADD COLUMN longitude double precision CHECK (longitude BETWEEN -180 AND 180),
    ADD CONSTRAINT delivery_zones_centre CHECK ((latitude IS NULL) = (longitude IS NULL));
ALTER TABLE orders
    ADD COLUMN delivery_latitude double precision CHECK (delivery_latitude BETWEEN -90 AND 90),
    ADD COLUMN delivery_longitude double precision CHECK (delivery_longitude BETWEEN -180 AND 180),
    ADD COLUMN delivery_located text CHECK (delivery_located IN ('address', 'zone', 'staff')),
    ADD CONSTRAINT orders_delivery_point CHECK (
        (delivery_latitude IS NULL) = (delivery_longitude IS NULL)
        AND (delivery_latitude IS NULL) = (delivery_located IS NULL));

CREATE TABLE vehicles (
    id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    coop_id          bigint NOT NULL REFERENCES coops (id),
    name             text NOT NULL CHECK (length(name) BETWEEN 1 AND 80),
    kind             text NOT NULL CHECK (kind IN ('cargo_bike', 'electric_van', 'diesel_van', 'car')),
    capacity_kg      integer NOT NULL CHECK (capacity_kg BETWEEN 1 AND 2000),
    capacity_litres  integer NOT NULL CHECK (capacity_litres BETWEEN 1 AND 20000),
    speed_kmh        integer NOT NULL CHECK (speed_kmh BETWEEN 3 AND 130),
    -- Working hours in the cooperative's time zone, the same every day.
    shift_start      time NOT NULL,
    shift_end        time NOT NULL,
    max_trips        integer NOT NULL DEFAULT 1 CHECK (max_trips BETWEEN 1 AND 10),
    active           boolean NOT NULL DEFAULT true,
    created_at       timestamptz NOT NULL DEFAULT now(),
    CHECK (shift_end > shift_start)
);
CREATE INDEX vehicles_coop ON vehicles (coop_id);

-- How a producer's purchase order reaches the hub for a cycle: dropped off by the producer in
-- a time window, or picked up at the farm by a collection round. No row: not decided yet.
CREATE TABLE cycle_suppliers (
    cycle_id        bigint NOT NULL REFERENCES order_cycles (id) ON DELETE CASCADE,
    producer_id     bigint NOT NULL REFERENCES producers (id),
    coop_id         bigint NOT NULL REFERENCES coops (id),
    mode            text NOT NULL CHECK (mode IN ('drop_off', 'collection')),
    drop_off_start  timestamptz,
    drop_off_end    timestamptz,
    PRIMARY KEY (cycle_id, producer_id),
    CHECK (mode = 'collection' OR (drop_off_start IS NOT NULL AND drop_off_end > drop_off_start))
);

-- One trip of one vehicle: from the hub, through its stops in order, back to the hub.
CREATE TABLE rounds (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    coop_id      bigint NOT NULL REFERENCES coops (id),
    cycle_id     bigint NOT NULL REFERENCES order_cycles (id) ON DELETE CASCADE,
    kind         text NOT NULL CHECK (kind IN ('collection', 'delivery')),
    vehicle_id   bigint NOT NULL REFERENCES vehicles (id),
    trip         integer NOT NULL CHECK (trip >= 1),
    departs_at   timestamptz NOT NULL,
    returns_at   timestamptz NOT NULL,
    distance_km  double precision NOT NULL CHECK (distance_km >= 0),
    planned_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX rounds_cycle ON rounds (cycle_id, kind);

CREATE TABLE round_stops (
    id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    round_id         bigint NOT NULL REFERENCES rounds (id) ON DELETE CASCADE,
    coop_id          bigint NOT NULL REFERENCES coops (id),
    position         integer NOT NULL CHECK (position >= 1),
    -- What the stop is: a home delivery, a drop at a pickup point, or a farm to collect from.
    order_id         bigint REFERENCES orders (id),
    pickup_point_id  bigint REFERENCES pickup_points (id),
    producer_id      bigint REFERENCES producers (id),
    name             text NOT NULL,
    address          text NOT NULL,
    latitude         double precision NOT NULL CHECK (latitude BETWEEN -90 AND 90),
    longitude        double precision NOT NULL CHECK (longitude BETWEEN -180 AND 180),
    window_start     timestamptz NOT NULL,
    window_end       timestamptz NOT NULL,
    arrives_at       timestamptz NOT NULL,
    service_minutes  integer NOT NULL CHECK (service_minutes >= 0),
    load_grams       bigint NOT NULL CHECK (load_grams >= 0),
    volume_ml        bigint NOT NULL CHECK (volume_ml >= 0),
    status           text NOT NULL DEFAULT 'planned' CHECK (status IN ('planned', 'done', 'failed')),
    note             text NOT NULL DEFAULT '' CHECK (length(note) <= 300),
    done_at          timestamptz,
    done_by          bigint REFERENCES users (id) ON DELETE SET NULL,
    CHECK (num_nonnulls(order_id, pickup_point_id, producer_id) = 1),
    CHECK (window_end >= window_start)
);
CREATE INDEX round_stops_round ON round_stops (round_id, position);
CREATE INDEX round_stops_order ON round_stops (order_id) WHERE order_id IS NOT NULL;
