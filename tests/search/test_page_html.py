"""The search page's lists rendered in Python (search.page.page_html): markup and escaping."""

from django.utils import translation

from search.page import page_html


def test_facet_items_escape_names_and_links_and_mark_the_active_value():
    facets = [
        {"name": "<b>县委</b>", "url": "/search/?q=a&committee=x", "count": 3, "active": False},
        {"name": "区委", "url": "/search/?q=a", "count": 12, "active": True},
    ]
    html = page_html.facet_items(facets, lang="zh-Hans")
    assert html == (
        '<li><a href="/search/?q=a&amp;committee=x" lang="zh-Hans">&lt;b&gt;县委&lt;/b&gt;</a>'
        ' <span class="count">3</span></li>'
        '<li><strong lang="zh-Hans">区委</strong> <span class="count">12</span></li>'
    )


def test_term_facets_read_in_the_interface_language():
    facets = [{"name": 7, "url": "/search/?term=7", "count": 2, "active": False}]
    with translation.override("zh-hans"):
        assert ">第7届</a>" in page_html.facet_items(facets, term=True)
    with translation.override("en"):
        assert "第" not in page_html.facet_items(facets, term=True)


def test_trend_rows_link_years_with_matches_and_escape_small_shares():
    rows = [
        {"year": 2020, "sessions": 1, "total": 400, "share": 1 / 400, "url": "/s/?a=1&b=2"},
        {"year": 2021, "sessions": 0, "total": 0, "share": None, "url": "/s/"},
    ]
    html = page_html.trend_rows(rows)
    assert '<a href="/s/?a=1&amp;b=2">2020</a>' in html and "<td>0.2%</td>" in html
    assert '<th scope="row">2021</th><td>0</td><td>0</td><td>—</td>' in html
    assert page_html.percent(0.0001, 1) == "<0.1%"
    item = {"year": 2020, "sessions": 1, "total": 400, "share": 0.0025, "url": "/"}
    assert "&lt;1%" in page_html.trend_bars(
        {
            "bars": [
                {
                    "item": item,
                    "column_x": 0, "x": 1, "y": 2, "width": 3, "height": 4, "middle": 5,
                    "value_y": 6, "labelled": True,
                }
            ],
            "column": 10, "height": 50, "label": 60,
        },
        "share",
    )  # fmt: skip
