"""Read API v1 for recommendations: search with filters, facet counts, one recommendation, downloads.

Thin views over ``search.selectors`` (the portal's search page runs the same selector with the same
parameters) and ``recommendations.permissions`` (only what is published; only published status
history; only approved comments).
"""

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.reverse import reverse
from rest_framework.views import APIView

from indicators.api import PublicIndicatorValue
from indicators.models import Indicator
from participation.permissions import published_comments
from recommendations.models import ActionCategory
from recommendations.models import Response as RecommendationResponse
from recommendations.permissions import visible_indicator_values, visible_status_updates
from reference.models import SdgTarget
from reports.models import ReportJob
from reports.views import job_state
from tracking.models import ImplementationStatus
from upr_tracker.throttling import (
    AnonymousExportThrottle,
    AnonymousThrottle,
    UserExportThrottle,
    UserThrottle,
)

from .exports import LAYOUTS, READABLE, export_response
from .facets import FACETS
from .selectors import MAX_PAGE_SIZE, SORTS, SearchParams, recommendation_search, result_queryset

FILTER_HELP = {
    "state_under_review": "ISO 3166 alpha-3 code, e.g. FRA.",
    "recommending_state": "ISO 3166 alpha-3 code of a state that made the recommendation.",
    "regional_group": "UN regional group of the state under review.",
    "recommending_regional_group": "UN regional group of a recommending state.",
    "mechanism": "Mechanism code, e.g. UPR, CEDAW.",
    "cycle": "UPR cycle number.",
    "session": "UPR Working Group session number.",
    "year": "Year of the review.",
    "response": "supported, noted, pending or none.",
    "action_category": "UPR Info action category, 1 (minimal) to 5 (specific), or none.",
    "theme": "Theme id; a theme includes its sub-themes.",
    "affected_group": "Affected group code, e.g. women.",
    "sdg_goal": "SDG goal number.",
    "sdg_target": "SDG target code, e.g. 5.3.",
    "institution": "Id of a lead or supporting institution.",
    "status": "Current published implementation status: not_started, in_progress, partially, fully or none.",
    "civil_society": (
        "How verified organisations' current assessments compare with the government's status: agrees, "
        "disagrees, unanswered (assessed, no government status) or none."
    ),
    "repeated": "yes: repeats a recommendation made to the same state in an earlier cycle; no.",
    "addressed": "yes: an action of an adopted plan addresses it; no.",
}
SEARCH_PARAMETERS = [
    OpenApiParameter("q", str, description='Full text: words, "a phrase", -excluded, a OR b.'),
    *(
        OpenApiParameter(
            facet.name,
            str,
            many=True,
            explode=True,
            description=FILTER_HELP[facet.name] + " Repeat for several.",
        )
        for facet in FACETS
    ),
    OpenApiParameter(
        "sort", str, enum=list(SORTS), description="relevance (default with q), newest (default)…"
    ),
    OpenApiParameter(
        "as_typed",
        bool,
        description="1: search q as typed even when it matches nothing and a corrected query would.",
    ),
]


class StateRef(serializers.Serializer):
    iso3 = serializers.CharField()
    name = serializers.CharField()


