-- An operator's ledger records newest first, one page at a time (the operator's portal page
-- /operator/ledger, decision 0046): WHERE operator = ? AND leaf_index < ? ORDER BY leaf_index DESC
-- LIMIT ? reads the index from the page's start, without scanning the operator's older records.
CREATE INDEX ledger_records_by_operator_leaf ON ledger_records (operator, leaf_index);
