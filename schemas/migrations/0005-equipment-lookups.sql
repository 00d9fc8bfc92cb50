-- Fieldcheck store, schema version 5: what a scan reads about one piece of equipment.
--
-- A scanned tag opens its equipment with the open hazards and the last results
-- recorded against it; without these indexes both read every row of a
-- ten-year store.
CREATE INDEX result_equipment ON result (equipment_id, recorded_at)
  WHERE equipment_id IS NOT NULL;
CREATE INDEX hazard_equipment ON hazard (equipment_id)
  WHERE equipment_id IS NOT NULL;
-- "The latest revision" is the one nothing supersedes: found through this
-- index instead of a scan of every result.
CREATE INDEX result_supersedes ON result (supersedes)
  WHERE supersedes IS NOT NULL;
