"""The quiz's question bank, built from the center's own figures; pure functions, no I/O."""

from education.quiz.choices import BASE_SERVICE_LEVEL, QuestionDraft
from education.quiz.figures import SAMPLE_FIGURES, CenterFigures, hour_label, pct
from education.quiz.questions import TEMPLATES, available_templates, build_questions

__all__ = [
    "BASE_SERVICE_LEVEL",
    "SAMPLE_FIGURES",
    "TEMPLATES",
    "CenterFigures",
    "QuestionDraft",
    "available_templates",
    "build_questions",
    "hour_label",
    "pct",
]
