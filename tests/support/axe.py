"""Accessibility checks in a real browser: axe-core (vendored, test tree only) and a
measurement of touch targets.

axe-core is injected into the page under test (the browser context needs `bypass_csp=True`,
as the site's CSP allows scripts from 'self' only) and run with WCAG 2.2 AA's rules on,
so its `target-size` rule checks the 24 × 24 px minimum too.
"""

from dataclasses import dataclass, field
from pathlib import Path

from playwright.sync_api import Page

AXE_JS = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"
REPORTS = Path("test-results/accessibility")

# What the tests fail on: axe's two highest impacts, and rules the site once broke that axe
# rates lower (two <nav> landmarks without a name on one page).
BLOCKING = ("serious", "critical")
ALWAYS_BLOCKING = {"landmark-unique"}

AXE_OPTIONS = {
    "runOnly": {
        "type": "tag",
        "values": [
            "wcag2a",
            "wcag2aa",
            "wcag21a",
            "wcag21aa",
            "wcag22aa",
            "best-practice",
        ],
    },
    "resultTypes": ["violations"],
}

# WCAG 2.5.8 (AA) asks 24 × 24 CSS px of any target; our own rule for the main action of a
# page is a thumb's 44 px (Apple's and WCAG 2.5.5's figure).
MIN_TARGET = 24
MIN_PRIMARY_HEIGHT = 44

# Measures every visible control in <main>. Exempt, as WCAG 2.5.8 exempts them: links inside
# a sentence (display inline, in a text block), and checkboxes or radios whose label is part
# of the target (clicking the label ticks the box; the pair is measured together).
_TARGETS_JS = """
({minTarget, minPrimary}) => {
  const found = [];
  const main = document.querySelector('main') || document.body;
  const selector = 'a[href], button, input:not([type=hidden]), select, textarea, summary, '
    + '[role=button], [tabindex]:not([tabindex="-1"])';
  const describe = (el) => {
    let text = (el.getAttribute('aria-label') || el.innerText || el.value || el.name || '')
      .trim().replace(/\\s+/g, ' ');
    const id = el.id ? '#' + el.id : '';
    const cls = el.classList.length ? '.' + [...el.classList].join('.') : '';
    return `${el.tagName.toLowerCase()}${id}${cls} "${text.slice(0, 40)}"`;
  };
  const inSentence = (el) => {
    if (el.tagName !== 'A') return false;
    if (getComputedStyle(el).display !== 'inline') return false;
    const block = el.closest('p, li, dd, td, th, blockquote, figcaption, small, label, div');
    if (!block) return false;
    const own = (el.innerText || '').trim().length;
    return (block.innerText || '').trim().length > own + 4;
  };
  for (const el of main.querySelectorAll(selector)) {
    const style = getComputedStyle(el);
    if (style.visibility === 'hidden' || style.display === 'none') continue;
    let rect = el.getBoundingClientRect();
    if (rect.width === 0 && rect.height === 0) continue;
    if (el.closest('.visually-hidden, .visually-hidden-focusable')) continue;
    // Inside a closed <details> only its <summary> is rendered.
    const shut = el.closest('details:not([open])');
    if (shut && !el.closest('summary')) continue;
    if (el.type === 'checkbox' || el.type === 'radio') {
      const label = el.closest('label')
        || (el.id && document.querySelector(`label[for="${el.id}"]`));
      const holder = el.closest('.form-check') || label;
      if (holder) rect = holder.getBoundingClientRect();
    }
    if (inSentence(el)) continue;
    const primary = el.matches('.btn-brand, .btn-primary, .btn-lg') && !el.matches('.btn-sm');
    if (rect.width < minTarget - 0.5 || rect.height < minTarget - 0.5) {
      found.push(`${describe(el)} is ${rect.width.toFixed(0)}×${rect.height.toFixed(0)} px`
        + ` (needs ${minTarget}×${minTarget})`);
    } else if (primary && rect.height < minPrimary - 0.5) {
      found.push(`${describe(el)} is ${rect.height.toFixed(0)} px high`
        + ` (a primary button needs ${minPrimary})`);
    }
  }
  return found;
}
"""


@dataclass
class Finding:
    """What one check of one page in one state found. `targets_block` says whether a small
    target fails the test (our own pages) or is only reported (Django admin's own widgets,
    where axe's target-size rule, with WCAG's spacing exception, is what must pass)."""

    where: str
    violations: list[dict] = field(default_factory=list)
    small_targets: list[str] = field(default_factory=list)
    targets_block: bool = True

    def blocking(self) -> list[dict]:
        return [
            item
            for item in self.violations
            if item["impact"] in BLOCKING or item["id"] in ALWAYS_BLOCKING
        ]

    def report(self, *, everything: bool = False) -> str:
        lines = []
        for item in self.violations if everything else self.blocking():
            lines.append(f"{self.where}: [{item['impact']}] {item['id']}: {item['help']}")
            for node in item["nodes"][:8]:
                target = " ".join(str(part) for part in node["target"])
                message = node["failureSummary"].replace("\n", " ")
                lines.append(f"    {target}\n      {message}")
        if everything or self.targets_block:
            lines.extend(f"{self.where}: small target: {item}" for item in self.small_targets)
        return "\n".join(lines)


def axe_run(page: Page) -> list[dict]:
    """axe-core's violations on the page as it is now."""
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.add_script_tag(path=str(AXE_JS))
    return page.evaluate("options => axe.run(document, options)", AXE_OPTIONS)["violations"]


def small_targets(page: Page) -> list[str]:
    """Controls in <main> smaller than a fingertip needs (see _TARGETS_JS)."""
    return page.evaluate(_TARGETS_JS, {"minTarget": MIN_TARGET, "minPrimary": MIN_PRIMARY_HEIGHT})


def check(page: Page, where: str, *, targets_block: bool = True) -> Finding:
    return Finding(
        where=where,
        violations=axe_run(page),
        small_targets=small_targets(page),
        targets_block=targets_block,
    )


def open_menu(page: Page) -> bool:
    """Tap the navbar's toggler if the page has one showing; True once the menu is open."""
    toggler = page.locator(".navbar-toggler")
    if toggler.count() == 0 or not toggler.first.is_visible():
        return False
    toggler.first.tap()
    page.locator("#nav.show").wait_for(state="visible")
    # Bootstrap's collapse animates its height; axe must see the end state.
    page.wait_for_function("() => !document.querySelector('#nav').classList.contains('collapsing')")
    return True


def check_both_menu_states(page: Page, where: str, *, targets_block: bool = True) -> list[Finding]:
    """axe and the target check with the navbar menu collapsed, then opened by a tap. (The
    admin has no such menu on a phone: Django hides its sidebar and toggle below 768 px.)"""
    findings = [check(page, f"{where} (menu closed)", targets_block=targets_block)]
    if open_menu(page):
        findings.append(check(page, f"{where} (menu open)", targets_block=targets_block))
    return findings


def summary(findings: list[Finding], *, name: str) -> str:
    """Everything blocking, one line per rule and target; also kept in test-results/ so a
    person can read the whole list when a run fails."""
    text = "\n".join(report for finding in findings if (report := finding.report()))
    everything = "\n".join(
        report for finding in findings if (report := finding.report(everything=True))
    )
    REPORTS.mkdir(parents=True, exist_ok=True)
    (REPORTS / f"{name}.txt").write_text(
        f"Blocking:\n{text or 'none'}\n\nAll findings, minor and moderate too:\n{everything}\n",
        encoding="utf-8",
    )
    return text
