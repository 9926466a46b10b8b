"""Fonts for the PDF, and text prepared so that every script the data holds prints.

ReportLab draws only the glyphs of the font it is given and does not shape Arabic, so:

- DejaVu Sans (Debian's ``fonts-dejavu-core``) covers Latin with accents, Greek, Cyrillic, Arabic and
  Hebrew; WenQuanYi Micro Hei (``fonts-wqy-microhei``, TrueType outlines, which ReportLab needs) covers
  Chinese, Japanese and Korean. Runs of CJK characters are switched to the second font.
- Arabic and Hebrew lines are shaped (``arabic-reshaper``) and put in visual order (``python-bidi``).

``make install`` installs both font packages when they are missing.
"""

import functools
import re
from pathlib import Path
from xml.sax.saxutils import escape

from arabic_reshaper import reshape
from bidi import get_display
from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from ..document import clean_text
from ..errors import ReportError

DEJAVU = Path("/usr/share/fonts/truetype/dejavu")
FONTS = {
    "ReportSans": DEJAVU / "DejaVuSans.ttf",
    "ReportSans-Bold": DEJAVU / "DejaVuSans-Bold.ttf",
    "ReportCJK": Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"),
}
SANS, BOLD, CJK = FONTS
_CJK_RUN = re.compile(r"([\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef]+)")
_RTL_LETTERS = "\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff"
_RTL = re.compile(f"[{_RTL_LETTERS}]")
# A short right-to-left phrase inside other text, kept on one line: put in visual order before
# ReportLab wraps it, a phrase broken over two lines would read in the wrong order.
_SHORT_RTL_PHRASE = re.compile(f"[{_RTL_LETTERS}][{_RTL_LETTERS} ]{{0,38}}[{_RTL_LETTERS}]")


@functools.cache
def register_fonts() -> None:
    missing = [str(path) for path in FONTS.values() if not path.exists()]
    if missing:
        raise ReportError(
            "PDF reports cannot be made on this server yet: the fonts they need are not installed "
            f"({', '.join(missing)}). Choose XLSX or DOCX, or ask the administrator to run `make install`."
        )
    for name, path in FONTS.items():
        pdfmetrics.registerFont(
            TTFont(name, str(path), subfontIndex=0) if path.suffix == ".ttc" else TTFont(name, path)
        )
    addMapping(SANS, 0, 0, SANS)
    addMapping(SANS, 1, 0, BOLD)
    addMapping(SANS, 0, 1, SANS)
    addMapping(SANS, 1, 1, BOLD)


def has_cjk(text: str) -> bool:
    """Mostly Chinese, Japanese or Korean, which breaks lines between any two characters: a few CJK
    words inside other text do not make it so (CJK wrapping would break the other words anywhere)."""
    cjk = sum(len(run) for run in _CJK_RUN.findall(text))
    return cjk > 0 and 2 * cjk >= len("".join(text.split()))


def markup(value) -> str:
    """``value`` as ReportLab paragraph markup: escaped, shaped, CJK runs in their font, lines kept."""
    lines = []
    for line in clean_text(value).split("\n"):
        if _RTL.search(line):
            line = _SHORT_RTL_PHRASE.sub(lambda phrase: phrase.group().replace(" ", "\u00a0"), line)
            line = get_display(reshape(line))
        lines.append(_CJK_RUN.sub(rf'<font name="{CJK}">\1</font>', escape(line)))
    return "<br/>".join(lines)
