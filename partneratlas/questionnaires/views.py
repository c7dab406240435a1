"""The agency's pages: questionnaires and versions, import and export, texts per language, publish, clone, preview."""

import json

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language, gettext_lazy, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from partneratlas.i18n import language_name
from partneratlas.questionnaires import selectors
from partneratlas.questionnaires.answering import all_errors, answer_form, inputs_from_post
from partneratlas.questionnaires.answers import AnswersInvalid, answers_check
from partneratlas.questionnaires.definitions import DefinitionInvalid, definition_of, export_name
from partneratlas.questionnaires.models import Version
from partneratlas.questionnaires.services import (
    Refused,
    definition_import,
    open_languages,
    version_clone,
    version_publish,
    version_texts_set,
)
from partneratlas.questionnaires.texts import completeness, missing_texts, shown, slots, valid_language
from partneratlas.site.access import access_required, is_staff
from partneratlas.uploads import IMPORT_KINDS, check_upload

MAX_DEFINITION_BYTES = 2 * 1024 * 1024
staff_only = access_required(is_staff, "questionnaires: not agency staff")


class DefinitionForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("Definition file (JSON)"))

    def clean_file(self) -> object:
        upload = self.cleaned_data["file"]
        check_upload(upload, max_bytes=MAX_DEFINITION_BYTES, kinds={"json": IMPORT_KINDS["json"]})
        return upload


def _version(code: str, number: int) -> Version:
    version = selectors.version_of(code, number)
    if version is None:
        raise Http404
    return version


@staff_only
def index(request: HttpRequest) -> HttpResponse:
    form = DefinitionForm(request.POST or None, request.FILES or None)
    errors: list[str] = []
    if request.method == "POST":
        if form.is_valid():
            try:
                raw = form.cleaned_data["file"].read().decode("utf-8-sig")
                version = definition_import(raw=raw)
            except UnicodeDecodeError:
                errors = [_("The file is not UTF-8 text.")]
            except DefinitionInvalid as exc:
                errors = exc.errors
            else:
                messages.success(request, _("Version %(number)d of %(code)s has been imported as a draft.") % {
                    "number": version.number, "code": version.questionnaire.code})
                return redirect("questionnaires:version", code=version.questionnaire.code, number=version.number)
        messages.error(request, _("The definition has not been imported: see the reasons below."))
    items = list(selectors.questionnaires())
    language = get_language() or "de"
    for q in items:
        q.shown_title = shown(q.title, language, next(  # type: ignore[attr-defined]
            (v.languages for v in reversed(q.versions.all())), []))
    return render(request, "questionnaires/index.html", {"questionnaires": items, "form": form, "errors": errors})


@staff_only
def version(request: HttpRequest, code: str, number: int) -> HttpResponse:
    v = _version(code, number)
    rows = completeness(v)
    openable = set(open_languages(v))
    for row in rows:
        row["openable"] = row["language"] in openable
    language = get_language() or "de"
    return render(request, "questionnaires/version.html", {
        "version": v, "title": shown(v.title, language, v.languages), "languages": rows,
        "first_complete": bool(rows) and not rows[0]["missing"],
        "responses": v.responses.count(), "versions": list(v.questionnaire.versions.order_by("number"))})


@staff_only
@require_POST
def publish(request: HttpRequest, code: str, number: int) -> HttpResponse:
    v = _version(code, number)
    try:
        version_publish(version=v)
    except Refused as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Version %(number)d has been published.") % {"number": v.number})
    return redirect("questionnaires:version", code=code, number=number)


@staff_only
@require_POST
def clone(request: HttpRequest, code: str, number: int) -> HttpResponse:
    new = version_clone(version=_version(code, number))
    messages.success(request, _("Version %(number)d has been made from version %(source)d as a draft.") % {
        "number": new.number, "source": number})
    return redirect("questionnaires:version", code=code, number=new.number)


@staff_only
def export(request: HttpRequest, code: str, number: int) -> HttpResponse:
    v = _version(code, number)
    response = HttpResponse(json.dumps(definition_of(v), ensure_ascii=False, indent=2),
                            content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{export_name(v)}"'
    return response


@staff_only
def texts(request: HttpRequest, code: str, number: int) -> HttpResponse:
    """The texts of one language beside those of the version's first language; a new language is added here."""
    v = _version(code, number)
    language = (request.POST.get("language") or request.GET.get("language") or "").strip().lower()
    if not valid_language(language):
        messages.error(request, _("“%(code)s” is not a language code such as fr, pt-br or uk.") % {"code": language})
        return redirect("questionnaires:version", code=code, number=number)
    all_slots = list(slots(v))
    if request.method == "POST":
        given = {s.key: request.POST.get(f"t-{s.key}", "") for s in all_slots if f"t-{s.key}" in request.POST}
        try:
            count = version_texts_set(version=v, language=language, texts=given)
        except Refused as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, ngettext("%(count)d text in %(language)s has been saved.",
                                               "%(count)d texts in %(language)s have been saved.", count) % {
                "count": count, "language": language_name(language)})
            return redirect(f"{request.path}?language={language}")
    reference = v.languages[0] if v.languages and v.languages[0] != language else (
        v.languages[1] if len(v.languages) > 1 else language)
    missing = {s.key for s in missing_texts(v, language, all_slots=all_slots)}
    rows = [{"slot": s, "id": f"t-{s.key}", "value": s.texts.get(language, ""),
             "reference": s.texts.get(reference, ""), "missing": s.key in missing} for s in all_slots]
    return render(request, "questionnaires/texts.html", {
        "version": v, "language": language, "language_name": language_name(language), "rows": rows,
        "reference_name": language_name(reference), "reference": reference, "missing": len(missing),
        "editable": language not in v.frozen_languages})


@staff_only
def preview(request: HttpRequest, code: str, number: int) -> HttpResponse:
    """The answer form as a respondent sees it, in any language; answers are checked and scored, never stored."""
    v = _version(code, number)
    interface = get_language() or "de"
    language = request.GET.get("language") or (interface if interface in v.languages else v.languages[0])
    if language not in v.languages:
        raise Http404
    result = None
    if request.method == "POST":
        inputs, raws, errors = inputs_from_post(v, request.POST)
        sections, items = selectors.structure(v)
        submit = request.POST.get("action") == "submit"
        if errors:
            errors = all_errors(items, inputs, errors, complete=submit)
        else:
            try:
                cleaned = answers_check(items=items, answers=inputs, complete=submit)
            except AnswersInvalid as exc:
                errors = exc.errors
            else:
                result = selectors.scores_by_every_key(sections, items, cleaned)
        qform = answer_form(v, language, raw=raws, errors=errors)
    else:
        qform = answer_form(v, language)
    qform.save_label = _("Check the answers given")
    qform.submit_label = _("Check as if submitted")
    return render(request, "questionnaires/preview.html", {
        "version": v, "qform": qform, "language": language, "result": result,
        "choices": [(code, language_name(code)) for code in v.languages]})
