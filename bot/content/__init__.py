"""Curated content: one YAML file per intent, and the generator of Rasa's files."""