class NamedRef(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class InstitutionRole(serializers.Serializer):
    id = serializers.IntegerField(source="institution.id")
    name = serializers.CharField(source="institution.name")
    role = serializers.CharField()


class CivilSocietyAssessment(serializers.Serializer):
    organisation = serializers.CharField(source="organisation.name")
    status = serializers.ChoiceField(choices=ImplementationStatus.values)
    published_at = serializers.DateTimeField()


class RecommendationSummary(serializers.Serializer):
    """What a result shows; ``highlight`` is the text as HTML with the query's words in ``<mark>``."""

    public_id = serializers.CharField()
    url = serializers.SerializerMethodField()
    text = serializers.CharField()
    highlight = serializers.CharField(allow_null=True, default=None)
    language = serializers.CharField()
    paragraph = serializers.CharField()
    state_under_review = StateRef(source="review.state")
    mechanism = serializers.CharField(source="review.mechanism.code")
    cycle = serializers.SerializerMethodField()
    session = serializers.IntegerField(source="review.session.number", allow_null=True, default=None)
    year = serializers.IntegerField(source="review.year")
    document_symbol = serializers.CharField(source="review.document_symbol")
    response = serializers.ChoiceField(choices=[*RecommendationResponse.values, ""])
    action_category = serializers.ChoiceField(choices=ActionCategory.values, allow_null=True)
    recommending_states = StateRef(many=True)
    themes = NamedRef(many=True)
    institutions = InstitutionRole(many=True, source="assignments.all")
    current_status = serializers.ChoiceField(
        choices=ImplementationStatus.values, allow_null=True, default=None
    )
    civil_society = CivilSocietyAssessment(
        many=True, help_text="Current published assessments of verified organisations, beside current_status."
    )

    def get_url(self, recommendation) -> str:
        return reverse(
            "api:recommendation-detail", [recommendation.public_id], request=self.context.get("request")
        )

    def get_cycle(self, recommendation) -> int | None:
        session = recommendation.review.session
        return session.cycle.number if session else None


class FacetValueOutput(serializers.Serializer):
    value = serializers.CharField()
    label = serializers.CharField()
    count = serializers.IntegerField()
    selected = serializers.BooleanField()
    parent = serializers.CharField(allow_null=True)


class FacetsOutput(serializers.Serializer):
    count = serializers.IntegerField()
    facets = serializers.DictField(child=FacetValueOutput(many=True))


class SearchPage(serializers.Serializer):
    count = serializers.IntegerField()
    page = serializers.IntegerField()
    page_size = serializers.IntegerField()
    pages = serializers.IntegerField()
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)
    sort = serializers.ChoiceField(choices=SORTS)
    suggestion = serializers.CharField(
        allow_null=True, help_text="A corrected query, when words look misspelt."
    )
    corrected_from = serializers.CharField(
        allow_null=True,
        help_text="q as typed, when it matched nothing and the results are those of the corrected query "
        "(searched_for); as_typed=1 searches q as typed.",
    )
    searched_for = serializers.CharField(help_text="The query the results are for.")
    results = RecommendationSummary(many=True)
    facets = serializers.DictField(child=FacetValueOutput(many=True), required=False)


class PageInput(serializers.Serializer):
    page = serializers.IntegerField(min_value=1, max_value=1_000_000, default=1)
    page_size = serializers.IntegerField(min_value=1, max_value=MAX_PAGE_SIZE, default=20)
    facets = serializers.BooleanField(default=False, help_text="Include every facet's counts.")


def _facets_data(result) -> dict:
    return {name: FacetValueOutput(values, many=True).data for name, values in result.facets.items()}


class RecommendationList(APIView):
    """Published recommendations matching the filters, one stable page at a time."""

    @extend_schema(
        operation_id="recommendations_list",
        parameters=[
            *SEARCH_PARAMETERS,
            OpenApiParameter("page", int, description="Page number, from 1."),
            OpenApiParameter("page_size", int, description=f"Results per page, 1–{MAX_PAGE_SIZE} (20)."),
            OpenApiParameter("facets", bool, description="Also return every facet's counts."),
        ],
        responses=SearchPage,
    )
    def get(self, request):
        paging = PageInput(data=request.query_params)
        paging.is_valid(raise_exception=True)
        params = SearchParams.from_querydict(request.query_params)
        options = paging.validated_data
        result = recommendation_search(
            params=params,
            page=options["page"],
            page_size=options["page_size"],
            user=request.user,
            with_facets=options["facets"],
        )

        def link(page):
            query = "&".join(filter(None, [params.urlencode(), f"page={page}&page_size={result.page_size}"]))
            return request.build_absolute_uri(f"{request.path}?{query}")

        data = {
            "count": result.total,
            "page": result.page,
            "page_size": result.page_size,
            "pages": result.pages,
            "next": link(result.page + 1) if result.has_next else None,
            "previous": link(result.page - 1) if result.has_previous else None,
            "sort": result.sort,
            "suggestion": result.suggestion,
            "corrected_from": result.corrected_from,
            "searched_for": result.searched,
            "results": RecommendationSummary(result.results, many=True, context={"request": request}).data,
        }
        if options["facets"]:
            data["facets"] = _facets_data(result)
        return Response(data)


class RecommendationFacets(APIView):
    """Each facet's value counts for the same filters (a facet's own selection does not narrow it)."""

    @extend_schema(
        operation_id="recommendations_facets", parameters=SEARCH_PARAMETERS, responses=FacetsOutput
    )
    def get(self, request):
        params = SearchParams.from_querydict(request.query_params)
        result = recommendation_search(params=params, page=1, page_size=1, user=request.user)
        return Response({"count": result.total, "facets": _facets_data(result)})


