"""Dutch language set-up: which spaCy pipeline the bot uses, and its Rasa component."""
