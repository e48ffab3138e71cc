"""The content model: read, check and type every content file. Knows nothing of MkDocs."""

from .catalogue import Catalogue, build_time, load_catalogue
from .items import Cpd, Event, Item, Resource, Story, format_duration
from .kinds import KIND_LABELS, KINDS, SECTION_LABELS, Kind
from .problems import Problem, Severity, summary
from .site import Site, Stage, Taxonomy, Unit

__all__ = ["Catalogue", "Cpd", "Event", "Item", "KINDS", "KIND_LABELS", "Kind", "Problem", "Resource", "SECTION_LABELS",
           "Severity", "Site", "Stage", "Story", "Taxonomy", "Unit", "build_time", "format_duration", "load_catalogue", "summary"]
