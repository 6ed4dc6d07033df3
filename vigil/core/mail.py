"""Mail when no mail server is set: sent nowhere, and never written to the log.

Invitation and password e-mails carry one-time links that open an account, so a
production log must never hold them. Without a mail server, production drops every message
(`NoMailBackend`) and the screens say so: the administrator who invites a person is shown
the link to hand over (see `vigil.core.views.members`).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

from django.conf import settings
from django.core.mail.backends.base import BaseEmailBackend

NO_MAIL_BACKEND = "vigil.core.mail.NoMailBackend"
logger = logging.getLogger("vigil.core.mail")


class NoMailBackend(BaseEmailBackend):
    """Drops every message; the log says only that mail was not sent, never to whom or what."""

    def send_messages(self, email_messages: Sequence[Any]) -> int:
        for _message in email_messages:
            logger.warning("An e-mail was not sent: no mail server is set (VIGIL_EMAIL_HOST).")
        return 0


def mail_is_sent() -> bool:
    """Whether Vigil delivers e-mail (a development console counts: it is not production)."""
    return settings.EMAIL_BACKEND != NO_MAIL_BACKEND
