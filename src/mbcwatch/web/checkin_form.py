"""The check-in form: free text plus optional guided questions, read into a request.

The guided questions cover common symptoms of spread and of emergencies (ids from
docs/symptom-ids.md); answers become structured symptoms of the assessment contract.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from starlette.datastructures import FormData

from mbcwatch.contract import MAX_TEXT_CHARS
from mbcwatch.vocab import SEVERITIES, TRENDS

GUIDED_SYMPTOMS: tuple[tuple[str, str], ...] = (
    ("back_pain", "Back pain"),
    ("bone_pain", "Pain in a bone (for example hip, ribs or legs)"),
    ("shortness_of_breath", "Shortness of breath"),
    ("cough", "Cough"),
    ("headache", "Headache"),
    ("nausea", "Feeling sick (nausea)"),
    ("abdominal_pain", "Pain in the belly"),
    ("fatigue", "Tiredness"),
)
SEVERITY_LABELS = {
    "mild": "Mild",
    "moderate": "Moderate",
    "severe": "Severe",
    "very_severe": "Very severe",
}
TREND_LABELS = {"better": "Getting better", "same": "About the same", "worse": "Getting worse"}
# Plain names for the contract's treatment ids (mbcwatch.vocab.TREATMENTS), asked on the public
# form only: a signed-in person's treatments come from their record.
TREATMENT_LABELS = {
    "chemotherapy": "Chemotherapy",
    "immunotherapy": "Immunotherapy",
    "her2_targeted": "HER2-targeted treatment (for example trastuzumab)",
    "cdk46_inhibitor": "CDK4/6 inhibitor (for example palbociclib, ribociclib, abemaciclib)",
    "endocrine_therapy": "Hormone (endocrine) therapy",
    "radiotherapy": "Radiotherapy",
    "bisphosphonate": "Bisphosphonate (bone-strengthening, for example zoledronic acid)",
    "denosumab": "Denosumab",
    "opioid": "Strong painkillers (opioids, for example morphine)",
    "steroid": "Steroids (for example dexamethasone)",
}
METASTATIC_LABELS = {"yes": "Yes", "no": "No", "unknown": "I do not know"}
MAX_DAYS = 36_500


@dataclass
class CheckinForm:
    """What the person entered, kept as typed so the form can be shown again with errors."""

    values: dict[str, str] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)
    text: str = ""
    symptoms: list[dict[str, Any]] = field(default_factory=list)
    temperature_c: float | None = None
    weight_kg: float | None = None
    treatments: list[str] = field(default_factory=list)
    context: dict[str, Any] = field(default_factory=dict)
    writer: str = "patient"  # the public form: "carer" when writing about someone cared for

    @property
    def empty(self) -> bool:
        return not self.text.strip() and not self.symptoms and self.temperature_c is None

    def assess_text(self) -> str:
        """The words to assess: the person's text, plus their temperature said in words."""
        parts = [self.text.strip()] if self.text.strip() else []
        if self.temperature_c is not None:
            parts.append(f"My temperature is {self.temperature_c:g} °C.")
        return "\n".join(parts)


def _number(form: CheckinForm, name: str, low: float, high: float, what: str) -> float | None:
    raw = form.values.get(name, "").strip().replace(",", ".")
    if not raw:
        return None
    try:
        value = float(raw)
    except ValueError:
        form.errors[name] = f"Enter {what} as a number, for example {low + (high - low) / 2:g}"
        return None
    if not low <= value <= high:
        form.errors[name] = f"Enter {what} between {low:g} and {high:g}"
        return None
    return value


def _read_context(form: CheckinForm, data: FormData) -> None:
    """The optional "About you" answers of the public form, as the contract's context."""
    form.treatments = [t for t in data.getlist("treatments") if t in TREATMENT_LABELS]
    if form.treatments:
        form.context["treatments"] = form.treatments
        form.context["breast_cancer_history"] = True
    metastatic = form.values.get("metastatic", "")
    if metastatic in METASTATIC_LABELS:
        form.context["metastatic"] = metastatic
        form.context["breast_cancer_history"] = True
    days = _number(form, "days_since_last_chemotherapy", 0, MAX_DAYS, "the number of days")
    if days is not None:
        form.context["days_since_last_chemotherapy"] = int(days)


def read_form(data: FormData) -> CheckinForm:
    form = CheckinForm(values={k: v for k, v in data.items() if isinstance(v, str)})
    _read_context(form, data)
    form.writer = "carer" if form.values.get("writer") == "carer" else "patient"
    form.text = form.values.get("text", "")
    if len(form.text) > MAX_TEXT_CHARS:
        form.errors["text"] = f"Please keep this under {MAX_TEXT_CHARS:,} characters"
    # Plausibility bounds that catch typing mistakes (not clinical thresholds).
    form.temperature_c = _number(form, "temperature_c", 25, 45, "your temperature in °C")
    form.weight_kg = _number(form, "weight_kg", 1, 400, "your weight in kg")
    for symptom_id, label in GUIDED_SYMPTOMS:
        severity = form.values.get(f"{symptom_id}_severity", "")
        if severity in ("", "none"):
            continue
        if severity not in SEVERITIES:
            form.errors[f"{symptom_id}_severity"] = "Choose one of the answers"
            continue
        symptom: dict[str, Any] = {"id": symptom_id, "severity": severity}
        days = _number(form, f"{symptom_id}_days", 0, MAX_DAYS, f"how many days ({label})")
        if days is not None:
            symptom["onset_days_ago"] = int(days)
        trend = form.values.get(f"{symptom_id}_trend", "")
        if trend in TRENDS:
            symptom["trend"] = trend
        form.symptoms.append(symptom)
    if form.empty and not form.errors:
        form.errors["text"] = "Tell us how you have been, or answer at least one question"
    return form
