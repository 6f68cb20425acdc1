"""Local services in the conversation: which categories answer which
question, fetching them from the services API (bot/services) with a timeout
and a short cache, and rendering them in the user's language."""
