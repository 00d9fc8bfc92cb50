-- Fieldcheck store, schema version 6: why and when equipment left the register.
--
-- Retired equipment keeps its row and its tag, so a tag left on a wall still
-- says what it was; the reason and the day tell the next inspector why it is
-- gone (replaced, removed, condemned) without asking the office.
ALTER TABLE equipment ADD COLUMN retired_reason TEXT;
ALTER TABLE equipment ADD COLUMN retired_on TEXT;
