"""Local help in the conversation: which directory categories answer which
question (topics), reading them from the municipal directory's API with a
timeout and a short cache (client), and saying them in the user's language
(listing)."""
