from django.urls import path

from twofactor import views

app_name = "twofactor"

urlpatterns = [
    path("", views.account, name="account"),
    path("two-factor/setup/", views.enrol, name="enrol"),
    path("two-factor/verify/", views.verify, name="verify"),
    path("two-factor/change/", views.change, name="change"),
    path("two-factor/people/", views.enrolled_users, name="enrolled_users"),
    path("two-factor/people/<int:pk>/reset/", views.reset, name="reset"),
]
