from django.db import migrations

# ISO 639-3 codes with their Dutch names: the languages most spoken by newcomers and bijstand clients.
LANGUAGES = [
    ("ara", "Arabisch"), ("tir", "Tigrinya"), ("prs", "Dari"), ("pus", "Pasjtoe"), ("fas", "Perzisch (Farsi)"),
    ("tur", "Turks"), ("kmr", "Koerdisch (Kurmanji)"), ("ckb", "Koerdisch (Sorani)"), ("som", "Somalisch"),
    ("ukr", "Oekraïens"), ("rus", "Russisch"), ("amh", "Amhaars"), ("orm", "Oromo"), ("eng", "Engels"),
    ("fra", "Frans"), ("nld", "Nederlands"), ("deu", "Duits"), ("spa", "Spaans"), ("por", "Portugees"),
    ("pol", "Pools"), ("ron", "Roemeens"), ("bul", "Bulgaars"), ("urd", "Urdu"), ("hye", "Armeens"),
    ("kat", "Georgisch"), ("sqi", "Albanees"), ("aii", "Assyrisch Neo-Aramees"), ("srp", "Servisch"),
    ("bos", "Bosnisch"), ("hrv", "Kroatisch"), ("cmn", "Chinees (Mandarijn)"), ("vie", "Vietnamees"),
    ("pap", "Papiaments"), ("srn", "Sranantongo"), ("ber", "Berbers (Tamazight)"),
]


def seed(apps, schema_editor):
    Language = apps.get_model("clients", "Language")
    for code, name in LANGUAGES:
        Language.objects.get_or_create(code=code, defaults={"name": name})


class Migration(migrations.Migration):
    dependencies = [("clients", "0002_registry")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
