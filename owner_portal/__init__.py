"""Owner Portal (业主门户): keep property records in step when a flat changes hands."""
