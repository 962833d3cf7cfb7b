"""The printable summary a person brings to an appointment: a PDF made with WeasyPrint from the
same templates and view as the pages (latest result, timeline, severity charts)."""

from __future__ import annotations

from datetime import UTC, datetime

from weasyprint import HTML

from mbcwatch.monitor import CheckinPublic
from mbcwatch.monitor.models import Person
from mbcwatch.web.charts import axis, severity_charts
from mbcwatch.web.present import result_view
from mbcwatch.web.templating import templates


def summary_html(person: Person, checkins: list[CheckinPublic], emergency_number: str) -> str:
    latest = checkins[-1]
    view = result_view(latest.assessment, latest.text, emergency_number)
    template = templates.env.get_template("summary.html")
    return template.render(
        **view,
        person=person,
        latest=latest,
        checkins=list(reversed(checkins)),
        charts=severity_charts(checkins),
        axis=axis(),
        emergency_number=emergency_number,
        generated=datetime.now(UTC),
    )


def summary_pdf(person: Person, checkins: list[CheckinPublic], emergency_number: str) -> bytes:
    pdf: bytes = HTML(string=summary_html(person, checkins, emergency_number)).write_pdf()
    return pdf
