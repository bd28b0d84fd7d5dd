"""Password hashing with Django's hashers, accepting the bcrypt hashes of reelfake databases."""

from django.contrib.auth import hashers
from django.contrib.auth.hashers import check_password, make_password

# Hashes written by the reference implementation: plain bcrypt, cost 10.
_RAW_BCRYPT_PREFIXES = ("$2a$", "$2b$", "$2y$")


class Argon2PasswordHasher(hashers.Argon2PasswordHasher):
    """Argon2id at OWASP's recommended minimum: 19 MiB, 2 passes, 1 lane.

    Django's defaults (100 MiB, 8 lanes) make every login hold 100 MiB in a gunicorn worker
    and take hundreds of milliseconds when the server is busy; a practice server that its
    users log in to all day needs the cheaper end of the safe range. Hashes made with other
    parameters still verify and are re-hashed with these at the next login."""

    memory_cost = 19456
    parallelism = 1
    time_cost = 2


def hash_password(raw: str) -> str:
    return make_password(raw)


def verify_password(raw: str, encoded: str | None, *, on_upgrade=None) -> bool:
    """Check `raw` against a stored hash. When the hash is not the preferred hasher's (a
    reference bcrypt hash, say), `on_upgrade(new_hash)` is called to store a fresh one."""
    if not encoded:
        return False
    if encoded.startswith(_RAW_BCRYPT_PREFIXES):
        encoded = "bcrypt$" + encoded  # Django's name for the same format
    setter = None
    if on_upgrade is not None:

        def setter(password):
            on_upgrade(make_password(password))

    return check_password(raw, encoded, setter=setter)
