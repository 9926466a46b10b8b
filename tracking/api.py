"""Write side of the API: ministries' own systems report status updates, transitions and indicator values.

Token- or session-authenticated (the one DRF setting, no HTTP Basic); the same services and access rules
as the web forms. Errors come in the API's one format (``upr_tracker.api``) with 400 (invalid), 401 (no
valid token or session), 403 (forbidden), 404 (not visible to the caller) or 409 (conflict: someone
saved a newer version).
"""

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from indicators.models import Indicator, IndicatorValue
from indicators.services import indicator_value_record
from institutions.models import Institution
from plans.models import Action
from recommendations.models import Recommendation
from upr_tracker import access
from upr_tracker.errors import ApplicationError
from upr_tracker.parsers import JSONParser

from . import services
from .models import NARRATIVE_MAX_LENGTH, Evidence, StatusUpdate


class IndicatorValueInput(serializers.Serializer):
    indicator = serializers.PrimaryKeyRelatedField(queryset=Indicator.objects.all())
    date = serializers.DateField()
    value = serializers.DecimalField(max_digits=16, decimal_places=4)
    source = serializers.CharField(required=False, allow_blank=True, max_length=300, default="")
    note = serializers.CharField(required=False, allow_blank=True, default="")


class LinkInput(serializers.Serializer):
    url = serializers.URLField(max_length=500)
    title = serializers.CharField(required=False, allow_blank=True, max_length=200, default="")


class StatusUpdateContent(serializers.Serializer):
    status = serializers.ChoiceField(choices=StatusUpdate._meta.get_field("status").choices)
    level = serializers.ChoiceField(
        choices=StatusUpdate._meta.get_field("level").choices, required=False, allow_blank=True
    )
    narrative = serializers.CharField(required=False, allow_blank=True, max_length=NARRATIVE_MAX_LENGTH)
    challenges = serializers.CharField(required=False, allow_blank=True, max_length=NARRATIVE_MAX_LENGTH)
    period_start = serializers.DateField(required=False, allow_null=True)
    period_end = serializers.DateField(required=False, allow_null=True)
    amount_spent = serializers.DecimalField(
        max_digits=16, decimal_places=2, required=False, allow_null=True, min_value=0
    )
    links = LinkInput(many=True, required=False)
    indicator_values = IndicatorValueInput(many=True, required=False)


class StatusUpdateCreate(StatusUpdateContent):
    """A report on a recommendation (with the reporting institution), or progress on an action (its lead
    institution reports)."""

    recommendation = serializers.SlugRelatedField(
        slug_field="public_id", queryset=Recommendation.objects.all(), required=False
    )
    institution = serializers.PrimaryKeyRelatedField(
        queryset=Institution.objects.filter(is_active=True), required=False
    )
    action = serializers.PrimaryKeyRelatedField(
        queryset=Action.objects.select_related("plan"), required=False
    )

    def validate(self, data):
        if bool(data.get("action")) == bool(data.get("recommendation")):
            raise serializers.ValidationError(
                "Give either a recommendation (with an institution) or an action."
            )
        if data.get("recommendation") and not data.get("institution"):
            raise serializers.ValidationError({"institution": ["required with a recommendation"]})
        return data


class StatusUpdateEdit(StatusUpdateContent):
    version = serializers.IntegerField(
        help_text="The version you edited; a newer one on the server is a conflict."
    )


class TransitionInput(serializers.Serializer):
    comment = serializers.CharField(required=False, allow_blank=True, default="")


class EvidenceInput(serializers.Serializer):
    file = serializers.FileField()


class EvidenceOutput(serializers.ModelSerializer):
    class Meta:
        model = Evidence
        fields = ["id", "original_name", "content_type", "size"]


class IndicatorValueOutput(serializers.ModelSerializer):
    class Meta:
        model = IndicatorValue
        fields = ["id", "indicator", "date", "value", "source", "note", "status_update"]


class StatusUpdateOutput(serializers.ModelSerializer):
    recommendation = serializers.SlugRelatedField(slug_field="public_id", read_only=True)
    evidence = EvidenceOutput(many=True, read_only=True)
    links = LinkInput(many=True, read_only=True)
    indicator_values = IndicatorValueOutput(many=True, read_only=True)
    transitions = serializers.SerializerMethodField()

    class Meta:
        model = StatusUpdate
        fields = [
            "id",
            "recommendation",
            "action",
            "institution",
            "status",
            "level",
            "narrative",
            "challenges",
            "period_start",
            "period_end",
            "amount_spent",
            "state",
            "version",
            "published_at",
            "evidence",
            "links",
            "indicator_values",
            "transitions",
        ]

    def get_transitions(self, update) -> list[str]:
        return access.allowed_transitions(self.context["request"].user, update)


