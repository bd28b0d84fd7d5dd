"""Password hashing with Django's hashers, accepting the bcrypt hashes of reelfake databases."""

import base64
import binascii
import hmac
import threading

import argon2
from argon2.low_level import ffi
from django.contrib.auth import hashers
from django.contrib.auth.hashers import check_password, make_password

# Hashes written by the reference implementation: plain bcrypt, cost 10.
_RAW_BCRYPT_PREFIXES = ("$2a$", "$2b$", "$2y$")
_ARGON2_MEMORY_ALLOCATION_ERROR = -22  # argon2.h's ARGON2_MEMORY_ALLOCATION_ERROR


class _WorkingMemory:
    """Argon2's working memory (memory_cost KiB), one block kept per process between hashes
    (docs/performance.md "Logins"). Without it each hash gets 19 MiB freshly mapped: the
    gunicorn workers map every allocation of 128 kB or more (gunicorn.conf.py), and the
    kernel then faults in and zeroes 4,864 pages, about 12 ms of system time on top of the
    hash's 25 ms. The Argon2 library wipes the block before handing it back (its
    clear_internal_memory), so nothing of a password stays in it between hashes.

    Only blocks of `size` bytes are kept, at most `keep` of them: a hash running while the
    kept block is in use, or one with other parameters (an older hash being verified), gets
    a block of its own, as before."""

    def __init__(self, size: int, keep: int = 1):
        self.size, self.keep = size, keep
        self._lock = threading.Lock()
        self._idle: list = []
        self._lent: dict[int, object] = {}  # address → the cdata that owns the block

    def take(self, size: int):
        block = None
        if size == self.size:
            with self._lock:
                if self._idle:
                    block = self._idle.pop()
        if block is None:
            block = ffi.new("uint8_t[]", size)
        with self._lock:
            self._lent[int(ffi.cast("uintptr_t", block))] = block
        return block

    def give_back(self, pointer) -> None:
        with self._lock:
            block = self._lent.pop(int(ffi.cast("uintptr_t", pointer)), None)
            if block is not None and len(block) == self.size and len(self._idle) < self.keep:
                self._idle.append(block)


class Argon2PasswordHasher(hashers.Argon2PasswordHasher):
    """Argon2id at OWASP's recommended minimum: 19 MiB, 2 passes, 1 lane.

    Django's defaults (100 MiB, 8 lanes) make every login hold 100 MiB in a gunicorn worker
    and take hundreds of milliseconds when the server is busy; a practice server that its
    users log in to all day needs the cheaper end of the safe range. Hashes made with other
    parameters still verify and are re-hashed with these at the next login.

    The same hashes as Django's hasher, computed with argon2's context API so the working
    memory is reused (_WorkingMemory); every other hash (a malformed one too) goes through
    Django's hasher unchanged."""

    memory_cost = 19456
    parallelism = 1
    time_cost = 2

    def encode(self, password, salt):
        params = self.params()
        raw = _argon2_raw(password.encode(), salt.encode(), params)
        if raw is None:
            return super().encode(password, salt)
        return (
            f"{self.algorithm}$argon2{params.type.name.lower()}$v={params.version}"
            f"$m={params.memory_cost},t={params.time_cost},p={params.parallelism}"
            f"${_b64(salt.encode())}${_b64(raw)}"
        )

    def verify(self, password, encoded):
        algorithm, rest = encoded.split("$", 1)
        assert algorithm == self.algorithm
        try:
            params = argon2.extract_parameters("$" + rest)
            *_, b64salt, b64hash = rest.split("$")
            salt, expected = _unb64(b64salt), _unb64(b64hash)
        except (argon2.exceptions.InvalidHashError, binascii.Error, ValueError):
            return super().verify(password, encoded)
        raw = _argon2_raw(password.encode(), salt, params, hash_len=len(expected))
        if raw is None:
            return super().verify(password, encoded)
        return hmac.compare_digest(raw, expected)


def _b64(data: bytes) -> str:
    """Base64 without padding, as Argon2's encoded hashes write salt and hash."""
    return base64.b64encode(data).decode("ascii").rstrip("=")


def _unb64(text: str) -> bytes:
    return base64.b64decode(text + "=" * (-len(text) % 4), validate=True)


_memory = _WorkingMemory(Argon2PasswordHasher.memory_cost * 1024)


@ffi.callback("int(uint8_t **, size_t)", error=_ARGON2_MEMORY_ALLOCATION_ERROR)
def _allocate(memory, size):
    memory[0] = _memory.take(size)
    return 0


@ffi.callback("void(uint8_t *, size_t)")
def _free(memory, size):
    _memory.give_back(memory)


def _argon2_raw(password: bytes, salt: bytes, params, *, hash_len: int | None = None):
    """The raw Argon2 hash of `password` with `salt` and `params` (argon2.Parameters), its
    working memory from _memory; None when the library refuses the parameters (the caller
    then goes through Django's hasher, which raises or answers False as it always did)."""
    out_len = params.hash_len if hash_len is None else hash_len
    out = ffi.new("uint8_t[]", out_len)
    pwd, salt_buffer = ffi.new("uint8_t[]", password), ffi.new("uint8_t[]", salt)
    context = ffi.new(
        "argon2_context *",
        {
            "out": out,
            "outlen": out_len,
            "pwd": pwd,
            "pwdlen": len(password),
            "salt": salt_buffer,
            "saltlen": len(salt),
            "secret": ffi.NULL,
            "secretlen": 0,
            "ad": ffi.NULL,
            "adlen": 0,
            "t_cost": params.time_cost,
            "m_cost": params.memory_cost,
            "lanes": params.parallelism,
            "threads": params.parallelism,
            "version": params.version,
            "allocate_cbk": _allocate,
            "free_cbk": _free,
            "flags": argon2.low_level.lib.ARGON2_DEFAULT_FLAGS,
        },
    )
    if argon2.low_level.core(context, params.type.value) != argon2.low_level.lib.ARGON2_OK:
        return None
    return bytes(ffi.buffer(out, out_len))


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
