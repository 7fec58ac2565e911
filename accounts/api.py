import logging

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import generics, permissions, status
from rest_framework.response import Response
from rest_framework.throttling import ScopedRateThrottle
from rest_framework.views import APIView

from accounts.models import AuditEntry, User
from accounts.policy import Action, require
from accounts.selectors import api_tokens_of, audit_entries, people_list
from accounts.serializers import (
    ApiTokenSerializer,
    AuditEntrySerializer,
    InvitationSerializer,
    MeSerializer,
    PersonChangeSerializer,
    PersonSerializer,
    RoleRequestSerializer,
    TokenRequestSerializer,
    TokenResponseSerializer,
)
from accounts.services import (
    api_token_create,
    api_token_revoke,
    user_active_set,
    user_invite,
    user_role_grant,
    user_role_revoke,
)
from core.net import client_ip

logger = logging.getLogger("accounts.api")


class ClientAddressRateThrottle(ScopedRateThrottle):
    """A scoped rate limit keyed on the client address as `core.net.client_ip` takes it (trusted hops only)."""

    def get_ident(self, request) -> str:
        return client_ip(request)

    def throttle_failure(self) -> bool:
        logger.warning("Request refused by the %r rate limit for address %s", self.scope, self.key)
        return False


class TokenObtainView(APIView):
    """Exchange an e-mail address and password for an API token (`Authorization: Token …`).

    The token expires after API_TOKEN_TTL_HOURS; after LOGIN_FAILURE_LIMIT wrong passwords the account and the
    client address are refused with 429 for LOGIN_FAILURE_WINDOW_MINUTES.
    """

    authentication_classes: list = []
    permission_classes = [permissions.AllowAny]
    throttle_classes = [ClientAddressRateThrottle]
    throttle_scope = "token"

    @extend_schema(
        request=TokenRequestSerializer,
        responses={200: TokenResponseSerializer, 429: OpenApiResponse(description="Locked out or rate limited.")},
    )
    def post(self, request):
        serializer = TokenRequestSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        _, key = api_token_create(user=serializer.validated_data["user"])
        return Response({"token": key})


class TokenListView(APIView):
    """The signed-in user's API tokens that still work (never their keys)."""

    @extend_schema(responses=ApiTokenSerializer(many=True))
    def get(self, request):
        tokens = api_tokens_of(user=request.user)
        return Response(ApiTokenSerializer(tokens, many=True, context={"request": request}).data)


class TokenDetailView(APIView):
    """Revoke one of the signed-in user's API tokens."""

    @extend_schema(responses={204: None, 404: OpenApiResponse(description="Not one of your tokens.")})
    def delete(self, request, token_id: str):
        api_token_revoke(user=request.user, token_id=token_id)
        return Response(status=status.HTTP_204_NO_CONTENT)


class MeView(APIView):
    """The signed-in user, their departments and roles."""

    @extend_schema(responses=MeSerializer)
    def get(self, request):
        user = User.objects.prefetch_related("memberships__department").get(pk=request.user.pk)
        return Response(MeSerializer(user).data)


# --- Administration (issue 18): the same services as the People and departments page, audited alike ------------


class PeopleView(generics.ListAPIView):
    """Everyone and their roles (GET); invite a person by e-mail (POST: a set-password link is e-mailed)."""

    serializer_class = PersonSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return User.objects.none()
        require(self.request.user, Action.MANAGE_USERS)
        return people_list()

    @extend_schema(request=InvitationSerializer, responses={201: PersonSerializer})
    def post(self, request):
        require(request.user, Action.MANAGE_USERS)
        data = _valid(InvitationSerializer, request)
        user = user_invite(by=request.user, **data)
        return Response(PersonSerializer(user).data, status=status.HTTP_201_CREATED)


def _valid(serializer_class, request) -> dict:
    serializer = serializer_class(data=request.data)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


def _person(request, pk: int) -> User:
    require(request.user, Action.MANAGE_USERS)
    return get_object_or_404(User, pk=pk)


class PersonView(APIView):
    """One person (GET); deactivate or reactivate them (PATCH `{"is_active": false}`)."""

    @extend_schema(responses=PersonSerializer)
    def get(self, request, pk: int):
        return Response(PersonSerializer(_person(request, pk)).data)

    @extend_schema(request=PersonChangeSerializer, responses=PersonSerializer)
    def patch(self, request, pk: int):
        person = _person(request, pk)
        user_active_set(by=request.user, user=person, active=_valid(PersonChangeSerializer, request)["is_active"])
        return Response(PersonSerializer(person).data)


class PersonRoleView(APIView):
    """Give a role (POST `{"role": "signatory", "department": "marketing"}`) or take it away (same body, to
    …/roles/revoke/); organisation-wide roles (executive, admin) name no department."""

    revoke = False

    @extend_schema(request=RoleRequestSerializer, responses=PersonSerializer)
    def post(self, request, pk: int):
        person = _person(request, pk)
        data = _valid(RoleRequestSerializer, request)
        change = user_role_revoke if self.revoke else user_role_grant
        change(by=request.user, user=person, role=data["role"], department=data["department"])
        return Response(PersonSerializer(User.objects.get(pk=person.pk)).data)


class AuditLogView(generics.ListAPIView):
    """Every change administrators made to people and roles, newest first."""

    serializer_class = AuditEntrySerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return AuditEntry.objects.none()
        require(self.request.user, Action.VIEW_AUDIT_LOG)
        return audit_entries()
