"""Tells meetings (a lower layer) how to list and name work-plan activities, so that a PES-CaB
training links to its activity without meetings importing the work plan."""


def activity_choices():
    from .models import Activity

    return [
        (activity.pk, f"{activity.code} {activity.title}")
        for activity in Activity.objects.order_by("code")
    ]


def resolve_activity(pk):
    from .models import Activity

    return Activity.objects.filter(pk=pk).first()


def register():
    from meetings.links import register_activity_source

    register_activity_source(activity_choices, resolve_activity)
