"""Hechtbot's web chat: a small page of our own, served locally, talking to Rasa over socket.io.

    channel.py  the socket.io input channel Rasa loads (credentials.yml)
    server.py   serves static/, /sources.json and /config.json on localhost
    static/     index.html, chat.js, chat.css (plain HTML/CSS/JS, no build step)

Why our own widget and how it keeps people safe: docs/webchat.md.
"""
