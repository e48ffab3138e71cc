"""The browser content editor (Decap CMS): its `admin/config.yml`, generated from the content contract."""

from .config import FORM_ONLY, NOT_IN_EDITOR, config_yaml, editor_config

__all__ = ["FORM_ONLY", "NOT_IN_EDITOR", "config_yaml", "editor_config"]
