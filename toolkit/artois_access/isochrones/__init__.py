"""isochrones stage."""
