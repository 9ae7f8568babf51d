"""Seed one layout per printed certificate type (a flag is not printed): Bằng khen on A3 landscape, the
collective titles' certificates on A4 landscape. The positions are a starting point, to be calibrated
with the test print on the province's own stock."""

from decimal import Decimal

from django.db import migrations

# name: (x, y, width, font size, bold, align) on A3 landscape (420 x 297 mm)
A3_FIELDS = {
    "unit_name": (210, 125, 320, 24, True, "center"),
    "achievement": (210, 150, 320, 16, False, "center"),
    "signer_title": (310, 212, 150, 14, True, "center"),
    "signer_name": (310, 262, 150, 15, True, "center"),
    "decision_number": (60, 232, 130, 13, False, "left"),
    "decision_date": (60, 242, 130, 13, False, "left"),
}
LAYOUTS = {
    "province_merit": ((420, 297), Decimal(1)),
    "excellent_collective": ((297, 210), Decimal("0.707")),
    "advanced_collective": ((297, 210), Decimal("0.707")),
}
NOTE = "Vị trí mặc định: in thử trang căn chỉnh trên phôi thật rồi sửa cho khớp."


def seed(apps, schema_editor):
    CertificateLayout = apps.get_model("awards", "CertificateLayout")
    LayoutField = apps.get_model("awards", "LayoutField")
    for award, ((width, height), scale) in LAYOUTS.items():
        layout, created = CertificateLayout.objects.get_or_create(
            award=award, defaults={"page_width_mm": width, "page_height_mm": height, "note": NOTE}
        )
        if not created:
            continue
        for name, (x, y, w, size, bold, align) in A3_FIELDS.items():
            LayoutField.objects.create(
                layout=layout,
                name=name,
                x_mm=(Decimal(x) * scale).quantize(Decimal("0.1")),
                y_mm=(Decimal(y) * scale).quantize(Decimal("0.1")),
                width_mm=(Decimal(w) * scale).quantize(Decimal("0.1")),
                font_size_pt=max(Decimal(10), (Decimal(size) * scale).quantize(Decimal("0.5"))),
                bold=bold,
                align=align,
            )


class Migration(migrations.Migration):
    dependencies = [("awards", "0010_publication")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
