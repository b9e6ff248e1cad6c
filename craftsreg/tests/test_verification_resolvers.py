"""The core finds each app's verification resolver through its AppConfig (it imports no app)."""

from django.apps import apps

from craftsreg import verification


def test_every_app_that_issues_documents_answers_in_installed_apps_order():
    named = [
        config.verification_resolver
        for config in apps.get_app_configs()
        if getattr(config, "verification_resolver", None)
    ]

    assert named == [
        "awards.verification.resolve_certificate",
        "designs.verification.resolve_deposit_certificate",
        "cards.verification.resolve_card",
    ]
    assert [f"{r.__module__}.{r.__name__}" for r in verification.resolvers()] == named


def test_a_malformed_token_is_not_asked_of_any_app(monkeypatch):
    asked = []
    monkeypatch.setattr(verification, "resolvers", lambda: (asked.append,))

    assert verification.resolve("not a token") is None
    assert asked == []
