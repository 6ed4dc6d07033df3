from django.urls import path

from vigil.core import views

urlpatterns = [
    path("", views.home, name="home"),
    path("institution/switch/", views.institution_switch, name="institution_switch"),
    path("institution/settings/", views.institution_settings, name="institution_settings"),
    path("institution/members/", views.member_list, name="member_list"),
    path("institution/members/invite/", views.member_invite, name="member_invite"),
    path("institution/members/<int:membership_id>/", views.member_detail, name="member_detail"),
    path("audit/", views.audit_list, name="audit_list"),
    path("audit/export.csv", views.audit_export, name="audit_export"),
    path("healthz", views.healthz, name="healthz"),
]
