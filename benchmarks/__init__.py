"""Scripts that print figures and ratios (make benchmark-*); never timed tests."""
