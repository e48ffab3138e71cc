"""The `tessellate:` block of mkdocs.yml, typed, and the model's Site made from it."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from mkdocs.config import base
from mkdocs.config import config_options as c

from ..mkdocs_links import warning_checks
from ..model import Site, Taxonomy
from ..model.site import DEFAULT_EMBEDS
from ..share import ShareOptions
from .curriculum import CurriculumSetting, curriculum_problems, read_curriculum
from .signup import Signup, read_signup, signup_problems

_ID = re.compile(r"[a-z0-9][a-z0-9-]*")
_CAMPAIGN = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]*")
MAX_REVIEW_MONTHS = 1200  # a hundred years: more is a slip of the keyboard, not a review cycle
_COLOUR = re.compile(r"#[0-9a-fA-F]{3}(?:[0-9a-fA-F]{3})?")
_REPO = re.compile(r"[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+")
_ORIGIN = re.compile(r"https://[A-Za-z0-9.-]+(?::\d+)?/?")  # a sign-in service: it goes into the editor's policy
# The browser editor's settings (admin:), each with an example for the message that names it.
ADMIN_SETTINGS = {"repo": "tamar-teign/maths-site", "branch": "main", "base_url": "https://auth.example.org",
                  "auth_endpoint": "auth"}


class TaxonomyConfig(base.Config):
    topics = c.Type(dict, default={})
    phases = c.Type(dict, default={})
    resource_types = c.Type(dict, default={})


class SocialConfig(base.Config):
    hashtags = c.ListOfItems(c.Type(str), default=[])
    handles = c.Type(dict, default={})


class NewsletterConfig(base.Config):
    from_name = c.Type(str, default="")
    unsubscribe = c.Type(str, default="")
    utm = c.Type(str, default="")  # a campaign name: links in snippets then carry UTM parameters per channel
    # The sign-up form on the Subscribe page (signup.py checks it); without it, no form.
    signup = c.Optional(c.Type(dict))


class BrandConfig(base.Config):
    colour = c.Optional(c.Type(str))
    logo = c.Optional(c.Type(str))


class TessellateConfig(base.Config):
    licence = c.Type(str, default="CC-BY-4.0")
    bite_sized_minutes = c.Type(int, default=15)
    taxonomy = c.SubConfig(TaxonomyConfig)
    social = c.SubConfig(SocialConfig)
    newsletter = c.SubConfig(NewsletterConfig)
    brand = c.SubConfig(BrandConfig)
    timezone = c.Type(str, default="Europe/London")
    embeds = c.ListOfItems(c.Type(str), default=list(DEFAULT_EMBEDS))
    feed_size = c.Type(int, default=50)
    cards_per_page = c.Type(int, default=50)  # cards a list shows before "Show more" (and per static page)
    share = c.Type(bool, default=True)  # the share kit: snippets, social posts, cards, Open Graph tags
    # The browser editor at admin/: false leaves it out; a mapping says where it signs in (ADMIN_SETTINGS).
    admin = c.Type((bool, dict), default=True)
    # The scheme of work: stages in order, each {id, title, units: [{id, title, term}]} (curriculum.py checks it).
    curriculum = CurriculumSetting()
    review_after_months = c.Type(int, default=24)  # an item not reviewed for this long is due for review


@dataclass(frozen=True)
class SettingProblem:
    """A mistake in the tessellate block, with the keys that lead to its line from the block."""

    field: str  # as a maintainer reads it: taxonomy.topics
    text: str  # what is wrong and how to fix it
    keys: tuple[str, ...] = ()  # the path to its line, when it is deeper than the field: the id itself

    @property
    def where(self) -> tuple[str, ...]:
        return self.keys or tuple(self.field.split("."))

    def __str__(self) -> str:
        return f"{self.field}: {self.text}"


def config_problems(config: TessellateConfig) -> list[str]:
    """Mistakes in the tessellate block, each naming the key and how to fix it."""
    return [str(problem) for problem in setting_problems(config)]


def setting_problems(config: TessellateConfig) -> list[SettingProblem]:
    """Mistakes in the tessellate block, each with the keys that lead to it."""
    problems = []
    for group in ("topics", "phases", "resource_types"):
        for key, label in config.taxonomy[group].items():
            if not isinstance(key, str) or not _ID.fullmatch(key):
                problems.append(SettingProblem(f"taxonomy.{group}", f"'{key}' is not a valid id (use lower-case letters, digits "
                                               "and hyphens; quote ids like 'yes')", ("taxonomy", group, str(key))))
            if not isinstance(label, str) or not label.strip():
                problems.append(SettingProblem(f"taxonomy.{group}.{key}", "the label must be text",
                                               ("taxonomy", group, str(key))))
    try:
        ZoneInfo(config.timezone)
    except (ZoneInfoNotFoundError, ValueError):
        problems.append(SettingProblem("timezone", f"'{config.timezone}' is not a time zone "
                                                   "(use a name such as Europe/London)"))
    if config.brand.colour and not _COLOUR.fullmatch(config.brand.colour):
        problems.append(SettingProblem("brand.colour", f"'{config.brand.colour}' is not a colour "
                                                       "(write it as hex, e.g. \"#1b5e8a\")"))
    if config.newsletter.utm and not _CAMPAIGN.fullmatch(config.newsletter.utm):
        problems.append(SettingProblem("newsletter.utm", f"'{config.newsletter.utm}' is not a campaign name "
                                       "(use letters, digits, hyphens, dots and underscores, e.g. spring-newsletter)"))
    for key, example in (("bite_sized_minutes", 15), ("feed_size", 50), ("cards_per_page", 50),
                         ("review_after_months", 24)):
        if isinstance(config[key], bool):  # YAML's true is a Python int, which MkDocs' type check lets by
            problems.append(SettingProblem(key, f"{str(config[key]).lower()} is not a number "
                                                f"(write a whole number, e.g. {key}: {example})"))
        elif config[key] < 1:
            problems.append(SettingProblem(key, f"{config[key]} is too few (use at least 1, e.g. {example})"))
    if config.review_after_months > MAX_REVIEW_MONTHS:
        problems.append(SettingProblem("review_after_months", f"{config.review_after_months} months is over a hundred "
                                       f"years (use at most {MAX_REVIEW_MONTHS}, e.g. 24)"))
    problems += [SettingProblem(*problem) for problem in signup_problems(config.newsletter.signup)]
    return problems + _admin_problems(config.admin) + [
        SettingProblem(problem.field, problem.text, problem.keys) for problem in curriculum_problems(config.curriculum)]


def _admin_problems(admin: bool | dict) -> list[SettingProblem]:
    if isinstance(admin, bool):
        return []
    problems = []
    for key, value in admin.items():
        if key not in ADMIN_SETTINGS:
            problems.append(SettingProblem(f"admin.{key}", "not a setting of the editor (allowed: "
                                           f"{', '.join(ADMIN_SETTINGS)}; or admin: false to leave it out)"))
        elif not isinstance(value, str) or not value.strip():
            problems.append(SettingProblem(f"admin.{key}", f"must be text, e.g. {key}: {ADMIN_SETTINGS[key]}"))
    repo, base = admin.get("repo"), admin.get("base_url")
    if isinstance(repo, str) and repo and not _REPO.fullmatch(repo):
        problems.append(SettingProblem("admin.repo", f"'{repo}' is not a GitHub repository (write it as owner/name, "
                                                     f"e.g. repo: {ADMIN_SETTINGS['repo']})"))
    if isinstance(base, str) and base and not _ORIGIN.fullmatch(base):
        problems.append(SettingProblem("admin.base_url", f"'{base}' is not the address of a sign-in service "
                                       "(write its https:// address alone, e.g. base_url: https://auth.example.org)"))
    return problems


def site_from_config(mkdocs_config, config: TessellateConfig) -> Site:
    """The model's view of the site, from the validated MkDocs config."""
    taxonomy = Taxonomy(**{group: {str(k): str(v) for k, v in config.taxonomy[group].items()}
                           for group in ("topics", "phases", "resource_types")})
    return Site(
        name=mkdocs_config.site_name, docs_dir=Path(mkdocs_config.docs_dir).resolve(),
        url=mkdocs_config.site_url or "", description=mkdocs_config.site_description or "",
        licence=config.licence, bite_sized_minutes=config.bite_sized_minutes, taxonomy=taxonomy,
        timezone=config.timezone, embeds=tuple(h.lower() for h in config.embeds), feed_size=config.feed_size,
        directory_urls=mkdocs_config.use_directory_urls, hashtags=tuple(config.social.hashtags),
        handles={str(k): str(v) for k, v in config.social.handles.items()},
        link_warnings=warning_checks(mkdocs_config),
        curriculum=read_curriculum(config.curriculum), review_after_months=config.review_after_months,
    )


def signup_form(config: TessellateConfig) -> Signup | None:
    """The newsletter sign-up form's settings, from the validated tessellate block; None without one."""
    return read_signup(config.newsletter.signup)


def share_options(config: TessellateConfig) -> ShareOptions:
    """The share kit's settings, from the validated tessellate block."""
    return ShareOptions(colour=config.brand.colour or ShareOptions.colour, logo=config.brand.logo or "",
                        from_name=config.newsletter.from_name, unsubscribe=config.newsletter.unsubscribe,
                        utm_campaign=config.newsletter.utm, enabled=config.share)
