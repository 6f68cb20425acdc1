"""Samen's Rasa server: Rasa's own `rasa run`, with Samen's REST channel
(channel.py: the memory fails visibly, no message text in logs) and the
redaction of message text in Rasa's own structured logs (redaction.py).

    python -m bot.rasa_server run --model ... --endpoints endpoints.yml --credentials credentials.yml
"""
