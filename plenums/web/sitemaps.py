"""sitemap.xml sections: home, sessions, committees, people and key phrases."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from plenums.models import Committee, KeyPhrase, Person, Session


class StaticSitemap(Sitemap):
    priority = 0.5

    def items(self):
        return [
            "plenums:home",
            "plenums:committees",
            "plenums:people",
            "plenums:phrases",
            "plenums:data",
        ]

    def location(self, item):
        return reverse(item)


class SessionSitemap(Sitemap):
    priority = 0.8

    def items(self):
        return Session.objects.published().order_by("committee__name", "term", "plenum")


class CommitteeSitemap(Sitemap):
    def items(self):
        return Committee.objects.public().order_by("name")


class PersonSitemap(Sitemap):
    priority = 0.4

    def items(self):
        return (
            Person.objects.public().select_related("committee").order_by("name", "committee__name")
        )


class PhraseSitemap(Sitemap):
    priority = 0.4

    def items(self):
        return KeyPhrase.objects.public().order_by("phrase")


SITEMAPS = {
    "static": StaticSitemap,
    "sessions": SessionSitemap,
    "committees": CommitteeSitemap,
    "people": PersonSitemap,
    "phrases": PhraseSitemap,
}
