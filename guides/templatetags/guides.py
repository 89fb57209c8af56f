"""The case page's links to the guides for its platform and stage."""

from django import template

from ..library import for_case

register = template.Library()


@register.inclusion_tag("guides/include/case_guides.html")
def case_guides(case):
    return {"guides": for_case(platform=case.platform.slug, stage=case.stage)}
