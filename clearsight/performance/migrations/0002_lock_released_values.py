"""The database refuses to change values in a release that is submitted, approved, published
or superseded, and refuses to add values to one. Services refuse first, with a clear message;
these triggers make sure nothing else (a shell, a bug, a script) can either."""

from django.db import migrations

from clearsight.performance.triggers import create_triggers, drop_triggers


class Migration(migrations.Migration):
    dependencies = [("performance", "0001_initial")]
    operations = [migrations.RunPython(create_triggers, drop_triggers)]
