"""The JSON API root (/api/v1/), with its OpenAPI description at /api/v1/openapi.json.

Authentication is the same session as the pages (with CSRF on every write); every endpoint reads
through ``visible_to(user)``, so the API can show no more than the pages do.
"""

from __future__ import annotations

from ninja import NinjaAPI
from ninja.security import django_auth

from baimi.places.api import router as places_router

api = NinjaAPI(
    title="Baimi API",
    version="1",
    description="The 100-metre service circle platform: places, households and service points of your area.",
    auth=django_auth,
    urls_namespace="api",
)
api.add_router("/", places_router)
