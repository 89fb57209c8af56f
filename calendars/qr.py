"""The feed's address as a QR code, drawn by segno as inline SVG (no image file, no script)."""

import segno
from django.utils.safestring import SafeString, mark_safe


def svg(text: str, *, title: str) -> SafeString:
    """The QR code as an <svg role="img"> named by its <title> (segno escapes the title).

    segno writes attributes only, no style, which the page's CSP (style-src 'self') allows;
    a white background keeps it scannable in a dark theme."""
    code = segno.make(text, error="m")
    markup = code.svg_inline(
        scale=4, border=3, title=title, svgclass="qr", lineclass=None, light="#fff", omitsize=True
    )
    return mark_safe(markup.replace("<svg ", '<svg role="img" ', 1))
