"""Load and validate: content files in, one complete, immutable `Site` (or every problem) out."""
