"""Topics and deputies sorted in Ukrainian alphabetical order (core.collation; the collation is made by core 0007)."""

from django.db import migrations, models
from django.db.models.functions import Collate


class Migration(migrations.Migration):

    dependencies = [
        ('core', '0007_uk_collation'),
        ('acts', '0005_search_rum_index'),
    ]

    operations = [
        migrations.AlterModelOptions(
            name='deputy',
            options={
                'ordering': ['convocation', Collate(models.F('full_name'), 'uk_icu')],
                'verbose_name': 'deputy',
                'verbose_name_plural': 'deputies',
            },
        ),
        migrations.AlterModelOptions(
            name='rollcall',
            options={
                'ordering': ['item', Collate(models.F('deputy__full_name'), 'uk_icu')],
                'verbose_name': 'roll-call vote',
                'verbose_name_plural': 'roll-call votes',
            },
        ),
        migrations.AlterModelOptions(
            name='topic',
            options={
                'ordering': [Collate(models.F('name'), 'uk_icu')],
                'verbose_name': 'topic',
                'verbose_name_plural': 'topics',
            },
        ),
    ]
