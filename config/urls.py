from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.i18n import set_language

from core import views as core_views

urlpatterns = [
    path("", core_views.dashboard, name="dashboard"),
    path("login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("notices/read/", core_views.notices_read, name="notices_read"),
    path("files/<uuid:pk>/", core_views.generated_file, name="generated_file"),
    path("files/<uuid:pk>/download/", core_views.generated_file_download, name="generated_file_download"),
    # Browsers ask for /favicon.ico on pages without the <link> (the admin, files): send them to the static icon.
    path("healthz", core_views.healthz, name="healthz"),
    path("favicon.ico", core_views.favicon, name="favicon"),
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
    path("", include("blocs.urls")),
    path("pledges/", include("pledges.urls")),
    path("scoring/", include("scoring.urls")),
    path("awards/", include("awards.urls")),
    path("account/", include("twofactor.urls")),
    path("admin/", admin.site.urls),
]

handler403 = "core.views.permission_denied"
handler404 = "core.views.page_not_found"
handler500 = "core.views.server_error"
