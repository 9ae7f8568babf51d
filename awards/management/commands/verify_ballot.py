from typing import Any

from django.core.management.base import BaseCommand, CommandError

from awards.models import Ballot
from awards.selectors.ballots import verify_stored_ballots


class Command(BaseCommand):
    help = "Recount a closed ballot from its stored ballots and check them against the digest recorded at closing."

    def add_arguments(self, parser):
        parser.add_argument("ballot_id", type=int)

    def handle(self, *args: object, **options: Any) -> None:
        ballot = Ballot.objects.filter(pk=options["ballot_id"]).first()
        if ballot is None:
            raise CommandError(f"No ballot {options['ballot_id']}.")
        check = verify_stored_ballots(ballot)
        if not check.closed:
            raise CommandError(f"Ballot {ballot.pk} is not closed: there is nothing to verify yet.")
        problems = [
            *(f"altered ballot: receipt {receipt}" for receipt in check.altered),
            *(f"added ballot: receipt {receipt}" for receipt in check.added),
            *(f"removed ballot: receipt {receipt}" for receipt in check.removed),
            *(["the digest of the stored ballots differs from the ballot's"] if not check.digest_matches else []),
            *(["the digest differs from the one in the audit chain"] if not check.recorded_digest_matches else []),
            *(["the ballots do not match the participations in number"] if not check.count_matches else []),
            *(["a recount differs from the recorded result"] if not check.tally_matches else []),
        ]
        if problems:
            raise CommandError(f"Ballot {ballot.pk} FAILED verification:\n" + "\n".join(problems))
        self.stdout.write(self.style.SUCCESS(f"Ballot {ballot.pk}: {ballot.digest} verified."))
