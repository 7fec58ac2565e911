"""Sign-off API: thin views over the sign-off services and selectors."""

from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import serializers
from rest_framework.generics import ListAPIView
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.policy import Action, allowed, require
from accounts.sessions import authenticated_at, password_reentered_check
from attribution.api.actions import ActionOut, action_or_404
from attribution.models import SignoffEvent, SignoffRecord, SignoffRequest
from attribution.presenters.signoffs import revision_shown
from attribution.selectors.signoffs import signoff_request_get, signoff_requests_visible, signoff_trail
from attribution.services import signoffs as svc
from attribution.services.agreements import credit_agreement_create, credit_agreement_for_signing
from attribution.services.trail import signoff_request_opened
from core.net import client_ip


class RequestSerializer(serializers.ModelSerializer):
    insight_title = serializers.CharField(source="insight.title")
    revision_number = serializers.IntegerField(source="revision.number")
    department = serializers.CharField(source="department.slug")

    class Meta:
        model = SignoffRequest
        fields = ["id", "insight", "insight_title", "revision", "revision_number", "department", "status", "due_on"]


class TrailEventSerializer(serializers.ModelSerializer):
    actor = serializers.EmailField(source="actor.email", allow_null=True, default=None)

    class Meta:
        model = SignoffEvent
        fields = ["kind", "at", "actor", "channel", "ip_address", "user_agent", "detail", "record"]


class RequestDetailSerializer(RequestSerializer):
    content = serializers.JSONField(help_text="The revision's frozen content, which content_hash covers.")
    content_hash = serializers.CharField()
    shown = serializers.JSONField(
        help_text="The revision whole as the sign page shows it: title, summary, category, estimated value and "
        "assumptions, evidence figures, quotes, routing reason and the credit in money."
    )
    terms = serializers.CharField()
    terms_hash = serializers.CharField()
    share = serializers.CharField(allow_null=True)
    consent_text = serializers.CharField()
    trail = TrailEventSerializer(many=True, help_text="The request's evidence trail, oldest first.")

    class Meta(RequestSerializer.Meta):
        fields = [
            *RequestSerializer.Meta.fields, "content", "content_hash", "shown", "terms", "terms_hash", "share",
            "consent_text", "trail",
        ]  # fmt: skip


class RecordSerializer(serializers.ModelSerializer):
    informal = serializers.SerializerMethodField()

    class Meta:
        model = SignoffRecord
        exclude = []
        fields = [
            "id", "kind", "informal", "request", "revision", "content_hash", "department", "signer", "typed_name",
            "consent_text", "agreement", "terms_text", "terms_hash", "credit_share", "reason", "signed_at",
            "ip_address", "user_agent", "authentication", "sequence", "previous_hash", "record_hash",
        ]  # fmt: skip

    def get_informal(self, obj) -> str:
        return "informal — not a signed agreement" if obj.kind == SignoffRecord.Kind.PINKY_SWEAR else ""


class SignInput(serializers.Serializer):
    typed_name = serializers.CharField(allow_blank=True, required=False, default="")
    consent = serializers.BooleanField(required=False, default=False)
    content_hash = serializers.CharField(required=False, default="")
    terms_hash = serializers.CharField(required=False, default="")
    password = serializers.CharField(
        allow_blank=True,
        required=False,
        default="",
        trim_whitespace=False,
        write_only=True,
        style={"input_type": "password"},
        help_text="Your password, needed when you signed in (or your token was issued) too long ago to sign.",
    )


class PinkyInput(serializers.Serializer):
    content_hash = serializers.CharField(required=False, default="")


class DeclineInput(serializers.Serializer):
    reason = serializers.CharField(allow_blank=True, required=False, default="")


class ActionInput(serializers.Serializer):
    description = serializers.CharField(allow_blank=True, required=False, default="")
    owner = serializers.IntegerField(required=False, allow_null=True, default=None)
    due_on = serializers.DateField(required=False, allow_null=True, default=None)


class AgreementInput(serializers.Serializer):
    department = serializers.CharField(required=False, allow_null=True, default=None)
    share = serializers.DecimalField(max_digits=5, decimal_places=4)
    terms = serializers.CharField(allow_blank=True, required=False, default="")


class AnchorOutput(serializers.Serializer):
    sequence = serializers.IntegerField()
    record_hash = serializers.CharField()
    created_at = serializers.DateTimeField()


class VerifyOutput(serializers.Serializer):
    ok = serializers.BooleanField()
    records = serializers.IntegerField()
    anchors = serializers.IntegerField(help_text="Chain anchors checked.")
    latest_anchor = AnchorOutput(allow_null=True)
    record = serializers.IntegerField(required=False, allow_null=True, help_text="The first bad record, if any.")
    sequence = serializers.IntegerField(required=False, help_text="Its sequence (or the anchored one).")
    problem = serializers.CharField(required=False)


def _client(request) -> dict:
    """The client's address through the trusted proxies only (core.net.client_ip), and its agent."""
    return {"ip_address": client_ip(request) or None, "user_agent": request.META.get("HTTP_USER_AGENT", "")}


def _visible(request, pk: int) -> SignoffRequest:
    try:
        return signoff_request_get(user=request.user, request_id=pk)
    except SignoffRequest.DoesNotExist as exc:
        raise Http404 from exc


