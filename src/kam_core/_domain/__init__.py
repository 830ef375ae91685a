"""Entities: what enters kam_core from a host system, validated once at the edge."""
