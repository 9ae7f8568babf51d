from django.urls import path

from awards import views

app_name = "awards"
urlpatterns = [
    path("units/<int:pk>/compliance/", views.compliance_list, name="compliance_list"),
    path("units/<int:pk>/compliance/new/", views.compliance_add, name="compliance_add"),
    path("compliance/<int:pk>/edit/", views.compliance_edit, name="compliance_edit"),
    path("compliance/<int:pk>/resolve/", views.compliance_resolve, name="compliance_resolve"),
]
