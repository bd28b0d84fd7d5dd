"""Password hashing with Django's hashers, accepting the bcrypt hashes of reelfake databases."""

from django.contrib.auth.hashers import check_password, make_password

# Hashes written by the reference implementation: plain bcrypt, cost 10.
_RAW_BCRYPT_PREFIXES = ("$2a$", "$2b$", "$2y$")


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
