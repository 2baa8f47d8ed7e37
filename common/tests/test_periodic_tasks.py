import pytest
from django.core.management import call_command
from django_celery_beat.models import PeriodicTask

from common.services.platform import periodic_tasks_install
from obc_management.schedules import PERIODIC_TASKS, PeriodicTaskSpec

pytestmark = pytest.mark.django_db


def test_installing_twice_leaves_one_row_per_declared_task():
    call_command("install_periodic_tasks")
    call_command("install_periodic_tasks")
    assert PeriodicTask.objects.filter(name__in=[spec.name for spec in PERIODIC_TASKS]).count() == len(
        PERIODIC_TASKS
    )


def test_a_changed_schedule_is_updated_and_a_dropped_task_removed():
    periodic_tasks_install(specs=[PeriodicTaskSpec("common.old", "common.tasks.housekeeping", "0 1 * * *")])
    result = periodic_tasks_install(
        specs=[PeriodicTaskSpec("common.housekeeping", "common.tasks.housekeeping", "15 4 * * *")]
    )
    assert result == {"created": 1, "updated": 0, "removed": 1}
    task = PeriodicTask.objects.get(name="common.housekeeping")
    assert (task.crontab.minute, task.crontab.hour, str(task.crontab.timezone)) == ("15", "4", "Asia/Manila")


def test_tasks_an_admin_added_by_hand_are_left_alone():
    from django_celery_beat.models import IntervalSchedule

    every_hour = IntervalSchedule.objects.create(every=1, period=IntervalSchedule.HOURS)
    PeriodicTask.objects.create(name="Hand-made backup", task="x.y", interval=every_hour)
    periodic_tasks_install(specs=PERIODIC_TASKS)
    assert PeriodicTask.objects.filter(name="Hand-made backup").exists()
