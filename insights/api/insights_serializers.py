"""Serializers of the insight API: input shapes, and one output shape for working copies and revisions alike."""

from rest_framework import serializers

from core.money import MoneySerializerField
from insights.markdown import markdown_to_html
from insights.masking import content_masked
from insights.models import Category, Contact, Insight, InsightRevision, InsightStatus
from insights.models.insights import ROUTING_REASON_MAX_LENGTH
from insights.plain_language import insight_jargon_warnings
from insights.selectors.erasure import erased_contact_ids
from insights.selectors.insights import insight_routes


class EvidenceInputSerializer(serializers.Serializer):
    contact = serializers.IntegerField()
    note = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")


class RouteInputSerializer(serializers.Serializer):
    department = serializers.SlugField(help_text="Department slug, as in `departments`.")
    reason = serializers.CharField(
        max_length=ROUTING_REASON_MAX_LENGTH,
        required=False,
        allow_blank=True,
        default="",
        help_text="Why this department should act on the insight; shown to its signatories.",
    )


class InsightWriteSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=200)
    summary = serializers.CharField(required=False, allow_blank=True, default="", trim_whitespace=False)
    customer_voice = serializers.ListField(child=serializers.CharField(), required=False, default=list)
    category = serializers.ChoiceField(choices=Category.choices, required=False, allow_blank=True, default="")
    estimated_value = MoneySerializerField(required=False, allow_null=True, default=None)
    currency = serializers.CharField(max_length=3, required=False, allow_blank=True, default="")
    value_assumptions = serializers.CharField(required=False, allow_blank=True, default="", trim_whitespace=False)
    departments = serializers.ListField(
        child=serializers.SlugField(),
        required=False,
        default=list,
        help_text="Department slugs, routed without a reason.",
    )
    routing = RouteInputSerializer(
        many=True,
        required=False,
        default=list,
        help_text="Departments with the reason each is routed for; routed together with `departments`.",
    )
    evidence = EvidenceInputSerializer(many=True, required=False, default=list)


class EmergingIssueDraftInputSerializer(serializers.Serializer):
    emerging_issue = serializers.IntegerField()


class WithdrawInputSerializer(serializers.Serializer):
    reason = serializers.CharField(required=False, allow_blank=True, default="")


class PublishResultSerializer(serializers.Serializer):
    revision = serializers.IntegerField(help_text="The revision number.")
    revision_id = serializers.IntegerField()
    content_hash = serializers.CharField()
    published_at = serializers.DateTimeField()


class DepartmentRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    slug = serializers.CharField()
    name = serializers.CharField()


class RouteSerializer(DepartmentRefSerializer):
    reason = serializers.CharField(help_text="Why it was routed to this department; empty when none was given.")


class RevisionSerializer(serializers.ModelSerializer):
    published_by = serializers.CharField(source="published_by.full_name", read_only=True)

    class Meta:
        model = InsightRevision
        fields = ["id", "number", "content_hash", "published_at", "published_by", "title", "estimated_value"]


class RevisionDetailSerializer(RevisionSerializer):
    class Meta(RevisionSerializer.Meta):
        fields = [*RevisionSerializer.Meta.fields, "canonical_json"]


class EvidenceSerializer(serializers.Serializer):
    contact = serializers.IntegerField()
    note = serializers.CharField()
    channel = serializers.CharField()
    started_at = serializers.DateTimeField()
    reason_code = serializers.CharField()
    csat = serializers.IntegerField(allow_null=True)
    sentiment = serializers.CharField(allow_null=True)
    text = serializers.CharField()
    removed_at_customer_request = serializers.BooleanField(
        default=False, help_text="The contact was erased at the customer's request; its excerpt is not shown."
    )


def _departments(items) -> list[dict]:
    return [{"id": d.pk, "slug": d.slug, "name": d.name} for d in items]


