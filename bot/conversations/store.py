"""The tracker store Rasa writes conversations to (endpoints.yml): Rasa's own
SQLTrackerStore (SQLite embedded, PostgreSQL when scaled out), with two
things Samen promises its users made true at the one place every write
passes:

* what a channel passed only to be resolved (a shared location) is dropped
  from the message before it is written, so the coordinates are never kept;
* SQL errors never carry the rows they failed on: the engine hides its
  parameters, which would otherwise put message text into the logs.
"""
from __future__ import annotations

import sqlalchemy as sa
from rasa.core.tracker_store import SQLTrackerStore, create_engine_kwargs
from rasa.shared.core.events import UserUttered

# Message metadata that is used once, in the action server, and never stored:
# a shared location, and the sealed address a reminder would go to (kept
# only in the reminders, and only when the user agrees).
TRANSIENT_METADATA = ("location", "reply_to", "reply_channel")


def drop_transient_metadata(events) -> None:
    for event in events:
        if isinstance(event, UserUttered) and event.metadata:
            for key in TRANSIENT_METADATA:
                event.metadata.pop(key, None)


class ConversationStore(SQLTrackerStore):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        url = self.engine.url
        self.engine.dispose()
        self.engine = sa.create_engine(url, hide_parameters=True, **create_engine_kwargs(url))
        self.sessionmaker = sa.orm.session.sessionmaker(bind=self.engine)

    async def save(self, tracker) -> None:
        drop_transient_metadata(tracker.events)
        await super().save(tracker)
