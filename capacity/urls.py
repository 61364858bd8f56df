from __future__ import annotations

from django.urls import path

from . import views

urlpatterns = [
    path("", views.overview, name="capacity-overview"),
    path("declare/", views.declare, name="capacity-declare"),
    path("declarations/<uuid:code>/", views.declaration_detail, name="capacity-declaration"),
    path("declarations/<uuid:code>/pdf/", views.declaration_pdf, name="capacity-declaration-pdf"),
    path(
        "declarations/<uuid:code>/acknowledge/",
        views.declaration_acknowledge,
        name="capacity-declaration-acknowledge",
    ),
    path(
        "declarations/<uuid:code>/withdraw/",
        views.declaration_withdraw,
        name="capacity-declaration-withdraw",
    ),
    path("cases/<uuid:case_code>/fill/", views.fill_place, name="capacity-fill-place"),
    path("places/new/", views.pool_new, name="capacity-pool-new"),
    path("places/<uuid:code>/", views.pool_edit, name="capacity-pool-edit"),
    path("recipients/", views.recipients, name="capacity-recipients"),
    path("recipients/<uuid:code>/", views.recipient_edit, name="capacity-recipient-edit"),
]
