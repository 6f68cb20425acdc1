"""/admin/ for editors, /api/ for the assistant and municipal systems."""
from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView
from drf_spectacular.views import SpectacularAPIView
from rest_framework.routers import SimpleRouter

from . import api

router = SimpleRouter()
router.register("services", api.ServiceViewSet, basename="service")

urlpatterns = [
    path("", RedirectView.as_view(url="/admin/")),
    path("admin/", admin.site.urls),
    path("api/health", api.HealthView.as_view(), name="health"),
    path("api/v1/municipalities/<str:code>/services", api.MunicipalityServicesView.as_view(),
         name="municipality-services"),
    path("api/v1/municipalities/<str:code>", api.MunicipalityView.as_view(), name="municipality"),
    path("api/v1/", include(router.urls)),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", api.api_docs, name="api-docs"),
]
