from django.urls import include, path

urlpatterns = [
    path("accounts/", include("allauth.urls")),
    path("places/", include("vigil.places.urls")),
    path("visits/", include("vigil.visits.urls")),
    path("recommendations/", include("vigil.recommendations.urls")),
    path("programmes/", include("vigil.programmes.urls")),
    path("people/", include("vigil.people.urls")),
    path("risk/", include("vigil.risk.urls")),
    path("registers/", include("vigil.registers.urls")),
    path("api/", include("vigil.api.urls")),
    path("search/", include("vigil.search.urls")),
    path("reports/", include("vigil.reports.urls")),
    path("", include("vigil.core.urls")),
]

handler400 = "vigil.core.views.system.bad_request"
handler403 = "vigil.core.views.system.permission_denied"
handler404 = "vigil.core.views.system.page_not_found"
handler500 = "vigil.core.views.system.server_error"
