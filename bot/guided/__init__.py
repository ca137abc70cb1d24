"""The guided "worried about my child" conversation: reading answers, choosing advice."""
