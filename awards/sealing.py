"""Sealing a cast ballot's choice while the ballot is open, with a key the database does not hold.

The key is derived (HKDF-SHA256) from the server's ``SECRET_KEY``, the ballot's random salt and its
id: a database dump or a backup taken during the vote shows neither choices nor a partial count.
The plaintext is padded to a fixed size so that the sealed length does not tell one choice from another.
"""

import json
import os

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.utils.translation import gettext as _

from awards.calculations import Choice, canonical_json
from core.exceptions import DomainError

BLOCK = 512  # every sealed plaintext is padded to a multiple of this many bytes
NONCE_BYTES = 12
SALT_BYTES = 16


def new_salt() -> bytes:
    return os.urandom(SALT_BYTES)


def ballot_key(*, ballot_id: int, salt: bytes) -> bytes:
    """The ballot's 256-bit sealing key; never stored."""
    hkdf = HKDF(algorithm=hashes.SHA256(), length=32, salt=salt, info=f"awards.ballot:{ballot_id}".encode())
    return hkdf.derive(settings.SECRET_KEY.encode())


def seal(choice: Choice, *, ballot_id: int, key: bytes) -> bytes:
    """The choice sealed with AES-GCM (nonce first), bound to the ballot's id."""
    plain = canonical_json(choice).encode()
    padded = plain.ljust(-(-len(plain) // BLOCK) * BLOCK, b" ")
    nonce = os.urandom(NONCE_BYTES)
    return nonce + AESGCM(key).encrypt(nonce, padded, str(ballot_id).encode())


def unseal(sealed: bytes, *, ballot_id: int, key: bytes) -> Choice:
    """The sealed choice; ``DomainError`` when it cannot be opened (altered row or a changed SECRET_KEY)."""
    try:
        plain = AESGCM(key).decrypt(sealed[:NONCE_BYTES], sealed[NONCE_BYTES:], str(ballot_id).encode())
    except InvalidTag:
        raise DomainError(
            _("A sealed ballot cannot be opened: it was altered, or the server's secret changed.")
        ) from None
    choice: Choice = json.loads(plain)
    return choice
