"""A person's own page: organisations and roles, invitations, their data (download and deletion)."""

import json
from typing import Any

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.serializers.json import DjangoJSONEncoder
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import get_language, get_language_info
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from partneratlas.notifications.selectors import language_of
from partneratlas.notifications.services import preference_set
from partneratlas.people.access import access_of
from partneratlas.people.audit import deny, record
from partneratlas.people.forms import DeleteAccountForm, InvitationForm, LanguageForm, TokenForm
from partneratlas.people.invitations import ANOTHER_ADDRESS, invitation_accept, invitation_refusal, invitation_send
from partneratlas.people.models import AuditKind, Invitation, Member, Organisation, Role
from partneratlas.people.services import delete_account, personal_data
from partneratlas.people.tokens import TokenRefused, token_create, token_revoke, tokens_of


@login_required
def home(request: Any) -> HttpResponse:
    access = access_of(request.user)
    memberships = Member.objects.filter(user=request.user).select_related("organisation__municipality")
    administered = {m.organisation_id for m in memberships if m.role == Role.ADMIN}
    return render(request, "people/home.html", {
        "memberships": memberships, "access": access,
        "members": Member.objects.filter(organisation_id__in=administered).select_related("user", "organisation"),
        "invitations": Invitation.objects.filter(organisation_id__in=administered, accepted_at__isnull=True),
        "invitation_form": InvitationForm(),
        "language_form": LanguageForm(initial={"language": language_of(request.user)}),
    })


@login_required
@require_POST
def language(request: HttpRequest) -> HttpResponse:
    """The language of the e-mails the person gets."""
    form = LanguageForm(request.POST)
    if form.is_valid():
        preference_set(user=request.user, language=form.cleaned_data["language"])
        name = get_language_info(form.cleaned_data["language"])["name_local"]
        messages.success(request, _("E-mails will reach you in %(language)s.") % {"language": name})
    else:
        messages.error(request, _("Please choose one of the languages offered."))
    return redirect("people:home")


@login_required
@require_POST
def invite_to(request: HttpRequest, organisation_id: int) -> HttpResponse:
    organisation = get_object_or_404(Organisation, pk=organisation_id)
    if organisation.pk not in access_of(request.user).administers and not request.user.is_superuser:
        raise deny(request, f"invite to organisation {organisation_id}")
    form = InvitationForm(request.POST)
    if form.is_valid():
        invitation_send(organisation=organisation, email=form.cleaned_data["email"], role=form.cleaned_data["role"],
                        invited_by=request.user, language=get_language())
        email = form.cleaned_data["email"]
        messages.success(request, _("The invitation has been sent to %(email)s.") % {"email": email})
    else:
        messages.error(request, _("Please enter a valid e-mail address and role."))
    return redirect("people:home")


def accept_invitation(request: HttpRequest, token: str) -> HttpResponse:
    invitation = Invitation.objects.filter(token=token).select_related("organisation").first()
    if invitation is None or not invitation.open:
        return render(request, "people/invitation.html", {"invitation": None}, status=404)
    if not request.user.is_authenticated:
        return render(request, "people/invitation.html", {"invitation": invitation})
    refusal = invitation_refusal(invitation, request.user)
    if refusal == ANOTHER_ADDRESS:
        record(AuditKind.PERMISSION_DENIED, request, detail=f"invitation {invitation.pk}: sent to another address")
        return render(request, "people/invitation.html", {"invitation": invitation, "refusal": refusal}, status=403)
    if refusal is None and request.method == "POST":
        invitation_accept(invitation=invitation, user=request.user)
        messages.success(request, _("You are now a member of %(organisation)s.")
                         % {"organisation": invitation.organisation.name})
        return redirect("people:home")
    return render(request, "people/invitation.html", {"invitation": invitation, "refusal": refusal})


@login_required
def my_data(request: HttpRequest) -> HttpResponse:
    body = json.dumps(personal_data(request.user), cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="partneratlas-my-data.json"'
    return response


@login_required
def delete_me(request: Any) -> HttpResponse:
    form = DeleteAccountForm(request.POST or None, email=request.user.email)
    if request.method == "POST" and form.is_valid():
        user = request.user
        logout(request)
        delete_account(request, user)
        messages.success(request, _("Your account has been deleted."))
        return redirect("atlas:start")
    return render(request, "people/delete.html", {"form": form})


@login_required
def tokens_page(request: HttpRequest) -> HttpResponse:
    """The person's API tokens; a new one is shown once, on the answer to the form that made it."""
    form = TokenForm(request.POST or None)
    made, status = None, 200
    if request.method == "POST":
        if form.is_valid():
            try:
                made = token_create(user=request.user, name=form.cleaned_data["name"],
                                    expires_on=form.cleaned_data["expires_on"], request=request)
            except TokenRefused as exc:
                form.add_error(exc.field, exc.message)
        if made is None:
            status = 400
        else:
            form = TokenForm()
    today = timezone.localdate()
    rows = [{"token": t, "state": "revoked" if t.revoked_at else "expired" if t.expired(today) else "active"}
            for t in tokens_of(request.user)]
    response = render(request, "people/tokens.html", {
        "form": form, "tokens": rows, "made": made[0] if made else None, "secret": made[1] if made else "",
        "errors": [(f"id_{name}" if name != "__all__" else "token-form", str(e))
                                                  for name, errors in form.errors.items() for e in errors]},
        status=status)
    response["Cache-Control"] = "private, no-store"  # the new token is on this page
    return response


@login_required
@require_POST
def token_revoke_page(request: HttpRequest, pk: int) -> HttpResponse:
    token = token_revoke(user=request.user, pk=pk, request=request)
    if token is None:
        raise Http404  # not the person's own token: for them there is none
    messages.success(request, _("The token “%(name)s” has been revoked: it no longer works.") % {"name": token.name})
    return redirect("people:tokens")
