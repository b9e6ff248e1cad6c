"""RegistryAppConfig: an app that names its document resolver has it registered with the public
verification page when the app is ready, once."""

from django.apps import apps

from craftsreg import verification
from craftsreg.app_config import RegistryAppConfig


def test_every_named_document_resolver_is_registered_once():
    configs = [c for c in apps.get_app_configs() if isinstance(c, RegistryAppConfig)]
    named = [c for c in configs if c.document_resolver]
    assert named  # the walk found the apps, not an empty list
    for config in named:
        resolver = config.document_resolver.rsplit(".", 1)[1]
        assert sum(r.__name__ == resolver for r in verification._resolvers) == 1


def test_ready_again_does_not_register_twice():
    config = next(
        c
        for c in apps.get_app_configs()
        if isinstance(c, RegistryAppConfig) and c.document_resolver
    )
    before = list(verification._resolvers)
    config.ready()
    assert verification._resolvers == before
