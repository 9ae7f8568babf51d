from django.contrib.staticfiles import finders
from django.templatetags.static import static
from django.urls import reverse


def test_favicon_static_file_exists_and_is_svg():
    path = finders.find("core/favicon.svg")

    assert path is not None
    with open(path, encoding="utf-8") as stream:
        assert stream.read().startswith("<svg")


def test_base_page_links_the_local_favicon(client, db):
    html = client.get(reverse("login")).content.decode()

    assert f'<link rel="icon" href="{static("core/favicon.svg")}" type="image/svg+xml">' in html


def test_favicon_ico_anonymous_redirects_to_static_icon(client, db):
    response = client.get("/favicon.ico")

    assert response.status_code == 301
    assert response.url == static("core/favicon.svg")
