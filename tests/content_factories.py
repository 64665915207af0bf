"""A small article in Dutch and its Turkish translation, shared by the content tests and the authorization world."""

from __future__ import annotations

DUTCH = {
    "title": "Wat is een JIM?",
    "summary": "Een JIM is iemand die jij vertrouwt.",
    "what_is_it": "Een **JIM** is een volwassene uit je eigen omgeving.",
    "what_it_means": "Je kiest zelf wie.",
    "what_you_can_do": "- Denk na over wie je vertrouwt\n- Vraag het je regisseur",
    "where_to_get_help": "Bel de Kindertelefoon: 0800-0432.",
}
TURKISH = {
    "title": "JIM nedir?",
    "summary": "JIM, güvendiğin biridir.",
    "what_is_it": "JIM, kendi çevrenden bir yetişkindir.",
    "what_it_means": "Kimi seçeceğine sen karar verirsin.",
    "what_you_can_do": "- Kime güvendiğini düşün",
    "where_to_get_help": "Kindertelefoon: 0800-0432.",
    "culture_note": "Türkiye'de aile büyükleri de bu rolü üstlenebilir.",
}
