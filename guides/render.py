"""Put the directory's and the rules' current entries into a guide's page.

Each reference costs nothing per use: one query for all the channels a guide names, one for
its policies, one for its platforms; rules come from cases/data/rules.yaml.
"""

import logging
from dataclasses import dataclass

from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from cases.rules import Rule, all_rules
from platforms.models import ContactChannel, Platform, Policy

from .library import PLACEHOLDER_RE, Guide, Reference

logger = logging.getLogger(__name__)


@dataclass
class RenderedGuide:
    guide: Guide
    html: SafeString
    rules: list[Rule]  # the rules the guide cites, for its "legal basis" list
    missing: list[Reference]  # references that did not resolve (a test fails on any)


def _lookups(references) -> dict:
    names = {
        kind: {r.name for r in references if r.kind == kind}
        for kind in ("channel", "policy", "platform")
    }
    pairs = [name.split("/", 1) for name in names["policy"] if "/" in name]
    policies = Policy.objects.filter(
        platform__slug__in=[slug for slug, _code in pairs], code__in=[code for _slug, code in pairs]
    ).select_related("platform")
    return {
        "channel": {
            channel.key: channel
            for channel in ContactChannel.objects.filter(key__in=names["channel"]).select_related(
                "platform"
            )
        },
        "policy": {f"{policy.platform.slug}/{policy.code}": policy for policy in policies},
        "platform": {p.slug: p for p in Platform.objects.filter(slug__in=names["platform"])},
        "rule": all_rules(),
    }


def _snippet(reference: Reference, entry, *, block: bool) -> str:
    kind = reference.kind
    if kind == "platform":
        return format_html(
            '<a href="{}">{}</a>', reverse("platforms:detail", args=[entry.slug]), entry.name
        )
    if kind == "rule":
        return render_to_string("guides/include/rule_inline.html", {"rule": entry}).strip()
    template = f"guides/include/{kind}_{'block' if block else 'inline'}.html"
    return render_to_string(template, {kind: entry}).strip()


def render_guide(guide: Guide) -> RenderedGuide:
    found = _lookups(guide.references)
    missing: list[Reference] = []
    cited: dict[str, Rule] = {}

    def replace(match) -> str:
        reference = guide.references[int(match.group(2))]
        entry = found[reference.kind].get(reference.name)
        block = bool(match.group(1) and match.group(3))  # alone in its paragraph
        if entry is None:
            missing.append(reference)
            logger.error("guide %s: %s:%s not found", guide.slug, reference.kind, reference.name)
            snippet = render_to_string("guides/include/missing.html", {"reference": reference})
        else:
            if reference.kind == "rule":
                cited[entry.id] = entry
            snippet = _snippet(reference, entry, block=block)
        if block or (entry is None and match.group(1) and match.group(3)):
            return snippet
        return (match.group(1) or "") + snippet + (match.group(3) or "")

    html = PLACEHOLDER_RE.sub(replace, guide.html)
    return RenderedGuide(guide, mark_safe(html), list(cited.values()), missing)
