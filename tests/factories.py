from datetime import timedelta
from decimal import Decimal

import factory
from django.utils import timezone

from accounts.models import User
from cases import services
from cases.models import Case, EventKind, Problem, Want
from platforms.models import Platform


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    phone = factory.Sequence(lambda n: f"139{n:08d}")
    password = factory.PostGenerationMethodCall("set_password", "correct-horse-battery")

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


def platform(slug: str = "pinduoduo") -> Platform:
    return Platform.objects.get(slug=slug)


class CaseFactory(factory.Factory):
    """Cases are made through the service, as the app makes them."""

    class Meta:
        model = Case

    owner = factory.SubFactory(UserFactory)
    platform = factory.LazyFunction(platform)
    shop_name = "数码优选专营店"
    product = "蓝牙耳机"
    order_number = factory.Sequence(lambda n: f"231104-{n:014d}")
    amount_paid = Decimal("299.00")
    purchase_date = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=10))
    problem = Problem.COUNTERFEIT
    wants = factory.LazyFunction(lambda: [Want.REFUND])

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return services.case_create(**kwargs)


def add_call(case: Case, **facts):
    return services.case_add_event(
        case=case,
        kind=EventKind.PHONE_CALL,
        happened_at=timezone.now() - timedelta(hours=1),
        actor=case.owner,
        summary=facts.pop("summary", "客服说会处理"),
        **facts,
    )
