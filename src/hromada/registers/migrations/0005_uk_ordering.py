"""Registers sorted in Ukrainian alphabetical order (core.collation; the collation is made by core 0007).

On PostgreSQL the residents' order has an index (a hromada's first page in under a millisecond instead of a
sort of all its residents). SQLite gets none: its uk_icu is a Python function that other tools opening the file
would not have.
"""

from django.db import migrations, models
from django.db.models.functions import Collate

INDEX = "registers_resident_uk_order"


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON registers_resident (hromada_id, last_name COLLATE uk_icu, "
            "first_name COLLATE uk_icu, patronymic COLLATE uk_icu, id)")


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):

    dependencies = [
        ('core', '0007_uk_collation'),
        ('registers', '0004_resident_natural_key_index'),
    ]

    operations = [
        migrations.RunPython(create_index, drop_index),
        migrations.AlterModelOptions(
            name='building',
            options={
                'ordering': [Collate(models.F('street__name'), 'uk_icu'), 'sort_key'],
                'verbose_name': 'building',
                'verbose_name_plural': 'buildings',
            },
        ),
        migrations.AlterModelOptions(
            name='propertyobject',
            options={
                'ordering': [Collate(models.F('name'), 'uk_icu'), 'inventory_number'],
                'verbose_name': 'communal property object',
                'verbose_name_plural': 'communal property',
            },
        ),
        migrations.AlterModelOptions(
            name='resident',
            options={
                'ordering': [
                    Collate(models.F('last_name'), 'uk_icu'), Collate(models.F('first_name'), 'uk_icu'),
                    Collate(models.F('patronymic'), 'uk_icu'), 'pk',
                ],
                'verbose_name': 'resident',
                'verbose_name_plural': 'residents',
            },
        ),
        migrations.AlterModelOptions(
            name='street',
            options={
                'ordering': [Collate(models.F('settlement__name'), 'uk_icu'), Collate(models.F('name'), 'uk_icu')],
                'verbose_name': 'street',
                'verbose_name_plural': 'streets',
            },
        ),
    ]
