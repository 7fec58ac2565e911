"""A customer's privacy requests over the API (administrators): erase their contacts, export what is stored."""

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.policy import Action, require
from insights.models import Channel, ContactErasure
from insights.selectors.erasure import customer_contacts_export, erasures_before
from insights.services.erasure import CUSTOMER_REF_MAX, contacts_erase, customer_ref_clean


class ErasureRequestSerializer(serializers.Serializer):
    customer_ref = serializers.CharField(max_length=CUSTOMER_REF_MAX, help_text="The customer's reference.")


class ErasureSerializer(serializers.ModelSerializer):
    requested_by = serializers.EmailField(source="requested_by.email", allow_null=True, read_only=True)
    earlier_erasures = serializers.IntegerField(help_text="Earlier erasures for the same customer.")

    class Meta:
        model = ContactErasure
        fields = [
            "id",
            "requested_by",
            "requested_via",
            "erased_at",
            "contacts_erased",
            "evidence_links_removed",
            "emerging_samples_removed",
            "earlier_erasures",
        ]


class ExportedContactSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    source = serializers.CharField()
    external_id = serializers.CharField()
    channel = serializers.ChoiceField(choices=Channel.choices)
    started_at = serializers.DateTimeField()
    queue = serializers.CharField()
    wait_seconds = serializers.IntegerField()
    handle_seconds = serializers.IntegerField()
    abandoned = serializers.BooleanField()
    reason_code = serializers.CharField()
    resolved_first_contact = serializers.BooleanField(allow_null=True)
    csat = serializers.IntegerField(allow_null=True)
    nps = serializers.IntegerField(allow_null=True)
    sentiment = serializers.DecimalField(max_digits=4, decimal_places=3, allow_null=True)
    text = serializers.CharField()
    customer_ref = serializers.CharField()
    account_value = serializers.DecimalField(max_digits=18, decimal_places=2, allow_null=True)


class ExportSerializer(serializers.Serializer):
    customer_ref = serializers.CharField()
    count = serializers.IntegerField()
    contacts = ExportedContactSerializer(many=True)


class ContactErasureView(APIView):
    """POST: erase one customer's contacts everywhere they are linked; the answer counts what went."""

    @extend_schema(request=ErasureRequestSerializer, responses={201: ErasureSerializer})
    def post(self, request):
        require(request.user, Action.ERASE_CONTACTS)
        body = ErasureRequestSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        erasure = contacts_erase(user=request.user, customer_ref=body.validated_data["customer_ref"], via="api")
        erasure.earlier_erasures = erasures_before(erasure=erasure)
        return Response(ErasureSerializer(erasure).data, status=status.HTTP_201_CREATED)


class ContactExportView(APIView):
    """GET ?customer_ref=REF: every stored contact of one customer, for a subject-access request."""

    @extend_schema(
        parameters=[OpenApiParameter("customer_ref", str, required=True, description="The customer's reference.")],
        responses={200: ExportSerializer},
    )
    def get(self, request):
        require(request.user, Action.EXPORT_CONTACTS)
        ref = customer_ref_clean(request.query_params.get("customer_ref"))
        contacts = customer_contacts_export(customer_ref=ref)
        return Response(ExportSerializer({"customer_ref": ref, "count": len(contacts), "contacts": contacts}).data)
