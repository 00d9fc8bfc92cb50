-- Fieldcheck store, schema version 7: the ledger's counts from an index alone.
--
-- The ledger page counts the whole selection under each change of a filter.
-- Filtered by the grid (a town, an area leader: a set of facilities), a level
-- and a category, the count read every matching hazard's row for its level and
-- category; this index answers it, and its overdue part, without them.
CREATE INDEX hazard_ledger_counts ON hazard (facility_id, level, category, status, deadline);
