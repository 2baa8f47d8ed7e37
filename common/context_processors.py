from common.navigation import items_for
from common.selectors.notifications import unread_notification_count


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": [], "unread_notifications": 0}
    return {"nav_items": items_for(user), "unread_notifications": unread_notification_count(user=user)}
