"""Privacy: personal data in a chat message is masked before anything is stored or logged."""

# A bot message with this custom payload asks the channel to delete the conversation
# (generated into the forget_me response by bot/content/build.py, read by forget.py).
FORGET_MARKER = "forget_conversation"
