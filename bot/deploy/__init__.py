"""The production profile: PostgreSQL, Redis, nginx and several Rasa replicas (docs/deploy.md).

Chosen by HECHTBOT_PROFILE=production (`python -m bot run`) or started directly with
`python -m bot.deploy run`. The embedded default (SQLite, one Rasa server) stays in
bot/servers.py and needs none of this.
"""

PROFILE_ENV = "HECHTBOT_PROFILE"
PRODUCTION = "production"
