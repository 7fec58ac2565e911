"""Contact imports over the API: upload a file (imported by a worker), then follow its progress and errors."""

from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import generics, serializers, status
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.policy import Action, require
from insights.models import ImportJob, ImportRowError
from insights.selectors.imports import ERRORS_SHOWN, import_job_errors, import_job_list
from insights.services.imports import import_job_create


class ImportRowErrorSerializer(serializers.ModelSerializer):
    row = serializers.IntegerField(source="row_number")

    class Meta:
        model = ImportRowError
        fields = ["row", "field", "message"]


class ImportJobSerializer(serializers.ModelSerializer):
    progress = serializers.FloatField(help_text="0 to 1.")
    url = serializers.SerializerMethodField()

    class Meta:
        model = ImportJob
        fields = [
            "id",
            "url",
            "source",
            "file_name",
            "checksum",
            "size_bytes",
            "status",
            "rows",
            "created",
            "duplicates",
            "rejected",
            "progress",
            "error",
            "created_at",
            "started_at",
            "finished_at",
        ]

    @extend_schema_field(serializers.CharField())
    def get_url(self, job: ImportJob) -> str:
        return f"/api/imports/{job.pk}/"


class ImportJobDetailSerializer(ImportJobSerializer):
    row_errors = serializers.SerializerMethodField(help_text=f"The first {ERRORS_SHOWN} rejected-row errors.")

    class Meta(ImportJobSerializer.Meta):
        fields = [*ImportJobSerializer.Meta.fields, "row_errors"]

    @extend_schema_field(ImportRowErrorSerializer(many=True))
    def get_row_errors(self, job: ImportJob) -> list[dict]:
        return ImportRowErrorSerializer(import_job_errors(job=job), many=True).data


class ImportUploadSerializer(serializers.Serializer):
    file = serializers.FileField(help_text="CSV with a header row, or JSON Lines; UTF-8.")
    source = serializers.CharField(max_length=60, help_text="The system the contacts come from.")


class ImportListCreateView(generics.ListAPIView):
    """Import jobs, newest first; POST a file (multipart) to import it in the background."""

    serializer_class = ImportJobSerializer
    parser_classes = [MultiPartParser, FormParser]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return self.serializer_class.Meta.model.objects.none()
        require(self.request.user, Action.IMPORT_CONTACTS)
        return import_job_list()

    @extend_schema(request=ImportUploadSerializer, responses={202: ImportJobSerializer})
    def post(self, request):
        upload = request.FILES.get("file")
        job = import_job_create(upload=upload, source=request.data.get("source", ""), user=request.user)
        return Response(ImportJobSerializer(job).data, status=status.HTTP_202_ACCEPTED)


class ImportJobDetailView(APIView):
    """One import job: status, progress, counts and the rows it rejected (with row number and field)."""

    @extend_schema(responses=ImportJobDetailSerializer)
    def get(self, request, pk: int):
        require(request.user, Action.IMPORT_CONTACTS)
        job = generics.get_object_or_404(import_job_list(), pk=pk)
        return Response(ImportJobDetailSerializer(job).data)
