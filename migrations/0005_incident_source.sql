-- Where an incident came from: a report of a sale that went wrong, or a failed terminal inspection.
-- An inspection finds tampering, not a sale, so such incidents have no amount, card or trace number of
-- their own; the sale columns keep neutral filler (they are NOT NULL) and the API shows them as null.
ALTER TABLE incidents ADD COLUMN source TEXT NOT NULL DEFAULT 'report' CHECK (source IN ('report', 'inspection'));

UPDATE incidents SET source = 'inspection'
WHERE id IN (SELECT incident_id FROM terminal_inspections WHERE incident_id IS NOT NULL);
