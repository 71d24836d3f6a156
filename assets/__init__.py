"""Media assets: uploads (images and MP4 videos), their files, thumbnails and metadata."""
