"""The year-end meeting and its awards: compliance records, the meeting, candidates, the secret ballot.

The electronic secret ballot — threat model and residual risks (DOMAIN §7)
--------------------------------------------------------------------------
Threats, most likely first: a colleague or the secretariat peeking at who voted what through pages,
exports, the admin, logs or the audit trail; a system administrator reading the database or a
backup; a voter claiming their vote was lost.

What holds:

- Two tables that never meet. ``Participation`` (ballot, voter, unit; unique per voter and per unit)
  carries no choice and no time. ``CastBallot`` (random UUID, sealed choice or plain choice,
  receipt code) carries no voter, no time and no sequential id.
- While the ballot is open each choice is sealed with AES-GCM under a key derived by HKDF from
  ``settings.SECRET_KEY``, a random salt stored on the ballot and the ballot's id, and padded to a
  fixed size: a database dump or backup taken mid-vote shows neither choices nor a partial count.
- Closing unseals every ballot, deletes the sealed rows and writes the plain ones in a random order
  (``secrets``) under fresh random ids, in one transaction; the digest (sha256 of the sorted ballot
  list) goes into the hash-chained audit log with each ballot's fingerprint, and
  ``manage.py verify_ballot`` names any ballot altered, added or removed since.
- The only audit entry of a vote (``awards.ballot.participated``) names the voter and the unit,
  never the choice; the cast ballot writes no entry, no log line, task, cache key or e-mail.
- No selector gives a count or a ballot before closing, to anybody, the administrator included;
  only the number of participations is known while the ballot is open. The rule
  ``awards.view_ballot_result`` requires a closed ballot too, but Django grants a superuser every
  permission, so a result page must rest on the selector (which returns nothing before closing),
  never on ``has_perm`` alone.

Residual risks, stated:

- Someone holding both the database (live, or a backup taken during the vote) and ``SECRET_KEY``
  while the ballot is open can unseal the choices. They still cannot link a sealed row to a voter
  from the stored columns (cast rows have no voter, no time and a random id), but the physical
  order of the sealed rows (e.g. PostgreSQL's ctid) follows the casting order until closing, and
  the audit entries of the participations are timed and ordered: with live access during the vote
  they could link the two by order. Closing removes that order.
- A receipt code published with its choice lets a voter prove their vote to someone else: the
  ballot is not receipt-free. For a bloc's meeting of 6–11 units these risks are accepted; a paper
  ballot count remains available.
- A unit's vote is secret only as far as the other votes are: with very few voters, or a unanimous
  result, the tally itself tells who voted what.
"""
