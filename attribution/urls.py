from django.urls import path

from attribution.views import signoffs as views

urlpatterns: list = [
    path("signoffs/", views.inbox, name="signoff-inbox"),
    path("signoffs/overview/", views.overview, name="signoff-overview"),
    path("signoffs/agreements/", views.agreements, name="signoff-agreements"),
    path("signoffs/requests/<int:pk>/", views.sign, name="signoff-sign"),
    path("signoffs/requests/<int:pk>/decline/", views.decline, name="signoff-decline"),
    path("signoffs/records/<int:pk>/", views.certificate, name="signoff-certificate"),
    path("signoffs/records/<int:pk>/certificate.pdf", views.certificate_pdf, name="signoff-certificate-pdf"),
]
