"""API keys for Open311 writers (a kiosk, a partner app). Only a SHA-256 of the key is stored: the
key is random (256 bits), so a plain hash is enough and a database leak gives nobody a usable key."""

from __future__ import annotations

import hashlib
import secrets

from django.db import models
from django.utils.translation import gettext_lazy as _

from baimi.places.models import Division

KEY_PREFIX = "o311_"


def hash_key(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


class ApiKeyQuerySet(models.QuerySet["ApiKey"]):
    def by_raw_key(self, raw: str) -> ApiKey | None:
        if not raw or not raw.startswith(KEY_PREFIX):
            return None
        return self.filter(key_hash=hash_key(raw), active=True).select_related("community").first()


class ApiKey(models.Model):
    name = models.CharField(_("name"), max_length=100)
    community = models.ForeignKey(Division, verbose_name=_("community"), on_delete=models.PROTECT,
                                  related_name="+", help_text=_("Requests sent with this key are placed here."))
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    shown_prefix = models.CharField(_("key starts with"), max_length=12, editable=False)
    active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = ApiKeyQuerySet.as_manager()

    class Meta:
        verbose_name = _("Open311 API key")
        verbose_name_plural = _("Open311 API keys")
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.shown_prefix}…)"

    @classmethod
    def issue(cls, *, name: str, community: Division) -> tuple[ApiKey, str]:
        """Create a key; return it with the raw key, which is never stored and cannot be shown again."""
        raw = KEY_PREFIX + secrets.token_urlsafe(32)
        key = cls.objects.create(name=name, community=community, key_hash=hash_key(raw), shown_prefix=raw[:10])
        return key, raw
