"""Who may review suggestions: the one check the queue's views use."""

from upr_tracker import access


def can_review_suggestions(user) -> bool:
    """NMRF coordinators and staff: they tag recommendations, and what they accept becomes public."""
    return access.is_coordinator(user) or bool(user.is_authenticated and user.is_active and user.is_staff)
