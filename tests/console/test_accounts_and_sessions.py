"""Accounts (argon2), the create-user command, signed sessions and settings."""

import pytest

from common.settings import load_settings
from console.accounts import AccountError, Accounts
from console.cli import main
from console.database import open_admin_db
from console.sessions import SessionCodec
from console.settings import AdminSettings

SECRET = b"a-secret-key-for-tests-1234"


def test_passwords_are_stored_as_argon2_hashes(admin_settings: AdminSettings) -> None:
    accounts = Accounts(admin_settings.db_path)
    accounts.create("Bernd", "ein-langes-passwort")
    with open_admin_db(admin_settings.db_path) as db:
        stored = db.table("users").get("bernd")["password_hash"]
    assert stored.startswith("$argon2id$")
    assert "ein-langes-passwort" not in stored
    assert accounts.verify("bernd", "ein-langes-passwort")
    assert accounts.verify(" BERND ", "ein-langes-passwort")
    assert not accounts.verify("bernd", "ein-langes-passwort!")
    assert not accounts.verify("niemand", "ein-langes-passwort")


def test_weak_passwords_and_odd_names_are_refused(admin_settings: AdminSettings) -> None:
    accounts = Accounts(admin_settings.db_path)
    with pytest.raises(AccountError):
        accounts.create("carla", "kurz")
    with pytest.raises(AccountError):
        accounts.create("carla <script>", "ein-langes-passwort")
    accounts.create("carla", "ein-langes-passwort")
    with pytest.raises(AccountError, match="exists"):
        accounts.create("carla", "ein-anderes-passwort")
    accounts.create("carla", "ein-anderes-passwort", replace=True)
    assert accounts.verify("carla", "ein-anderes-passwort")


def test_create_user_reads_the_password_from_the_environment_and_never_prints_it(
    admin_settings: AdminSettings,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("ADMIN_PASSWORD", "skript-passwort-123")
    assert main(["create-user", "dora"]) == 0
    output = capsys.readouterr()
    assert "dora" in output.out
    assert "skript-passwort-123" not in output.out + output.err
    assert Accounts(admin_settings.db_path).verify("dora", "skript-passwort-123")
    assert main(["create-user", "dora"]) == 1


def test_create_user_asks_twice_without_echo(
    admin_settings: AdminSettings, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("ADMIN_PASSWORD", raising=False)
    answers = iter(["prompt-passwort-1", "prompt-passwort-2"])
    monkeypatch.setattr("getpass.getpass", lambda prompt: next(answers))
    assert main(["create-user", "emil"]) == 1
    answers = iter(["prompt-passwort-1", "prompt-passwort-1"])
    assert main(["create-user", "emil"]) == 0
    assert Accounts(admin_settings.db_path).verify("emil", "prompt-passwort-1")


def test_sessions_are_signed_and_expire() -> None:
    now = [1000.0]
    codec = SessionCodec(SECRET, 60, clock=lambda: now[0])
    session = codec.issue("anna")
    value = codec.dumps(session)
    assert codec.loads(value) == session
    payload, signature = value.split(".")
    assert codec.loads(f"{payload}.{'0' * len(signature)}") is None
    assert codec.loads(payload) is None
    assert codec.loads("ä.ö") is None
    assert SessionCodec(b"another-secret-key-xyz", 60, clock=lambda: now[0]).loads(value) is None
    now[0] += 61
    assert codec.loads(value) is None


def test_csrf_token_belongs_to_one_session() -> None:
    codec = SessionCodec(SECRET, 60)
    first, second = codec.issue(None), codec.issue("anna")
    assert codec.check_csrf(first, codec.csrf_token(first))
    assert not codec.check_csrf(second, codec.csrf_token(first))
    assert not codec.check_csrf(first, "")
    assert not codec.check_csrf(None, codec.csrf_token(first))
    assert not codec.check_csrf(first, "ä")


def test_settings_from_the_environment(
    admin_settings: AdminSettings, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert admin_settings.secret_key == b"test-secret-key-0123456789"
    assert "secret" not in repr(admin_settings).replace("generated_secret", "")
    monkeypatch.setenv("ADMIN_SECRET_KEY", "short")
    with pytest.raises(SystemExit, match="ADMIN_SECRET_KEY"):
        load_settings()
    monkeypatch.delenv("ADMIN_SECRET_KEY")
    monkeypatch.setenv("ADMIN_SECURE_COOKIES", "1")
    monkeypatch.setenv("ADMIN_RETENTION_DAYS", "30")
    generated = AdminSettings.from_settings(load_settings())
    assert generated.generated_secret and len(generated.secret_key) == 32
    again = AdminSettings.from_settings(load_settings())
    assert again.secret_key == generated.secret_key  # one key per process
    assert generated.secure_cookies and generated.retention_days == 30
