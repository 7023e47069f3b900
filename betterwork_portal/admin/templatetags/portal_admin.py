"""Template tags of the portal's admin templates."""

from django import template
from django.utils import timezone

from betterwork_portal.cached_pages import rendered_while_data_unchanged

register = template.Library()


class KeptNode(template.Node):
    def __init__(self, nodelist, names):
        self.nodelist = nodelist
        self.names = names

    def render(self, context):
        request = context["request"]
        if request.method not in ("GET", "HEAD"):
            # A page drawn in answer to a form sent holds what was typed.
            return self.nodelist.render(context)
        name = ":".join(str(name.resolve(context)) for name in self.names)
        return rendered_while_data_unchanged(
            request, name, lambda: self.nodelist.render(context), today=timezone.localdate()
        )


@register.tag
def kept_while_data_unchanged(parser, token):
    """Keep what lies between this tag and ``{% endkept %}`` in the cache
    while the data is unchanged (``betterwork_portal/cached_pages.py``),
    under the names given, the address's query string, the day and the
    viewer's permissions, for pages drawn in answer to GET (a page drawn
    for a form sent back with errors is drawn afresh)::

        {% kept_while_data_unchanged "admin-rows" cl.opts.label_lower %}...{% endkept %}

    What lies between must depend on nothing else: no CSRF token, no
    message, no form holding what a user typed."""
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError(f"'{bits[0]}' needs at least one name to keep its content under")
    nodelist = parser.parse(("endkept",))
    parser.delete_first_token()
    return KeptNode(nodelist, [parser.compile_filter(bit) for bit in bits[1:]])
