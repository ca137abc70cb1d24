"""Custom actions, served by `rasa run actions` (rasa-sdk)."""

from bot.content.model import content
from bot.guided.signal_recognition import prepare_recogniser

# Trained when the action server starts, not on the first described behaviour: training
# takes seconds, and meanwhile the server's event loop answers nobody (with 30 conversations
# at once, every walk-through stalled behind it for 25 s). The server reports healthy after.
prepare_recogniser(content())
