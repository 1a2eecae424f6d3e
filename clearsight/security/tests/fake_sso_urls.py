"""A stand-in for mozilla_django_oidc.urls in the SSO hook's test."""

from django.http import HttpResponse
from django.urls import path


def authenticate(request):
    return HttpResponse("to the identity provider")


urlpatterns = [path("authenticate/", authenticate, name="oidc_authentication_init")]
