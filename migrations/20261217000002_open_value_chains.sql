-- The board may publish the value chains as open data (not by default).
ALTER TABLE coops ADD COLUMN value_chains_open boolean NOT NULL DEFAULT false;
