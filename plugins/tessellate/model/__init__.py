"""The content model: read, check and type every content file. Knows nothing of MkDocs."""

from .catalogue import Catalogue, build_time, load_catalogue
from .items import KIND_LABELS, KINDS, SECTION_LABELS, Cpd, Item, Resource, Story, format_duration
from .problems import Problem, Severity, summary
from .site import Site, Stage, Taxonomy, Unit

__all__ = ["Catalogue", "Cpd", "Item", "KINDS", "KIND_LABELS", "Problem", "Resource", "SECTION_LABELS",
           "Severity", "Site", "Stage", "Story", "Taxonomy", "Unit", "build_time", "format_duration", "load_catalogue", "summary"]