class RecommendationExport(APIView):
    """The whole result set: readable columns, or the native import template (``layout=template``).

    A workbook of more than a few thousand rows is built by a report job: the answer is then 202 with
    the job, its status URL in ``Location`` (``/api/v1/reports/<id>/``) and, once done, its download URL.
    """

    throttle_classes = [AnonymousThrottle, AnonymousExportThrottle, UserThrottle, UserExportThrottle]

    @extend_schema(
        operation_id="recommendations_export",
        parameters=[
            *SEARCH_PARAMETERS,
            OpenApiParameter(
                "layout",
                str,
                enum=list(LAYOUTS),
                description="readable (default: names, status, civil society, address) or template "
                "(the native import template).",
            ),
        ],
        responses={
            (200, "text/csv"): OpenApiResponse(OpenApiTypes.BINARY),
            (200, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"): OpenApiResponse(
                OpenApiTypes.BINARY
            ),
            202: OpenApiResponse(description="A large workbook: the report job that builds it."),
        },
    )
    def get(self, request, file_format):
        params = SearchParams.from_querydict(request.query_params)
        layout = request.query_params.get("layout") or READABLE
        answer = export_response(params=params, file_format=file_format, user=request.user, layout=layout)
        if not isinstance(answer, ReportJob):
            return answer
        url = request.build_absolute_uri(reverse("reports-api:detail", args=[answer.pk]))
        return Response({**job_state(answer), "url": url}, status=202, headers={"Location": url})


class PublishedStatusUpdate(serializers.Serializer):
    status = serializers.CharField()
    level = serializers.CharField()
    narrative = serializers.CharField()
    challenges = serializers.CharField()
    period_start = serializers.DateField(allow_null=True)
    period_end = serializers.DateField(allow_null=True)
    published_at = serializers.DateTimeField()
    institution = NamedRef()


class ApprovedComment(serializers.Serializer):
    organisation = serializers.CharField(source="organisation.name", allow_null=True, default=None)
    body = serializers.CharField()
    created_at = serializers.DateTimeField()
    status_update = serializers.IntegerField(source="status_update_id", allow_null=True)


class RecommendationIndicator(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    unit = serializers.CharField()
    target_value = serializers.DecimalField(max_digits=16, decimal_places=4, allow_null=True)
    target_date = serializers.DateField(allow_null=True)
    values = PublicIndicatorValue(many=True, source="visible_values")


class RecommendationDetailOutput(RecommendationSummary):
    affected_groups = serializers.SerializerMethodField()
    sdg_goals = serializers.SerializerMethodField()
    sdg_targets = serializers.SerializerMethodField()
    parts = serializers.ListField(child=serializers.DictField(), source="parts_data")
    translations = serializers.DictField(child=serializers.CharField(), source="translations_data")
    status_history = PublishedStatusUpdate(many=True, source="published_updates")
    comments = ApprovedComment(many=True, source="approved_comments")
    indicators = RecommendationIndicator(many=True, source="indicators.all")

    def get_affected_groups(self, recommendation) -> list[str]:
        return [group.code for group in recommendation.affected_groups.all()]

    def get_sdg_goals(self, recommendation) -> list[int]:
        return [goal.number for goal in recommendation.sdg_goals.all()]

    def get_sdg_targets(self, recommendation) -> list[str]:
        return [target.code for target in recommendation.sdg_targets.all()]


def recommendation_detail_queryset(user):
    """A visible recommendation with everything its API record shows: one query per relation."""
    latest = visible_status_updates(user)
    return result_queryset(user).prefetch_related(
        "affected_groups",
        "sdg_goals",
        Prefetch("sdg_targets", queryset=SdgTarget.objects.order_by("goal__number", "ordering")),
        "parts",
        "translations",
        Prefetch(
            "status_updates", queryset=latest.select_related("institution"), to_attr="published_updates"
        ),
        Prefetch(
            "comments",
            queryset=published_comments(user).select_related("organisation").order_by("created_at"),
            to_attr="approved_comments",
        ),
        Prefetch(
            "indicators",
            queryset=Indicator.objects.order_by("title").prefetch_related(
                Prefetch("values", queryset=visible_indicator_values(user), to_attr="visible_values")
            ),
        ),
    )


class RecommendationDetail(APIView):
    """One published recommendation with its published status history, approved comments and indicators."""

    @extend_schema(operation_id="recommendations_retrieve", responses=RecommendationDetailOutput)
    def get(self, request, public_id):
        recommendation = get_object_or_404(recommendation_detail_queryset(request.user), public_id=public_id)
        updates = recommendation.published_updates
        recommendation.current_status = updates[0].status if updates else None
        recommendation.parts_data = [
            {"position": part.position, "text": part.text, "response": part.response}
            for part in recommendation.parts.all()
        ]
        recommendation.translations_data = {t.language: t.text for t in recommendation.translations.all()}
        data = RecommendationDetailOutput(recommendation, context={"request": request}).data
        return Response(data)
