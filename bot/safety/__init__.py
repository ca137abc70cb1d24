"""The safety net: danger in a message gets the right help line, at any point."""
