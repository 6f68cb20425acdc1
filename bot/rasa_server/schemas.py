"""Rasa checks every answer of the action server (and of an NLG endpoint)
with `jsonschema.validate(result, schema)`, which first validates the
*schema* itself against its meta-schema, on every call. The schema is Rasa's
constant EVENTS_SCHEMA, and that check of it was more than half of the Rasa
process's CPU time per turn (reports/profile/README.md).

`install()` (bot/rasa_server/__main__.py) makes `jsonschema.validate` check a
schema it has already checked only once, keeping everything else as it was:
the same validator class, the same instance validation, the same error
(`best_match`) raised. Rasa imports `validate` from jsonschema inside the
functions that use it, so the installed one is the one they call.
"""
from __future__ import annotations

import functools
import json

import jsonschema
from jsonschema import exceptions, validators

ORIGINAL = jsonschema.validate
CHECKED_SCHEMAS = 64        # Rasa validates against a handful of schemas


@functools.lru_cache(maxsize=CHECKED_SCHEMAS)
def _checked_validator(key: str):
    """A validator for the schema serialised as `key`, the schema checked once."""
    schema = json.loads(key)
    cls = validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema)


def validate(instance, schema, cls=None, *args, **kwargs):
    """jsonschema.validate, the schema's own check done once per schema."""
    if cls is not None or args or kwargs:
        return ORIGINAL(instance, schema, cls, *args, **kwargs)
    try:
        key = json.dumps(schema, sort_keys=True)
    except (TypeError, ValueError):       # not plain JSON: as jsonschema does it
        return ORIGINAL(instance, schema)
    validator = _checked_validator(key)
    error = exceptions.best_match(validator.iter_errors(instance))
    if error is not None:
        raise error


def install() -> None:
    jsonschema.validate = validate
