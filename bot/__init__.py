"""Hechtbot: a Dutch assistant about child attachment (hechting), built on Rasa."""
