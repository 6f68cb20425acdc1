"""Build, evaluation and test tooling: never imported by the running
assistant (the load harness, the model cache, the NLU evaluation, the
gazetteer build, catalog extraction, and the Telegram Bot API stand-in)."""
