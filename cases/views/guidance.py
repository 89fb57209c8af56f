"""A rung's guidance page and the letters drafted from the case."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render

from .. import ladder
from ..models import STAGE_ORDER, Stage
from ..selectors import ladder_channels
from .page import own_case as _own_case


@login_required
def case_guidance(request, reference, stage):
    """One rung of the ladder for this case: its steps with channels, evidence and law."""
    case = _own_case(request, reference)
    if stage not in STAGE_ORDER:
        raise Http404
    channels = ladder_channels(case=case)
    return render(
        request,
        "cases/case_guidance.html",
        {
            "case": case,
            "stage": stage,
            "stage_label": Stage(stage).label,
            "stages": [(value, Stage(value).label) for value in STAGE_ORDER],
            "guidance": ladder.guidance_for(case, channels, stage=stage),
        },
    )
