"""Read API v1 for indicators: those measuring a published recommendation or a national cluster.

Values reported in a status update appear once that update is published
(``recommendations.permissions.visible_indicator_values``).
"""

from django.db.models import Prefetch
from rest_framework import serializers, viewsets

from recommendations.permissions import visible_indicator_values, visible_indicators

from .models import Indicator


class PublicIndicatorValue(serializers.Serializer):
    date = serializers.DateField()
    value = serializers.DecimalField(max_digits=16, decimal_places=4)
    source = serializers.CharField()


class IndicatorOutput(serializers.ModelSerializer):
    recommendation = serializers.SlugRelatedField(slug_field="public_id", read_only=True)
    values = PublicIndicatorValue(many=True, source="visible_values")

    class Meta:
        model = Indicator
        exclude = ["created_at", "updated_at", "created_by", "updated_by"]


class IndicatorViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = IndicatorOutput
    lookup_value_regex = "[0-9]+"

    def get_queryset(self):
        user = self.request.user
        return (
            visible_indicators(user)
            .select_related("recommendation")
            .prefetch_related(
                Prefetch(
                    "values",
                    queryset=visible_indicator_values(user).order_by("date"),
                    to_attr="visible_values",
                )
            )
            .order_by("title", "id")
        )