@extend_schema_view(
    get=extend_schema(
        parameters=[
            OpenApiParameter("status", str, description="The requests' status."),
            OpenApiParameter("department", str, description="Department slug."),
        ]
    )
)
class SignoffRequestList(ListAPIView):
    serializer_class = RequestSerializer

    def get_queryset(self):
        return signoff_requests_visible(
            user=self.request.user,
            status=self.request.query_params.get("status"),
            department=self.request.query_params.get("department"),
        )


class SignoffRequestDetail(APIView):
    @extend_schema(responses=RequestDetailSerializer)
    def get(self, request, pk: int):
        obj = _visible(request, pk)
        signoff_request_opened(user=request.user, request=obj, channel="api", viewed=False, **_client(request))
        agreement = credit_agreement_for_signing(department=obj.department)
        data = RequestSerializer(obj).data
        share = agreement.share if agreement else None
        data.update(
            content=obj.revision.content,
            content_hash=obj.revision.content_hash,
            shown=revision_shown(revision=obj.revision, department_id=obj.department_id, share=share),
            terms=agreement.terms if agreement else "",
            terms_hash=agreement.terms_hash if agreement else "",
            share=str(agreement.share) if agreement else None,
            consent_text=svc.CONSENT_TEXT,
            trail=TrailEventSerializer(signoff_trail(request=obj), many=True).data,
        )
        return Response(data)


class _Answer(APIView):
    input_class: type[serializers.Serializer]

    def parsed(self, request):
        ser = self.input_class(data=request.data)
        ser.is_valid(raise_exception=True)
        return ser.validated_data


class SignoffSign(_Answer):
    input_class = SignInput

    @extend_schema(request=SignInput, responses=RecordSerializer)
    def post(self, request, pk: int):
        _visible(request, pk)
        parsed = self.parsed(request)
        password_reentered_check(request, parsed["password"])  # a wrong one counts as a failed login
        record = svc.signoff_sign(
            user=request.user,
            request_id=pk,
            authenticated_at=authenticated_at(request),
            **parsed,
            **_client(request),
        )
        return Response(RecordSerializer(record).data, status=201)


class SignoffPinkySwear(_Answer):
    input_class = PinkyInput

    @extend_schema(request=PinkyInput, responses=RecordSerializer)
    def post(self, request, pk: int):
        _visible(request, pk)
        record = svc.signoff_pinky_swear(user=request.user, request_id=pk, **self.parsed(request), **_client(request))
        return Response(RecordSerializer(record).data, status=201)


class SignoffDecline(_Answer):
    input_class = DeclineInput

    @extend_schema(request=DeclineInput, responses=RecordSerializer)
    def post(self, request, pk: int):
        _visible(request, pk)
        record = svc.signoff_decline(user=request.user, request_id=pk, **self.parsed(request), **_client(request))
        return Response(RecordSerializer(record).data, status=201)


class SignoffActions(_Answer):
    input_class = ActionInput

    @extend_schema(request=ActionInput, responses={201: ActionOut})
    def post(self, request, pk: int):
        _visible(request, pk)
        d = self.parsed(request)
        action = svc.action_commitment_create(
            user=request.user, request_id=pk, description=d["description"], owner_id=d["owner"], due_on=d["due_on"]
        )
        return Response(ActionOut(action_or_404(request.user, action.pk)).data, status=201)


def _record(request, pk: int) -> SignoffRecord:
    record = SignoffRecord.objects.select_related("request__insight", "department", "signer").filter(pk=pk).first()
    if record is None or not allowed(request.user, Action.VIEW_SIGNOFF, record.department_id):
        raise Http404
    return record


class SignoffRecordDetail(APIView):
    @extend_schema(responses=RecordSerializer)
    def get(self, request, pk: int):
        return Response(RecordSerializer(_record(request, pk)).data)


class SignoffCertificatePdf(APIView):
    @extend_schema(responses={(200, "application/pdf"): bytes})
    def get(self, request, pk: int):
        from attribution.certificates import certificate_pdf_bytes

        record = _record(request, pk)
        response = HttpResponse(certificate_pdf_bytes(record=record), content_type="application/pdf")
        response["Content-Disposition"] = f'inline; filename="signoff-{record.sequence}.pdf"'
        return response


class SignoffVerify(APIView):
    @extend_schema(responses=VerifyOutput)
    def get(self, request):
        require(request.user, Action.VERIFY_SIGNOFFS)
        return Response(svc.signoff_chain_verify())


class CreditAgreementCreate(APIView):
    @extend_schema(request=AgreementInput, responses={201: None})
    def post(self, request):
        from accounts.models import Department

        ser = AgreementInput(data=request.data)
        ser.is_valid(raise_exception=True)
        d = ser.validated_data
        department = None
        if d["department"]:
            department = Department.objects.filter(slug=d["department"], is_contact_center=False).first()
            if department is None:
                raise ValidationError({"department": ["No such department."]})
        agreement = credit_agreement_create(
            user=request.user, department=department, share=d["share"], terms=d["terms"]
        )
        return Response(
            {
                "id": agreement.pk,
                "version": agreement.version,
                "share": str(agreement.share),
                "terms_hash": agreement.terms_hash,
            },
            status=201,
        )
