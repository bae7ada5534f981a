"""Atom feed of the newest published sessions."""

import datetime

from django.contrib.syndication.views import Feed
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed

from plenums.models import Session
from plenums.records import shapes
from plenums.templatetags.plenums_tags import session_date

FEED_LENGTH = 50
# How an entry tells a session a person has checked from one read by machine alone: in its
# summary and as a category a feed reader can filter on.
REVIEW_STATE = {True: "已核对", False: "未核对"}
REVIEW_NOTE = {True: "事实已经人工核对", False: "事实由机器读出,未经人工核对"}


class LatestSessionsFeed(Feed):
    feed_type = Atom1Feed
    title = "全会档案"
    subtitle = "区委、县委全体会议的最新收录"
    link = reverse_lazy("plenums:home")

    def items(self):
        return Session.objects.published().select_related("committee").latest_first()[:FEED_LENGTH]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        description = shapes.feed_description(item, session_date(item))
        return f"{description} · {REVIEW_NOTE[item.reviewed]}"

    def item_author_name(self, item):
        return item.committee.name

    def item_pubdate(self, item):
        # Feeds need a full timestamp; a partial date is pinned to its first day.
        day = item.partial_date.first_day()
        if day is None:
            return None
        zone = timezone.get_current_timezone()
        return datetime.datetime.combine(day, datetime.time(), tzinfo=zone)

    def item_categories(self, item):
        return [item.committee.name, REVIEW_STATE[item.reviewed]]
