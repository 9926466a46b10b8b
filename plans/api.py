"""Plans, actions and their links over the API, with the tracking API's rules and error format.

Reading follows the portal's rule (adopted and closed plans for everyone, drafts for coordinators);
writing is the coordinator's, through the same services as the pages. Progress on an action is a status
update: create it with ``POST /api/v1/tracking/status-updates/`` giving ``action``, then submit, approve
and publish it there; ``GET …/actions/{id}/progress/`` lists the reports the caller may see.
"""

from django.db.models import Prefetch
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticatedOrReadOnly
from rest_framework.response import Response

from indicators.models import Indicator
from institutions.models import Institution
from recommendations.models import Recommendation
from reference.models import SdgTarget, Theme
from tracking.api import StatusUpdateOutput
from upr_tracker import access

from . import services
from .models import Action, Plan
from .permissions import actions_visible_to, plans_visible_to


class PlanSerializer(serializers.ModelSerializer):
    class Meta:
        model = Plan
        fields = ["id", *services.PLAN_FIELDS, "state", "adopted_on"]
        read_only_fields = ["state", "adopted_on"]


class ActionSerializer(serializers.ModelSerializer):
    """An action; ``recommendations`` by public id, the other links by id."""

    plan = serializers.PrimaryKeyRelatedField(queryset=Plan.objects.all())
    parent = serializers.PrimaryKeyRelatedField(
        queryset=Action.objects.all(), required=False, allow_null=True
    )
    lead_institution = serializers.PrimaryKeyRelatedField(queryset=Institution.objects.all())
    supporting_institutions = serializers.PrimaryKeyRelatedField(
        queryset=Institution.objects.all(), many=True, required=False
    )
    recommendations = serializers.SlugRelatedField(
        slug_field="public_id", queryset=Recommendation.objects.all(), many=True, required=False
    )
    clusters = serializers.PrimaryKeyRelatedField(
        queryset=Theme.objects.filter(scheme=Theme.Scheme.NATIONAL), many=True, required=False
    )
    sdg_targets = serializers.SlugRelatedField(
        slug_field="code", queryset=SdgTarget.objects.all(), many=True, required=False
    )
    indicators = serializers.PrimaryKeyRelatedField(
        queryset=Indicator.objects.all(), many=True, required=False
    )
    current_status = serializers.CharField(read_only=True, allow_null=True)

    class Meta:
        model = Action
        fields = ["id", "plan", *services.ACTION_FIELDS, *services.ACTION_LINKS, "current_status"]


class RecommendationsInput(serializers.Serializer):
    recommendations = serializers.SlugRelatedField(
        slug_field="public_id", queryset=Recommendation.objects.all(), many=True
    )


class PlansAPIView:
    # The project's one authentication setting applies (scoped tokens and sessions). Reading is open
    # (the portal's rule applies in get_queryset); writing needs a signed-in coordinator, which the
    # services check.
    permission_classes = [IsAuthenticatedOrReadOnly]


class PlanViewSet(
    PlansAPIView,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Plans the caller may see; coordinators create, edit, adopt and close them."""

    serializer_class = PlanSerializer
    filterset_fields = ["state", "kind"]
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        return plans_visible_to(self.request.user).order_by("-period_start", "id")

    def perform_create(self, serializer):
        serializer.instance = services.plan_create(by=self.request.user, **serializer.validated_data)

    def perform_update(self, serializer):
        serializer.instance = services.plan_edit(
            plan=serializer.instance, by=self.request.user, **serializer.validated_data
        )

    def _state(self, service):
        plan = service(plan=self.get_object(), by=self.request.user)
        return Response(PlanSerializer(plan).data)

    @extend_schema(request=None, responses={200: PlanSerializer})
    @action(detail=True, methods=["post"])
    def adopt(self, request, pk=None):
        return self._state(services.plan_adopt)

    @extend_schema(request=None, responses={200: PlanSerializer})
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        return self._state(services.plan_close)


class ActionViewSet(
    PlansAPIView,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Actions of the plans the caller may see, with their current (published) status."""

    serializer_class = ActionSerializer
    filterset_fields = ["plan", "lead_institution"]
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        return (
            actions_visible_to(self.request.user)
            .with_progress()
            .prefetch_related(
                "supporting_institutions",
                # only the recommendations the caller may see: a public action may answer unpublished ones
                Prefetch("recommendations", queryset=access.recommendations_visible_to(self.request.user)),
                "clusters",
                "sdg_targets",
                "indicators",
            )
            .order_by("plan", "code", "id")
        )

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        serializer.instance = services.action_create(by=self.request.user, **data)
        serializer.instance.current_status = None

    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        data.pop("plan", None)
        serializer.instance = self.get_queryset().get(
            pk=services.action_edit(action=serializer.instance, by=self.request.user, **data).pk
        )

    @extend_schema(request=RecommendationsInput, responses={200: ActionSerializer})
    @action(detail=True, methods=["post"], url_path="recommendations", url_name="recommendations")
    def add_recommendations(self, request, pk=None):
        """Add recommendations (public ids) to what the action answers."""
        target = self.get_object()
        data = RecommendationsInput(data=request.data)
        data.is_valid(raise_exception=True)
        services.action_add_recommendations(
            action=target, recommendations=data.validated_data["recommendations"], by=request.user
        )
        return Response(
            ActionSerializer(
                self.get_queryset().get(pk=target.pk), context=self.get_serializer_context()
            ).data
        )

    @extend_schema(request=None, responses={200: StatusUpdateOutput(many=True)})
    @action(detail=True, methods=["get"])
    def progress(self, request, pk=None):
        """The action's progress reports the caller may see (published ones for the public)."""
        target = self.get_object()
        reports = (
            access.status_updates_visible_to(request.user)
            .filter(action=target)
            .prefetch_related("evidence", "links", "indicator_values")
            .order_by("-created_at")
        )
        return Response(StatusUpdateOutput(reports, many=True, context=self.get_serializer_context()).data)
