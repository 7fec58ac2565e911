"""The ledger's drill-down for programs: `GET /api/ledger/transactions/` (each transaction with its `amount` on
the filtered accounts, the list's `total` and its filter in words) and the spreadsheet exports of the same list
(`/api/ledger/export.csv`, `/api/ledger/export.xlsx`): one row per transaction, numbers as numbers."""

from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.generics import ListAPIView
from rest_framework.permissions import IsAuthenticated
from rest_framework.views import APIView

from accounts.policy import Action, department_scope, require
from attribution.api.ledger import TransactionOut
from attribution.exports import XLSX_TYPE, csv_text, xlsx_bytes
from attribution.forms.ledger import TransactionQueryForm
from attribution.models import LedgerEntry, LedgerTransaction
from attribution.presenters.ledger import export_header, export_row, filter_words
from attribution.selectors.transactions import (
    Drilldown,
    QueryNames,
    TransactionQuery,
    query_names,
    transaction_lines,
    transactions_query,
)
from core.api import Pagination
from core.money import MoneySerializerField


@dataclass(frozen=True)
class AskedDrilldown:
    query: TransactionQuery
    drilldown: Drilldown
    department_ids: set[int] | None
    words: str
    names: QueryNames


def drilldown_asked(request) -> AskedDrilldown:
    """The caller's query read (400 naming a bad parameter), answered within what the caller may read."""
    require(request.user, Action.BROWSE_LEDGER)
    form = TransactionQueryForm(request.query_params)
    if not form.is_valid():
        raise ValidationError(form.errors.as_data())
    query = form.query()
    scope = department_scope(request.user, Action.VIEW_LEDGER)
    names = query_names(query=query, department_ids=scope, department_rows=form.department_rows())
    words = filter_words(
        query, department_names=names.departments, insight_titles=names.insights, scope_names=names.scope
    )
    return AskedDrilldown(query, transactions_query(query=query, department_ids=scope), scope, words, names)


class DrilldownTransactionOut(TransactionOut):
    amount = MoneySerializerField(
        allow_negative=True,
        read_only=True,
        help_text="The transaction's value on the filtered account(s) (without `account`: the center's credit); "
        "value realised counts positive (it is the credit side), a reversal negative.",
    )

    class Meta(TransactionOut.Meta):
        fields = [*TransactionOut.Meta.fields, "amount"]


class DrilldownPagination(Pagination):
    """A page of the list, with the `total` of the whole list (every page) and its filter in words."""

    total: Decimal = Decimal("0.00")
    words = ""

    def get_paginated_response(self, data):
        response = super().get_paginated_response(data)
        response.data["total"] = str(self.total)
        response.data["filter"] = self.words
        return response

    def get_paginated_response_schema(self, schema):
        schema = super().get_paginated_response_schema(schema)
        schema["properties"]["total"] = {
            "type": "string",
            "format": "decimal",
            "description": "The sum of every listed transaction's `amount`, on all pages: the figure drilled into.",
        }
        schema["properties"]["filter"] = {"type": "string", "description": "The filter in words."}
        schema["required"] = [*schema.get("required", []), "total", "filter"]
        return schema


QUERY_PARAMETERS = [
    OpenApiParameter("account", str, description="center, center:secured, department:<slug>, value_realised, ..."),
    OpenApiParameter("department", str, description="Department slug."),
    OpenApiParameter("insight", str, many=True, description="Insight id (repeatable), or none."),
    OpenApiParameter("category", str, description="Business area, or none for not assigned."),
    OpenApiParameter("kind", str, description="Outcome kind (new_revenue, ...) or transaction kind (reversal, ...)."),
    OpenApiParameter("date", OpenApiTypes.DATE, description="The transactions' effective day."),
    OpenApiParameter("month", OpenApiTypes.DATE, description="Any day of the month."),
    OpenApiParameter("start", OpenApiTypes.DATE, description="First day counted (alone: that month)."),
    OpenApiParameter("end", OpenApiTypes.DATE, description="First day no longer counted."),
    OpenApiParameter("year", int),
    OpenApiParameter("quarter", int),
]


@extend_schema(parameters=QUERY_PARAMETERS)
class TransactionListView(ListAPIView):
    permission_classes = [IsAuthenticated]
    serializer_class = DrilldownTransactionOut
    pagination_class = DrilldownPagination

    def list(self, request, *args, **kwargs):
        asked = drilldown_asked(request)
        self.paginator.total, self.paginator.words = asked.drilldown.total, asked.words
        transactions = asked.drilldown.transactions.prefetch_related(
            Prefetch("entries", LedgerEntry.objects.select_related("department"))
        )
        page = self.paginate_queryset(asked.drilldown.pageable(transactions))
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    def get_queryset(self):
        return LedgerTransaction.objects.none()  # `list` asks the drill-down; this serves the schema


def export_table(request) -> tuple[str, list[str], list[list]]:
    """The drill-down as a spreadsheet's title, header and rows: one row per transaction."""
    asked = drilldown_asked(request)
    names = asked.names
    lines = transaction_lines(
        transactions=list(asked.drilldown.transactions), query=asked.query, department_ids=asked.department_ids
    )
    rows = [export_row(line, names.departments) for line in lines]
    return asked.words, export_header(settings.CURRENCY), rows


class ExportView(APIView):
    """The drill-down (same parameters as the transaction list) as CSV: one row per transaction with its
    date, description, department, insight, amount and account; amounts as plain numbers."""

    permission_classes = [IsAuthenticated]

    @extend_schema(parameters=QUERY_PARAMETERS, responses={(200, "text/csv"): OpenApiTypes.STR})
    def get(self, request):
        _, header, rows = export_table(request)
        response = HttpResponse(csv_text(header, rows), content_type="text/csv")
        response["Content-Disposition"] = 'attachment; filename="ledger.csv"'
        return response


class ExportXlsxView(APIView):
    """The same drill-down as an Excel workbook with typed cells (dates as dates, amounts as numbers)."""

    permission_classes = [IsAuthenticated]

    @extend_schema(parameters=QUERY_PARAMETERS, responses={(200, XLSX_TYPE): OpenApiTypes.BINARY})
    def get(self, request):
        title, header, rows = export_table(request)
        response = HttpResponse(xlsx_bytes(header, rows, title=title), content_type=XLSX_TYPE)
        response["Content-Disposition"] = 'attachment; filename="ledger.xlsx"'
        return response
