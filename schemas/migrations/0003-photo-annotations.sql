-- Fieldcheck store, schema version 3: what is drawn over photos.
--
-- A photo's bytes and its record never change. The circles, arrows, strokes
-- and short labels drawn over it are a vector layer (JSON, described in
-- app/fc-photo-annotation.c), kept as insert-only revisions: each save is a
-- new row naming the revision it supersedes. The layer shown is the newest
-- revision that nothing supersedes; the others are its history.
CREATE TABLE photo_annotation (
  id         TEXT PRIMARY KEY,
  photo_id   TEXT NOT NULL REFERENCES photo (id),
  layer      TEXT NOT NULL,
  author_id  TEXT REFERENCES person (id),
  created_at TEXT NOT NULL,
  supersedes TEXT REFERENCES photo_annotation (id)
);
CREATE INDEX photo_annotation_photo ON photo_annotation (photo_id, created_at);
