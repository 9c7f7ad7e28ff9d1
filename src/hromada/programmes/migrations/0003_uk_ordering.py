"""Programmes, strategies, plans and unit reports in Ukrainian alphabetical order (core.collation; the collation
is made by core 0007)."""

from django.db import migrations, models
from django.db.models.functions import Collate


class Migration(migrations.Migration):

    dependencies = [
        ('core', '0007_uk_collation'),
        ('programmes', '0002_taskprogress_correction'),
    ]

    operations = [
        migrations.AlterModelOptions(
            name='actionplan',
            options={
                'ordering': ['-start_year', Collate(models.F('title'), 'uk_icu')],
                'verbose_name': 'action plan',
                'verbose_name_plural': 'action plans',
            },
        ),
        migrations.AlterModelOptions(
            name='programme',
            options={
                'ordering': ['-start_year', Collate(models.F('title'), 'uk_icu')],
                'verbose_name': 'informatization programme',
                'verbose_name_plural': 'informatization programmes',
            },
        ),
        migrations.AlterModelOptions(
            name='strategy',
            options={
                'ordering': ['-start_year', Collate(models.F('title'), 'uk_icu')],
                'verbose_name': 'IT strategy',
                'verbose_name_plural': 'IT strategies',
            },
        ),
        migrations.AlterModelOptions(
            name='unitreport',
            options={
                'ordering': [Collate(models.F('department__name'), 'uk_icu')],
                'verbose_name': 'unit report',
                'verbose_name_plural': 'unit reports',
            },
        ),
    ]
