-- Photos are kept as WebP too (about a third smaller than JPEG at the same quality), served to
-- browsers that accept it: one rendition per width and format.
ALTER TABLE photo_renditions DROP CONSTRAINT photo_renditions_pkey;
ALTER TABLE photo_renditions ADD PRIMARY KEY (photo_id, width, content_type);
