"""The shopping platforms a consumer can pick when opening a case.

Names only: contact channels, websites and policies need a source each and arrive with the
platform directory's data file, not here.
"""

from django.db import migrations

PLATFORMS = [
    ("douyin", "抖音", "Douyin", 10),
    ("tmall", "天猫", "Tmall", 20),
    ("pinduoduo", "拼多多", "Pinduoduo", 30),
    ("taobao", "淘宝", "Taobao", 40),
    ("jd", "京东", "JD.com", 50),
    ("other", "其他平台", "Other platform", 900),
]


def seed(apps, schema_editor):
    Platform = apps.get_model("platforms", "Platform")
    for slug, name, name_en, sort_order in PLATFORMS:
        Platform.objects.update_or_create(
            slug=slug,
            defaults={"name": name, "name_en": name_en, "sort_order": sort_order, "kind": "shopping"},
        )


class Migration(migrations.Migration):
    dependencies = [("platforms", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
