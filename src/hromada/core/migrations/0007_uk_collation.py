"""Ukrainian alphabetical order (core.collation): the collation uk_icu on PostgreSQL, and the models' orderings.

On SQLite uk_icu is a Python collation registered on every connection (core.sqlite_functions); nothing is
stored. On PostgreSQL it is ICU's Ukrainian with punctuation ignored; a server built without ICU gets the
operating system's Ukrainian locale if it has one (close: letters in order, punctuation ignored), else code
point order with a warning, so that the queries still run.
"""

import warnings

from django.db import migrations, models
from django.db.models.functions import Collate

COLLATION = "uk_icu"  # core.collation.COLLATION
ICU_LOCALE = "uk-UA-u-ka-shifted"  # core.collation.ICU_LOCALE


def create_collation(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_collation WHERE collprovider = 'i' LIMIT 1")
        if cursor.fetchone():
            cursor.execute(f"CREATE COLLATION IF NOT EXISTS {COLLATION} (provider = icu, locale = '{ICU_LOCALE}')")
            return
        cursor.execute("SELECT collname FROM pg_collation WHERE collprovider = 'c' AND collname ILIKE %s "
                       "ORDER BY collname LIMIT 1", ["uk_UA.utf%"])
        row = cursor.fetchone()
        if row is None:
            warnings.warn("PostgreSQL has neither ICU nor a uk_UA locale: names will sort by code point "
                          "(Є, І, Ї before А) until the collation uk_icu is made again on a server with ICU "
                          "(docs/decisions/0006-ukrainian-collation.md).", stacklevel=1)
        source = row[0] if row else "C"
        cursor.execute(f'CREATE COLLATION IF NOT EXISTS {COLLATION} FROM "{source}"')


def drop_collation(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP COLLATION IF EXISTS {COLLATION}")


class Migration(migrations.Migration):

    dependencies = [
        ('core', '0006_jobrun'),
    ]

    operations = [
        migrations.RunPython(create_collation, drop_collation),
        migrations.AlterModelOptions(
            name='department',
            options={
                'ordering': [Collate(models.F('name'), 'uk_icu')],
                'verbose_name': 'department',
                'verbose_name_plural': 'departments',
            },
        ),
        migrations.AlterModelOptions(
            name='hromada',
            options={
                'ordering': [Collate(models.F('name'), 'uk_icu')],
                'verbose_name': 'hromada',
                'verbose_name_plural': 'hromadas',
            },
        ),
        migrations.AlterModelOptions(
            name='institution',
            options={
                'ordering': [Collate(models.F('name'), 'uk_icu')],
                'verbose_name': 'institution',
                'verbose_name_plural': 'institutions',
            },
        ),
        migrations.AlterModelOptions(
            name='official',
            options={
                'ordering': ['order', Collate(models.F('full_name'), 'uk_icu')],
                'verbose_name': 'official',
                'verbose_name_plural': 'leadership',
            },
        ),
        migrations.AlterModelOptions(
            name='settlement',
            options={
                'ordering': [Collate(models.F('name'), 'uk_icu')],
                'verbose_name': 'settlement',
                'verbose_name_plural': 'settlements',
            },
        ),
        migrations.AlterModelOptions(
            name='starostadistrict',
            options={
                'ordering': [Collate(models.F('name'), 'uk_icu')],
                'verbose_name': 'starosta district',
                'verbose_name_plural': 'starosta districts',
            },
        ),
        migrations.AlterModelOptions(
            name='user',
            options={
                'ordering': [Collate(models.F('full_name'), 'uk_icu'), 'email'],
                'verbose_name': 'account',
                'verbose_name_plural': 'accounts',
            },
        ),
    ]
