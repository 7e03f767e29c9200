"""normaliseren: the vision, principles and practice examples of the Leernetwerk Normaliseren.

>>> from normaliseren import load_library
>>> library = load_library()
>>> library.example("buurtgezinnen").name
'Buurtgezinnen'
"""

from __future__ import annotations

import importlib
import threading
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .errors import ContentError, ContentErrors, UnknownIdError
    from .exporters import Exporter
    from .hookspecs import hookimpl
    from .library import CollectionStatus, Library, LibraryFinding, PrincipleMatrix
    from .load import clear_cache, load_library, validate_paths
    from .markdown import render_markdown
    from .models import (
        Activity,
        AgeRange,
        AssessmentCriterion,
        Collection,
        CourseLesson,
        Document,
        Example,
        LearningOutcome,
        Lesson,
        Module,
        Origin,
        Principle,
        PrincipleLink,
        Product,
        Recognition,
        Replacement,
        RouteStep,
        Source,
        Statement,
        StepLabel,
        Vision,
    )
    from .output import OutputError, OutputFolder
    from .plugins import PluginError, PluginSettingError, PluginWarning
    from .vocabulary import (
        ActivityKind,
        Certainty,
        EducationalLevel,
        LabelledEnum,
        Lang,
        LessonKind,
        Membership,
        RecognitionLevel,
        Setting,
        SourceKind,
        SupportKind,
        TargetGroup,
    )

__version__ = "0.1.0.dev0"

if threading.current_thread() is threading.main_thread():  # see frontmatter._yaml_rs
    import yaml_rs  # noqa: F401  (light: the fast YAML reader, made safe for every thread)

# Public names and the module that defines each. They are imported on first use, so that
# ``import normaliseren`` stays fast and pydantic loads only when it is needed.
_LAZY: dict[str, str] = {
    "AssessmentCriterion": "models",
    "LearningOutcome": "models",
    "Document": "models",
    "EducationalLevel": "vocabulary",
    "ActivityKind": "vocabulary",
    "Activity": "models",
    "AgeRange": "models",
    "Certainty": "vocabulary",
    "Collection": "models",
    "CollectionStatus": "library",
    "ContentError": "errors",
    "ContentErrors": "errors",
    "CourseLesson": "models",
    "Example": "models",
    "Exporter": "exporters",
    "Lesson": "models",
    "LessonKind": "vocabulary",
    "Library": "library",
    "LibraryFinding": "library",
    "Membership": "vocabulary",
    "Module": "models",
    "Origin": "models",
    "OutputError": "output",
    "OutputFolder": "output",
    "PluginError": "plugins",
    "PluginSettingError": "plugins",
    "PluginWarning": "plugins",
    "Principle": "models",
    "PrincipleLink": "models",
    "PrincipleMatrix": "library",
    "Product": "models",
    "Recognition": "models",
    "RecognitionLevel": "vocabulary",
    "Replacement": "models",
    "RouteStep": "models",
    "Setting": "vocabulary",
    "Source": "models",
    "SourceKind": "vocabulary",
    "Statement": "models",
    "StepLabel": "models",
    "SupportKind": "vocabulary",
    "TargetGroup": "vocabulary",
    "LabelledEnum": "vocabulary",
    "Lang": "vocabulary",
    "UnknownIdError": "errors",
    "Vision": "models",
    "clear_cache": "load",
    "hookimpl": "hookspecs",
    "load_library": "load",
    "render_markdown": "markdown",
    "validate_paths": "load",
}


__all__ = [
    "Activity",
    "ActivityKind",
    "AgeRange",
    "AssessmentCriterion",
    "Certainty",
    "Collection",
    "CollectionStatus",
    "ContentError",
    "ContentErrors",
    "CourseLesson",
    "Document",
    "EducationalLevel",
    "Example",
    "Exporter",
    "LabelledEnum",
    "Lang",
    "LearningOutcome",
    "Lesson",
    "LessonKind",
    "Library",
    "LibraryFinding",
    "Membership",
    "Module",
    "Origin",
    "OutputError",
    "OutputFolder",
    "PluginError",
    "PluginSettingError",
    "PluginWarning",
    "Principle",
    "PrincipleLink",
    "PrincipleMatrix",
    "Product",
    "Recognition",
    "RecognitionLevel",
    "Replacement",
    "RouteStep",
    "Setting",
    "Source",
    "SourceKind",
    "Statement",
    "StepLabel",
    "SupportKind",
    "TargetGroup",
    "UnknownIdError",
    "Vision",
    "__version__",
    "clear_cache",
    "hookimpl",
    "load_library",
    "render_markdown",
    "validate_paths",
]


if not TYPE_CHECKING:  # type checkers see the imports above, so a misspelt name is an error

    def __getattr__(name: str) -> Any:
        module = _LAZY.get(name)
        if module is None:
            raise AttributeError(f"module 'normaliseren' has no attribute {name!r}")
        value = getattr(importlib.import_module(f".{module}", __name__), name)
        globals()[name] = value
        return value


def __dir__() -> list[str]:
    return sorted(__all__)
