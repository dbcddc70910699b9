//! One file through every stage: open → locate → normalize → match → validate.
