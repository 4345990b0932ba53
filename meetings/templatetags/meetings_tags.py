from zoneinfo import ZoneInfo

from django import template
from django.utils.translation import gettext as _

register = template.Library()


@register.filter
def city(zone: str) -> str:
    """ "Europe/Istanbul" -> "Istanbul": how people name a time zone."""
    return (zone or "").rsplit("/", 1)[-1].replace("_", " ")


@register.simple_tag
def day_shift(moment, from_zone: str, to_zone: str) -> str:
    """ "+1 day" when the moment falls on the next day in `to_zone` than in `from_zone`."""
    if not moment or not from_zone or not to_zone:
        return ""
    days = (
        moment.astimezone(ZoneInfo(to_zone)).date() - moment.astimezone(ZoneInfo(from_zone)).date()
    ).days
    if days > 0:
        return _("next day")
    if days < 0:
        return _("previous day")
    return ""


@register.inclusion_tag("meetings/includes/state_participation.html")
def state_participation(state):
    """The meetings and trainings a state was invited to, for the state's page
    (`{% load meetings_tags %}{% state_participation state %}`): a template include, so that the
    members app, below meetings, never imports it."""
    from meetings.selectors import state_participation as rows

    return {"participation": list(rows(state))}


@register.inclusion_tag("meetings/includes/network_participation.html", takes_context=True)
def network_participation(context):
    """Participation over time per member state, for the secretariat's dashboard
    (`{% load meetings_tags %}{% network_participation %}`), included like the state page's:
    one page of states (the request's `?page=`), the count of states the network is losing
    over all of them."""
    from meetings.selectors import network_participation as participation

    request = context.get("request")
    return participation(page=request.GET.get("page") if request else None)
