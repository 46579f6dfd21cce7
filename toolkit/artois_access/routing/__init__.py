"""routing stage."""
