"""Read API v1 for institutions: the values of the recommendations' ``institution`` filter."""

from rest_framework import serializers, viewsets

from .models import Institution


class InstitutionOutput(serializers.ModelSerializer):
    class Meta:
        model = Institution
        fields = ["id", "name", "acronym", "branch", "parent", "is_active"]


class InstitutionViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = Institution.objects.order_by("name", "id")
    serializer_class = InstitutionOutput
    lookup_value_regex = "[0-9]+"
