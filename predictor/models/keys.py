"""A program's API key, kept as a hash."""

import hashlib

from django.db import models


class ApiKey(models.Model):
    """A program's credential for the API. Only a hash of the secret is kept: the key itself
    is shown once, when it is made, and the visible prefix is how people tell keys apart."""

    PREFIX_LENGTH = len("cs_") + 12  # "cs_" and 6 random bytes in hex

    class Scope(models.TextChoices):
        PREDICT = "predict", "predict: send several records at once (and single ones)"
        READ = "read", "read: fetch the predictions this key made"

    name = models.CharField(max_length=100)
    prefix = models.CharField(max_length=16, unique=True, editable=False)
    key_hash = models.CharField(max_length=64, editable=False)
    scopes = models.JSONField(default=list)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.CharField(max_length=150, blank=True, editable=False)
    revoked_at = models.DateTimeField(null=True, blank=True, editable=False)
    last_used_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "API key"

    def __str__(self):
        state = " (revoked)" if self.revoked_at else ""
        return f"{self.name} ({self.prefix}…){state}"

    @staticmethod
    def hash_of(secret: str) -> str:
        """How a secret is stored and looked up. It is 256 random bits, so one fast hash is
        as safe as a slow one and costs nothing per request."""
        return hashlib.sha256(secret.encode()).hexdigest()
