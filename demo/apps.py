from django.apps import AppConfig


class DemoConfig(AppConfig):
    """No models and no pages: only the `seed_demo` command."""

    name = "demo"
