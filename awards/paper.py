"""The consistency rules of a counted paper ballot (no ORM): what the counting committee (ban kiểm phiếu)
reports must add up before the product takes it as the ballot's result.

The counts are those the minutes print (DOMAIN §7: ballots issued, returned, valid, invalid, votes
per candidate). A ballot marks at most ``max_choices`` candidates: the remaining quota for a
"choose up to N" ballot, the number of candidates for a yes/no-per-candidate ballot.
"""

from collections.abc import Collection, Hashable, Mapping

from django.utils.translation import gettext as _


def paper_count_errors(
    *,
    issued: int,
    returned: int,
    valid: int,
    invalid: int,
    votes: Mapping[Hashable, int],
    candidates: Collection[Hashable],
    max_choices: int,
) -> list[str]:
    """Why the paper count cannot be the ballot's result (empty when it adds up).

    Negative numbers are reported alone: the sums below mean nothing until they are fixed.
    """
    negative = _negative_counts(issued, returned, valid, invalid, votes, max_choices)
    if negative:
        return negative
    return [
        *_ballot_errors(issued, returned, valid, invalid),
        *_vote_errors(valid, votes, candidates, max_choices),
    ]


def _negative_counts(
    issued: int, returned: int, valid: int, invalid: int, votes: Mapping[Hashable, int], max_choices: int
) -> list[str]:
    counts = {_("ballots issued"): issued, _("ballots returned"): returned, _("valid"): valid, _("invalid"): invalid}
    named = [name for name, count in counts.items() if count < 0]
    named += [_("votes for %(candidate)s") % {"candidate": c} for c, count in votes.items() if count < 0]
    errors = [_("A count cannot be negative: %(counts)s.") % {"counts": ", ".join(named)}] if named else []
    if max_choices < 1:
        errors.append(_("A ballot must allow at least one choice."))
    return errors


def _ballot_errors(issued: int, returned: int, valid: int, invalid: int) -> list[str]:
    errors = []
    if returned > issued:
        errors.append(
            _("More ballots were returned (%(returned)s) than issued (%(issued)s).")
            % {"returned": returned, "issued": issued}
        )
    if valid + invalid != returned:
        errors.append(
            _(
                "The valid (%(valid)s) and invalid (%(invalid)s) ballots must add up to the ballots "
                "returned (%(returned)s)."
            )
            % {"valid": valid, "invalid": invalid, "returned": returned}
        )
    return errors


def _vote_errors(
    valid: int, votes: Mapping[Hashable, int], candidates: Collection[Hashable], max_choices: int
) -> list[str]:
    unknown = [str(name) for name in votes if name not in candidates]
    errors = []
    if unknown:
        errors.append(
            _("Votes are given for someone who is not a candidate: %(names)s.") % {"names": ", ".join(unknown)}
        )
    errors += [
        _("%(candidate)s has more votes (%(votes)s) than there are valid ballots (%(valid)s).")
        % {"candidate": name, "votes": count, "valid": valid}
        for name, count in votes.items()
        if count > valid
    ]
    total, most = sum(votes.values()), valid * max_choices
    if total > most:
        errors.append(
            _(
                "The votes add up to %(total)s: more than %(valid)s valid ballots can hold with at most "
                "%(choices)s marked on each (%(most)s)."
            )
            % {"total": total, "valid": valid, "choices": max_choices, "most": most}
        )
    return errors
