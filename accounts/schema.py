"""OpenAPI description of the cookie authentication (drf-spectacular extension)."""

from drf_spectacular.extensions import OpenApiAuthenticationExtension


class CookieJWTScheme(OpenApiAuthenticationExtension):
    target_class = "accounts.authentication.CookieJWTAuthentication"
    name = ["cookieAuth", "bearerAuth"]

    def get_security_definition(self, auto_schema):
        return [
            {
                "type": "apiKey",
                "in": "cookie",
                "name": "auth_token",
                "description": "JWT set by POST /api/auth/login (HttpOnly, 1 hour).",
            },
            {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"},
        ]