class TrackingAPIView:
    permission_classes = [IsAuthenticated]


class StatusUpdateViewSet(
    TrackingAPIView, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Status updates the caller may see; create drafts, edit them (with ``version``), move them on."""

    serializer_class = StatusUpdateOutput
    parser_classes = [JSONParser, MultiPartParser, FormParser]
    filterset_fields = ["state", "institution"]

    def get_queryset(self):
        return (
            access.status_updates_visible_to(self.request.user)
            .select_related("recommendation")
            .prefetch_related("evidence", "links", "indicator_values")
            .order_by("-updated_at", "-id")
        )

    def _render(self, update, code=status.HTTP_200_OK):
        update = self.get_queryset().get(pk=update.pk)
        return Response(StatusUpdateOutput(update, context=self.get_serializer_context()).data, status=code)

    def get_serializer_class(self):
        return {
            "create": StatusUpdateCreate,
            "partial_update": StatusUpdateEdit,
            "evidence": EvidenceInput,
        }.get(
            self.action,
            TransitionInput if self.action in services.TRANSITION_SERVICES else StatusUpdateOutput,
        )

    @extend_schema(request=StatusUpdateCreate, responses={201: StatusUpdateOutput})
    def create(self, request):
        data = self._valid(StatusUpdateCreate)
        update = services.status_update_create(
            by=request.user, indicator_values=data.pop("indicator_values", []), **data
        )
        return self._render(update, status.HTTP_201_CREATED)

    @extend_schema(request=StatusUpdateEdit, responses={200: StatusUpdateOutput, 409: None})
    def partial_update(self, request, pk=None):
        update = self.get_object()
        data = self._valid(StatusUpdateEdit, partial=True)
        if "version" not in data:
            raise ApplicationError(
                "Send the version you edited.", extra={"fields": {"version": ["required"]}}
            )
        update = services.status_update_edit(
            update=update,
            by=request.user,
            expected_version=data.pop("version"),
            links=data.pop("links", []),
            indicator_values=data.pop("indicator_values", []),
            **data,
        )
        return self._render(update)

    def _valid(self, serializer_class, **kwargs) -> dict:
        serializer = serializer_class(data=self.request.data, context=self.get_serializer_context(), **kwargs)
        serializer.is_valid(raise_exception=True)
        return dict(serializer.validated_data)

    def _transition(self, name):
        update = self.get_object()
        comment = self._valid(TransitionInput)["comment"]
        kwargs = {"comment": comment} if name in ("approve", "return") else {}
        return self._render(services.TRANSITION_SERVICES[name](update=update, by=self.request.user, **kwargs))

    @extend_schema(request=TransitionInput, responses={200: StatusUpdateOutput})
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        return self._transition("submit")

    @extend_schema(request=TransitionInput, responses={200: StatusUpdateOutput})
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        return self._transition("approve")

    @extend_schema(request=TransitionInput, responses={200: StatusUpdateOutput})
    @action(detail=True, methods=["post"], url_path="return", url_name="return")
    def return_(self, request, pk=None):
        return self._transition("return")

    @extend_schema(request=TransitionInput, responses={200: StatusUpdateOutput})
    @action(detail=True, methods=["post"])
    def publish(self, request, pk=None):
        return self._transition("publish")

    @extend_schema(request={"multipart/form-data": EvidenceInput}, responses={201: StatusUpdateOutput})
    @action(detail=True, methods=["post"], parser_classes=[MultiPartParser])
    def evidence(self, request, pk=None):
        update = self.get_object()
        file = self._valid(EvidenceInput)["file"]
        services.evidence_add(update=update, by=request.user, file=file)
        return self._render(update, status.HTTP_201_CREATED)


class IndicatorValueViewSet(
    TrackingAPIView, mixins.ListModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet
):
    """Indicator values the caller may see; record a value on its own or as part of a status update."""

    serializer_class = IndicatorValueOutput
    filterset_fields = ["indicator"]

    def get_queryset(self):
        return access.indicator_values_visible_to(self.request.user).order_by("indicator", "date")

    @extend_schema(request=IndicatorValueOutput, responses={201: IndicatorValueOutput})
    def create(self, request):
        serializer = IndicatorValueOutput(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        value = indicator_value_record(by=request.user, **data)
        return Response(IndicatorValueOutput(value).data, status=status.HTTP_201_CREATED)
