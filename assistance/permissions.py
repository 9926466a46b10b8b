"""Who may review suggestions: the one check the queue's views use."""

from upr_tracker import access


def can_review_suggestions(user) -> bool:
    """NMRF coordinators only: they tag recommendations, and what they accept becomes public. Staff who
    are not coordinators (a ministry's administrator, say) may not, as they may not import."""
    return access.is_coordinator(user)
