from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q

from core.models import ActivityLog


def history_for(*objects: models.Model, limit: int = 50):
    """The newest audit entries about any of ``objects`` (the caller has checked it may see them)."""
    condition = Q(pk__in=[])
    for obj in objects:
        content_type = ContentType.objects.get_for_model(obj, for_concrete_model=False)
        condition |= Q(content_type=content_type, object_id=obj.pk)
    return ActivityLog.objects.filter(condition).select_related("actor").order_by("-id")[:limit]
