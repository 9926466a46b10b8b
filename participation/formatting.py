"""Light formatting for what organisations write: Markdown without HTML, then an allowlist sanitiser.

Text is stored as typed and rendered here at display, in two independent layers: markdown-it with raw
HTML disabled turns ``<script>`` into visible text, and nh3 (Ammonia) keeps only a few tags, only
http/https/mailto links, and marks every link ``rel="nofollow noopener"``. Either layer alone would
stop the usual attacks; both together make a mistake in one of them harmless.
"""

import nh3
from django.utils.safestring import SafeString, mark_safe
from markdown_it import MarkdownIt

ALLOWED_TAGS = {"a", "p", "br", "ul", "ol", "li", "em", "strong", "code", "blockquote"}
ALLOWED_ATTRIBUTES = {"a": {"href"}}
URL_SCHEMES = {"http", "https", "mailto"}

# "commonmark" without html, images, tables or headings: a comment has no use for them.
_markdown = MarkdownIt("commonmark", {"html": False, "linkify": False, "breaks": True}).disable(
    ["image", "heading", "lheading", "html_block", "html_inline", "fence", "code", "hr"]
)


def render(text: str) -> SafeString:
    """Safe HTML for ``text`` written by a person: light Markdown, links made inert unless http(s)/mailto."""
    html = _markdown.render(text or "")
    return mark_safe(  # noqa: S308 - nh3 is the sanitiser
        nh3.clean(
            html,
            tags=ALLOWED_TAGS,
            attributes=ALLOWED_ATTRIBUTES,
            url_schemes=URL_SCHEMES,
            link_rel="nofollow noopener",
            clean_content_tags={"script", "style"},
        )
    )
