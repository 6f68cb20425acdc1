"""A local stand-in of the Telegram Bot API, for the end-to-end tests, load
tests and the offline `make run MODE=telegram-demo`."""
