"""Public pages: the home page, and a check-in that is assessed but never stored."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from mbcwatch.contract import parse_request
from mbcwatch.triage import assess
from mbcwatch.web.checkin_form import (
    GUIDED_SYMPTOMS,
    METASTATIC_LABELS,
    SEVERITY_LABELS,
    TREATMENT_LABELS,
    TREND_LABELS,
    CheckinForm,
    read_form,
)
from mbcwatch.web.deps import CsrfForm, OptionalUser, PostedForm
from mbcwatch.web.present import result_view
from mbcwatch.web.templating import render

router = APIRouter(include_in_schema=False)


def form_context(form: CheckinForm, action: str, **extra: Any) -> dict[str, Any]:
    return {
        "form": form,
        "action": action,
        "guided": GUIDED_SYMPTOMS,
        "severity_labels": SEVERITY_LABELS,
        "trend_labels": TREND_LABELS,
        "treatment_labels": TREATMENT_LABELS,
        "metastatic_labels": METASTATIC_LABELS,
        **extra,
    }


@router.get("/", response_class=HTMLResponse)
def home(request: Request, user: OptionalUser) -> HTMLResponse:
    return render(request, "home.html", {"user": user})


@router.get("/assess", response_class=HTMLResponse)
def assess_form(request: Request, user: OptionalUser) -> HTMLResponse:
    return render(request, "checkin.html", form_context(CheckinForm(), "/assess", user=user))


@router.post("/assess", response_class=HTMLResponse, dependencies=[CsrfForm])
def assess_submit(request: Request, user: OptionalUser, data: PostedForm) -> HTMLResponse:
    form = read_form(data)
    if form.errors:
        return render(request, "checkin.html", form_context(form, "/assess", user=user), status=422)
    text = form.assess_text()
    assess_request = parse_request(
        {
            "text": text or None,
            "symptoms": form.symptoms,
            "context": form.context,
            "writer": form.writer,
        }
    )
    settings = request.app.state.settings
    response = assess(assess_request, emergency_number=settings.emergency_number)
    view = result_view(response.model_dump(mode="json"), text, settings.emergency_number)
    return render(request, "result.html", {**view, "user": user, "stored": False})
