"""The standard catalogue of collective emulation titles and awards a bloc's units register for."""

from django.db import migrations

TITLES = [
    # name, level, is_flag
    ("Cờ thi đua của Chính phủ", "government", True),
    ("Cờ thi đua của UBND tỉnh", "province", True),
    ("Bằng khen của Thủ tướng Chính phủ", "government", False),
    ("Bằng khen của Chủ tịch UBND tỉnh", "province", False),
    ("Tập thể lao động xuất sắc", "province", False),
    ("Tập thể lao động tiên tiến", "agency", False),
    ("Giấy khen", "agency", False),
]


def seed(apps, schema_editor):
    Title = apps.get_model("pledges", "Title")
    for position, (name, level, is_flag) in enumerate(TITLES, start=1):
        Title.objects.get_or_create(name=name, defaults={"level": level, "is_flag": is_flag, "position": position})


def unseed(apps, schema_editor):
    apps.get_model("pledges", "Title").objects.filter(name__in=[name for name, _, _ in TITLES]).delete()


class Migration(migrations.Migration):
    dependencies = [("pledges", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
