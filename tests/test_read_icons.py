"""Making Data Count icon rendering (samrehab.read.icons): text alternatives, contrast, no colour alone."""

from __future__ import annotations

import re

import pytest

from samrehab.read import icons as mdc_icons


def _luminance(colour: str) -> float:
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def _contrast(a: str, b: str) -> float:
    high, low = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


@pytest.mark.parametrize("icon", sorted(mdc_icons.STYLE))
def test_letter_contrast_and_text_alternative(icon: str) -> None:
    fill, ink, letter = mdc_icons.STYLE[icon]
    assert _contrast(fill, ink) >= 4.5, f"{icon}: letter contrast {_contrast(fill, ink):.2f}"
    for lang in ("sv", "en"):
        svg = mdc_icons.svg(icon, lang)
        label = mdc_icons.text(icon, lang)
        assert f'aria-label="{label}"' in svg and f"<title>{label}</title>" in svg and 'role="img"' in svg
        assert f">{letter}</text>" in svg


def test_icons_that_share_a_colour_differ_by_letter() -> None:
    for group in (mdc_icons.VARIATION_ICONS, mdc_icons.ASSURANCE_ICONS):
        looks = [mdc_icons.STYLE[icon][0] + mdc_icons.STYLE[icon][2] for icon in group]
        assert len(set(looks)) == len(group)


def test_icons_html_states_why_there_is_no_icon() -> None:
    assert "färre än 15" in mdc_icons.icons_html({"icon_status": "too_few_points"}, "sv")
    assert "monthly shares only" in mdc_icons.icons_html(None, "en")
    html = mdc_icons.icons_html({"icon_status": "computed", "variation_icon": "concern_low",
                                 "assurance_icon": None}, "sv")
    assert "försämring (lägre)" in html and "Ingen målsymbol" in html
    both = mdc_icons.icons_html({"icon_status": "computed", "variation_icon": "common_cause",
                                 "assurance_icon": "hit_and_miss"}, "en")
    assert len(re.findall("<img", both)) == 2 and 'alt="Target hit and miss"' in both


def test_legend_lists_every_icon_and_the_chart() -> None:
    legend = mdc_icons.legend_html("sv")
    assert len(re.findall("<img", legend)) == len(mdc_icons.STYLE)
    assert "XmR" in legend
