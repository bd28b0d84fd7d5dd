from rest_framework import serializers


class LoginSerializer(serializers.Serializer):
    role = serializers.CharField()
    email = serializers.CharField()
    password = serializers.CharField()


class SandboxCreatedSerializer(serializers.Serializer):
    key = serializers.CharField()
    baseUrl = serializers.CharField(help_text="<origin>/sandbox/<key>/api")
    expiresAt = serializers.DateTimeField(source="expires_at")
    logins = LoginSerializer(many=True)


class RowsSerializer(serializers.Serializer):
    used = serializers.IntegerField()
    quota = serializers.IntegerField()


class SandboxSerializer(serializers.Serializer):
    baseUrl = serializers.CharField()
    createdAt = serializers.DateTimeField(source="created_at")
    lastUsedAt = serializers.DateTimeField(source="last_used_at")
    expiresAt = serializers.DateTimeField(source="expires_at")
    rows = RowsSerializer()
