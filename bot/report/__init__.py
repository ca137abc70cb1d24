"""The maintainer report: what parents asked that the bot could not answer well.

Reads Rasa's SQL tracker store (read-only, through the same connection settings as
the Rasa server) and writes one self-contained HTML page, so a maintainer can decide
which topic, example or answer to add next without reading raw conversations:

    python -m bot.report [--since YYYY-MM-DD] [--until YYYY-MM-DD] [--out report.html]

One concern per module:

- `events`: the date window and reading stored events, one conversation at a time;
- `analysis`: the numbers and the (masked) quotes, with the privacy rules applied;
- `render`: the HTML page, inline CSS and SVG only;
- `__main__`: the command line.

See docs/report.md.
"""
