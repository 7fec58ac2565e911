"""`{% load money %}{{ amount|money }}`: kept for the templates that load it; the one rule is core.formats
(`{% load formats %}` offers the same filter beside number, date, datetime and duration)."""

from django import template

from core.templatetags.formats import money, plain_amount

register = template.Library()
register.filter("money", money)
register.filter("plain_amount", plain_amount)
