"""`{% transactions_url account="center:secured" start=s.start end=s.end %}`: the link from a figure to the
transactions that sum to it, with `next` set to the page the reader is on so the list's "Back" returns there.

Where the page has no request (the board pack), `link_base` in the context (the site's address) makes the link
absolute and no `next` is added.
"""

from django import template

from attribution.presenters.ledger import drilldown_url

register = template.Library()


@register.simple_tag(takes_context=True)
def transactions_url(context, *, insight=None, category=..., **filters) -> str:
    """The drill-down's address for the filters given (`insight` one id or several, 0 for none; `category`
    None or "" for not assigned); empty filters are left out."""
    params = [(name, str(value)) for name, value in filters.items() if value not in (None, "")]
    if category is not ...:
        params.append(("category", "none" if category in (None, "") else str(category)))
    insights = insight if isinstance(insight, list | tuple) else [insight]
    params += [("insight", "none" if i == 0 else str(i)) for i in insights if i is not None]
    request = context.get("request")
    next_path = request.get_full_path() if request is not None else None
    return drilldown_url(params, next_path=next_path, base=context.get("link_base") or "")
