"""Actions API: the actions departments committed to, and marking one done or dropped."""

from django.http import Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.generics import ListAPIView
from rest_framework.response import Response
from rest_framework.views import APIView

from attribution.filters import ActionCommitmentFilter
from attribution.models import ActionCommitment
from attribution.selectors.signoffs import action_commitment_get, action_commitments_visible
from attribution.services.signoffs import action_commitment_set_status


class ActionOut(serializers.ModelSerializer):
    insight = serializers.IntegerField(source="request.insight_id", read_only=True)
    insight_title = serializers.CharField(source="request.insight.title", read_only=True)
    department = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    owner_name = serializers.StringRelatedField(source="owner", read_only=True)
    overdue = serializers.BooleanField(source="is_overdue", read_only=True, help_text="Open after its due date.")
    done_on_time = serializers.BooleanField(
        read_only=True, allow_null=True, help_text="Done on or before its due date; null unless done."
    )

    class Meta:
        model = ActionCommitment
        fields = [
            "id", "request", "insight", "insight_title", "department", "description", "owner", "owner_name",
            "due_on", "status", "done_on", "drop_reason", "overdue", "done_on_time", "created_at",
        ]  # fmt: skip
        read_only_fields = fields


class ActionStatusIn(serializers.Serializer):
    status = serializers.ChoiceField(
        choices=[(s.value, s.label) for s in (ActionCommitment.Status.DONE, ActionCommitment.Status.DROPPED)],
        help_text="done: finished today; dropped: will not be done (give a reason).",
    )
    reason = serializers.CharField(
        required=False, allow_blank=True, default="", help_text="Why the action is dropped; required for dropped."
    )


ERROR = OpenApiResponse(
    OpenApiTypes.OBJECT,
    description="The field that was refused, with its messages.",
    examples=[
        OpenApiExample("No reason", value={"reason": ["Say why the action is dropped."]}),
        OpenApiExample(
            "Already finished", value={"status": ["This action is already done; only open actions change."]}
        ),
    ],
)


def action_or_404(user, pk: int) -> ActionCommitment:
    try:
        return action_commitment_get(user=user, action_id=pk)
    except ActionCommitment.DoesNotExist as exc:
        raise Http404 from exc


class ActionList(ListAPIView):
    """The actions you may see: your department's, or every department's for center staff and executives.
    Open actions come first, then by due date."""

    serializer_class = ActionOut
    filterset_class = ActionCommitmentFilter

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return ActionCommitment.objects.none()
        return action_commitments_visible(user=self.request.user)


class ActionStatusChange(APIView):
    @extend_schema(
        summary="Mark an action done or dropped",
        description="A person of the action's department marks an open action done (today) or drops it with a "
        "reason. Sending the status it already holds returns it unchanged; any other change to a finished action "
        "is refused (400).",
        request=ActionStatusIn,
        responses={
            200: ActionOut,
            400: ERROR,
            403: OpenApiResponse(description="You may see the action but not change it (e.g. an executive)."),
            404: OpenApiResponse(description="No such action, or another department's."),
        },
    )
    def post(self, request, pk: int):
        action = action_or_404(request.user, pk)
        parsed = ActionStatusIn(data=request.data)
        parsed.is_valid(raise_exception=True)
        action_commitment_set_status(user=request.user, action_id=action.pk, **parsed.validated_data)
        return Response(ActionOut(action_or_404(request.user, pk)).data)
