"""Search entries get the token of their act's number without the convocation suffix (acts.numbers.number_tokens),
so that «1921-49» finds act № 1921-49/VIII by its own number; entries made from now on have it already.

Only the title lemmas of entries whose number ends in a convocation change: SQLite's update trigger re-indexes
them in FTS5, PostgreSQL regenerates their tsvector. Going back leaves the token (it only ever helps a search).
"""

from django.db import migrations

BATCH = 1000


def add_number_tokens(apps, schema_editor):
    from hromada.acts import numbers

    SearchEntry = apps.get_model("acts", "SearchEntry")
    # Numbers ending in a letter of a roman numeral (Latin or Cyrillic look-alike); number_tokens decides.
    rows = (SearchEntry.objects.filter(act__number__regex=r"[IVXLCDMivxlcdmІіХхСсМмѴѵ]$")
            .values_list("act_id", "title_lemmas", "act__number").order_by("act_id"))
    last = 0
    while batch := list(rows.filter(act_id__gt=last)[:BATCH]):  # keyset pages: no cursor open while writing
        last = batch[-1][0]
        changed = []
        for act_id, title_lemmas, number in batch:
            present = set(title_lemmas.split())
            missing = [t for t in numbers.number_tokens(number) if t not in present]
            if missing:
                changed.append(SearchEntry(act_id=act_id, title_lemmas=f"{' '.join(missing)} {title_lemmas}"))
        SearchEntry.objects.bulk_update(changed, ["title_lemmas"])



class Migration(migrations.Migration):
    dependencies = [("acts", "0007_act_status_lifecycle")]

    operations = [migrations.RunPython(add_number_tokens, migrations.RunPython.noop)]
