"""The production password hasher (settings.py; the tests themselves hash with MD5)."""

from django.contrib.auth.hashers import Argon2PasswordHasher as DjangoArgon2

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
