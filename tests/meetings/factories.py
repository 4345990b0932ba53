import datetime

import factory
from django.utils import timezone

from meetings.models import AgendaItem, Meeting


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Meeting

    kind = Meeting.Kind.FOCAL_POINTS
    title_en = factory.Sequence(lambda n: f"Online Meeting of the National Focal Points {n}")
    title_ar = factory.Sequence(lambda n: f"اجتماع جهات الاتصال الوطنية {n}")
    title_fr = factory.Sequence(lambda n: f"Réunion des points focaux nationaux {n}")
    start = factory.LazyFunction(
        lambda: (timezone.now() + datetime.timedelta(days=30)).replace(
            hour=8, minute=0, second=0, microsecond=0
        )
    )
    end = factory.LazyAttribute(lambda meeting: meeting.start + datetime.timedelta(hours=3))
    mode = Meeting.Mode.ONLINE
    place_en = "Online"
    time_zone = "Europe/Istanbul"
    online_link = "https://meet.example.org/pesnet-fp"


class AgendaItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AgendaItem

    meeting = factory.SubFactory(MeetingFactory)
    order = factory.Sequence(int)
    title_en = factory.Sequence(lambda n: f"Agenda item {n}")
    title_ar = factory.Sequence(lambda n: f"بند جدول الأعمال {n}")
