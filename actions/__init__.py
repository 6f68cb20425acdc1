"""Samen's rasa-sdk custom actions, one module per concern (run by
`rasa run actions`). Thin actions over plain functions that are unit-tested."""
