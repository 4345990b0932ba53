import datetime

import factory

from members.models import Organisation
from tests.factories import MemberStateFactory, UserFactory
from workplan.models import Activity, Milestone, ProgressReport, WorkPlan


class WorkPlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WorkPlan
        django_get_or_create = ("start_year", "end_year")

    start_year = 2021
    end_year = 2022
    title_en = "Work plan 2021–2022"
    title_ar = "خطة العمل 2021–2022"
    title_fr = "Plan de travail 2021–2022"
    adopted_on = datetime.date(2021, 6, 3)
    adopted_at = "Third Meeting of the OIC-PESNET"


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        django_get_or_create = ("slug",)

    slug = "sesric"
    name_en = "SESRIC"
    acronym = "SESRIC"
    kind = Organisation.Kind.SECRETARIAT


class ActivityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Activity
        skip_postgeneration_save = True

    plan = factory.SubFactory(WorkPlanFactory)
    code = factory.Sequence(lambda n: f"9.{n + 1}")
    title_en = factory.Sequence(lambda n: f"Activity number {n}")
    title_ar = factory.Sequence(lambda n: f"النشاط رقم {n}")
    title_fr = factory.Sequence(lambda n: f"Activité numéro {n}")
    category = "capacity_building"
    lead_member_state = factory.SubFactory(MemberStateFactory)
    planned_start = datetime.date(2021, 7, 1)
    planned_end = datetime.date(2030, 12, 31)
    status = Activity.Status.IN_PROGRESS
    progress = 10


class MilestoneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Milestone

    activity = factory.SubFactory(ActivityFactory)
    date = datetime.date(2022, 3, 1)
    title_en = "Milestone"


class ProgressReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProgressReport

    activity = factory.SubFactory(ActivityFactory)
    member_state = factory.SelfAttribute("activity.lead_member_state")
    submitted_by = factory.SubFactory(UserFactory)
    date = datetime.date(2022, 6, 1)
    percent = 40
    narrative = "<p>Work is under way.</p>"


def other_state():
    return MemberStateFactory(
        country="MA",
        iso3="MAR",
        name_en="Morocco",
        name_ar="المغرب",
        name_fr="Maroc",
        oic_group="arab",
    )


def sample_objects(role_users):
    """One of each work-plan object, for tests/test_url_access.py."""
    from django.core.files.base import ContentFile
    from django.core.files.uploadedfile import SimpleUploadedFile

    from members.models import FocalPoint
    from workplan import services
    from workplan.models import ProgressExport

    focal_point = role_users["focal_point"]
    state = FocalPoint.objects.get(user=focal_point).member_state
    activity = ActivityFactory(lead_member_state=state)
    MilestoneFactory(activity=activity)
    report = services.submit_report(
        by=focal_point,
        activity=activity,
        percent=20,
        narrative="Started.",
        files=[SimpleUploadedFile("minutes.pdf", b"%PDF-1.4\n%%EOF\n")],
    )
    export = ProgressExport.objects.create(
        plan=activity.plan,
        format="xlsx",
        language="en",
        requested_by=role_users["secretariat"],
        state=ProgressExport.State.DONE,
        progress=100,
    )
    export.file.save("plan.xlsx", ContentFile(b"PK\x03\x04"), save=True)
    return {"activity": activity, "report": report, "export": export}
