"""Privacy: personal data in a chat message is masked before anything is stored or logged."""

# A bot message with this custom payload asks the channel to delete the conversation
# (sent by actions/forget_me.py once the request is confirmed, read by forget.py).
FORGET_MARKER = "forget_conversation"
