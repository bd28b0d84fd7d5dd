"""The production password hasher (settings.py; the tests themselves hash with MD5)."""

from concurrent.futures import ThreadPoolExecutor

from argon2.low_level import ffi
from django.contrib.auth.hashers import Argon2PasswordHasher as DjangoArgon2

from accounts import passwords
from accounts.passwords import Argon2PasswordHasher


def test_hashes_are_argon2id_with_19_mib_2_passes_1_lane():
    encoded = Argon2PasswordHasher().encode("Demo1234!", "saltsaltsaltsalt")
    assert encoded.startswith("argon2$argon2id$v=19$m=19456,t=2,p=1$")


def test_its_own_hash_verifies_and_needs_no_update():
    hasher = Argon2PasswordHasher()
    encoded = hasher.encode("Demo1234!", hasher.salt())
    assert hasher.verify("Demo1234!", encoded)
    assert not hasher.verify("demo1234!", encoded)
    assert not hasher.must_update(encoded)


def test_a_hash_with_djangos_default_parameters_verifies_and_is_upgraded():
    old = DjangoArgon2().encode("Demo1234!", "saltsaltsaltsalt")
    hasher = Argon2PasswordHasher()
    assert hasher.verify("Demo1234!", old)
    assert hasher.must_update(old)


def test_the_production_settings_hash_with_it():
    import reelfake.settings as production

    assert production.PASSWORD_HASHERS[0] == "accounts.passwords.Argon2PasswordHasher"


def test_hashes_are_the_ones_djangos_argon2_hasher_makes_with_the_same_parameters():
    class DjangoAtOurParameters(DjangoArgon2):
        memory_cost, parallelism, time_cost = 19456, 1, 2

    ours = Argon2PasswordHasher().encode("Demo1234!", "saltsaltsaltsalt")
    assert ours == DjangoAtOurParameters().encode("Demo1234!", "saltsaltsaltsalt")


def test_a_wrong_password_does_not_verify_against_a_hash_with_djangos_default_parameters():
    old = DjangoArgon2().encode("Demo1234!", "saltsaltsaltsalt")
    assert not Argon2PasswordHasher().verify("Demo1234?", old)


def test_the_working_memory_is_kept_for_the_next_hash():
    hasher = Argon2PasswordHasher()
    encoded = hasher.encode("Demo1234!", hasher.salt())
    hasher.verify("Demo1234!", encoded)
    kept = list(passwords._memory._idle)
    hasher.verify("Demo1234!", encoded)
    assert len(kept) == 1
    assert passwords._memory._idle == kept
    assert len(kept[0]) == 19456 * 1024


def test_the_kept_working_memory_is_wiped_after_each_hash():
    hasher = Argon2PasswordHasher()
    hasher.verify("Demo1234!", hasher.encode("Demo1234!", hasher.salt()))
    (block,) = passwords._memory._idle
    assert not any(bytes(ffi.buffer(block)))


def test_concurrent_hashes_each_get_their_own_working_memory():
    hasher = Argon2PasswordHasher()
    encoded = hasher.encode("Demo1234!", hasher.salt())
    attempts = ["Demo1234!", "wrong-one", "Demo1234!", "Demo1234?"] * 2
    with ThreadPoolExecutor(max_workers=4) as pool:
        answers = list(pool.map(lambda password: hasher.verify(password, encoded), attempts))
    assert answers == [True, False, True, False] * 2
    assert len(passwords._memory._idle) == 1
    assert passwords._memory._lent == {}
