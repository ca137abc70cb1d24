"""Privacy: personal data in a chat message is masked before anything is stored or logged."""
