"""Reports over the API: ``POST /api/v1/reports/`` answers 202 with the job's URL; poll it; download."""

from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from . import services
from .models import Format, Kind, ReportJob
from .views import file_response, get_job_for_user, job_state


class ReportRequestInput(serializers.Serializer):
    kind = serializers.ChoiceField(choices=Kind.choices)
    format = serializers.ChoiceField(choices=Format.choices)
    scope = serializers.DictField(required=False, default=dict)


class ReportJobOutput(serializers.Serializer):
    """What ``views.job_state`` returns, with the job's own URL: for the OpenAPI schema."""

    id = serializers.IntegerField()
    kind = serializers.ChoiceField(choices=Kind.choices)
    format = serializers.ChoiceField(choices=Format.choices)
    scope = serializers.DictField()
    status = serializers.ChoiceField(choices=ReportJob.Status.choices)
    status_display = serializers.CharField()
    progress = serializers.IntegerField(min_value=0, max_value=100)
    rows_done = serializers.IntegerField()
    rows_total = serializers.IntegerField(allow_null=True)
    error = serializers.CharField(help_text="Why the job failed, in words for the person who asked.")
    created_at = serializers.DateTimeField()
    finished_at = serializers.DateTimeField(allow_null=True)
    expires_at = serializers.DateTimeField(allow_null=True)
    url = serializers.URLField()
    download_url = serializers.URLField(allow_null=True)


class ReportsAPIView(APIView):
    permission_classes = [IsAuthenticated]

    def job_response(self, job, status_code=status.HTTP_200_OK) -> Response:
        url = self.request.build_absolute_uri(reverse("reports-api:detail", args=[job.pk]))
        state = job_state(job)
        state["url"] = url
        if state["download_url"]:
            state["download_url"] = self.request.build_absolute_uri(
                reverse("reports-api:file", args=[job.pk])
            )
        return Response(state, status=status_code, headers={"Location": url})


class ReportJobList(ReportsAPIView):
    @extend_schema(request=ReportRequestInput, responses={202: ReportJobOutput})
    def post(self, request):
        data = ReportRequestInput(data=request.data)
        data.is_valid(raise_exception=True)
        job = services.report_job_request(
            kind=data.validated_data["kind"],
            fmt=data.validated_data["format"],
            scope=data.validated_data["scope"],
            by=request.user,
        )
        job.refresh_from_db()  # eager mode (no REDIS_URL) has already run it
        return self.job_response(job, status.HTTP_202_ACCEPTED)


class ReportJobDetail(ReportsAPIView):
    @extend_schema(responses=ReportJobOutput)
    def get(self, request, pk):
        return self.job_response(get_job_for_user(request.user, pk))


class ReportJobFile(ReportsAPIView):
    @extend_schema(responses={(200, "application/octet-stream"): OpenApiTypes.BINARY, 409: None, 410: None})
    def get(self, request, pk):
        return file_response(get_job_for_user(request.user, pk))
