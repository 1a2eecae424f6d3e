"""Put the lock triggers back: migration 0004 rebuilt the table on SQLite, which dropped them."""

from django.db import migrations

from clearsight.performance.triggers import create_triggers, drop_triggers


class Migration(migrations.Migration):
    dependencies = [("performance", "0004_numerator_rule_is_for_percentages_only")]
    operations = [migrations.RunPython(create_triggers, drop_triggers)]
