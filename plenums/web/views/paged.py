"""Paged answers: the site's one policy for a bad ``page``, and the paged indexes of names."""

from django.core.paginator import Page, Paginator
from django.views.generic import ListView

from plenums.web.views.public_page import JsonTwinMixin

PAGE_SIZE = 500


def asked_page(raw) -> int | None:
    """The page number a ``page`` parameter names: a whole number from 1, else None."""
    try:
        number = int(raw)
    except (TypeError, ValueError):
        return None
    return number if number >= 1 else None


def nearest_page(paginator: Paginator, raw) -> Page:
    """The page ``raw`` names; the first when it names none, the last when it is past the end.

    A page number comes from a link, and a link goes stale as the archive changes: a reader (or
    a client of a JSON twin, which states the page it got) is answered with the nearest page,
    never an error."""
    return paginator.get_page(asked_page(raw) or 1)


class PagedIndexView(JsonTwinMixin, ListView):
    """A paged index of named rows annotated with ``n``; a bad ``page`` gets the nearest page.

    The template gets the page as ``context_object_name`` and as ``page``; the JSON lists each
    row's ``key``, ``extra(row)`` and ``n`` as ``count_key``, with links to the other pages.
    """

    key = "name"
    count_key = "n"

    def extra(self, row) -> dict:
        return {}

    def get_context_data(self, **kwargs):
        page = nearest_page(Paginator(self.object_list, PAGE_SIZE), self.request.GET.get("page"))
        return {self.context_object_name: page, "page": page}

    def get_json(self, context):
        page = context["page"]
        results = [
            {
                self.key: getattr(row, self.key),
                **self.extra(row),
                self.count_key: row.n,
                "url": self.absolute(row.get_absolute_url()),
            }
            for row in page
        ]

        def link(number):
            return self.absolute(f"{self.request.path}?format=json&page={number}")

        return {
            "count": page.paginator.count,
            "page": page.number,
            "pages": page.paginator.num_pages,
            "next": link(page.next_page_number()) if page.has_next() else None,
            "previous": link(page.previous_page_number()) if page.has_previous() else None,
            "results": results,
        }
