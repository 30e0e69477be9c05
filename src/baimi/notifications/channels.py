"""How a notification leaves the platform. Each channel's ``deliver`` raises on failure (the task
then retries later); which channels are on is ``BAIMI_NOTIFY_CHANNELS``.

- ``onscreen``: always on; the notification list at /notifications/ is the delivery.
- ``email``: Django's mail (``BAIMI_EMAIL_HOST`` etc.), to the user's e-mail address.
- ``wecom``: a WeCom (企业微信) group robot — POST {"msgtype": "text", ...} to
  ``BAIMI_WECOM_WEBHOOK_URL``; WeCom answers 200 with ``errcode`` 0 when it took the message.
- ``sms``: an SMS gateway interface — POST {"phone", "text"} as JSON to ``BAIMI_SMS_GATEWAY_URL``
  (bearer ``BAIMI_SMS_GATEWAY_TOKEN``); any 2xx is taken as sent. Put the provider's own API behind a
  small adapter that speaks this.
"""

from __future__ import annotations

from typing import Protocol

import requests
from django.conf import settings
from django.core.mail import send_mail

from baimi.notifications.models import Notification

TIMEOUT_S = 10


class DeliveryFailed(Exception):
    pass


class Channel(Protocol):
    def address_for(self, user: object) -> str | None: ...

    def deliver(self, notification: Notification) -> None: ...


class OnScreen:
    def address_for(self, user: object) -> str | None:
        # the user's own address, so one event notifies each user once (not once for everybody)
        pk = getattr(user, "pk", None)
        return f"user:{pk}" if pk is not None else None

    def deliver(self, notification: Notification) -> None:
        return None  # shown on the user's list; nothing leaves the platform


class Email:
    def address_for(self, user: object) -> str | None:
        return getattr(user, "email", "") or None

    def deliver(self, notification: Notification) -> None:
        text = f"{notification.body}\n\n{notification.link}".strip()
        send_mail(notification.subject, text, None, [notification.address], fail_silently=False)


class WeCom:
    def address_for(self, user: object) -> str | None:
        return "group" if settings.BAIMI_WECOM_WEBHOOK_URL else None

    def deliver(self, notification: Notification) -> None:
        content = f"{notification.subject}\n{notification.body}".strip()
        response = requests.post(settings.BAIMI_WECOM_WEBHOOK_URL, timeout=TIMEOUT_S,
                                 json={"msgtype": "text", "text": {"content": content}})
        if response.status_code != 200:
            raise DeliveryFailed(f"WeCom answered HTTP {response.status_code}")
        errcode = response.json().get("errcode")
        if errcode != 0:
            raise DeliveryFailed(f"WeCom errcode {errcode}: {response.json().get('errmsg', '')}")


class Sms:
    def address_for(self, user: object) -> str | None:
        return (getattr(user, "phone", "") or None) if settings.BAIMI_SMS_GATEWAY_URL else None

    def deliver(self, notification: Notification) -> None:
        headers = {"Authorization": f"Bearer {settings.BAIMI_SMS_GATEWAY_TOKEN}"} \
            if settings.BAIMI_SMS_GATEWAY_TOKEN else {}
        response = requests.post(settings.BAIMI_SMS_GATEWAY_URL, timeout=TIMEOUT_S, headers=headers,
                                 json={"phone": notification.address,
                                       "text": f"{notification.subject} {notification.body}"[:300]})
        if not 200 <= response.status_code < 300:
            raise DeliveryFailed(f"SMS gateway answered HTTP {response.status_code}")


CHANNELS: dict[str, Channel] = {"onscreen": OnScreen(), "email": Email(), "wecom": WeCom(), "sms": Sms()}


def enabled() -> list[str]:
    names = [n.strip() for n in settings.BAIMI_NOTIFY_CHANNELS.split(",") if n.strip()]
    return ["onscreen", *[n for n in names if n in CHANNELS and n != "onscreen"]]
