"""Rules on the capacity app: added as its models land."""

from __future__ import annotations
