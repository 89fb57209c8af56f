"""sitemap.xml: the public pages a search engine should find (guides, directory, home)."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from platforms.models import Platform

from .library import all_guides


class GuideSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.8

    def items(self):
        return list(all_guides().values())

    def location(self, item):
        return reverse("guides:detail", args=[item.slug])

    def lastmod(self, item):
        return item.reviewed


class PlatformSitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.6

    def items(self):
        return list(Platform.objects.order_by("sort_order", "slug"))

    def location(self, item):
        return reverse("platforms:detail", args=[item.slug])


class PageSitemap(Sitemap):
    priority = 0.7

    def items(self):
        return ["home", "guides:list", "guides:glossary", "platforms:list"]

    def location(self, item):
        return reverse(item)


SITEMAPS = {"pages": PageSitemap, "guides": GuideSitemap, "platforms": PlatformSitemap}
