"""REST API for civil-society participation: published comments, assessments and organisations to read;
comments and assessments to post for members, signed in (CSRF applies) or with a write token.

Mounted at ``/api/v1/participation/`` (``include("participation.api")``). Refusals are services'
``ApplicationError``s, shaped by the project's one API error format (``upr_tracker.api``).
"""

from django.shortcuts import get_object_or_404
from django.urls import path
from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers, status
from rest_framework.exceptions import NotAuthenticated, Throttled
from rest_framework.response import Response

from recommendations import permissions as public
from tracking.models import ImplementationStatus, Level
from upr_tracker import throttling
from upr_tracker.numbers import is_number

from . import formatting, permissions, selectors, services
from .forms import MAX_EVIDENCE_LINKS
from .models import Comment, Organisation


class OrganisationOut(serializers.ModelSerializer):
    class Meta:
        model = Organisation
        fields = ["id", "name", "kind", "website"]


class CommentOut(serializers.ModelSerializer):
    recommendation = serializers.CharField(source="recommendation.public_id")
    organisation = OrganisationOut(allow_null=True)
    body_html = serializers.SerializerMethodField(
        help_text="The body rendered and sanitised, safe to insert as HTML."
    )

    class Meta:
        model = Comment
        fields = [
            "id",
            "recommendation",
            "status_update",
            "parent",
            "organisation",
            "body",
            "body_html",
            "created_at",
            "edited_at",
        ]

    def get_body_html(self, comment) -> str:
        return str(formatting.render(comment.body))


class AssessmentOut(serializers.Serializer):
    id = serializers.IntegerField()
    recommendation = serializers.CharField(source="recommendation.public_id")
    organisation = OrganisationOut()
    status = serializers.CharField()
    level = serializers.CharField()
    rationale = serializers.CharField()
    evidence_links = serializers.ListField(child=serializers.URLField())
    published_at = serializers.DateTimeField()
    government_status = serializers.CharField(
        allow_null=True, help_text="The status of the latest published status update, or null."
    )


class Created(serializers.Serializer):
    id = serializers.IntegerField()
    moderation = serializers.CharField(
        help_text="pending until the coordinator approves; approved for trusted organisations"
    )


def _recommendation(request, public_id):
    return get_object_or_404(public.visible_recommendations(request.user), public_id=public_id)


def _check_rate(request, scope: str) -> None:
    wait = throttling.wait_seconds(request, scope)
    if wait:
        raise Throttled(wait=wait, detail=throttling.message(wait))


def _member_input(request, serializer_class, scope: str) -> tuple[dict, object]:
    """For a write: signed in, within the rate limit, valid. The validated fields (less the
    recommendation) and the published recommendation they name."""
    if not request.user.is_authenticated:
        raise NotAuthenticated()
    _check_rate(request, scope)
    data = serializer_class(data=request.data)
    data.is_valid(raise_exception=True)
    fields = dict(data.validated_data)
    return fields, _recommendation(request, fields.pop("recommendation"))


def _created(obj) -> Response:
    return Response({"id": obj.pk, "moderation": obj.moderation}, status=status.HTTP_201_CREATED)


class CommentIn(serializers.Serializer):
    recommendation = serializers.CharField(max_length=20)
    body = serializers.CharField(max_length=5000)
    parent = serializers.IntegerField(required=False, allow_null=True)
    status_update = serializers.IntegerField(required=False, allow_null=True)


class CommentList(generics.ListAPIView):
    """Published comments; ``?recommendation=<public id>`` narrows to one recommendation."""

    serializer_class = CommentOut

    def get_queryset(self):
        comments = permissions.published_comments(self.request.user).select_related(
            "recommendation", "organisation"
        )
        public_id = self.request.query_params.get("recommendation")
        return (
            comments.filter(recommendation__public_id=public_id)
            if public_id
            else comments.order_by("-created_at")
        )

    @extend_schema(request=CommentIn, responses={201: Created})
    def post(self, request):
        fields, recommendation = _member_input(request, CommentIn, "comment")
        parent, update = selectors.comment_anchors(
            request.user, parent_id=fields.get("parent"), status_update_id=fields.get("status_update")
        )
        comment = services.comment_create(
            recommendation=recommendation,
            body=fields["body"],
            parent=parent,
            status_update=update,
            by=request.user,
        )
        return _created(comment)


class AssessmentIn(serializers.Serializer):
    recommendation = serializers.CharField(max_length=20)
    status = serializers.ChoiceField(choices=ImplementationStatus.choices)
    level = serializers.ChoiceField(choices=Level.choices, required=False, allow_blank=True, default="")
    rationale = serializers.CharField(max_length=10000)
    evidence_links = serializers.ListField(
        child=serializers.URLField(max_length=500),
        max_length=MAX_EVIDENCE_LINKS,
        required=False,
        default=list,
    )

    def validate_evidence_links(self, links):
        if any(not link.lower().startswith(("http://", "https://")) for link in links):
            raise serializers.ValidationError("Only http and https links.")
        return links


class AssessmentList(generics.ListAPIView):
    """Current published assessments, each with the government's status beside it.

    ``?recommendation=<public id>``, ``?organisation=<id>``, ``?disagree=1`` (only where civil society
    and the government disagree).
    """

    serializer_class = AssessmentOut

    def get_queryset(self):
        request = self.request
        assessments = permissions.published_assessments(request.user).select_related(
            "organisation", "recommendation"
        )
        params = request.query_params
        if params.get("recommendation"):
            assessments = assessments.filter(recommendation__public_id=params["recommendation"])
        if is_number(params.get("organisation", "")):
            assessments = assessments.filter(organisation_id=params["organisation"])
        if params.get("disagree") in ("1", "true"):
            assessments = assessments.filter(
                recommendation__in=selectors.recommendation_ids_where_assessments_disagree(request.user)
            )
        return assessments.annotate(
            government_status=selectors.government_status_subquery(request.user, "recommendation_id")
        ).order_by("recommendation__public_id", "organisation__name")

    @extend_schema(request=AssessmentIn, responses={201: Created})
    def post(self, request):
        fields, recommendation = _member_input(request, AssessmentIn, "assessment")
        return _created(services.assessment_submit(recommendation=recommendation, by=request.user, **fields))


class OrganisationList(generics.ListAPIView):
    """Verified organisations."""

    serializer_class = OrganisationOut
    queryset = Organisation.objects.verified()


urlpatterns = [
    path("comments/", CommentList.as_view(), name="participation-comments"),
    path("assessments/", AssessmentList.as_view(), name="participation-assessments"),
    path("organisations/", OrganisationList.as_view(), name="participation-organisations"),
]
