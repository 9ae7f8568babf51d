"""Downloads: Django streams a permitted file, or (behind nginx) names it for nginx to send."""

from urllib.parse import quote

import pytest
from django.core.files.base import ContentFile
from django.http import Http404

from core.documents import Rendered, renderer
from core.downloads import stored_file_response
from core.models import GeneratedFile
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@renderer("tests.download", permission="core.view_user")
def _download(user) -> Rendered:
    return Rendered(b"%PDF-1.7", "x.pdf")


@pytest.fixture
def stored(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    first, second = GeneratedFile(), GeneratedFile()
    first.file.save("first.pdf", ContentFile(b"%PDF-first"), save=False)
    second.file.save("ho so/đề nghị.pdf", ContentFile(b"%PDF-second"), save=False)
    return first, second


def test_without_nginx_django_streams_the_second_file(settings, stored):
    settings.MEDIA_X_ACCEL = False

    response = stored_file_response(stored[1].file, "Hồ sơ đề nghị.pdf")

    assert b"".join(response.streaming_content) == b"%PDF-second"
    response.close()
    assert "attachment" in response["Content-Disposition"]


def test_behind_nginx_the_response_names_the_file_under_the_internal_location(settings, stored):
    settings.MEDIA_X_ACCEL = True

    response = stored_file_response(stored[1].file, "Hồ sơ đề nghị.pdf")

    assert response.content == b""
    assert response["X-Accel-Redirect"] == "/protected-media/" + quote(stored[1].file.name)
    assert "%C4%91" in response["X-Accel-Redirect"]  # đ, quoted
    assert response["Content-Type"] == "application/pdf"
    assert "filename*=utf-8''H%E1%BB%93%20s%C6%A1" in response["Content-Disposition"]


@pytest.mark.parametrize("accel", [False, True])
def test_a_file_gone_from_storage_is_not_found(settings, stored, accel):
    settings.MEDIA_X_ACCEL = accel
    stored[0].file.delete(save=False)

    with pytest.raises(Http404):
        stored_file_response(stored[0].file, "x.pdf")


def test_the_generated_file_download_goes_through_nginx_when_configured(client, settings, stored):
    """The view checks the permission first: a stranger gets 404, one who may see the target the header."""
    settings.MEDIA_X_ACCEL = True
    admin, stranger = UserFactory(is_superuser=True), UserFactory()
    generated = stored[1]
    generated.kind, generated.target, generated.status, generated.filename = "tests.download", admin, "ready", "a.pdf"
    generated.sha256 = "0" * 64
    generated.save()

    client.force_login(stranger)
    refused = client.get(f"/files/{generated.pk}/download/")
    client.force_login(admin)
    allowed = client.get(f"/files/{generated.pk}/download/")

    assert refused.status_code == 404 and "X-Accel-Redirect" not in refused
    assert allowed.status_code == 200 and allowed["X-Accel-Redirect"] == "/protected-media/" + quote(
        generated.file.name
    )
