"""API keys: issue, revoke, and note their use."""

import secrets
from datetime import timedelta

from django.utils import timezone

from ..models import ApiKey


def api_key_issue(*, key: ApiKey) -> str:
    """Give an unsaved ApiKey its secret, save it, and return the secret (shown once)."""
    key.prefix = "cs_" + secrets.token_hex(6)
    secret = f"{key.prefix}_{secrets.token_urlsafe(32)}"
    key.key_hash = ApiKey.hash_of(secret)
    key.save()
    return secret


def api_key_create(*, name: str, scopes: list[str], by: str) -> tuple[ApiKey, str]:
    key = ApiKey(name=name, scopes=sorted(set(scopes)), created_by=by)
    return key, api_key_issue(key=key)


def api_key_revoke(*, key: ApiKey) -> None:
    ApiKey.objects.filter(pk=key.pk, revoked_at=None).update(revoked_at=timezone.now())


def api_key_touch(*, key: ApiKey) -> None:
    """Record use, at most once a minute per key: a write per request would queue every
    API call behind SQLite's one writer."""
    now = timezone.now()
    if key.last_used_at is None or now - key.last_used_at > timedelta(minutes=1):
        ApiKey.objects.filter(pk=key.pk).update(last_used_at=now)
        key.last_used_at = now
