"""Production wiring: Redis as cache and broker, a real Celery worker running our tasks."""

import pytest
from django.conf import settings
from django.core.cache import cache

from config import env
from core.services import log_action
from core.tasks import check_activity_chain


@pytest.mark.redis
def test_cache_is_redis_when_redis_url_is_set():
    assert settings.CACHES["default"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache"

    cache.set("thidua:test", "Hà Tĩnh", 30)

    assert cache.get("thidua:test") == "Hà Tĩnh"


def test_celery_without_redis_runs_tasks_eagerly_in_process(db):
    assert env.env_url("NO_SUCH_VARIABLE", schemes={"redis"}) == ""
    assert check_activity_chain.delay().get() == {"ok": True, "checked": 0, "broken_id": None}


@pytest.mark.postgres
@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_worker_runs_chain_check_against_the_database(world, secretariat, celery_worker_queue, real_broker):
    for action in ["w.one", "w.two"]:
        log_action(world.bloc_year, actor=secretariat, action=action)

    result = check_activity_chain.apply_async(queue=celery_worker_queue).get(timeout=60)

    assert result == {"ok": True, "checked": 2, "broken_id": None}
