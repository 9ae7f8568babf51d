"""The project's URLs plus one page nobody told the two-factor middleware about."""

from django.http import HttpResponse
from django.urls import path

from config.urls import urlpatterns as project_urlpatterns


def brand_new_page(request, pk):
    return HttpResponse("data only a verified session may see")


urlpatterns = [*project_urlpatterns, path("brand-new/<int:pk>/", brand_new_page, name="brand_new_page")]
