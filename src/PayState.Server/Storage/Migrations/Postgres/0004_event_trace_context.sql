-- The trace context of the change that made an event (W3C trace id, span id and flags: 25 bytes), so each
-- delivery attempt of the event joins that trace however late, and on whichever process, it runs. NULL when the
-- change was not traced (no OTLP endpoint), which adds nothing to the row.
ALTER TABLE events ADD COLUMN trace_context bytea;
