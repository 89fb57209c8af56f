from django.apps import AppConfig


class CoreConfig(AppConfig):
    """The ground floor: helpers every app may import (phone numbers, admin building blocks).

    It imports no app of ours, so imports run one way: configuration (weiquan/) down to
    the apps, and the apps down to here.
    """

    name = "core"
    verbose_name = "core"
