"""Can every migration run while the previous release's code still serves?

The upgrade procedure (README, "Upgrades") migrates first and restarts the processes after, so
for a while the old code runs against the new schema. A migration must therefore not take away
or rename what the old code reads, nor require a value the old code does not write:

- RemoveField, DeleteModel, RenameField, RenameModel, AlterModelTable: the old code still
  selects the column or table. Stop using it in one release, remove it in the next.
- AddField of a NOT NULL column without `db_default`: the old code's INSERTs lack it (Django's
  `default` lives in Python only). Add it nullable or with `db_default`.
- AlterField from nullable to NOT NULL: the old code may still write NULL.

Migrations written before this check are listed in HISTORICAL with the reason they were safe
at the time (they shipped with the release that first used them, or the data was new).
"""

from django.db import models
from django.db.migrations import operations
from django.db.migrations.loader import MigrationLoader

PROJECT_APPS = (
    "pesnet",
    "ops",
    "members",
    "outbox",
    "meetings",
    "workplan",
    "communiques",
    "search",
    "api",
    "governance",
)

# (app, migration): why it was acceptable. Add nothing here without a reason a reviewer accepts.
_BEFORE_THE_FIRST_RELEASE = (
    "written before the portal's first release: no earlier code served a database with it"
)
HISTORICAL: dict[tuple[str, str], str] = {
    ("members", "0002_initial"): _BEFORE_THE_FIRST_RELEASE,
    ("members", "0003_invitations_nominations_search"): _BEFORE_THE_FIRST_RELEASE,
    ("members", "0004_focal_point_withdrawal_reason"): _BEFORE_THE_FIRST_RELEASE,
    ("meetings", "0002_agenda_registration"): _BEFORE_THE_FIRST_RELEASE,
    ("meetings", "0003_calendarfeed_meetingdocument_and_more"): _BEFORE_THE_FIRST_RELEASE,
    ("members", "0005_nomination_letter_random_name"): _BEFORE_THE_FIRST_RELEASE,
    ("pesnet", "0004_user_time_zone"): _BEFORE_THE_FIRST_RELEASE,
}

_REMOVING = (
    operations.RemoveField,
    operations.DeleteModel,
    operations.RenameField,
    operations.RenameModel,
    operations.AlterModelTable,
)


def _field_before(state, app, model_name, field_name):
    try:
        model = state.models[app, model_name.lower()]
    except KeyError:
        return None
    return model.fields.get(field_name)


def _requires_a_value(field) -> bool:
    if field.many_to_many or field.null:
        return False
    if getattr(field, "db_default", models.NOT_PROVIDED) is not models.NOT_PROVIDED:
        return False
    return not isinstance(field, models.AutoField | models.BigAutoField | models.SmallAutoField)


def problems_of(loader: MigrationLoader, key: tuple[str, str]) -> list[str]:
    """What in this migration the previous release's code could not live with."""
    app, name = key
    migration = loader.get_migration(app, name)
    state = loader.project_state(key, at_end=False)
    found, created = [], set()
    for operation in migration.operations:
        label = f"{app}.{name}: {operation.describe()}"
        if isinstance(operation, operations.CreateModel):
            created.add(operation.name_lower)  # a new table: no old code writes to it
        elif getattr(operation, "model_name_lower", None) in created:
            pass
        elif isinstance(operation, _REMOVING):
            found.append(f"{label} (old code still uses it)")
        elif isinstance(operation, operations.AddField):
            if _requires_a_value(operation.field):
                found.append(f"{label} is NOT NULL without db_default (old code's inserts fail)")
        elif isinstance(operation, operations.AlterField):
            before = _field_before(state, app, operation.model_name, operation.name)
            if before is not None and before.null and _requires_a_value(operation.field):
                found.append(f"{label} becomes NOT NULL (old code may still write NULL)")
        state = state.clone()
        operation.state_forwards(app, state)
    return found


def unsafe_migrations(connection=None, allowed=None) -> list[str]:
    """Every problem in every migration of the project's apps, except the allowed ones."""
    allowed = HISTORICAL if allowed is None else allowed
    loader = MigrationLoader(connection, ignore_no_migrations=True, load=True)
    found = []
    for key in sorted(loader.disk_migrations):
        if key[0] in PROJECT_APPS and key not in allowed:
            found.extend(problems_of(loader, key))
    return found
