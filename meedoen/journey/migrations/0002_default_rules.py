from django.db import migrations

from meedoen.journey.rules import DEFAULT_RULES, default_values


def seed(apps, schema_editor):
    DeadlineRule = apps.get_model("journey", "DeadlineRule")
    import uuid

    for rule in DEFAULT_RULES:
        DeadlineRule.objects.update_or_create(
            municipality=None, code=rule["code"], defaults={**default_values(rule)},
            create_defaults={**default_values(rule), "public_id": uuid.uuid4()},
        )


def unseed(apps, schema_editor):
    apps.get_model("journey", "DeadlineRule").objects.filter(municipality__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("journey", "0001_initial")]
    operations = [migrations.RunPython(seed, unseed)]