class InsightListSerializer(serializers.Serializer):
    """An insight in a list: the working copy for center staff, the published revision for everyone else."""

    id = serializers.IntegerField()
    title = serializers.CharField()
    category = serializers.ChoiceField(choices=Category.choices, allow_blank=True)
    estimated_value = MoneySerializerField(allow_null=True)
    currency = serializers.CharField()
    status = serializers.ChoiceField(choices=InsightStatus.choices)
    has_unpublished_changes = serializers.BooleanField()
    departments = DepartmentRefSerializer(many=True)
    evidence_count = serializers.IntegerField()
    revision = serializers.IntegerField(allow_null=True, help_text="Number of the current published revision.")
    content_hash = serializers.CharField(allow_null=True)
    published_at = serializers.DateTimeField(allow_null=True)
    updated_at = serializers.DateTimeField()

    @staticmethod
    def _evidence_count(insight: Insight, drafts: bool) -> int:
        if not drafts:
            return insight.current_revision.evidence_count
        if hasattr(insight, "evidence_count"):
            return insight.evidence_count
        return len(insight.evidence.all())

    def to_representation(self, insight: Insight) -> dict:
        drafts = bool(self.context.get("drafts"))
        revision = insight.current_revision
        source = insight if drafts else revision
        value = source.estimated_value
        return {
            "id": insight.pk,
            "title": source.title,
            "category": source.category,
            "estimated_value": None if value is None else f"{value:.2f}",
            "currency": source.currency,
            "status": insight.status,
            "has_unpublished_changes": insight.has_unpublished_changes if drafts else False,
            "departments": _departments(
                insight.routed_departments if hasattr(insight, "routed_departments") else source.departments.all()
            ),
            "evidence_count": self._evidence_count(insight, drafts),
            "revision": revision.number if revision else None,
            "content_hash": revision.content_hash if revision else None,
            "published_at": serializers.DateTimeField().to_representation(insight.published_at)
            if insight.published_at
            else None,
            "updated_at": serializers.DateTimeField().to_representation(insight.updated_at),
        }


def _frozen_evidence(row: dict, erased: set[int]) -> dict:
    """A frozen evidence row as the API shows it; an erased contact's excerpt is withheld, not un-frozen."""
    row = {"contact": row["contact_id"], **{k: v for k, v in row.items() if k != "contact_id"}}
    row["removed_at_customer_request"] = row["contact"] in erased
    if row["removed_at_customer_request"]:
        row["text"] = ""
    return row


class InsightDetailSerializer(InsightListSerializer):
    summary = serializers.CharField()
    summary_html = serializers.CharField(help_text="The summary rendered from markdown and sanitised.")
    customer_voice = serializers.ListField(child=serializers.CharField())
    value_assumptions = serializers.CharField()
    statistics = serializers.DictField()
    evidence = EvidenceSerializer(many=True)
    routing = RouteSerializer(many=True, help_text="The routed departments, each with its reason.")
    revisions = RevisionSerializer(many=True)
    jargon_warnings = serializers.DictField(help_text="Unexplained jargon in title and summary, per field.")

    def to_representation(self, insight: Insight) -> dict:
        data = super().to_representation(insight)
        drafts = bool(self.context.get("drafts"))
        if drafts:
            content = {
                "summary": insight.summary,
                "customer_voice": insight.customer_voice,
                "value_assumptions": insight.value_assumptions,
                "statistics": insight.statistics,
            }
            evidence = [
                {
                    "contact": e.contact_id,
                    "note": e.note,
                    "channel": e.contact.channel,
                    "started_at": serializers.DateTimeField().to_representation(e.contact.started_at),
                    "reason_code": e.contact.reason_code,
                    "csat": e.contact.csat,
                    "sentiment": None if e.contact.sentiment is None else str(e.contact.sentiment),
                    "text": e.contact.text,
                    "removed_at_customer_request": False,
                }
                for e in insight.evidence.all()
            ]
            routing = [
                {"id": r.department_id, "slug": r.department.slug, "name": r.department.name, "reason": r.reason}
                for r in insight_routes(insight=insight)
            ]
        else:
            content = content_masked(insight.current_revision.content)  # read outside the center
            erased = erased_contact_ids(insight_id=insight.pk)
            evidence = [_frozen_evidence(e, erased) for e in content["evidence"]]
            routing = [{"reason": "", **d} for d in content.get("departments") or []]
        data.update(
            summary=content["summary"],
            summary_html=markdown_to_html(content["summary"]),
            customer_voice=content["customer_voice"],
            value_assumptions=content["value_assumptions"],
            statistics=content["statistics"],
            evidence=evidence,
            routing=routing,
            revisions=RevisionSerializer(insight.revisions.all(), many=True).data,
            jargon_warnings=insight_jargon_warnings(title=data["title"], summary=content["summary"]) if drafts else {},
        )
        return data


class ContactEvidenceSerializer(serializers.ModelSerializer):
    class Meta:
        model = Contact
        fields = [
            "id",
            "channel",
            "started_at",
            "reason_code",
            "queue",
            "csat",
            "nps",
            "sentiment",
            "text",
            "customer_ref",
            "account_value",
        ]
