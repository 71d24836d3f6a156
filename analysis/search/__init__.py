"""Search: image->image through the vector index kept in step with the documents, text->metadata
search, near-duplicates and the library map."""
