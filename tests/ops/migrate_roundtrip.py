"""Run by tests/ops/test_backups.py against a copy of the seeded portal (DATABASE_URL): each
project app back to its previous migration and forward again. Prints, as the last line, the
steps taken and the tables that a reverted migration had created (their rows cannot survive
going back; every other table must keep its rows)."""

import json

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.migrations import operations  # noqa: E402
from django.db.migrations.loader import MigrationLoader  # noqa: E402
from django.db.migrations.recorder import MigrationRecorder  # noqa: E402

APPS = ("pesnet", "members", "outbox", "meetings", "workplan", "communiques", "ops")

steps, dropped = [], set()
for app in APPS:
    loader = MigrationLoader(connection)
    (leaf,) = loader.graph.leaf_nodes(app)
    parents = [p for p in loader.graph.node_map[leaf].parents if p[0] == app]
    if not parents:
        continue  # an app's first migration: before it the app was not installed
    applied = set(MigrationRecorder(connection).applied_migrations())
    call_command("migrate", app, parents[0][1], verbosity=0, interactive=False)
    reverted = applied - set(MigrationRecorder(connection).applied_migrations())
    for key in reverted:
        state = loader.project_state(key, at_end=True)
        # A migration says which of its tables keep only part of their rows when it is undone.
        dropped.update(getattr(loader.get_migration(*key), "loses_rows_going_back", ()))
        for operation in loader.get_migration(*key).operations:
            if isinstance(operation, operations.CreateModel):
                model = state.apps.get_model(key[0], operation.name)
                dropped.add(model._meta.db_table)
                for field in model._meta.local_many_to_many:
                    dropped.add(field.remote_field.through._meta.db_table)
    call_command("migrate", verbosity=0, interactive=False)
    steps.append([app, leaf[1], parents[0][1], sorted(f"{a}.{n}" for a, n in reverted)])
print(json.dumps({"steps": steps, "dropped": sorted(dropped)}))
