"""The edition keeps the length of its ballot log beside its chain head, so the next link's number is read with
the edition's lock instead of by a MAX over the log on every ballot."""

from django.db import migrations, models
from django.db.models import Max


def count_links(apps, schema_editor):
    Edition = apps.get_model("participation", "Edition")
    BallotLogEntry = apps.get_model("participation", "BallotLogEntry")
    lengths = dict(BallotLogEntry.objects.values("edition_id").annotate(n=Max("seq")).values_list("edition_id", "n"))
    for edition in Edition.objects.filter(pk__in=list(lengths)):
        Edition.objects.filter(pk=edition.pk).update(log_length=lengths[edition.pk] or 0)


class Migration(migrations.Migration):

    dependencies = [
        ("participation", "0003_authors_kept_on_erasure"),
    ]

    operations = [
        migrations.AddField(
            model_name="edition",
            name="log_length",
            field=models.PositiveIntegerField(default=0),
        ),
        migrations.RunPython(count_links, migrations.RunPython.noop),
    ]
