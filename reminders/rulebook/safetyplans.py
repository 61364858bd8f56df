"""Rules on the safetyplans app: added as its models land."""

from __future__ import annotations
