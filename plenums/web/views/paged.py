"""The paged indexes (people, key phrases): pages of named rows, a bad ``page`` answered 400."""

from django.core.paginator import Paginator
from django.views.generic import ListView

from plenums.web.views.public_page import FormatError, JsonTwinMixin

PAGE_SIZE = 500


class PagedIndexView(JsonTwinMixin, ListView):
    """A paged index of named rows annotated with ``n``; a bad ``page`` is a 400 naming it.

    The template gets the page as ``context_object_name`` and as ``page``; the JSON lists each
    row's ``key``, ``extra(row)`` and ``n`` as ``count_key``, with links to the other pages.
    """

    key = "name"
    count_key = "n"

    def extra(self, row) -> dict:
        return {}

    def get_context_data(self, **kwargs):
        paginator = Paginator(self.object_list, PAGE_SIZE)
        raw = self.request.GET.get("page", "1")
        if not raw.isdigit() or not 1 <= int(raw) <= paginator.num_pages:
            raise FormatError(
                f"page: expected a whole number from 1 to {paginator.num_pages}, got {raw!r}"
            )
        page = paginator.page(int(raw))
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
