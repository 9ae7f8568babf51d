from django.urls import include, path

from bench import views

urlpatterns = [
    path("bench/twin/summary/<int:pk>/", views.twin_summary, name="bench_twin_summary"),
    path("bench/twin/grid/<int:pk>/", views.twin_grid, name="bench_twin_grid"),
    path("bench/bare/", views.bare, name="bench_bare"),
    # The same page, served by bench.wsgi behind Django's default middleware.
    path("bench/bare-default/", views.bare, name="bench_bare_default"),
    path("", include("config.urls")),
]
