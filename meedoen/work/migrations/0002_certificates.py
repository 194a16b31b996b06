"""The certificates vacancies commonly ask for in the sectors of the region (editable in the admin)."""

from django.db import migrations

NAMES = (
    "VCA Basis", "VCA VOL", "BHV (bedrijfshulpverlening)", "Heftruckcertificaat", "Reachtruckcertificaat",
    "HACCP (voedselveiligheid)", "SVH Sociale Hygiëne", "Code 95 (beroepschauffeur)", "Rijbewijs C",
    "EHBO", "NEN 3140 (elektrotechniek)", "Diploma helpende zorg en welzijn (mbo 2)",
)


def add(apps, schema_editor):
    certificate = apps.get_model("work", "Certificate")
    for name in NAMES:
        certificate.objects.get_or_create(name=name)


def remove(apps, schema_editor):
    apps.get_model("work", "Certificate").objects.filter(name__in=NAMES).delete()


class Migration(migrations.Migration):
    dependencies = [("work", "0001_initial")]
    operations = [migrations.RunPython(add, remove)]
