"""Pages of the volunteer-service circle, one module per subject."""
