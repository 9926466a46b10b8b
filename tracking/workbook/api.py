"""The workbook round trip in the API: ``GET`` the workbook, ``POST`` it back for a preview, confirm, submit.

The same services and access rules as the pages; errors in the API's one format. A preview that refuses
rows answers ``201`` with the refusals listed (the preview itself succeeded); confirming while a refused
row is not left out answers ``400`` naming each row and its reasons, and writes nothing.
"""

from django.http import Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_field
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import JSONParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from upr_tracker import access

from ..api import TrackingAPIView
from ..models import WorkbookUpload
from . import services
from .forms import DownloadForm
from .views import download_response


class UploadInput(serializers.Serializer):
    file = serializers.FileField(help_text="The filled-in workbook (.xlsx).")


class ConfirmInput(serializers.Serializer):
    leave_out = serializers.ListField(
        child=serializers.IntegerField(min_value=1),
        required=False,
        default=list,
        help_text="Row numbers of refused rows to leave out; any other refused row stops the confirmation.",
    )


class ReasonOutput(serializers.Serializer):
    code = serializers.CharField()
    message = serializers.CharField()


class RowOutput(serializers.Serializer):
    row = serializers.IntegerField()
    outcome = serializers.ChoiceField(choices=["create", "update", "unchanged", "refused"])
    recommendation = serializers.CharField(help_text="The recommendation's public id, or the action's label.")
    institution = serializers.CharField()
    kind = serializers.CharField(
        help_text="`recommendation` or `action`; empty when the row names nothing you may see."
    )
    url = serializers.CharField(help_text="The page of the recommendation or action.")
    reasons = ReasonOutput(many=True)
    changes = serializers.ListField(child=serializers.CharField())


class UploadOutput(serializers.ModelSerializer):
    counts = serializers.SerializerMethodField()
    rows = serializers.SerializerMethodField()
    updates = serializers.PrimaryKeyRelatedField(many=True, read_only=True)

    class Meta:
        model = WorkbookUpload
        fields = ["id", "file_name", "state", "problem", "created_at", "counts", "rows", "updates"]

    def get_counts(self, upload) -> dict[str, int]:
        return upload.summary.get("counts", {})

    @extend_schema_field(RowOutput(many=True))
    def get_rows(self, upload):
        return upload.summary.get("rows", [])


SCOPE_PARAMETERS = [
    OpenApiParameter(
        "institution", int, description="An institution id (focal points and validators: their own)."
    ),
    OpenApiParameter("cluster", int, description="A national cluster (theme id); coordinators."),
    OpenApiParameter("working_group", int, description="A working group id; coordinators."),
    OpenApiParameter("plan", int, description="An adopted action plan id; coordinators."),
    OpenApiParameter("language", str, enum=["en", "fr", "es"], description="The workbook's language."),
]


class WorkbookView(TrackingAPIView, APIView):
    """The reporting workbook of a scope, as the page's download gives it."""

    @extend_schema(
        parameters=SCOPE_PARAMETERS,
        responses={(200, services.XLSX_TYPE): OpenApiTypes.BINARY, 400: None, 403: None},
    )
    def get(self, request):
        form = DownloadForm(request.query_params, user=request.user)
        if not form.is_valid():
            raise serializers.ValidationError(form.errors.get_json_data())
        return download_response(request.user, form)


class WorkbookUploadViewSet(TrackingAPIView, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Uploaded workbooks: post one for its preview, then confirm it (drafts), then submit the drafts."""

    serializer_class = UploadOutput
    parser_classes = [MultiPartParser, JSONParser]

    def get_queryset(self):
        return WorkbookUpload.objects.prefetch_related("updates")

    def get_object(self):
        upload = super().get_object()
        if not access.can_view_workbook_upload(self.request.user, upload):
            raise Http404
        return upload

    def _render(self, upload, code=status.HTTP_200_OK):
        upload = self.get_queryset().get(pk=upload.pk)
        return Response(UploadOutput(upload).data, status=code)

    @extend_schema(request={"multipart/form-data": UploadInput}, responses={201: UploadOutput})
    def create(self, request):
        serializer = UploadInput(data=request.data)
        serializer.is_valid(raise_exception=True)
        file = serializer.validated_data["file"]
        upload = services.workbook_upload_preview(by=request.user, file=file)
        return self._render(upload, status.HTTP_201_CREATED)

    @extend_schema(
        request=ConfirmInput,
        responses={
            200: UploadOutput,
            202: OpenApiResponse(
                UploadOutput,
                description="A large workbook: a worker writes it; `state` is `confirming` until done.",
            ),
            400: OpenApiResponse(description="Refused rows remain; nothing written."),
        },
    )
    @action(detail=True, methods=["post"], parser_classes=[JSONParser])
    def confirm(self, request, pk=None):
        upload = self.get_object()
        serializer = ConfirmInput(data=request.data)
        serializer.is_valid(raise_exception=True)
        written = services.workbook_upload_confirm(
            upload=upload, by=request.user, leave_out=serializer.validated_data["leave_out"]
        )
        upload.refresh_from_db()
        return self._render(upload, status.HTTP_202_ACCEPTED if written is None else status.HTTP_200_OK)

    @extend_schema(request=None, responses={200: UploadOutput})
    @action(detail=True, methods=["post"], parser_classes=[JSONParser])
    def submit(self, request, pk=None):
        upload = self.get_object()
        services.workbook_upload_submit(upload=upload, by=request.user)
        return self._render(upload)
