"""Shapes of the upload answers, for the OpenAPI document (the services build the bodies)."""

from rest_framework import serializers


class TrackingSerializer(serializers.Serializer):
    trackingUrl = serializers.CharField(help_text="Relative to the API base (no /api)")


class RowReasonsSerializer(serializers.Serializer):
    rowNumber = serializers.IntegerField()
    reasons = serializers.ListField(child=serializers.CharField())


class RowIdSerializer(serializers.Serializer):
    rowNumber = serializers.IntegerField()
    id = serializers.IntegerField()


class ValidationResultSerializer(serializers.Serializer):
    totalRows = serializers.IntegerField()
    invalidRows = RowReasonsSerializer(many=True)


class UploadResultSerializer(serializers.Serializer):
    totalRows = serializers.IntegerField()
    successRows = RowIdSerializer(many=True)
    failedRows = RowReasonsSerializer(many=True)
