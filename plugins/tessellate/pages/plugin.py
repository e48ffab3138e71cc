"""The MkDocs plugin: glue between MkDocs events and the model, templates and outputs."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from pathlib import Path
from urllib.parse import quote

from markupsafe import escape
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import Files, InclusionLevel

from .. import charts, feeds, maths, occasions, search, share, video
from ..bodies import Bodies
from ..model.kept import KeptReads
from ..store import Store, TemplateCache, cache_dir, digest, engine_digest
from ..maths.build import MathsBuild
from ..model import Catalogue, build_time, load_catalogue
from ..sanitise import sanitise_html
from . import alternates, coordinators, csp, curriculum_map, editor, finish, generated, toc, view
from .cards import Cards
from .config import TessellateConfig, config_problems, share_options, signup_form, site_from_config
from .embeds import defer_embeds
from .escape import escape_meta, escape_site_settings, safe_striptags
from .item_file import ItemFile
from .nav import prune_navigation
from .reused_bodies import ReusedBodies
from .reused_pages import CONTEXT as REUSED, ReusedPages

log = logging.getLogger("mkdocs.plugins.tessellate")
TEMPLATES = Path(__file__).parent / "templates"


class TessellatePlugin(BasePlugin[TessellateConfig]):
    """Turns content files into item, section, topic and home pages, and writes feeds."""

    supports_multiple_instances = False
    preview = False  # set by `build.py serve`: drafts and future items shown, and marked
    # Set by `build.py serve`: takes the outputs besides the pages (feeds, search index, share kits)
    # to write once the pages are showing, so an edit is on screen without waiting for them. The
    # writing is given an event; once set, a newer save is being built and the writing stops early.
    defer: Callable[[Callable[[threading.Event], None]], None] | None = None
    # Set by `build.py serve`: where the last rebuild's reused renders and pages stay in memory.
    remembered: dict[str, dict] | None = None
    # Set by `build.py serve`: where the preview keeps its last search index (a scratch folder, in
    # memory where it can). It indexes drafts too, so it is never a build's; and copied to the disk
    # cache, it cost a second a save.
    search_cache: Path | None = None

    def __init__(self) -> None:
        self.catalogue: Catalogue | None = None
        self.script_hashes: set[str] = set()
        self.bodies = Bodies()
        self.search_pages = search.SearchPages()
        self.maths = MathsBuild()
        self._content_config = None
        self.reused_bodies = ReusedBodies()
        self.reused_pages = ReusedPages()
        self.cards: Cards | None = None  # made in on_env, when the templates can be loaded
        self.signup = None  # the newsletter sign-up form's settings (signup.Signup), when the site has one
        self.share_cards: share.CardCache | None = None  # social cards begun in on_nav (share.start_cards)
        self.charts: charts.Charts | None = None  # stories' charts, kept in the build cache (made in on_files)

    def on_config(self, config):
        self.bodies.clear()
        self.search_pages.clear()
        problems = config_problems(self.config)
        if problems:
            raise PluginError("tessellate settings in mkdocs.yml:\n  " + "\n  ".join(problems))
        self.signup = signup_form(self.config)
        # Loading here, before MkDocs empties site_dir, means broken content never costs the live site.
        self.catalogue = self.read_content(config)
        for problem in self.catalogue.problems:
            if not problem.is_error:
                log.warning(str(problem))
        if self.catalogue.errors:
            raise PluginError(f"{len(self.catalogue.errors)} content error(s):\n  "
                              + "\n  ".join(map(str, self.catalogue.errors)))
        self._configure_theme(config)
        search.take_search_slot(config)
        escape_site_settings(config)
        self.maths.start(config.markdown_extensions)
        return config

    def read_content(self, config) -> Catalogue:
        """The checked content of the site; read once, even when the command line checked it first."""
        # Keyed on the config object: `serve` passes a fresh one to every rebuild, so edits are read.
        if self.catalogue is None or self._content_config is not config:
            folder = cache_dir(config.config_file_path)
            self.maths.use_cache(folder)
            site = site_from_config(config, self.config)
            kept = KeptReads(Store(folder, "reads"), digest(engine_digest(), repr(site)))
            self.catalogue = load_catalogue(site, preview=self.preview, kept=kept)
            if self.config.share:  # a title the cards would draw as boxes: said by check and build
                self.catalogue.problems.extend(share.title_problems(self.catalogue))
            self._content_config = config
        return self.catalogue

    def _configure_theme(self, config) -> None:
        theme = config.theme
        # Private by default: Material fetches Google Fonts unless told not to.
        theme["font"] = False
        custom = 1 if theme.custom_dir else 0
        if str(TEMPLATES) not in theme.dirs:
            theme.dirs.insert(custom, str(TEMPLATES))
        if self.config.brand.logo and not theme.get("logo"):
            theme["logo"] = self.config.brand.logo
        for key in ("logo", "favicon"):
            # Material prints these raw into src and href: a quote in a file name must not end the attribute.
            if theme.get(key):
                theme[key] = quote(theme[key], safe="/%:")
        for css in (generated.CSS, generated.BRAND_CSS if self.config.brand.colour else None):
            if css and css not in config.extra_css:
                config.extra_css.insert(0, css)
        # The filter and the player load only on the pages that use them (their templates' scripts block);
        # search's script serves the header's search box on every page.
        for script in (generated.SCRIPT, search.SCRIPT):
            if script not in [str(present) for present in config.extra_javascript]:
                config.extra_javascript.append(script)

    def on_files(self, files: Files, config) -> Files:
        catalogue = self.catalogue
        for file in list(files):
            if _is_hidden(file.src_uri, catalogue.hidden):
                files.remove(file)
        for item in catalogue.items:
            original = files.get_file_from_path(item.source)
            if original is None:  # left out by the site's exclude_docs
                continue
            files.remove(original)
            page_file = ItemFile.generated(config, item.source, content="", inclusion=InclusionLevel.NOT_IN_NAV)
            page_file.tessellate_item = item
            files.append(page_file)
        generated.add_generated_pages(files, config, catalogue, self.config.cards_per_page)
        coordinators.add_pages(files, config, catalogue, build_time())
        curriculum_map.add_pages(files, config, catalogue)
        editor.add_files(files, config, catalogue.site, self.config.admin, self.preview)
        generated.add_assets(files, config, self.config.brand.colour)
        alternates.serve_narrowed_bundle(files, config)
        generated.add_files(files, config, {video.PLAYER_SCRIPT: video.PLAYER_SOURCE, search.SCRIPT: search.SCRIPT_SOURCE,
                                            **video.site_files(catalogue, self.config.brand.colour),
                                            **occasions.site_files(catalogue, build_time())})
        self.charts = charts.Charts(Store(cache_dir(config.config_file_path), "charts"))
        generated.add_files(files, config, charts.site_files(catalogue.items, self.charts, share_options(self.config).colour))
        return files

    def on_nav(self, nav, config, files):
        hidden = {item.source for item in self.catalogue.items}
        hidden |= {f"topics/{t}/index.md" for t in self.catalogue.site.taxonomy.topics}
        hidden |= curriculum_map.unit_pages(self.catalogue.site)
        nav = prune_navigation(nav, hidden)
        folder = cache_dir(config.config_file_path)
        bodies, pages = (Store(folder, name, None if self.remembered is None else self.remembered.setdefault(name, {}))
                         for name in ("bodies", "pages"))
        self.reused_bodies.start(bodies, config, files, self.catalogue.site.embeds)
        self.reused_pages.start(pages, config, self.catalogue, files, nav, build_time(), self.preview)
        # A build's missing social cards are drawn on the other cores while it lays out the pages; the
        # preview (threads, which a fork must not copy) draws them as it writes the kits.
        self.share_cards = share.start_cards(self.catalogue, share_options(self.config), config.config_file_path) \
            if self.config.share and not self.preview else None
        return nav

    def on_env(self, env, config, files):
        # Compiling the theme's templates costs about a second a build; Jinja keys compiled code by
        # each template's source, so an edited template is compiled again.
        env.bytecode_cache = TemplateCache(Store(cache_dir(config.config_file_path), "templates"))
        env.filters["striptags"] = safe_striptags
        view.register_filters(env, self.catalogue.site)
        kept_cards = None if self.remembered is None else self.remembered.setdefault("cards", {})
        self.cards = Cards(env, view.View(self.catalogue, None), self.config.cards_per_page, kept_cards,
                           self.reused_pages.shown)
        env.globals["tessellate_next_live"] = lambda: video.next_session(self.catalogue, build_time())
        env.globals["tessellate_chart"] = lambda item: charts.page_chart(item, self.charts, share_options(self.config).colour)
        # The Subscribe page's form and the footer's link to it (any page, the 404 page too).
        env.globals["tessellate_signup"] = self.signup.as_data() if self.signup else None
        # Only the Subscribe page shows it; made once a build, not on every page's context.
        env.globals["tessellate_calendar"] = occasions.subscription(self.catalogue)
        return env

    def on_page_markdown(self, markdown, page, config, files):
        item = getattr(page.file, "tessellate_item", None)
        if item is not None:
            page.meta = {"template": generated.ITEM_TEMPLATE, "title": maths.plain_text(item.title),
                         "description": maths.plain_text(item.summary)}
        elif (title := getattr(page.file, "tessellate_title", None)) is not None:
            page.meta = {"title": title, "template": getattr(page.file, "tessellate_template", None)
                         or generated.template_for(page.file.src_uri)}
        elif ((template := getattr(page.file, "tessellate_template", None) or generated.template_for(page.file.src_uri))
              and "template" not in page.meta):
            page.meta["template"] = template
        elif page.is_homepage and "template" not in page.meta:
            page.meta["template"] = generated.HOME_TEMPLATE
        page.meta = escape_meta(page.meta)
        self.reused_bodies.before_render(page, markdown)
        self.reused_pages.before_layout(page, markdown)
        return markdown

    def on_page_content(self, html, page, config, files):
        # A title from meta is text (escaped above); one MkDocs took from the first heading is HTML.
        page.title = page.title if "title" in page.meta else safe_striptags(page.title)
        embeds = self.catalogue.site.embeds
        html = self.reused_bodies.sanitised(page, html, lambda raw: sanitise_html(raw, embeds))
        if item := getattr(page.file, "tessellate_item", None):
            self.bodies.keep(item, html)  # before embeds are deferred: feeds and snippets carry no buttons
            page.markdown = ""  # rendered: the model holds the text, and a bank's pages would hold it again
        elif search.is_written_page(page.file) and not search.excluded(page.meta):
            self.search_pages.keep(page.url, page.title, html)
        html = defer_embeds(html)
        if item is not None and item.kind == "cpd":
            toc.prepend(page, video.toc(item, self.catalogue, build_time()))
            html = video.fold_transcript(html)
        return html

    def on_post_page(self, output, page, config):
        if kept := self.reused_pages.kept(page):
            self.script_hashes.update(kept["hashes"])
            self.cards.restore_data(page.file.src_uri, kept.get("files", {}))
            self.reused_pages.done(page)
            return output
        links = "".join(f'<link rel="alternate" type="{kind}" title="{escape(title)}" href="{escape(href)}">'
                        for title, href, kind in feeds.discovery_links(self.catalogue, page.file.src_uri))
        links += coordinators.robots(page.file)
        output = output.replace("</head>", f"{links}</head>", 1) if links else output
        if self.config.share:
            output = share.finish_page(output, self.catalogue.site, page.url, page.title,
                                       page.meta.get("description") or config.site_description or "",
                                       getattr(page.file, "tessellate_item", None))
        output, hashes = self._finish_page(output)
        self.reused_pages.keep(page, output, hashes, self.cards.data_of(page.file.src_uri))
        return output

    def on_template_context(self, context, template_name, config):
        if template_name == "sitemap.xml":
            context["pages"] = coordinators.listed(context["pages"])
        return context

    def on_post_template(self, output_content, template_name, config):
        # Material's 404.html is rendered as a theme template, not a page.
        return self._finish(output_content) if template_name.endswith(".html") else output_content

    def _finish(self, html: str) -> str:
        return self._finish_page(html)[0]

    def _finish_page(self, html: str) -> tuple[str, list[str]]:
        """The page with its skip link and policy, and the inline scripts the policy allows."""
        html = finish.fix_toc_label(finish.add_skip_link(html))
        html, hashes = csp.add_policy(html, self._frame_hosts(), self._form_origins())
        self.script_hashes.update(hashes)
        return html, hashes

    def on_post_build(self, config):
        self.cards.write_data(Path(config.site_dir))
        self.cards.forget_unused()
        self.maths.finish()
        if self.defer is not None:
            self.defer(lambda stop: self._write_outputs(config, stop))
        else:
            self._write_outputs(config)
        bodies, pages = self.reused_bodies.store, self.reused_pages.store
        log.info(f"Reused from earlier builds: {bodies.hits} of {bodies.hits + bodies.misses} Markdown renders, "
                 f"{pages.hits} of {pages.hits + pages.misses} laid-out pages")
        bodies.prune()
        pages.prune()
        log.info(f"Charts: {self.charts.drawn} drawn, any others kept from earlier builds")
        self.charts.store.prune()

    def on_build_error(self, error):
        if self.share_cards is not None:  # a failed build draws no more cards
            self.share_cards.close()

    def _write_outputs(self, config, stop: threading.Event | None = None) -> None:
        """The feeds, the search index, the share kits and the policy headers that cover the kits'
        pages; left unwritten once `stop` is set (the pages they go with are already replaced)."""
        feeds.write_feeds(self.catalogue, self.bodies, Path(config.site_dir), config.theme.get("language") or "en")
        try:
            self._write_search_index(config, stop)
        except search.Stopped:
            return
        if stop is not None and stop.is_set():
            return
        if self.config.share:
            share.write(self.catalogue, share_options(self.config), Path(config.site_dir), config.config_file_path,
                        self._finish_page, self.script_hashes.update, preview=self.preview, stop=stop,
                        finishing=repr(self._form_origins()), cards=self.share_cards)
            if stop is not None and stop.is_set():
                return
        headers = Path(config.site_dir) / csp.HEADERS_FILE
        headers.write_text(csp.headers_file(self.script_hashes, self._frame_hosts(), editor.admin_policy(self.config.admin),
                                            self._form_origins()), encoding="utf-8")

    def _write_search_index(self, config, stop: threading.Event | None) -> None:
        try:
            search.index_site(self.catalogue, self.bodies, self.search_pages, Path(config.site_dir),
                              config.theme.get("language") or "en", build_time(),
                              Store(self.search_cache or cache_dir(config.config_file_path), "search"), stop)
        except search.SearchError as error:
            raise PluginError(str(error)) from error

    def _frame_hosts(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(self.catalogue.site.embeds + video.FRAME_HOSTS))

    def _form_origins(self) -> tuple[str, ...]:
        return (self.signup.origin,) if self.signup else ()

    def on_page_context(self, context, page, config, nav):
        context["catalogue"] = self.catalogue
        context["item"] = getattr(page.file, "tessellate_item", None)
        context["tessellate"] = view.View(self.catalogue, page, self.cards, context["base_url"])
        context["feeds"] = feeds.all_feeds(self.catalogue)
        context.update(coordinators.context(self.catalogue, page, build_time()))
        context.update(curriculum_map.context(self.catalogue, page))
        context["share_kit"] = share.kit_path(context["item"]) if context["item"] and self.config.share else ""
        if kept := self.reused_pages.kept(page):
            context[REUSED] = kept["html"]
        return context


def _is_hidden(src_uri: str, hidden: frozenset[str]) -> bool:
    return src_uri in hidden or any(src_uri.startswith(f"{path}/") for path in hidden)

