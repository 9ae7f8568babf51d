"""What scoring asks the daily reminders to chase (see ``blocs.deadlines``)."""

from blocs.deadlines import owed_by_deadline
from blocs.models import BlocYear
from scoring.enums import SheetStatus, Stage
from scoring.models import ScoreSheet

# pledges.enums.ReminderItem.SELF_SCORING: the reminder log's item code for the self-score sheet.
SELF_SCORING_ITEM = "self_scoring"


@owed_by_deadline(SELF_SCORING_ITEM, deadline_field="self_scoring_deadline", url_name="scoring:my_sheet")
def units_done_self_scoring(bloc_year: BlocYear, member_ids: set[int]) -> set[int]:
    """Members with no self-scoring to do now: none opened for them yet, or their self-score sheet sent."""
    owing = ScoreSheet.objects.filter(
        bloc_year=bloc_year,
        stage=Stage.SELF,
        status__in=[SheetStatus.DRAFT, SheetStatus.RETURNED],
        locked_at__isnull=True,
    ).values_list("unit_id", flat=True)
    return member_ids - set(owing)
