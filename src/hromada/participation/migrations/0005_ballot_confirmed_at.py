"""Ballot confirmations are sent in batches: each ballot remembers when its voter was told."""

from django.conf import settings
from django.db import migrations, models
from django.db.models.functions import Coalesce


def already_told(apps, schema_editor):
    """Ballots cast before this migration were confirmed one task each; none is due again."""
    Ballot = apps.get_model("participation", "Ballot")
    Ballot.objects.update(confirmed_at=Coalesce("changed_at", "cast_at"))


class Migration(migrations.Migration):

    dependencies = [
        ('core', '0010_cases'),
        ('participation', '0004_edition_log_length'),
        ('registers', '0005_uk_ordering'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='ballot',
            name='confirmed_at',
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddIndex(
            model_name='ballot',
            index=models.Index(condition=models.Q(('channel', 'online'), ('confirmed_at__isnull', True)), fields=['edition'], name='participation_ballot_unconf'),
        ),
        migrations.RunPython(already_told, migrations.RunPython.noop),
    ]
