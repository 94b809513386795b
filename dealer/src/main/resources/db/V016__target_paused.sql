-- When an admin paused a target (epoch ms; null: it is checked). A paused target is not dealt to workers and keeps
-- its record; the pause survives restarts and list rescans (it is the target's, not its row's).
ALTER TABLE target_stats ADD COLUMN paused_at INTEGER;
