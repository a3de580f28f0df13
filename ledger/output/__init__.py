"""What people read: the words, numbers and glyphs that the terminal and the report share."""
