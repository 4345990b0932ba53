from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from pesnet.errors import DomainError, add_to_form, messages_of
from pesnet.roles import allowed

from . import selectors, services
from .forms import TokenForm
from .models import ApiToken


@allowed("api.manage_tokens")
def tokens(request):
    """The secretariat member's personal API tokens: create (shown once), revoke, see uses."""
    form = TokenForm(request.POST or None)
    secret = None
    if request.method == "POST" and form.is_valid():
        try:
            _token, secret = services.create_token(name=form.cleaned_data["name"], by=request.user)
        except DomainError as error:
            add_to_form(form, error)
        else:
            form = TokenForm()
    mine = selectors.tokens_of(request.user)
    uses = selectors.recent_uses_of(request.user)
    return render(
        request,
        "api/tokens.html",
        {"form": form, "secret": secret, "tokens": list(mine), "uses": list(uses)},
        status=400 if request.method == "POST" and not secret else 200,
    )


@require_POST
@allowed("api.manage_tokens")
def revoke(request, pk):
    token = get_object_or_404(ApiToken, pk=pk, user=request.user)
    try:
        services.revoke_token(token, by=request.user)
    except DomainError as error:
        messages.error(request, messages_of(error))
    else:
        messages.success(request, _("The token was revoked; it no longer opens the API."))
    return redirect("tokens:list")
