"""One row per message per channel. The row is written in the caller's transaction (so a help
request is never saved without its notification, and a rolled-back one has none) and delivered
afterwards by the task queue, which retries a failed send with growing pauses. A (dedup key,
recipient, channel) is unique: sending the same event twice — a task run again after a crash, a tick
that catches up — makes nothing new."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Notification(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("waiting to be sent")
        SENT = "sent", _("sent")
        FAILED = "failed", _("failed")

    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("recipient"), null=True, blank=True,
                                  on_delete=models.CASCADE, related_name="notifications")
    address = models.CharField(_("address"), max_length=200, blank=True,
                               help_text=_("E-mail address, phone number or webhook, as the channel needs."))
    channel = models.CharField(_("channel"), max_length=20)
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("text"), blank=True)
    link = models.CharField(_("link"), max_length=300, blank=True)
    dedup_key = models.CharField(max_length=200)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True, db_index=True)
    last_error = models.CharField(_("last error"), max_length=500, blank=True)
    # Set while one worker sends it (no transaction is open during the send): others leave it alone
    # until then; a worker that died mid-send lets it go again when the time passes.
    sending_until = models.DateTimeField(_("being sent until"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["dedup_key", "channel", "address"],
                                               name="notification_once_per_event")]

    def __str__(self) -> str:
        return f"{self.channel}: {self.subject}"
