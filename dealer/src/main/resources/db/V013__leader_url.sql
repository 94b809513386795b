-- Where the leading dealer answers (its --url), so a dealer standing by can name it in its 503 and a person or a
-- worker knows where to go. Null until the leader has said; it stays the last leader's until the next one writes.
ALTER TABLE leader ADD COLUMN url TEXT;
