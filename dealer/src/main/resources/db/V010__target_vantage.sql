-- How many locations check a target each round, when its list row or file says (null: the dealer's --vantage).
ALTER TABLE targets ADD COLUMN vantage INTEGER;
