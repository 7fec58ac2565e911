"""POST /api/recommendations/{id}/decision/ — an executive approves, declines (with a reason) or asks for more."""

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.policy import Action, require
from attribution.models import Recommendation, RecommendationDecision
from attribution.services.recommendations import recommendation_decide


class DecisionIn(serializers.Serializer):
    answer = serializers.ChoiceField(choices=RecommendationDecision.Answer.values)
    reason = serializers.CharField(required=False, allow_blank=True, default="", trim_whitespace=False)


class DecisionOut(serializers.Serializer):
    id = serializers.IntegerField()
    recommendation = serializers.IntegerField(source="recommendation_id")
    answer = serializers.CharField()
    reason = serializers.CharField()
    decided_by = serializers.CharField(source="decided_by.email")
    decided_at = serializers.DateTimeField()


class RecommendationDecisionView(APIView):
    @extend_schema(request=DecisionIn, responses={201: DecisionOut})
    def post(self, request, pk: int):
        """Record the answer (who, when, what, why); approval and decline are final, 400 after them."""
        require(request.user, Action.DECIDE_RECOMMENDATION)
        recommendation = get_object_or_404(Recommendation, pk=pk)
        incoming = DecisionIn(data=request.data)
        incoming.is_valid(raise_exception=True)
        decision = recommendation_decide(recommendation=recommendation, user=request.user, **incoming.validated_data)
        return Response(DecisionOut(decision).data, status=status.HTTP_201_CREATED)
