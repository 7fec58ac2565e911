"""`{% load money %}{{ amount|money }}`: kept for the templates that load it; the one rule is core.formats
(`{% load formats %}` offers the same filter beside number, date, datetime and duration)."""

from django import template

from core.templatetags.formats import money

register = template.Library()
register.filter("money", money)
