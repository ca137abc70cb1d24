"""Custom actions, served by `rasa run actions` (rasa-sdk)."""
