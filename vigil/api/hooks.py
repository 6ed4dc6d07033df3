"""What the API adds to the others: its token page in the main navigation."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from vigil.core import hooks
from vigil.core.navigation import NavEntry

hooks.register(hooks.NAVIGATION, NavEntry(_("API tokens"), "api:token_list", 95))
