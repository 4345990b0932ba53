"""Every migration can run while the previous release's code still serves (README, Upgrades)."""

import pytest
from django.db import connection, migrations, models
from django.db.migrations.loader import MigrationLoader

from ops import migration_safety


@pytest.mark.django_db
def test_no_migration_takes_away_what_the_previous_release_uses():
    assert migration_safety.unsafe_migrations(connection) == []


@pytest.mark.django_db
def test_every_allowed_migration_exists_and_says_why():
    loader = MigrationLoader(connection)
    for key, reason in migration_safety.HISTORICAL.items():
        assert key in loader.disk_migrations, key
        assert len(reason) > 20


class _Loader:
    """A real MigrationLoader with one more migration on top of the members app."""

    def __init__(self, *operations):
        self.real = MigrationLoader(connection)
        (leaf,) = self.real.graph.leaf_nodes("members")
        self.migration = migrations.Migration("9999_probe", "members")
        self.migration.dependencies = [leaf]
        self.migration.operations = list(operations)
        self.real.graph.add_node(("members", "9999_probe"), self.migration)
        self.real.graph.add_dependency(self.migration, ("members", "9999_probe"), leaf)

    def problems(self):
        return migration_safety.problems_of(self.real, ("members", "9999_probe"))


@pytest.mark.django_db
@pytest.mark.parametrize(
    "operation, complaint",
    [
        (migrations.RemoveField("focalpoint", "position"), "old code still uses it"),
        (migrations.RenameField("focalpoint", "position", "title"), "old code still uses it"),
        (migrations.DeleteModel("invitation"), "old code still uses it"),
        (migrations.RenameModel("invitation", "invite"), "old code still uses it"),
        (
            migrations.AddField("focalpoint", "badge", models.CharField(max_length=5, default="x")),
            "NOT NULL without db_default",
        ),
        (
            migrations.AlterField("focalpoint", "effective_from", models.DateField()),
            "becomes NOT NULL",
        ),
    ],
)
def test_the_check_catches_what_would_break_the_old_code(operation, complaint):
    (problem,) = _Loader(operation).problems()
    assert complaint in problem


@pytest.mark.django_db
def test_the_check_accepts_what_the_old_code_lives_with():
    assert (
        _Loader(
            migrations.AddField("focalpoint", "badge", models.CharField(max_length=5, null=True)),
            migrations.AddField(
                "focalpoint",
                "level",
                models.PositiveSmallIntegerField(default=1, db_default=1),
            ),
            migrations.CreateModel(
                "Badge",
                [("id", models.BigAutoField(primary_key=True)), ("name", models.TextField())],
            ),
            migrations.AddField("badge", "code", models.TextField()),
        ).problems()
        == []
    )
