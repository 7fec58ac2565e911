import logging

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import permissions, status
from rest_framework.response import Response
from rest_framework.throttling import ScopedRateThrottle
from rest_framework.views import APIView

from accounts.models import User
from accounts.selectors import api_tokens_of
from accounts.serializers import (
    ApiTokenSerializer,
    MeSerializer,
    TokenRequestSerializer,
    TokenResponseSerializer,
)
from accounts.services import api_token_create, api_token_revoke
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
