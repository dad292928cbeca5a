"""Visitor screens: attract, needs, ages, browse, search, service and event pages, office."""
