"""Read API v1 for the reference vocabularies: the values the recommendation filters take.

Each record carries its ``value``, the exact string to pass to ``/api/v1/recommendations/`` for it.
"""

from rest_framework import serializers, viewsets

from .models import Mechanism, SdgGoal, SdgTarget, Session, State, Theme


class StateOutput(serializers.ModelSerializer):
    class Meta:
        model = State
        fields = ["iso3", "iso2", "name", "official_name", "regional_group", "membership"]


class StateViewSet(viewsets.ReadOnlyModelViewSet):
    """States and other entities, by ISO 3166 alpha-3 code (the ``state_under_review`` filter's values)."""

    queryset = State.objects.order_by("name")
    serializer_class = StateOutput
    lookup_field = "iso3"
    lookup_value_regex = "[A-Za-z]{3}"

    def get_object(self):
        self.kwargs["iso3"] = self.kwargs["iso3"].upper()
        return super().get_object()


class MechanismOutput(serializers.ModelSerializer):
    class Meta:
        model = Mechanism
        fields = ["code", "name", "kind"]


class MechanismViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = Mechanism.objects.order_by("ordering", "code")
    serializer_class = MechanismOutput
    lookup_field = "code"
    lookup_value_regex = "[^/]+"


class SessionOutput(serializers.ModelSerializer):
    cycle = serializers.IntegerField(source="cycle.number")

    class Meta:
        model = Session
        fields = ["number", "cycle", "year"]


class SessionViewSet(viewsets.ReadOnlyModelViewSet):
    """UPR Working Group sessions, by number."""

    queryset = Session.objects.select_related("cycle").order_by("number")
    serializer_class = SessionOutput
    lookup_field = "number"
    lookup_value_regex = "[0-9]+"


class ThemeOutput(serializers.ModelSerializer):
    class Meta:
        model = Theme
        fields = ["id", "scheme", "code", "name", "parent"]


class ThemeViewSet(viewsets.ReadOnlyModelViewSet):
    """Themes of every scheme; ``parent`` builds the tree. Filter recommendations with ``theme=<id>``."""

    queryset = Theme.objects.order_by("scheme", "code", "id")
    serializer_class = ThemeOutput
    lookup_value_regex = "[0-9]+"


class SdgGoalOutput(serializers.ModelSerializer):
    class Meta:
        model = SdgGoal
        fields = ["number", "short_title", "title"]


class SdgGoalViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = SdgGoal.objects.order_by("number")
    serializer_class = SdgGoalOutput
    lookup_field = "number"
    lookup_value_regex = "[0-9]+"


class SdgTargetOutput(serializers.ModelSerializer):
    goal = serializers.IntegerField(source="goal.number")

    class Meta:
        model = SdgTarget
        fields = ["code", "goal", "title"]


class SdgTargetViewSet(viewsets.ReadOnlyModelViewSet):
    """SDG targets by code (``5.3``, ``16.a``)."""

    queryset = SdgTarget.objects.select_related("goal").order_by("goal__number", "ordering", "id")
    serializer_class = SdgTargetOutput
    lookup_field = "code"
    lookup_value_regex = "[0-9]+\\.[0-9a-z]+"
