"""Put the directory's and the rules' current entries into a guide's page.

Each reference costs nothing per use: one query for all the channels a guide names, one for
its policies, one for its platforms; rules come from cases/data/rules.yaml.

A rule cited in a sentence shows its citation only, linked to the guide's list of the law,
where the statute's text is one tap away (a <details>); a rule alone in its paragraph is that
<details> itself. Whatever is not verified says so in plain words beside it.
"""

import logging
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from cases.compensation import food_punitive, fraud_punitive
from cases.rules import Rule, all_rules
from platforms.models import ContactChannel, Platform, Policy

from .library import PLACEHOLDER_RE, Guide, Reference

logger = logging.getLogger(__name__)


@dataclass
class RenderedGuide:
    guide: Guide
    html: SafeString
    answer: SafeString  # the first screen's answer
    call: list[ContactChannel]  # the first screen's channels
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
        "amount": _amounts(r.name for r in references if r.kind == "amount"),
    }


# The worked examples a guide can show, by rule: what the rule gives on a price, computed with
# the same functions the cases use.
def _yuan(amount: Decimal) -> str:
    """¥1,000 for whole yuan, ¥12.50 otherwise: how people write a price."""
    return f"¥{amount:,.0f}" if amount == amount.to_integral_value() else f"¥{amount:,.2f}"


def _example(rule: Rule, price: Decimal) -> dict:
    if rule.id == "fraud_compensation":
        extra = fraud_punitive(price=price, fraud_rule=rule)
        factor = rule["multiplier"]
    else:
        extra = food_punitive(price=price, losses=Decimal(0), food_rule=rule)
        factor = rule["price_multiplier"]
    multiple = price * factor
    return {
        "factor": factor,
        "floor": extra > multiple,  # the minimum applies
        "price_text": _yuan(price),
        "extra_text": _yuan(extra),
        "multiple_text": _yuan(multiple),
        "minimum_text": _yuan(Decimal(rule["minimum_yuan"])),
        "total_text": _yuan(price + extra),
    }


EXAMPLE_RULES = {"fraud_compensation", "food_compensation", "drug_compensation"}


def _amounts(names) -> dict:
    rules, found = all_rules(), {}
    for name in names:
        rule_id, _sep, price_text = name.partition("/")
        try:
            price = Decimal(price_text)
        except InvalidOperation:
            continue
        if rule_id in EXAMPLE_RULES and rule_id in rules and price > 0:
            rule = rules[rule_id]
            found[name] = {"rule": rule, "price": price, **_example(rule, price)}
    return found


def _snippet(reference: Reference, entry, *, block: bool) -> str:
    kind = reference.kind
    if kind == "platform":
        return format_html(
            '<a href="{}">{}</a>', reverse("platforms:detail", args=[entry.slug]), entry.name
        )
    if kind == "rule":
        template = f"guides/include/rule_{'block' if block else 'inline'}.html"
        return render_to_string(template, {"rule": entry}).strip()
    if kind == "amount":
        return render_to_string("guides/include/amount.html", {"example": entry}).strip()
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
            if reference.kind in ("rule", "amount"):
                basis = entry if reference.kind == "rule" else entry["rule"]
                cited[basis.id] = basis
            snippet = _snippet(reference, entry, block=block)
        if block or (entry is None and match.group(1) and match.group(3)):
            return snippet
        return (match.group(1) or "") + snippet + (match.group(3) or "")

    answer = PLACEHOLDER_RE.sub(replace, guide.answer_html)
    html = PLACEHOLDER_RE.sub(replace, guide.html)
    call = []
    for key in guide.call:
        channel = found["channel"].get(key)
        if channel is None:
            missing.append(Reference("channel", key))
        else:
            call.append(channel)
    return RenderedGuide(
        guide, mark_safe(html), mark_safe(answer), call, list(cited.values()), missing
    )
