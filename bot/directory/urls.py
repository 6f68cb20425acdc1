"""/admin/ for editors, /api/ for the assistant and municipal systems."""
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.generic import RedirectView
from drf_spectacular.views import SpectacularAPIView
from rest_framework.routers import SimpleRouter

from . import api

router = SimpleRouter()
router.register("services", api.ServiceViewSet, basename="service")
# Django's own password reset, on the admin's pages: a link by e-mail, valid for
# two hours (PASSWORD_RESET_TIMEOUT); the second factor is still asked at sign-in.
ADMIN_LOOK = {"site_header": admin.site.site_header, "site_title": admin.site.site_title, "has_permission": False}

urlpatterns = [
    path("", RedirectView.as_view(url="/admin/")),
    path("admin/password_reset/", auth_views.PasswordResetView.as_view(extra_context=ADMIN_LOOK),
         name="admin_password_reset"),
    path("admin/password_reset/done/", auth_views.PasswordResetDoneView.as_view(extra_context=ADMIN_LOOK),
         name="password_reset_done"),
    path("admin/reset/<uidb64>/<token>/", auth_views.PasswordResetConfirmView.as_view(extra_context=ADMIN_LOOK),
         name="password_reset_confirm"),
    path("admin/reset/done/", auth_views.PasswordResetCompleteView.as_view(extra_context=ADMIN_LOOK),
         name="password_reset_complete"),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/health", api.HealthView.as_view(), name="health"),
    path("api/v1/municipalities/<str:code>/services", api.MunicipalityServicesView.as_view(),
         name="municipality-services"),
    path("api/v1/municipalities/<str:code>", api.MunicipalityView.as_view(), name="municipality"),
    path("api/v1/waiting/<str:country>", api.WaitingFigureView.as_view(), name="waiting-figure"),
    path("api/v1/stats/questions", api.QuestionReportView.as_view(), name="stats-questions"),
    path("api/v1/", include(router.urls)),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", api.api_docs, name="api-docs"),
]
