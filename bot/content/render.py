"""How content becomes the text and buttons a user sees (Dutch, channel-neutral)."""
from __future__ import annotations

import json
from typing import Dict, List

from bot.content.model import Content, Intent

MORE_BUTTON_TITLE = "Meer weten"


def sources_line(item: Intent, content: Content) -> str:
    """One line naming the source(s) of an answer."""
    labels = [content.sources[key].label() for key in item.answer_sources]
    return ("Bron: " if len(labels) == 1 else "Bronnen: ") + "; ".join(labels)


def sources_payload(item: Intent, content: Content) -> Dict[str, object]:
    """Structured sources for channels that show links (the web chat)."""
    return {"sources": [
        {"id": key, "organisation": content.sources[key].organisation,
         "title": content.sources[key].title, "url": content.sources[key].url}
        for key in item.answer_sources
    ]}


def answer_text(item: Intent, content: Content) -> str:
    text = item.answer.strip()
    if item.answer_sources:
        text += "\n\n" + sources_line(item, content)
    return text


def more_text(item: Intent, content: Content) -> str:
    parts = [item.more.strip()]
    if item.literature:
        parts.append("Literatuur (zoals genoemd in de bron): " + "; ".join(item.literature))
    links = [
        f"- {content.sources[key].label()} – {content.sources[key].url}"
        for key in item.detail_sources
    ]
    if links:
        parts.append("Bronnen:\n" + "\n".join(links))
    return "\n\n".join(parts)


def topic_button(item: Intent) -> Dict[str, str]:
    return {"title": item.title, "payload": f"/{item.intent}"}


def more_button(item: Intent) -> Dict[str, str]:
    entities = json.dumps({"topic": item.intent})
    return {"title": MORE_BUTTON_TITLE, "payload": f"/more_info{entities}"}


def for_response_template(button: Dict[str, str]) -> Dict[str, str]:
    """A button as written into a domain response. Rasa fills `{slot}` placeholders in
    responses, so the JSON braces of a payload are doubled there (they come out single);
    unescaped, every answer logs an interpolation error."""
    payload = button["payload"].replace("{", "{{").replace("}", "}}")
    return {**button, "payload": payload}


def answer_buttons(item: Intent, content: Content) -> List[Dict[str, str]]:
    """Related topics first, then "Meer weten" for topics that have detail."""
    by_intent = content.by_intent()
    buttons = [topic_button(by_intent[name]) for name in item.related]
    if item.is_topic and item.more:
        buttons.append(more_button(item))
    return buttons


def something_else_button(content: Content) -> Dict[str, str]:
    """Offered beside the candidate topics when the bot asks which topic was meant."""
    return {"title": content.messages["something_else_button"], "payload": "/capabilities"}

# Topics offered when the bot did not understand at all.
STARTER_TOPICS = ("what_is_attachment", "signals", "where_to_find_help")
