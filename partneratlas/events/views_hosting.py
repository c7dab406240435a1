"""Pages of the call for hosts: open calls and applying (municipal editors); calls, reviews and decision (organisers).

Who may do what: anyone sees the open calls; editors and admins of a municipal administration apply
and answer, save and resume, submit or withdraw their administration's application; agency staff and
the series' organisers open calls, review and decide, but never see an application of their own
organisation (events.reviews.reviewable).
"""

from typing import Any, cast

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from partneratlas.events import hosting, reviews
from partneratlas.events.hosting import CRITERIA, DEFAULT_WEIGHTS, MAX_WEIGHT, HostingRefused
from partneratlas.events.models import Edition, HostApplication, HostCall, Series
from partneratlas.people.access import access_of
from partneratlas.people.audit import deny
from partneratlas.questionnaires.answering import answer_form, answer_handle
from partneratlas.questionnaires.selectors import answers_of
from partneratlas.site.shortcuts import object_or_404

MOMENT = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


def _edition_label(obj: Edition) -> str:
    return f"{obj.title}, {date_format(timezone.localtime(obj.starts_at))}"


class CallForm(forms.Form):
    series = forms.ModelChoiceField(label=gettext_lazy("Series"), queryset=Series.objects.none())
    year = forms.IntegerField(label=gettext_lazy("Year of the edition"), min_value=2000, max_value=2100)
    edition = forms.ModelChoiceField(label=gettext_lazy("Edition"), queryset=Edition.objects.none(), required=False,
                                     help_text=gettext_lazy("The decision makes the chosen applicant its host. "
                                                            "It can be linked later, before the decision."))
    opens_at = forms.DateTimeField(label=gettext_lazy("Applications from"), widget=MOMENT)
    closes_at = forms.DateTimeField(label=gettext_lazy("Applications until"), widget=MOMENT)

    def __init__(self, *args: Any, user: Any, call: HostCall | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast("forms.ModelChoiceField[Any]", self.fields["series"]).queryset = hosting.series_organised(user)
        editions = Edition.objects.select_related("series").order_by("-starts_at")
        field = cast("forms.ModelChoiceField[Any]", self.fields["edition"])
        field.queryset = editions.filter(series=call.series) if call else editions.filter(
            series__in=hosting.series_organised(user))
        field.label_from_instance = _edition_label  # type: ignore[method-assign]
        if call is not None:
            del self.fields["series"], self.fields["year"]
        for code, label in CRITERIA.items():
            self.fields[f"weight_{code}"] = forms.IntegerField(
                label=label, min_value=0, max_value=MAX_WEIGHT, initial=DEFAULT_WEIGHTS[code],
                help_text=gettext_lazy("Weight from 0 (not used) to %(max)d.") % {"max": MAX_WEIGHT})

    def weights(self) -> dict[str, int]:
        return {code: self.cleaned_data[f"weight_{code}"] for code in CRITERIA}

    def weight_fields(self) -> list[forms.BoundField]:
        return [self[f"weight_{code}"] for code in CRITERIA]


class ReviewForm(forms.Form):
    comment = forms.CharField(label=gettext_lazy("Comment"), required=False, max_length=5000,
                              widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args: Any, criteria: list[dict[str, Any]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for c in criteria:
            self.fields[f"score_{c['code']}"] = forms.TypedChoiceField(
                label=c["label"], coerce=int, widget=forms.RadioSelect,
                choices=[(n, str(n)) for n in range(reviews.MAX_SCORE + 1)],
                help_text=_("weight %(weight)s; 0 = poor, %(max)d = excellent") % {
                    "weight": c["weight"], "max": reviews.MAX_SCORE})
        self.codes = [c["code"] for c in criteria]

    def scores(self) -> dict[str, int]:
        return {code: self.cleaned_data[f"score_{code}"] for code in self.codes}

    def score_fields(self) -> list[forms.BoundField]:
        return [self[f"score_{code}"] for code in self.codes]


def _call(pk: Any) -> HostCall:
    return object_or_404(HostCall.objects.select_related("series", "edition", "form", "chosen__municipality"), pk=pk)


def _managed_call(request: HttpRequest, pk: Any) -> HostCall:
    call = _call(pk)
    if not reviews.reviews_calls(request.user, call):
        raise deny(request, f"call for hosts {call.pk}")
    return call


def _organiser(request: HttpRequest) -> None:
    """Agency staff, or an editor of an organisation that organises a series."""
    if not (access_of(request.user).staff or hosting.series_organised(request.user).exists()):
        raise deny(request, "calls for hosts: organisers only")


# --- applicants ---------------------------------------------------------------------------------------


def calls(request: HttpRequest) -> HttpResponse:
    """The open calls for hosts ("come to us if you want to host")."""
    return render(request, "events/hosting/calls.html", {"calls": list(hosting.calls_open(now=timezone.now())),
                                                         "mine": hosting.applications_by(request.user)})


def call_page(request: HttpRequest, pk: int) -> HttpResponse:
    """A call's page: while it is open for everyone; afterwards for its organisers and its applicants."""
    call = _call(pk)
    now = timezone.now()
    mine = hosting.applications_of(request.user, call)
    if not hosting.is_open(call, now) and not mine and not reviews.reviews_calls(request.user, call):
        raise Http404
    organisations = hosting.applicant_organisations(request.user)
    applied = {a.organisation_id for a in mine}
    return render(request, "events/hosting/call.html", {
        "call": call, "open": hosting.is_open(call, now), "mine": mine,
        "organisations": [o for o in organisations if o.pk not in applied],
        "criteria": reviews.criteria_shown(call), "organiser": reviews.reviews_calls(request.user, call)})


@login_required
@require_POST
def apply(request: HttpRequest, pk: int) -> HttpResponse:
    call = _call(pk)
    organisations = {str(o.pk): o for o in hosting.applicant_organisations(request.user)}
    if not organisations:
        raise deny(request, f"apply to host: not a municipal editor (call {call.pk})")
    organisation = organisations.get(request.POST.get("organisation", ""), next(iter(organisations.values())))
    try:
        application = hosting.application_start(call=call, organisation=organisation, user=request.user,
                                                 language=get_language() or "de", now=timezone.now())
    except HostingRefused as exc:
        messages.error(request, exc.message)
        return redirect("events:host_calls")
    return redirect("events:host_application", pk=application.pk)


def _application(request: HttpRequest, pk: Any) -> HostApplication:
    application = object_or_404(HostApplication.objects.select_related(
        "call__series", "call__form", "municipality", "organisation", "response__version"), pk=pk)
    if not hosting.applies_for(request.user, application):
        raise deny(request, f"host application {application.pk}")
    return application


@login_required
def application_page(request: HttpRequest, pk: int) -> HttpResponse:
    """The application's answers: save and resume, then submit, while the call is open and it is a draft."""
    application = _application(request, pk)
    now = timezone.now()
    response = application.response
    editable = application.state == HostApplication.State.DRAFT and hosting.is_open(application.call, now)
    if request.method == "POST" and editable:
        qform, outcome = answer_handle(request, response=response, now=now)
        if outcome == "submitted":
            try:
                hosting.application_submitted(application=application, now=now)
            except HostingRefused as exc:
                messages.error(request, exc.message)
            else:
                messages.success(request, _("Your application has been submitted. The agency will tell you "
                                            "its decision by e-mail."))
            return redirect("events:host_application", pk=pk)
        if outcome == "saved":
            messages.success(request, _("Your answers have been saved. You can continue later."))
            return redirect("events:host_application", pk=pk)
    else:
        qform = answer_form(response.version, response.language, answers=answers_of(response), editable=editable)
        qform.save_label, qform.submit_label = _("Save and continue later"), _("Submit the application")
    return render(request, "events/hosting/application.html", {
        "application": application, "call": application.call, "qform": qform, "editable": editable},
        status=400 if request.method == "POST" and qform.errors else 200)


@login_required
@require_POST
def withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    application = _application(request, pk)
    try:
        hosting.application_withdraw(application=application, now=timezone.now())
    except HostingRefused as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Your application has been withdrawn."))
    return redirect("events:host_application", pk=pk)


# --- organisers ---------------------------------------------------------------------------------------


@login_required
def manage(request: HttpRequest) -> HttpResponse:
    _organiser(request)
    return render(request, "events/hosting/manage.html", {"calls": list(hosting.calls_managed(request.user))})


@login_required
def call_new(request: HttpRequest) -> HttpResponse:
    _organiser(request)
    form = CallForm(request.POST if request.method == "POST" else None, user=request.user)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            call = hosting.call_open(series=d["series"], year=d["year"], opens_at=d["opens_at"],
                                     closes_at=d["closes_at"], weights=form.weights(), edition=d["edition"],
                                     user=request.user)
        except HostingRefused as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("The call for hosts is open for applications from its first day."))
            return redirect("events:host_call_manage", pk=call.pk)
    return render(request, "events/hosting/call_form.html", {"form": form, "call": None},
                  status=400 if form.errors else 200)


@login_required
def call_edit(request: HttpRequest, pk: int) -> HttpResponse:
    call = _managed_call(request, pk)
    initial = {"opens_at": timezone.localtime(call.opens_at), "closes_at": timezone.localtime(call.closes_at),
               "edition": call.edition_id, **{f"weight_{c}": 0 for c in CRITERIA},
               **{f"weight_{c['code']}": c["weight"] for c in call.criteria}}
    form = CallForm(request.POST if request.method == "POST" else None, user=request.user, call=call, initial=initial)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            hosting.call_change(call=call, opens_at=d["opens_at"], closes_at=d["closes_at"], weights=form.weights(),
                                edition=d["edition"])
        except HostingRefused as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("The call for hosts has been changed."))
            return redirect("events:host_call_manage", pk=call.pk)
    return render(request, "events/hosting/call_form.html", {"form": form, "call": call},
                  status=400 if form.errors else 200)


@login_required
def call_manage(request: HttpRequest, pk: int) -> HttpResponse:
    """The call's applications that the reader may see, ranked by weighted mean, with the decision."""
    call = _managed_call(request, pk)
    return render(request, "events/hosting/call_manage.html", {
        "call": call, "ranking": reviews.ranking(request.user, call), "criteria": reviews.criteria_shown(call),
        "drafts": call.applications.filter(state=HostApplication.State.DRAFT).count()})


@login_required
def review(request: HttpRequest, pk: int) -> HttpResponse:
    """An application's answers and the reviewer's scores; an application of the reviewer's own organisation
    is "not found" for them."""
    application = object_or_404(HostApplication.objects.select_related("call__series", "response__version",
                                                                       "municipality", "organisation"), pk=pk)
    call = application.call
    if not reviews.reviews_calls(request.user, call):
        raise deny(request, f"review host application {application.pk}")
    if not reviews.reviewable(request.user, call).filter(pk=application.pk).exists():
        raise Http404
    criteria = reviews.criteria_shown(call)
    mine = application.reviews.filter(reviewer_id=request.user.pk).first()
    initial = {"comment": mine.comment, **{f"score_{k}": v for k, v in mine.scores.items()}} if mine else None
    form = ReviewForm(request.POST if request.method == "POST" else None, criteria=criteria, initial=initial)
    decided = call.chosen_id is not None
    if request.method == "POST" and form.is_valid():
        try:
            reviews.review_save(application=application, reviewer=request.user, scores=form.scores(),
                                comment=form.cleaned_data["comment"], now=timezone.now())
        except HostingRefused as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Your review has been saved."))
            return redirect("events:host_call_manage", pk=call.pk)
    response = application.response
    qform = answer_form(response.version, response.language, answers=answers_of(response), editable=False)
    return render(request, "events/hosting/review.html", {
        "application": application, "call": call, "qform": qform, "form": form, "decided": decided,
        "editable": application.state == HostApplication.State.SUBMITTED and not decided},
        status=400 if form.errors else 200)


@login_required
@require_POST
def decide(request: HttpRequest, pk: int) -> HttpResponse:
    call = _managed_call(request, pk)
    application = reviews.reviewable(request.user, call).filter(pk=_int(request.POST.get("application"))).first()
    if application is None:
        messages.error(request, _("Choose one of the submitted applications."))
        return redirect("events:host_call_manage", pk=call.pk)
    try:
        reviews.call_decide(call=call, application=application, user=request.user, now=timezone.now())
    except HostingRefused as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("%(municipality)s hosts the edition. Every applicant is told by e-mail.")
                         % {"municipality": application.municipality.display_name})
    return redirect("events:host_call_manage", pk=call.pk)


def _int(value: Any) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0
