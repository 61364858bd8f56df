"""Rules on the network app: added as its models land."""

from __future__ import annotations
