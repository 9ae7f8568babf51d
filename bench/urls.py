from django.urls import include, path

from bench import views

urlpatterns = [
    path("bench/twin/summary/<int:pk>/", views.twin_summary, name="bench_twin_summary"),
    path("bench/twin/grid/<int:pk>/", views.twin_grid, name="bench_twin_grid"),
    path("bench/bare/", views.bare, name="bench_bare"),
    path("", include("config.urls")),
]
